/**
 * A number written in decimal, optionally with an exponent (`12`, `0.5`, `.5`, `-3`, `1.2E+03`, as
 * a spreadsheet or `String(number)` writes them), for the cells of files a scenario reads (trace
 * files, fleet CSVs). `Number()` alone would also read `0x10` as 16, `0b11` as 3 and `0o7` as 7.
 */
// Unambiguous (digits after a dot only): a long run of digits that fails at its end is scanned
// once, not split every way (\d+\.?\d* made a 1 MB cell of digits take hours).
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** The value of a trimmed decimal cell; NaN for anything else (the caller names the cell). */
export function decimal(text: string): number {
  return DECIMAL.test(text) ? Number(text) : NaN;
}
