/**
 * csv/: CSV as simlapse writes it, for spreadsheets, below every face (the importer's fleet
 * CSV, the CLI's monthly.csv, the page's chart exports). Pure: no DOM, no Node APIs.
 */

/**
 * One CSV line. Text cells that a spreadsheet would read as a formula (starting with
 * = + - @, tab or carriage return) get a leading apostrophe (OWASP "CSV Injection");
 * numbers are written as numbers, so negative values stay numeric.
 */
export function csvLine(cells: readonly (string | number)[]): string {
  return cells.map((c) => (typeof c === 'number' ? String(c) : csvText(c))).join(',') + '\n';
}

/** A whole table, one `csvLine` per row. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map(csvLine).join('');
}

/** Undoes `csvLine`'s formula guard (a leading apostrophe before = + - @ tab or CR), for reading back. */
export function unguard(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}

function csvText(text: string): string {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/**
 * Why a row with more cells than its header is refused, never shifted (the importer's export rows,
 * a scenario's fleet CSV): `separator` in words, as the file's delimiter is.
 */
export function wideRowMessage(cells: number, width: number, separator = 'comma (such as 12,5MB)'): string {
  return `the row has ${cells} cells, the header ${width}: a value with an unquoted ${separator} shifts every cell after it; quote the value or remove the extra cells`;
}

export { SHOWN, cutEchoes, cutShort, lengthSaid, quoted } from './quote.ts';
