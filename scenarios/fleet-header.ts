/** The header row of a fleet CSV: its columns, and the file that is not comma-separated at all. */
import { describeValue } from './issues.ts';
import { suggestKey } from './suggest.ts';

/**
 * What is wrong with a fleet CSV's header: a column given twice, a column that is not canonical
 * (with the nearest name). `columns` are the canonical columns.
 */
export function headerChecks(header: readonly string[], columns: readonly string[]): string[] {
  const out: string[] = [];
  const first = new Map<string, number>();
  header.forEach((h, i) => {
    const was = first.get(h);
    if (was !== undefined) out.push(`column ${describeValue(h)} is given twice (columns ${was + 1} and ${i + 1}): give each column once`);
    else first.set(h, i);
    if (!columns.includes(h) && was === undefined) {
      const near = suggestKey(h, columns);
      out.push(`unknown column ${describeValue(h)} (column ${i + 1}${near ? `; did you mean ${describeValue(near)}?` : ''}): a fleet CSV's columns are ${columns.join(', ')}`);
    }
  });
  return out;
}

/** Separators a spreadsheet or a carrier platform writes instead of the comma, and how a message names them. */
const SEPARATORS = [[';', '";"-separated'], ['\t', 'tab-separated']] as const;

/**
 * The message for a fleet CSV whose header line has no comma but splits on `;` or a tab into
 * cells that hold every column in `required` (quoted or not): the file is separated by that
 * character, and a fleet CSV is comma-separated. Null for any other header.
 */
export function separatorProblem(headerLine: string, required: readonly string[]): string | null {
  if (headerLine.includes(',')) return null;
  for (const [separator, said] of SEPARATORS) {
    if (!headerLine.includes(separator)) continue;
    const cells = new Set(headerLine.split(separator).map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim()));
    if (required.every((c) => cells.has(c))) {
      return `not a fleet CSV: the file is ${said}, header ${describeValue(headerLine.trim())}; a fleet CSV is comma-separated: write it with simlapse import (which reads a carrier's ;- or tab-separated export), or save it from the spreadsheet as CSV with commas`;
    }
  }
  return null;
}
