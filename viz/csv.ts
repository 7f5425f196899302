/** A table as CSV, escaped for spreadsheets like the CLI's monthly.csv: text cells starting with = + - @ get a leading quote; numbers stay numeric. */
export function toCsv(rows: readonly (readonly (string | number)[])[]): string {
  return rows.map((r) => r.map((c) => (typeof c === 'number' ? String(c) : text(c))).join(',') + '\n').join('');
}

function text(cell: string): string {
  const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}
