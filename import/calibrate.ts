/**
 * Usage calibration (README, "Importing a fleet" → "Calibration"). Per card from usage
 * history columns: the mean daily MB over the months with data. Per plan: a lognormal fit of
 * the cards' daily means (median = exp of the mean log, spread = sd of the logs), and, from
 * the month-to-month variation of each card, the daily noise spread. Without history, per
 * plan from this cycle's usage to date of the cards online at the export.
 */
import { stringify } from 'yaml';
import { daysInMonth } from '../engine/index.ts';

export interface CardHistory {
  /** Σ MB ÷ Σ days over the months with data. */
  meanDailyMB: number;
  months: number;
  /** Squared coefficient of variation of the monthly daily rates (null with fewer than 2 months or a zero mean). */
  cv2: number | null;
}

/** One usage history column of a card: a month `YYYY-MM` and its MB (null = no data). */
export interface HistoryMonth {
  month: string;
  mb: number | null;
}

/** A card's usage to date in an earlier export (`simlapse import a.csv b.csv …`): `mb` over the `days` of the cycle before the export's `date`. */
export interface Snapshot {
  date: string;
  mb: number;
  days: number;
}

/**
 * A card's usage history: months `YYYY-MM` with MB (null = no data for that month). A month
 * before the start's month counts all its days; the start's own month counts the days
 * before the start; later months are ignored. Snapshots of earlier exports add their cycle's
 * MB and days (one observation each), unless a month with data covers the snapshot's month.
 */
export function cardHistory(months: readonly HistoryMonth[], start: string, snapshots: readonly Snapshot[] = []): CardHistory | null {
  const startMonth = start.slice(0, 7);
  const startDay = Number(start.slice(8, 10));
  let mb = 0, days = 0;
  const rates: number[] = [];
  const covered = new Set<string>();
  for (const m of months) {
    if (m.mb === null || m.month > startMonth) continue;
    const d = m.month === startMonth ? startDay - 1 : daysOf(m.month);
    if (d <= 0) continue;
    covered.add(m.month);
    mb += m.mb;
    days += d;
    rates.push(m.mb / d);
  }
  for (const s of snapshots) {
    if (s.days <= 0 || s.date >= start || covered.has(s.date.slice(0, 7))) continue;
    mb += s.mb;
    days += s.days;
    rates.push(s.mb / s.days);
  }
  if (days === 0) return null;
  const mean = mb / days;
  let cv2: number | null = null;
  if (rates.length >= 2) {
    const avg = rates.reduce((a, b) => a + b, 0) / rates.length;
    if (avg > 0) cv2 = rates.reduce((a, r) => a + (r - avg) ** 2, 0) / (rates.length - 1) / avg ** 2;
  }
  return { meanDailyMB: round(mean), months: rates.length, cv2 };
}

/** Days of the current cycle before `start` (the cycle starts on `anchorDay`); on an anchor day, the whole previous cycle. */
export function cycleDaysBefore(start: string, anchorDay: number): number {
  const [y, mo, d] = start.split('-').map(Number);
  const cycleStart = Date.UTC(y, d > anchorDay ? mo - 1 : mo - 2, anchorDay);
  return Math.round((Date.UTC(y, mo - 1, d) - cycleStart) / 86_400_000);
}

interface PlanAcc {
  cards: number;
  fitted: number;
  zero: number;
  sumLog: number;
  sumLog2: number;
  cv2Sum: number;
  cv2N: number;
  monthsMax: number;
}

export interface FittedProfile {
  plan: string;
  cards: number;
  /** Cards whose usage entered the fit. */
  fitted: number;
  /** Fitted cards with zero usage (left out of the lognormal; the engine draws no zero means). */
  zero: number;
  method: 'history' | 'cycle' | 'none';
  /** Median and spread of the observed daily means (MB/day) of the cards with usage. */
  median: number | null;
  spread: number | null;
  /** Daily noise spread from month-to-month variation (history with ≥ 2 months), else null. */
  noiseSpread: number | null;
}

/** Days per month used to turn a monthly CV into a daily noise spread. */
const DAYS_PER_MONTH = 30.44;
/** Noise spread used in profiles.yaml when the data cannot tell it (the engine's default). */
export const DEFAULT_NOISE_SPREAD = 0.3;

export class Calibrator {
  private readonly plans = new Map<string, PlanAcc>();

  constructor(
    /** 'history': the export has usage history columns; else 'cycle'. */
    readonly method: 'history' | 'cycle',
    /** Cycle days behind this cycle's usage (method 'cycle'); 0 where there is none to read (the export has no usage column, or its cycle starts today): no card is fitted. */
    readonly cycleDays: number,
  ) {}

  /** Adds one imported card: its history, or (method 'cycle') its usage this cycle if it is online. */
  add(plan: string, status: string, usedMB: number, history: CardHistory | null): void {
    const a = this.acc(plan);
    a.cards++;
    let rate: number | null = null;
    if (this.method === 'history') {
      if (!history) return;
      rate = history.meanDailyMB;
      a.monthsMax = Math.max(a.monthsMax, history.months);
      if (history.cv2 !== null) {
        a.cv2Sum += history.cv2;
        a.cv2N++;
      }
    } else if (status === 'online' && this.cycleDays > 0) {
      rate = usedMB / this.cycleDays;
    }
    if (rate === null) return;
    a.fitted++;
    if (rate <= 0) {
      a.zero++;
      return;
    }
    const l = Math.log(rate);
    a.sumLog += l;
    a.sumLog2 += l * l;
  }

  /** Per plan (in order of first appearance), then the whole fleet as plan `*`. */
  profiles(): FittedProfile[] {
    const all = emptyAcc();
    const out: FittedProfile[] = [];
    for (const [plan, a] of this.plans) {
      out.push(this.fit(plan, a));
      for (const k of Object.keys(all) as (keyof PlanAcc)[]) all[k] = k === 'monthsMax' ? Math.max(all[k], a[k]) : all[k] + a[k];
    }
    out.push(this.fit('*', all));
    return out;
  }

  private fit(plan: string, a: PlanAcc): FittedProfile {
    const n = a.fitted - a.zero;
    const mean = n > 0 ? a.sumLog / n : 0;
    const variance = n > 1 ? Math.max(0, (a.sumLog2 - n * mean * mean) / (n - 1)) : null;
    const noise = a.cv2N > 0 ? Math.min(2, Math.sqrt(Math.log(1 + DAYS_PER_MONTH * (a.cv2Sum / a.cv2N)))) : null;
    return {
      plan,
      cards: a.cards,
      fitted: a.fitted,
      zero: a.zero,
      method: a.fitted === 0 ? 'none' : this.method,
      median: n > 0 ? round(Math.exp(mean)) : null,
      spread: variance === null ? null : round(Math.sqrt(variance)),
      noiseSpread: noise === null ? null : round(noise),
    };
  }

  private acc(plan: string): PlanAcc {
    let a = this.plans.get(plan);
    if (!a) this.plans.set(plan, (a = emptyAcc()));
    return a;
  }
}

/**
 * profiles.yaml: a `profiles:` mapping in the scenario format (one per export plan, and `fleet`
 * for all cards) to copy into a scenario, and a `fit:` mapping saying what each is based on.
 * The profile's meanDailyMB median is the observed median divided by the noise's mean
 * (e^{σ²/2}), since the engine multiplies a card's mean by the day's noise.
 */
export function profilesYaml(fitted: readonly FittedProfile[], about: { source: string; start: string; cycleDays: number; cycleAnchorDay?: number }): string {
  const profiles: Record<string, unknown> = {};
  const fit: Record<string, unknown> = {};
  for (const p of fitted) {
    const name = p.plan === '*' ? 'fleet' : `plan ${p.plan || '(none)'}`;
    const sigma = p.noiseSpread ?? DEFAULT_NOISE_SPREAD;
    if (p.median !== null) {
      profiles[name] = {
        meanDailyMB: { lognormal: { median: round(p.median / Math.exp((sigma * sigma) / 2)), spread: p.spread ?? 0 } },
        noise: { lognormal: { median: 1, spread: sigma } },
      };
    }
    fit[name] = {
      cards: p.cards,
      fitted: p.fitted,
      zeroUsage: p.zero,
      method: p.method,
      observedMedianMBPerDay: p.median,
      spread: p.spread,
      noiseSpread: p.noiseSpread === null ? `not identifiable (default ${DEFAULT_NOISE_SPREAD})` : p.noiseSpread,
    };
  }
  const head = [
    `# Usage profiles fitted by \`simlapse import\` from ${about.source} (start ${about.start}).`,
    '# Copy a profile into a scenario\'s profiles: and name it in fleet.profile or fleet.plans.<plan>.profile.',
    '# Method and limits: README, "Importing a fleet" → "Calibration". Edit freely.',
    ...((about.cycleAnchorDay ?? 1) !== 1 ? [`# The export's billing cycle starts on day ${about.cycleAnchorDay} (--cycle-anchor): give the scenario rules: {cycleAnchorDay: ${about.cycleAnchorDay}}.`] : []),
    '',
  ].join('\n');
  return head + stringify({ profiles, fit }, { lineWidth: 0 });
}

function emptyAcc(): PlanAcc {
  return { cards: 0, fitted: 0, zero: 0, sumLog: 0, sumLog2: 0, cv2Sum: 0, cv2N: 0, monthsMax: 0 };
}

/** Days of month `YYYY-MM`, remembered per month: every card of an export asks for the same few months. */
const monthDays = new Map<string, number>();
function daysOf(month: string): number {
  let n = monthDays.get(month);
  if (n === undefined) {
    const [y, m] = month.split('-').map(Number);
    n = daysInMonth(y, m);
    if (monthDays.size < 1024) monthDays.set(month, n);
  }
  return n;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
