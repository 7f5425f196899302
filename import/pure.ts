/**
 * import/'s browser-safe front door (no Node API): the importer's core, an export held in
 * memory, a spreadsheet's rows, the CLI's summary text. import/index.ts re-exports it.
 */
export { importRows, ImportError, NOTES } from './core.ts';
export type { CoreOptions, ExportForm, ImportSinks, ImportSummary, OutputFiles, RowNote, TextSink } from './core.ts';
export { importBytes } from './bytes.ts';
export type { BytesImport, BytesImportOptions } from './bytes.ts';
export { formatSummary } from './summary.ts';
export { sheetRows, SHEET_OPTIONS } from './sheet.ts';
export { parseMapping } from './mapping.ts';
export type { ImportMapping } from './mapping.ts';
