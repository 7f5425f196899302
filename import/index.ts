/** import/: platform exports → the canonical fleet CSV (`simlapse import`), and its reader for scenarios. */
export { importExport, outputNames, ImportError, NOTES } from './run.ts';
export type { ImportOptions, ImportSummary, RowNote } from './run.ts';
export { parseMapping, ENCODINGS } from './mapping.ts';
export type { ImportMapping, Encoding } from './mapping.ts';
export { readFleetCsv, CANONICAL_COLUMNS } from './canonical.ts';
export type { FleetCard } from './card.ts';
export { fleetHeader, fleetLine } from './write.ts';
export { importExports, addMonths } from './multi.ts';
export type { MultiImportOptions, MultiImportSummary, ExportPart, MissingCard } from './multi.ts';
