/**
 * `.xlsx` exports (Control Center and most Western portals offer Excel), read with
 * read-excel-file (maintained, reads only, no native code). The first sheet is the export;
 * its rows become records as a CSV's would, with the sheet's row number as the line (the
 * header is row 1). A sheet is read whole: an .xlsx is a zip, so it cannot stream as a CSV
 * does; exports of millions of rows should be CSV.
 *
 * The file is read into memory and unzipped from there (read-excel-file's `universal` build,
 * fflate, as the page's worker does), not by its Node build's streaming unzip: on some damaged
 * files (found by the fuzz test) that one neither resolves nor rejects, and the import hung
 * until Node exited with code 13 and no message.
 */
import { readFile } from 'node:fs/promises';
import { readSheet } from 'read-excel-file/universal';
import type { ExportRow } from './rows.ts';
import { sheetRows, SHEET_OPTIONS } from './sheet.ts';

/** Whether `input` is read as a spreadsheet: an .xlsx name (a zip; .xls is not supported). */
export function isXlsx(input: string): boolean {
  return /\.xlsx$/i.test(input);
}

/** The first sheet's rows as text cells (import/sheet.ts). */
export async function* xlsxRows(input: string): AsyncGenerator<ExportRow> {
  let data: unknown[][];
  try {
    const bytes = await readFile(input);
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    data = (await readSheet(buffer, 1, SHEET_OPTIONS)) as unknown[][];
  } catch (err) {
    throw new Error(`not readable as .xlsx: ${(err as Error).message}`);
  }
  yield* sheetRows(data);
}
