import { cutText, describeValue, isObject, type RawIssue } from './issues.ts';
import { RANGE } from './schema-kit.ts';
import { decimal } from './decimal.ts';

export type ReadFile = (path: string) => string;

/** Trace files read during one load, keyed by the path as written in the scenario. */
export interface TraceFiles {
  contents: Map<string, string>;
  numbers: Map<string, number[]>;
}

export function emptyTraceFiles(): TraceFiles {
  return { contents: new Map(), numbers: new Map() };
}

/** Reads every `file:` of the raw scenario's trace profiles into `into`; returns the problems. */
export function readTraces(raw: Record<string, unknown>, scenarioFile: string, readFile: ReadFile | undefined, into: TraceFiles): RawIssue[] {
  if (!isObject(raw.profiles)) return [];
  const issues: RawIssue[] = [];
  for (const [name, profile] of Object.entries(raw.profiles)) {
    if (!isObject(profile) || profile.kind !== 'trace' || typeof profile.file !== 'string' || !profile.file) continue;
    const written = profile.file;
    if (into.numbers.has(written)) continue;
    const path = ['profiles', name, 'file'];
    if (!readFile) {
      issues.push({ path, anchor: 'value', message: `cannot read trace file ${describeValue(written)}: no file reader (use loadScenarioFile, or pass readFile to parseScenario)` });
      continue;
    }
    const resolved = resolvePath(scenarioFile, written);
    let text: string;
    try {
      text = readFile(resolved);
    } catch (err) {
      issues.push({ path, anchor: 'value', message: `cannot read trace file ${describeValue(resolved)}: ${(err as Error).message}` });
      continue;
    }
    const parsed = parseTrace(text, resolved, path);
    issues.push(...parsed.issues);
    if (parsed.issues.length === 0) {
      into.contents.set(written, text);
      into.numbers.set(written, parsed.values);
    }
  }
  return issues;
}

/** How many bad cells of a trace file are listed (then "… and N more"), and how much of each is shown: a trace names any file, which must not be echoed back. */
const LISTED = 3, SHOWN = 24;

/**
 * Decimal numbers (decimal.ts) one per line or comma-separated; blank lines and `#` comments are skipped. A line ends
 * at LF, CRLF or a bare CR (a spreadsheet's "CSV (Macintosh)"), as the import reads exports.
 */
function parseTrace(text: string, file: string, path: string[]): { values: number[]; issues: RawIssue[] } {
  const values: number[] = [];
  const issues: RawIssue[] = [];
  // The first cell not listed: where the closing count is placed (after the listed ones, as problems are sorted by line and column).
  let bad = 0, unlistedLine = 0, unlistedCol = 0;
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (line.trim().startsWith('#')) return;
    let col = 1;
    for (const cell of line.split(',')) {
      const token = cell.trim();
      const value = decimal(token);
      if (token && (!Number.isFinite(value) || value < RANGE.dailyMB.min || value > RANGE.dailyMB.max)) {
        if (++bad === LISTED + 1) {
          unlistedLine = i + 1;
          unlistedCol = col + cell.indexOf(token);
        }
        if (bad <= LISTED) {
          const shown = token.length > SHOWN ? `${token.slice(0, SHOWN)}…` : token;
          issues.push({
            path,
            anchor: 'value',
            at: { file, line: i + 1, col: col + cell.indexOf(token) },
            message: `expected a number ${RANGE.dailyMB.min}..${RANGE.dailyMB.max} (MB per day), got ${/^[-+\d.eE]+$/.test(shown) ? shown : JSON.stringify(shown)}`,
          });
        }
      } else if (token) {
        values.push(value);
      }
      col += cell.length + 1;
    }
  });
  if (bad > LISTED) issues.push({ path, anchor: 'value', at: { file, line: unlistedLine, col: unlistedCol }, message: `… and ${bad - LISTED} more cells that are not numbers ${RANGE.dailyMB.min}..${RANGE.dailyMB.max}: is this a trace file (MB per day, one number per line or comma-separated)?` });
  if (values.length === 0 && issues.length === 0) {
    issues.push({ path, anchor: 'value', message: `expected a trace file with at least one number, got an empty file (${cutText(file)})` });
  }
  return { values, issues };
}

/** `written` relative to the folder of `scenarioFile` (POSIX or Windows separators; absolute paths kept). */
export function resolvePath(scenarioFile: string, written: string): string {
  if (/^([/\\]|[A-Za-z]:[/\\])/.test(written)) return written;
  const cut = Math.max(scenarioFile.lastIndexOf('/'), scenarioFile.lastIndexOf('\\'));
  return cut < 0 ? written : `${scenarioFile.slice(0, cut + 1)}${written}`;
}
