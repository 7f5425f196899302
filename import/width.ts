/**
 * Whether an export row's cells line up with its header: a CSV row with more non-empty cells than
 * the header (an unquoted `12,5MB`) or fewer cells than the header names (a lost separator, a
 * row cut short) would read every cell after the fault under the wrong column, so it is refused,
 * never shifted or filled with empty cells. Pure.
 */
import { wideRowMessage } from '../csv/index.ts';
import type { ExportForm } from './core.ts';

/**
 * Why `record` does not fit `header`, or null when it fits. Wide: a non-empty cell past the header
 * (empty ones past it are left out, as spreadsheets write them). Short: fewer cells than the header
 * up to its last named column (`a,b,` has three cells, the last empty: not short; a header with
 * empty names at its end does not need them). A spreadsheet's row is never short: its cells lie
 * at their columns, and a reader may leave the empty ones at a row's end out.
 */
export function widthProblem(record: readonly string[], header: readonly string[], form: Pick<ExportForm, 'format' | 'delimiter'>): string | null {
  const d = form.delimiter;
  if (record.slice(header.length).some((c) => c.trim() !== '')) {
    return wideRowMessage(record.length, header.length, d === ',' ? 'comma (such as 12,5MB)' : d === ';' ? 'semicolon' : 'tab');
  }
  if (form.format === 'csv' && record.length < namedWidth(header)) return shortRowMessage(record.length, header.length, d === ',' ? 'comma' : d === ';' ? 'semicolon' : 'tab');
  return null;
}

/** Why a row with fewer cells than its header is refused: `separator` in words, as the file's delimiter is. */
function shortRowMessage(cells: number, width: number, separator: string): string {
  return `the row has ${cells} cell${cells === 1 ? '' : 's'}, the header ${width}: a ${separator} is missing or the row is cut short, so the cells after the gap would be read under the wrong columns; give the row every cell of the header, empty ones too`;
}

/** The header's cells up to its last one with a name. */
function namedWidth(header: readonly string[]): number {
  let n = header.length;
  while (n > 0 && header[n - 1].replace(/^\uFEFF/, '').trim() === '') n--;
  return n;
}
