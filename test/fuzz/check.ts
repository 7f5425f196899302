/**
 * What every generated input must give: a clean rejection (one line per problem naming file,
 * line and field; no stack), or, when accepted, a one-card, few-day run with finite figures.
 * A crash, a stack, an accepted-but-unrunnable scenario or a NaN is a failure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runnable, runScenario, type ExperimentConfig, type Report } from '../../engine/index.ts';
import { formatSummary, importExport, parseMapping, type ImportMapping } from '../../import/index.ts';
import { parseScenario, readFleetCsv } from '../../scenarios/index.ts';
import { MAX_REFERENCED_BYTES, readText } from '../../scenarios/node.ts';

export type Outcome = 'rejected' | 'accepted';

/** Tallies of one fuzz run, printed at its end. */
export const tally = { scenarios: { rejected: 0, accepted: 0 }, fleets: 0, traces: { refused: 0, read: 0 }, mappings: { refused: 0, used: 0 }, commands: { run: 0, ok: 0, input: 0, usage: 0 }, exports: { imported: 0, rejectedRows: 0, refused: 0, files: 0, linesChecked: 0 } };

/** One problem per line, as `file:line:col: path: message`. */
const ISSUE_LINE = /^[^\n]+:\d+:\d+: [^\n]*: [^\n]+$/;

/**
 * The longest line a message may be: no input is echoed back whole (a value is quoted cut short),
 * so a line past this holds a long value copied from the input (the generators insert runs of
 * up to 200,000 characters).
 */
const MAX_LINE = 2000;
function echoed(line: string): void {
  if (line.length > MAX_LINE) throw new Error(`a message line of ${line.length} characters echoes its input: ${JSON.stringify(line.slice(0, 200))}…`);
}

function hasStack(text: string): boolean {
  return /^\s+at /m.test(text) || /\.ts:\d+:\d+\)?$/m.test(text);
}

/**
 * Parses a mutated scenario as the CLI does (its trace and fleet files resolve from the
 * example's folder, or come from `files` by path); returns how it ended, or throws an Error
 * saying what went wrong.
 */
export async function checkScenario(file: string, text: string, files: Record<string, string> = {}): Promise<Outcome> {
  let config: ExperimentConfig;
  try {
    // A referenced file (a fleet CSV, a trace) named in `files` by its path is read from there instead.
    const given = new Map(Object.entries(files).map(([p, t]) => [normalize(p), t]));
    config = parseScenario(text, { file: `scenarios/examples/${file}`, readFile: (p) => given.get(normalize(p)) ?? readText(p, MAX_REFERENCED_BYTES) });
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e.code !== 'E_SCENARIO') throw new Error(`crash while loading (${e.name}): ${e.stack ?? e.message}`);
    const lines = e.message.split('\n');
    for (const l of lines) if (!ISSUE_LINE.test(l)) throw new Error(`a problem line that does not name file:line:col: field: ${JSON.stringify(l)}`);
    for (const l of lines) echoed(l);
    if (hasStack(e.message)) throw new Error(`a stack in the message: ${e.message}`);
    tally.scenarios.rejected++;
    return 'rejected';
  }
  let report: Report;
  const run = small(config);
  try {
    report = await runScenario(run);
  } catch (err) {
    throw new Error(`accepted but unrunnable: ${(err as Error).stack}`);
  }
  const bad = nonFinite(report);
  if (bad) throw new Error(`a report figure is not finite: ${bad}`);
  const broken = unbalanced(report, run.arms.map((a) => a.downtimeCostPerCardDay));
  if (broken) throw new Error(`a report that does not add up: ${broken}`);
  tally.scenarios.accepted++;
  return 'accepted';
}

/** The accepted scenario cut to one replication, at most 2 months and a few cards per generated cohort (imported cohorts keep their cards). */
function small(config: ExperimentConfig): ExperimentConfig {
  return {
    ...runnable(config),
    replications: 1,
    arms: config.arms.slice(0, 3).map((a) => ({
      ...a,
      months: Math.min(a.months, 2),
      cohorts: a.cohorts.map((c) => (c.cards ? c : { ...c, count: Math.min(c.count, 2), poolSize: Math.min(c.poolSize, 2) })),
    })),
  };
}

const COSTS = ['cost.plan', 'cost.overage', 'cost.addon', 'cost.retention', 'cost.replacement', 'cost.downtime'];
const REASONS = ['cancelled', 'expired', 'arrears', 'overQuota', 'manual', 'throttled'].map((r) => `downtime.cardDays.${r}`);
const STATES = ['online', 'manual', 'overQuota', 'arrears', 'expired', 'cancelled', 'preService'];
const COUNTS = ['usageMB', 'unservedMB', 'stops.manual', 'stops.overQuota', 'stops.arrears', 'stops.expired', 'stops.manualRefused', 'cancelled', 'replaced', 'downtime.cardDays', ...COSTS, ...REASONS];

/**
 * The first way the report fails to add up, or null: in every arm and replication the total cost
 * is the sum of its parts, the downtime the sum of its reasons and (given each arm's
 * downtimeCostPerCardDay) its cost that many card-days at the rate, nothing counted is negative,
 * availability lies in [0, 1], no month has fewer than 0 cards in a state, and the monthly series
 * of cost, downtime and data sum to their totals' means. (Figures are rounded to 10
 * significant digits: compared within 1e-6 relative.)
 */
export function unbalanced(report: Report, downtimeCosts?: number[]): string | null {
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
  const sum = (xs: number[]) => xs.reduce((x, y) => x + y, 0);
  for (const arm of report.arms) {
    const r = arm.replications as Record<string, number[]>;
    const n = r['cost.total'].length;
    for (let k = 0; k < n; k++) {
      const at = `arm "${arm.name}" replication ${k}`;
      if (!near(r['cost.total'][k], sum(COSTS.map((c) => r[c][k])))) return `${at}: cost.total ${r['cost.total'][k]} ≠ the sum of its parts ${sum(COSTS.map((c) => r[c][k]))}`;
      if (!near(r['downtime.cardDays'][k], sum(REASONS.map((c) => r[c][k])))) return `${at}: downtime ${r['downtime.cardDays'][k]} ≠ the sum of its reasons ${sum(REASONS.map((c) => r[c][k]))}`;
      const rate = downtimeCosts?.[report.arms.indexOf(arm)];
      if (rate !== undefined && !near(r['cost.downtime'][k], r['downtime.cardDays'][k] * rate)) return `${at}: cost.downtime ${r['cost.downtime'][k]} ≠ downtime ${r['downtime.cardDays'][k]} × ${rate} a card-day`;
      for (const c of COUNTS) if (r[c][k] < -1e-9) return `${at}: ${c} = ${r[c][k]} < 0`;
      if (r.availability[k] < -1e-9 || r.availability[k] > 1 + 1e-9) return `${at}: availability ${r.availability[k]} outside [0, 1]`;
    }
    const series = arm.series as Record<string, number[]>;
    for (const st of STATES) {
      const m = series[st].findIndex((x) => x < -1e-9);
      if (m >= 0) return `arm "${arm.name}" month ${m}: ${series[st][m]} cards ${st}`;
    }
    const metrics = arm.metrics as Record<string, { mean: number }>;
    for (const c of ['cost.total', 'downtime.cardDays', 'usageMB', 'unservedMB']) {
      if (!near(sum(series[c]), metrics[c].mean)) return `arm "${arm.name}": the monthly ${c} sum to ${sum(series[c])}, its total's mean is ${metrics[c].mean}`;
    }
  }
  return null;
}

/** The path of the first number in `value` that is NaN or infinite, or null. */
export function nonFinite(value: unknown, at = ''): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? null : `${at} = ${value}`;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const b = nonFinite(value[i], `${at}[${i}]`);
      if (b) return b;
    }
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const b = nonFinite(v, `${at}.${k}`);
      if (b) return b;
    }
  }
  return null;
}

/**
 * Every row at its own line: the rows (imported and rejected) start at distinct lines after the
 * header, within the file (lines end at \n, \r\n or a bare \r); and where that can be told without
 * a CSV reader, in an export without quotes, each non-empty line after the header is exactly one
 * row. (A stray \r once merged the rest of a batch of rows into a few garbled ones.) Imported
 * cards have distinct ICCIDs (a repeated one is rejected as a duplicate).
 */
function checkLines(bytes: Uint8Array, encoding: string, imported: number[], rejected: number[], iccids: string[]): void {
  if (new Set(iccids).size !== iccids.length) throw new Error(`the fleet CSV repeats an ICCID`);
  let text: string;
  try {
    text = new TextDecoder(encoding).decode(bytes);
  } catch {
    return;
  }
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.at(-1) === '') lines.pop();
  const header = lines.findIndex((l) => l !== '');
  const got = [...imported, ...rejected].sort((a, b) => a - b);
  got.forEach((l, k) => {
    if (l <= header + 1 || l > lines.length) throw new Error(`a row at line ${l}: the header is line ${header + 1}, the file has ${lines.length}`);
    if (k > 0 && l === got[k - 1]) throw new Error(`two rows at line ${l}`);
  });
  if (text.includes('"')) return;
  const expected = lines.flatMap((l, k) => (k > header && l !== '' ? [k + 1] : []));
  if (got.join() !== expected.join()) throw new Error(`rows at lines ${got.slice(0, 20).join(',')}…, expected one at each non-empty line after the header: ${expected.slice(0, 20).join(',')}…`);
  tally.exports.linesChecked++;
}

/**
 * Imports a generated export (a CSV, or by its name an .xlsx) into a temporary folder (with a generated mapping file: refused
 * one problem a line, each naming the file, or used): the import ends with a one-line
 * ImportError or succeeds with read = imported + rejected, every rejected row in
 * rejected.csv, and a fleet CSV that reads back whole.
 */
export async function checkExport(bytes: Uint8Array, mappingText?: string, name = 'export.csv'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'simlapse-fuzz-'));
  try {
    const input = join(dir, name);
    writeFileSync(input, bytes);
    let mapping: ImportMapping | undefined;
    if (mappingText !== undefined) {
      // As the CLI reads --map: every problem on a line of its own, `mapping.yaml: path: message` (a YAML problem: `mapping.yaml:line:col: message`).
      try {
        mapping = parseMapping(mappingText, 'mapping.yaml');
      } catch (err) {
        const message = (err as Error).message;
        if (!(err instanceof Error) || hasStack(message)) throw new Error(`a mapping error with a stack: ${(err as Error).stack}`);
        for (const l of message.split('\n')) if (!/^mapping\.yaml(:\d+:\d+)?: \S/.test(l)) throw new Error(`a mapping problem that does not name the file: ${JSON.stringify(l)}`);
        for (const l of message.split('\n')) echoed(l);
        tally.mappings.refused++;
        return;
      }
      tally.mappings.used++;
    }
    let s;
    try {
      s = await importExport({ input, out: join(dir, 'out', 'fleet.csv'), start: '2026-01-15', mapping });
    } catch (err) {
      const e = err as Error & { code?: string };
      if (e.code !== 'E_IMPORT') throw new Error(`crash while importing (${e.name}): ${e.stack ?? e.message}`);
      if (e.message.includes('\n') || hasStack(e.message)) throw new Error(`an import error that is not one line: ${e.message}`);
      echoed(e.message);
      tally.exports.refused++;
      return;
    }
    if (s.read !== s.imported + s.rejected) throw new Error(`read ${s.read} ≠ imported ${s.imported} + rejected ${s.rejected}`);
    for (const l of formatSummary(name, '2026-01-15', false, s).split('\n')) echoed(l);
    for (const r of [...s.firstRejected, ...s.firstRepaired]) echoed(r.message);
    const rejected = parse(readFileSync(s.files.rejected, 'utf8'), { relax_column_count: true }) as string[][];
    if (rejected.length - 1 !== s.rejected) throw new Error(`rejected.csv has ${rejected.length - 1} rows for ${s.rejected} rejected`);
    // No card imported: only rejected.csv is written (an earlier fleet CSV is not replaced by an empty one).
    if (s.imported === 0) {
      const written = [s.files.fleet, s.files.repaired, s.files.profiles].filter((f) => existsSync(f));
      if (written.length > 0) throw new Error(`an import of no card wrote ${written.join(', ')}`);
      tally.exports.files++;
      tally.exports.rejectedRows += s.rejected;
      return;
    }
    const back = readFleetCsv(readFileSync(s.files.fleet, 'utf8'));
    if (back.problems.length > 0) throw new Error(`the fleet CSV does not read back: ${JSON.stringify(back.problems.slice(0, 3))}`);
    if (back.cards.length !== s.imported) throw new Error(`the fleet CSV has ${back.cards.length} cards for ${s.imported} imported`);
    // An .xlsx's lines are its rows: checked for CSV text only.
    if (!name.endsWith('.xlsx')) checkLines(bytes, s.encoding, back.cards.map((c) => c.line), rejected.slice(1).map((r) => Number(r[0])), back.cards.map((c) => c.iccid));
    tally.exports.files++;
    tally.exports.imported += s.imported;
    tally.exports.rejectedRows += s.rejected;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
