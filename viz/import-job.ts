/**
 * One import in the page (run in viz/import-worker.ts): a carrier export's bytes → the fleet CSV,
 * the rejected and repaired rows and the fitted profiles, with the importer's core
 * (import/pure.ts), as `simlapse import <name> --start <start> --out <stem>-fleet.csv` would write them.
 */
import { formatSummary, importBytes, sheetRows, SHEET_OPTIONS, type BytesImport, type OutputFiles } from '../import/pure.ts';
import { pageOutputNames } from './import-names.ts';

export interface PageImportRequest {
  /** The export's file name: `sample-export.csv`. */
  name: string;
  bytes: Uint8Array;
  /** The day the export describes, `YYYY-MM-DD`. */
  start: string;
}

export interface PageImport extends BytesImport {
  /** The output names (`<stem>-fleet.csv`, `<stem>-fleet.rejected.csv`, …). */
  files: OutputFiles;
  /** The summary as `simlapse import` prints it. */
  text: string;
}

export type PageImportResult = { ok: true; result: PageImport } | { ok: false; message: string };

/** The output names of an import of `name` (viz/import-names.ts). */
export { pageOutputNames };

/** Imports; an export that cannot be imported is `ok: false` with the CLI's message (errors lose their class crossing the worker). */
export async function importExport(req: PageImportRequest): Promise<PageImportResult> {
  const files = pageOutputNames(req.name);
  try {
    let input: Uint8Array | { sheet: ReturnType<typeof sheetRows> };
    if (/\.xlsx$/i.test(req.name)) {
      const { readSheet } = await import('read-excel-file/web-worker');
      let data: unknown[][];
      try {
        data = (await readSheet(req.bytes.slice().buffer as ArrayBuffer, 1, SHEET_OPTIONS)) as unknown[][];
      } catch (err) {
        return { ok: false, message: `${req.name}: not readable as .xlsx: ${(err as Error).message}` };
      }
      input = { sheet: sheetRows(data) };
    } else input = req.bytes;
    const r = await importBytes(input, { input: req.name, start: req.start, files });
    return { ok: true, result: { ...r, files, text: formatSummary(req.name, req.start, false, r.summary) } };
  } catch (err) {
    const e = err as Error & { code?: string };
    return { ok: false, message: e.code === 'E_IMPORT' ? e.message : `${req.name}: ${e.message}` };
  }
}
