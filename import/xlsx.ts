/**
 * `.xlsx` exports (Control Center and most Western portals offer Excel), read with
 * read-excel-file (maintained, reads only, no native code). The first sheet is the export;
 * its rows become records as a CSV's would, with the sheet's row number as the line (the
 * header is row 1). A sheet is read whole: an .xlsx is a zip, so it cannot stream as a CSV
 * does; exports of millions of rows should be CSV.
 */
import { readSheet } from 'read-excel-file/node';
import type { ExportRow } from './rows.ts';

/** Whether `input` is read as a spreadsheet: an .xlsx name (a zip; .xls is not supported). */
export function isXlsx(input: string): boolean {
  return /\.xlsx$/i.test(input);
}

/** The first sheet's rows as text cells: numbers as stored (a mangled ICCID stays `8.986E+19`), dates as `YYYY-MM-DD`. */
export async function* xlsxRows(input: string): AsyncGenerator<ExportRow> {
  let data: unknown[][];
  try {
    // parseNumber keeps a number's stored text: Number() would turn a 20-digit ICCID into other digits.
    data = (await readSheet(input, 1, { trim: false, parseNumber: (s: string) => s })) as unknown[][];
  } catch (err) {
    throw new Error(`not readable as .xlsx: ${(err as Error).message}`);
  }
  for (let k = 0; k < data.length; k++) yield { line: k + 1, record: data[k].map(cellText) };
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 10);
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}
