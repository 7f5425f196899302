/** One row of a platform export → a canonical card, or the reasons it is rejected. */
import type { FleetCard } from '../scenarios/index.ts';
import { unguard } from '../csv/index.ts';
import { cardHistory, type CardHistory, type HistoryMonth } from './calibrate.ts';
import { checkIccid } from './iccid.ts';
import type { Field, HeaderPlan } from './headers.ts';
import { parseReasons, statusKey, STATUS_TABLE, STOP_REASONS, type StatusClass, type StopReason } from './statuses.ts';
import { parseDate, parseExpiry, parseMonthCount, parseVolume, parseYesNo, type Parsed } from './values.ts';
import { quoted } from './quote.ts';

export interface RowOptions {
  headers: HeaderPlan;
  /** The day the export describes, `YYYY-MM-DD` (the scenario's start). */
  start: string;
  /** Check the Luhn digit of 20-digit ICCIDs. */
  luhn: boolean;
  /** Extra or overriding statuses from a mapping file, keyed by `statusKey`. */
  statuses: Readonly<Record<string, StatusClass>>;
  reasons: Readonly<Record<string, StopReason | null>>;
  /** Volumes use a decimal comma (`12,5`; `;`-separated exports): `.` is then a thousands separator. */
  decimalComma?: boolean;
}

export type RejectKind = 'invalid' | 'notInService' | 'duplicate';

export type RowResult =
  | { ok: true; card: FleetCard; repairs: string[]; history: CardHistory | null; months: HistoryMonth[] }
  | { ok: false; kind: RejectKind; reason: string; iccid: string };

export function convertRow(cells: readonly string[], line: number, o: RowOptions): RowResult {
  const f = o.headers.fields;
  const cell = (field: Field) => {
    const c = f[field];
    return c ? unguard((cells[c.index] ?? '').trim()) : '';
  };
  const errors: string[] = [];
  const repairs: string[] = [];
  const take = <T>(field: string, p: Parsed<T>, fallback: T): T => {
    if (!p.ok) {
      errors.push(`${field}: ${p.error}`);
      return fallback;
    }
    if (p.repair) repairs.push(`${field}: ${p.repair}`);
    return p.value;
  };
  const iccidText = cell('iccid');
  const ic = checkIccid(iccidText, { luhn: o.luhn });
  if (!ic.ok) errors.push(`iccid: ${ic.error}`);
  else if (ic.repair) repairs.push(`iccid: ${ic.repair}`);

  const statusRaw = cell('status');
  const key = statusKey(statusRaw);
  const cls = Object.hasOwn(o.statuses, key) ? o.statuses[key] : Object.hasOwn(STATUS_TABLE, key) ? STATUS_TABLE[key] : undefined;
  if (!cls && statusRaw === '') errors.push('status: empty');
  else if (!cls) errors.push(`status: unknown status ${quoted(statusRaw)} (add it to the mapping file's statuses)`);
  else if (cls.kind === 'notInService' && errors.length === 0) {
    return { ok: false, kind: 'notInService', reason: `status ${quoted(statusRaw)}: mapped to notInService (the mapping file's statuses): not simulated`, iccid: ic.ok ? ic.iccid : iccidText };
  }
  const reasonText = cell('stopReasons');
  const fromColumn = parseReasons(reasonText, o.reasons);
  if ('unknown' in fromColumn) errors.push(`stopReasons: unknown stop reason ${quoted(fromColumn.unknown)} (expected ${STOP_REASONS.join(', ')} or 欠费/超流量/过期/人工; add it to the mapping file's reasons)`);
  const columnReasons = 'reasons' in fromColumn ? fromColumn.reasons : [];

  const activationDate = take('activationDate', parseDate(cell('activationDate')), null);
  // The scenario refuses a fleet with a card activated after its start (scenarios/fleet.ts): said here, at the row.
  if (activationDate !== null && activationDate > o.start) errors.push(`activationDate: ${activationDate} is after the export's date ${o.start} (--start): a card cannot be activated after the day the export shows; if the export is of a later day, give that as --start`);
  let expiryDate = take('expiryDate', parseExpiry(cell('expiryDate')), null);
  const vol = (field: Field): number | null => {
    const c = f[field];
    if (!c || cell(field) === '') return null;
    return take(field, parseVolume(cell(field), c.unit, o.decimalComma), null);
  };
  const usedMBThisCycle = vol('usedMBThisCycle') ?? 0;
  const quotaMB = vol('quotaMB');
  const thresholdMB = thresholdOf(cell('thresholdMB'), f.thresholdMB?.unit ?? 'MB', quotaMB, errors, o.decimalComma);
  const meanDailyMB = vol('meanDailyMB');
  // The months behind a meanDailyMB column (a fleet CSV imported again); a fit from history columns gives its own.
  const historyMonths = take('historyMonths', parseMonthCount(cell('historyMonths')), 0);
  const autoRenew = take('autoRenew', parseYesNo(cell('autoRenew')), null);
  const months: HistoryMonth[] = o.headers.history.map(({ month, column }) => {
    const t = (cells[column.index] ?? '').trim();
    return { month, mb: t === '' ? null : take(`usage ${month}`, parseVolume(t, column.unit, o.decimalComma), null) };
  });

  if (errors.length > 0 || !cls || !ic.ok) return { ok: false, kind: 'invalid', reason: errors.join('; '), iccid: ic.ok ? ic.iccid : iccidText };

  let status: FleetCard['status'] = cls.kind === 'cancelled' || cls.kind === 'test' || cls.kind === 'silent' ? cls.kind : 'online';
  let reasons = new Set<StopReason>();
  if (cls.kind === 'stopped') {
    status = 'stopped';
    reasons = new Set([...cls.reasons, ...columnReasons]);
    if (reasons.size === 0) {
      reasons.add('manual');
      repairs.push(`status: ${quoted(statusRaw)} gives no stop reason${f.stopReasons ? ' and the stop-reason cell is empty' : ' and there is no stop-reason column'}: taken as manual`);
    }
  } else if (cls.kind === 'online' && columnReasons.length > 0) {
    status = 'stopped';
    reasons = new Set(columnReasons);
    repairs.push(`status: ${quoted(statusRaw)} but stop reason ${quoted(reasonText)}: taken as stopped (${columnReasons.join(', ')})`);
  }
  // A card before service has no term yet (its first starts at activation): its dates are kept as written, not read as expiry.
  if (status === 'online' || status === 'stopped') {
    if (reasons.has('expired') && expiryDate === null) {
      expiryDate = dayBefore(o.start);
      repairs.push(`expiryDate: expired with no expiry date: taken as expired the day before the start (${expiryDate}); the grace period counts from it`);
    } else if (reasons.has('expired') && expiryDate !== null && expiryDate > o.start) {
      const was = expiryDate;
      expiryDate = dayBefore(o.start);
      repairs.push(`expiryDate: status expired but the expiry ${was} is after the start ${o.start}: taken as ${expiryDate}`);
    } else if (!reasons.has('expired') && expiryDate !== null && expiryDate < o.start) {
      // The expiry date is the first day without the plan (docs/rules.md), as the engine reads it. On the
      // start itself the card expires in the run (day 0: an auto-renew card is renewed): kept as shown.
      reasons.add('expired');
      status = 'stopped';
      repairs.push(`status: ${quoted(statusRaw)} but the plan expired on ${expiryDate}, before the start ${o.start}: taken as expired`);
    }
  }
  let pool = cell('pool');
  if (pool !== '' && (status === 'test' || status === 'silent')) {
    repairs.push(`pool: a card before service (${status}) in pool ${quoted(pool)} is simulated as an individual card: pool cleared`);
    pool = '';
  }
  const history = o.headers.history.length > 0 ? cardHistory(months, o.start) : null;
  const card: FleetCard = {
    iccid: ic.iccid,
    msisdn: cell('msisdn').replace(/^'/, ''),
    status,
    stopReasons: status === 'stopped' ? STOP_REASONS.filter((r) => reasons.has(r)) : [],
    plan: cell('plan'),
    pool,
    activationDate,
    expiryDate,
    usedMBThisCycle,
    quotaMB,
    thresholdMB,
    autoRenew,
    meanDailyMB: history?.meanDailyMB ?? meanDailyMB,
    historyMonths: history?.months ?? historyMonths,
    statusRaw,
    line,
  };
  return { ok: true, card, repairs, history, months };
}

/** 停机阈值 as a volume, or as a percentage of the quota (`80%`). */
function thresholdOf(text: string, unit: 'KB' | 'MB' | 'GB', quotaMB: number | null, errors: string[], decimalComma = false): number | null {
  if (text === '' || text === '-' || text === '--') return null;
  const pct = /^(\d+(?:\.\d+)?)\s*%$/.exec(decimalComma ? text.replace(',', '.') : text);
  if (pct) {
    if (quotaMB === null) {
      errors.push(`thresholdMB: ${quoted(text)} is a percentage of the quota, but the export has no quota column`);
      return null;
    }
    return Math.round(quotaMB * Number(pct[1]) * 1e4) / 1e6;
  }
  const v = parseVolume(text, unit, decimalComma);
  if (!v.ok) errors.push(`thresholdMB: ${v.error}`);
  return v.ok ? v.value : null;
}

function dayBefore(date: string): string {
  return new Date(Date.parse(date) - 86_400_000).toISOString().slice(0, 10);
}
