/** A spreadsheet's first sheet (read by read-excel-file: import/xlsx.ts in Node, the page's worker) as an export's rows. Pure. */
import type { ExportRow } from './rows.ts';

/** read-excel-file's options: parseNumber keeps a number's stored text (Number() would turn a 20-digit ICCID into other digits). */
export const SHEET_OPTIONS = { trim: false, parseNumber: (s: string) => s };

/** The sheet's rows as text cells: numbers as stored (a mangled ICCID stays `8.986E+19`), dates as `YYYY-MM-DD` (with the time, `YYYY-MM-DD HH:MM:SS.sss`, when it is not midnight); the line is the sheet's row number (the header is row 1). */
export function sheetRows(data: readonly (readonly unknown[])[]): ExportRow[] {
  return data.map((row, k) => ({ line: k + 1, record: row.map(cellText) }));
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  // A date cell with a time keeps it (an expiry at 23:59:59 is the next day's: values.ts parseExpiry).
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.getTime() % 86_400_000 === 0 ? v.toISOString().slice(0, 10) : v.toISOString().slice(0, 23).replace('T', ' ');
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return String(v);
}
