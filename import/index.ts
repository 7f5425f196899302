/** import/: platform exports → the canonical fleet CSV (`simlapse import`; the format and its reader are in scenarios/). */
export { importExport, outputNames, ImportError, NOTES } from './run.ts';
export type { ImportOptions, ImportSummary, RowNote } from './run.ts';
export { parseMapping, ENCODINGS, DELIMITERS, delimiterOf, encodingOf } from './mapping.ts';
export type { ImportMapping, Encoding, Delimiter } from './mapping.ts';
export { importExports, addMonths, datesProblem, earlierOutputs } from './multi.ts';
export { abandonOpenOutputs } from './outputs.ts';
export { namingOutput, placeAll, tempPath } from './temp.ts';
export type { Placement } from './temp.ts';
export { luhnDigit } from './iccid.ts';
export type { MultiImportOptions, MultiImportSummary, ExportPart, MissingCard } from './multi.ts';
export { shippedMapping, SHIPPED_MAPPINGS } from './mappings.ts';
export { fileDelimiter as detectDelimiter } from './files.ts';
// The pure core (no Node API; the page imports import/pure.ts).
export { importRows, importBytes, formatSummary, sheetRows, SHEET_OPTIONS } from './pure.ts';
export type { CoreOptions, ExportForm, ImportSinks, OutputFiles, TextSink, BytesImport, BytesImportOptions } from './pure.ts';
