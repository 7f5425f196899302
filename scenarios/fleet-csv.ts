/**
 * The canonical fleet CSV: written by `simlapse import` (`fleetHeader`, `fleetLine`), read by a
 * scenario's `fleet:` (`readFleetCsv`).
 * UTF-8, comma-separated, one header row, one card per row (README, "Importing a fleet").
 * Browser-safe.
 */
import { parse } from 'csv-parse/sync';
import { STOP_REASONS, isStopReason, type StopReason } from '../engine/index.ts';
import { csvLine, cutEchoes, unguard, wideRowMessage } from '../csv/index.ts';
import { isRealDate } from './dates.ts';
import { decimal } from './decimal.ts';
import { cutText, describeValue } from './issues.ts';
import { RANGE } from './schema-kit.ts';
import { headerChecks, separatorProblem } from './fleet-header.ts';
import { expiryProblem, tooEarly } from './fleet-states.ts';

/** One card of the canonical fleet CSV (README, "Importing a fleet"). */
export interface FleetCard {
  /** 19 or 20 digits, as text. */
  iccid: string;
  /** '' when the export has none. */
  msisdn: string;
  /** test, silent: before service (docs/rules.md, "Pre-service cards"); usedMBThisCycle of a test card is the test data used. */
  status: 'online' | 'stopped' | 'cancelled' | 'test' | 'silent';
  /** Why a stopped card is stopped; empty for online and cancelled cards. */
  stopReasons: StopReason[];
  /** The export's rate plan (资费组) as written; scenarios map it to their plans. '' when absent. */
  plan: string;
  /** Pool (流量池) id; '' = not pooled. */
  pool: string;
  activationDate: string | null;
  /** Plan term end `YYYY-MM-DD`; null: no term. */
  expiryDate: string | null;
  /** Usage counted in the current billing cycle, MB. */
  usedMBThisCycle: number;
  quotaMB: number | null;
  thresholdMB: number | null;
  autoRenew: boolean | null;
  /** Calibrated mean daily MB of this card; null: drawn from the profile. */
  meanDailyMB: number | null;
  /** Months of usage history behind meanDailyMB (0: none). */
  historyMonths: number;
  /** The export's status text as written. */
  statusRaw: string;
  /** Line of the export the card came from (1-based, the header is line 1). */
  line: number;
}


export const CANONICAL_COLUMNS = [
  'iccid', 'msisdn', 'status', 'stopReasons', 'plan', 'pool', 'activationDate', 'expiryDate',
  'usedMBThisCycle', 'quotaMB', 'thresholdMB', 'autoRenew', 'meanDailyMB', 'historyMonths', 'statusRaw', 'line',
] as const;

export interface FleetCsvProblem {
  /** 1-based line of the fleet CSV. */
  line: number;
  message: string;
}

/** The canonical fleet CSV's header line. */
export function fleetHeader(): string {
  return csvLine(CANONICAL_COLUMNS);
}

/** One card as a canonical fleet CSV line (numbers as numbers, text guarded against formulas). */
export function fleetLine(c: FleetCard): string {
  const n = (v: number | null) => (v === null ? '' : v);
  return csvLine([
    c.iccid, c.msisdn, c.status, c.stopReasons.join(';'), c.plan, c.pool, c.activationDate ?? '', c.expiryDate ?? '',
    c.usedMBThisCycle, n(c.quotaMB), n(c.thresholdMB), c.autoRenew === null ? '' : String(c.autoRenew), n(c.meanDailyMB),
    c.historyMonths, c.statusRaw, c.line,
  ]);
}

/** How `readFleetCsv` reads a fleet CSV. */
export interface FleetCsvOptions {
  /**
   * The scenario's start, `YYYY-MM-DD`: each card's expiry is also checked against it (an expired
   * card's is on or before it, a card in service's on or after it: scenarios/fleet-states.ts).
   * Default: none, and those checks are left out (the file read alone, as after an import).
   */
  start?: string;
}

/**
 * Reads a canonical fleet CSV (as written by `simlapse import`, possibly edited by hand).
 * Checks every cell, and each card's dates against its status (and `options.start`); returns the
 * cards and every problem found.
 */
export function readFleetCsv(text: string, options: FleetCsvOptions = {}): { cards: FleetCard[]; problems: FleetCsvProblem[] } {
  const problems: FleetCsvProblem[] = [];
  // A file separated by ; or tabs (a spreadsheet's or a platform's) reads as one column named by the whole header line.
  const [before, firstLine] = /^\uFEFF?((?:\r\n|\r|\n)*)([^\r\n]*)/.exec(text)!.slice(1);
  const separated = separatorProblem(firstLine, CANONICAL_COLUMNS.filter((c) => !OPTIONAL.has(c)));
  if (separated !== null) return { cards: [], problems: [{ line: 1 + (before.match(/\r\n|\r|\n/g)?.length ?? 0), message: separated }] };
  let records: { record: string[]; raw: string; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), { info: true, raw: true, relax_column_count: true, skip_empty_lines: true }) as never;
  } catch (err) {
    return { cards: [], problems: [{ line: (err as { lines?: number }).lines ?? 1, message: cutEchoes((err as Error).message) }] };
  }
  if (records.length === 0) return { cards: [], problems: [{ line: 1, message: 'empty file: expected the header row of a fleet CSV' }] };
  const header = records[0].record.map((h) => h.trim());
  const at = new Map(header.map((h, i) => [h, i]));
  const missing = CANONICAL_COLUMNS.filter((c) => !at.has(c) && !OPTIONAL.has(c));
  if (missing.length > 0) return { cards: [], problems: [{ line: 1, message: `not a fleet CSV: missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (write it with simlapse import)` }] };
  const headerLine = records[0].info.lines;
  // Every column once, and each a canonical one: a second copy or a misspelt optional column (expirydate) would be read in silence, or not at all.
  const headerProblems = headerChecks(header, CANONICAL_COLUMNS).map((message) => ({ line: headerLine, message }));
  if (headerProblems.length > 0) return { cards: [], problems: headerProblems };
  const cards: FleetCard[] = [];
  // A card once: two rows of one ICCID (two fleet CSVs joined by hand) would simulate it twice.
  const seen = new Map<string, number>();
  for (let r = 1; r < records.length; r++) {
    const { record, raw, info } = records[r];
    // Where the record starts: a quoted cell may hold line breaks, and csv-parse counts to its end.
    const line = info.lines - lineBreaks(raw);
    const cell = (name: string) => unguard((record[at.get(name) ?? -1] ?? '').trim());
    const errors: string[] = [];
    // Cells past the header's width would be dropped in silence (an unquoted 12,5 splits a cell in two).
    if (record.length > header.length && record.slice(header.length).some((c) => c.trim() !== '')) {
      errors.push(wideRowMessage(record.length, header.length, 'comma'));
    }
    const num = (name: string, nullable: boolean): number | null => {
      if (!at.has(name)) return nullable ? null : 0;
      const t = cell(name);
      if (t === '' && nullable) return null;
      const v = decimal(t);
      const max = MAXIMA[name] ?? Number.MAX_SAFE_INTEGER;
      if (t === '' || !Number.isFinite(v) || v < 0 || v > max) {
        errors.push(`${name}: expected a number 0..${max}${nullable ? ' or nothing' : ''}, got ${describeValue(t)}`);
        return null;
      }
      return v;
    };
    const date = (name: string): string | null => {
      const t = cell(name);
      if (t === '') return null;
      if (!isRealDate(t)) {
        errors.push(`${name}: expected a date YYYY-MM-DD or nothing, got ${describeValue(t)}`);
        return null;
      }
      const early = tooEarly(name, t);
      if (early !== null) errors.push(early);
      return early === null ? t : null;
    };
    const iccid = cell('iccid');
    if (!/^\d{19,20}$/.test(iccid)) errors.push(`iccid: expected 19 or 20 digits, got ${describeValue(iccid)}`);
    else if (seen.has(iccid)) errors.push(`iccid: ${iccid} is also on line ${seen.get(iccid)}: each card once (simlapse import drops later duplicates)`);
    else seen.set(iccid, line);
    const status = cell('status');
    if (!['online', 'stopped', 'cancelled', 'test', 'silent'].includes(status)) errors.push(`status: expected online, stopped, cancelled, test or silent, got ${describeValue(status)}`);
    const reasonsText = cell('stopReasons');
    const reasons = reasonsText === '' ? [] : reasonsText.split(';').map((s) => s.trim());
    const badReason = reasons.find((r) => !isStopReason(r));
    if (badReason !== undefined) errors.push(`stopReasons: expected a ;-separated list of ${STOP_REASONS.join(', ')}, got ${describeValue(reasonsText)}`);
    else if (status === 'stopped' && reasons.length === 0) errors.push('stopReasons: a stopped card needs at least one stop reason');
    else if (status !== 'stopped' && reasons.length > 0) errors.push(`stopReasons: only a stopped card has stop reasons (status is ${cutText(status)})`);
    const autoRenewText = cell('autoRenew');
    if (!['', 'true', 'false'].includes(autoRenewText)) errors.push(`autoRenew: expected true, false or nothing, got ${describeValue(autoRenewText)}`);
    const card: FleetCard = {
      iccid,
      msisdn: cell('msisdn'),
      status: status as FleetCard['status'],
      stopReasons: STOP_REASONS.filter((r) => reasons.includes(r)),
      plan: cell('plan'),
      pool: cell('pool'),
      activationDate: date('activationDate'),
      expiryDate: date('expiryDate'),
      usedMBThisCycle: num('usedMBThisCycle', false) ?? 0,
      quotaMB: num('quotaMB', true),
      thresholdMB: num('thresholdMB', true),
      autoRenew: autoRenewText === '' ? null : autoRenewText === 'true',
      meanDailyMB: num('meanDailyMB', true),
      historyMonths: at.has('historyMonths') ? (num('historyMonths', true) ?? 0) : 0,
      statusRaw: cell('statusRaw'),
      line: at.has('line') ? (num('line', true) ?? line) : line,
    };
    // The dates against the status: only of a row whose cells are all right (the status and dates read).
    const expiry = errors.length === 0 ? expiryProblem(card, options.start) : null;
    if (expiry !== null) errors.push(expiry);
    if (errors.length > 0) problems.push(...errors.map((message) => ({ line, message })));
    else cards.push(card);
  }
  return { cards, problems };
}

/** The largest value of each numeric column (the scenario format's ranges: scenarios/schema-kit.ts RANGE). */
const MAXIMA: Record<string, number> = {
  usedMBThisCycle: RANGE.allowanceMB.max,
  quotaMB: RANGE.allowanceMB.max,
  thresholdMB: RANGE.allowanceMB.max,
  meanDailyMB: RANGE.dailyMB.max,
  historyMonths: 1200,
};

/** Columns a hand-written fleet CSV may leave out. */
const OPTIONAL: ReadonlySet<string> = new Set(['msisdn', 'activationDate', 'quotaMB', 'thresholdMB', 'autoRenew', 'meanDailyMB', 'historyMonths', 'statusRaw', 'line', 'pool', 'expiryDate', 'stopReasons', 'usedMBThisCycle']);

/** Line breaks inside a record's raw text: those of the record itself, not of the empty lines before it or its own end. */
function lineBreaks(raw: string): number {
  const body = raw.replace(/^[\r\n]+/, '').replace(/(\r\n|\r|\n)$/, '');
  return body.match(/\r\n|\r|\n/g)?.length ?? 0;
}
