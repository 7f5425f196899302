/**
 * What the page does with files opened (Open…, several at once) or dropped on it, by what they
 * hold: a report.json is shown; a scenario (YAML, or JSON that is not a report) goes into the
 * editor; a fleet CSV (the canonical header) or a trace (numbers) is held for scenarios to read
 * (viz/files.ts); any other CSV, or an .xlsx, is a carrier's export and goes to the importer.
 * Anything else (an image, a document, a report.json that does not check) is refused, and leaves
 * the editor and the report on show as they were. One scenario and one report.json a pick: the
 * first of each is opened, and any other is refused, naming the one opened.
 */
import { parse } from 'csv-parse/sync';
import type { Report } from '../engine/index.ts';
import { CANONICAL_COLUMNS } from '../scenarios/index.ts';
import type { PageFiles } from './files.ts';

export interface OpenHooks {
  /** A report.json the CLI wrote. */
  report(report: Report, name: string): void;
  /** A scenario: into the editor (after every data file opened with it is held). */
  scenario(name: string, text: string): void;
  /** Data files were held and no scenario came with them: the editor's scenario may now read them. */
  held(names: string[]): void;
  /** A carrier export to import in the page. */
  importExport(file: File): void;
}

/**
 * Opens the files of one pick or drop, whatever their order in the list: the data files are held
 * first, then the scenario goes into the editor, then a report.json is shown (it replaces the run
 * the scenario starts, and is traced with it), and last the exports are imported (dated the new
 * scenario's start).
 */
export async function openFiles(list: ArrayLike<File>, files: PageFiles, hooks: OpenHooks): Promise<void> {
  const all = Array.from(list);
  let scenario = null as { name: string; text: string } | null;
  // The editor holds one scenario: a second of one pick would replace the first in silence.
  const toEditor = (name: string, text: string) => {
    if (scenario) refused.push(`Cannot open ${name} as well: the editor holds one scenario, and ${scenario.name} was opened; open ${name} on its own.`);
    else scenario = { name, text };
  };
  const held: string[] = [], reports: Array<{ report: Report; name: string }> = [], exports: File[] = [], refused: string[] = [];
  for (const f of all) {
    if (/\.xlsx$/i.test(f.name)) { exports.push(f); continue; }
    const text = await f.text();
    if (/\.json$/i.test(f.name)) {
      const json = await readJson(text);
      if (json.report && reports.length > 0) refused.push(`Cannot open ${f.name} as well: one report is shown at a time, and ${reports[0].name} was opened; open ${f.name} on its own.`);
      else if (json.report) reports.push({ report: json.report, name: f.name });
      else if (json.refused) refused.push(`Cannot open ${f.name}: ${json.refused}.`);
      else toEditor(f.name, text);
    } else if (/\.ya?ml$/i.test(f.name)) toEditor(f.name, text);
    else if (isFleetCsv(text) || isNumbers(text)) { files.add(f.name, text); held.push(f.name); }
    else if (/\.(csv|tsv|txt)$/i.test(f.name)) exports.push(f);
    else refused.push(`Cannot open ${f.name}: not a scenario (.yaml), a report.json, a fleet CSV, a trace or a carrier export.`);
  }
  if (scenario) hooks.scenario(scenario.name, scenario.text);
  else if (held.length > 0) hooks.held(held);
  for (const r of reports) hooks.report(r.report, r.name);
  for (const f of exports) hooks.importExport(f);
  if (refused.length > 0) throw Object.assign(new Error(refused.join(' ')), { name: OPEN_REFUSED });
}

/** The name of the error `openFiles` throws, after opening the rest, when it refused files (its message says which and why, one sentence each). */
export const OPEN_REFUSED = 'OpenRefused';

/**
 * Opens batches of files one after another, in the order they were picked or dropped: a batch whose
 * files are read slowly (a large trace) never lands after one opened later. `failed` hears a batch
 * that could not be opened.
 */
export function openInTurn(files: PageFiles, hooks: OpenHooks, failed: (err: unknown) => void): (list: ArrayLike<File>) => Promise<void> {
  let last: Promise<void> = Promise.resolve();
  return (list) => (last = last.then(() => openFiles(list, files, hooks)).catch(failed));
}

/**
 * The `start:` date written at the top level of a scenario's text (`start: 2026-01-15`), or null:
 * an export opened with a scenario that cannot parse yet (it reads the fleet that export becomes)
 * is dated by it, as `simlapse import --start` would be.
 */
export function startWritten(text: string): string | null {
  const m = /^start:[ \t]*(['"]?)(\d{4}-\d{2}-\d{2})\1[ \t]*(#.*)?$/m.exec(text);
  return m ? m[2] : null;
}

/**
 * A .json file: a report.json the CLI wrote (format "simlapse-report", version 1, valid against the
 * report's JSON Schema), a scenario (any other valid JSON), or refused with why: not JSON, another
 * format version, or the schema's first problems (`/intervals: required field missing`).
 */
export async function readJson(text: string): Promise<{ report?: Report; refused?: string }> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    return { refused: `not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
  const o = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  if (o?.format !== 'simlapse-report') return {};
  if (o.version !== 1) return { refused: `${o.version === undefined ? 'a report with no format version' : `a report of format version ${JSON.stringify(o.version)}`}; this page reads version 1` };
  // ajv and the schema are loaded on the first report opened, not with the page.
  const { reportProblems } = await import('./report-check.ts');
  const problems = reportProblems(v);
  return problems.length === 0 ? { report: v as Report } : { refused: problems.join('; ') };
}

/** The columns a fleet CSV cannot leave out (README, "Canonical fleet CSV"; scenarios/fleet-csv.ts). */
const REQUIRED = ['iccid', 'status', 'plan'];

/**
 * Whether the text is a fleet CSV as `fleet:` reads it (scenarios/fleet-csv.ts): a header row whose
 * cells, trimmed (quoted or not, in any order, a UTF-8 BOM allowed), are all canonical columns and
 * include iccid, status and plan. Any other CSV is a carrier's export. A column given twice still
 * makes a fleet CSV, so that the loader says what is wrong with it.
 */
export function isFleetCsv(text: string): boolean {
  let header: string[];
  try {
    // The first line that is not blank (a header cell holds no line break).
    const line = /^\uFEFF?(?:[ \t]*(?:\r\n|\r|\n))*([^\r\n]*)/.exec(text)![1];
    const rows = parse(line, { relax_quotes: true }) as string[][];
    if (rows.length === 0) return false;
    header = rows[0].map((c) => c.trim());
  } catch {
    return false;
  }
  const known: readonly string[] = CANONICAL_COLUMNS;
  return header.every((c) => known.includes(c)) && REQUIRED.every((c) => header.includes(c));
}

/** Whether the text is a trace: its first line that is not blank or a comment holds only numbers. */
export function isNumbers(text: string): boolean {
  for (const line of text.split(/\r?\n/, 50)) {
    const t = line.trim();
    if (t === '' || t.startsWith('#')) continue;
    return t.split(',').every((c) => c.trim() === '' || Number.isFinite(Number(c.trim())));
  }
  return false;
}
