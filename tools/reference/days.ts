/**
 * The reference model's calendar and draws: plain helpers over real dates and
 * the engine's keyed uniform, written from docs/rules.md (Time, Randomness).
 */
import { addMonths, formatDate, parseDate } from '../../engine/calendar.ts';
import { quantile } from '../../engine/dist.ts';
import { bits, uniform } from '../../engine/rng.ts';
import { STRATUM_CARDS, cellOf } from '../../engine/strata.ts';
import type { Dist } from '../../engine/config.ts';

/** The stream numbers of the rule book's table. */
export const S = {
  noise: 0, mean: 1, runOnset: 2, runFactor: 3, runDuration: 4, termSpread: 5,
  renewLag: 6, renewForget: 7, payDelay: 8, payMiss: 9, payAfterStop: 10, alertReaction: 11, actionSelect: 12, deploy: 13,
} as const;

/** Day indexes of a scenario's calendar, read from real UTC dates. */
export class Days {
  readonly start: number;
  readonly days: number;
  /** periodStarts[k] = day index of start + k months; periodStarts[months] = days. */
  readonly periodStarts: number[];

  constructor(startDate: string, readonly months: number, readonly anchor: number) {
    this.start = parseDate(startDate);
    this.periodStarts = [];
    for (let k = 0; k <= months; k++) this.periodStarts.push(addMonths(this.start, k) - this.start);
    this.days = this.periodStarts[months];
  }

  private date(d: number): Date {
    return new Date(Date.UTC(1970, 0, 1 + this.start + d));
  }
  dayOfMonth(d: number): number { return this.date(d).getUTCDate(); }
  /** Calendar month 1–12. */
  month(d: number): number { return this.date(d).getUTCMonth() + 1; }
  /** Monday = 0. */
  weekday(d: number): number { return (this.date(d).getUTCDay() + 6) % 7; }
  /** Day index `n` months after day index `d`, day of month clamped. */
  plusMonths(d: number, n: number): number { return addMonths(this.start + d, n) - this.start; }
  iso(d: number): string { return formatDate(this.start + d); }
  isCycleStart(d: number): boolean { return d === 0 || this.dayOfMonth(d) === this.anchor; }
  /** The billing cycle of day d: 0 from day 0, one more at each later cycle start. */
  cycleIndex(d: number): number {
    let n = 0;
    for (let x = 1; x <= d; x++) if (this.isCycleStart(x)) n++;
    return n;
  }
  /** The billing cycle holding day d, from anchor day to anchor day (day 0 is no anchor here): [start, end) as day indexes. */
  cycleAround(d: number): { start: number; end: number } {
    let start = d, end = d + 1;
    while (this.dayOfMonth(start) !== this.anchor) start--;
    while (this.dayOfMonth(end) !== this.anchor) end++;
    return { start, end };
  }
  isMonthStart(d: number): boolean { return d === 0 || this.dayOfMonth(d) === 1; }
  period(d: number): number {
    let k = 0;
    while (this.periodStarts[k + 1] <= d) k++;
    return k;
  }
}

/** The draws of one (seed, replication). */
export class Draws {
  constructor(readonly key: number, readonly stratify = true) {}
  u(card: number, day: number, stream: number): number { return uniform(this.key, card, day, stream); }
  /**
   * A stratified per-card draw (docs/rules.md, Randomness): card g of the cohort [c0, c1) takes
   * cell π(g − a) of its group's n cells (the cohort's cards in g's window of STRATUM_CARDS
   * indexes, the first being a) and its own u at (index, stream) inside it.
   */
  s(c0: number, c1: number, g: number, index: number, stream: number): number {
    const v = this.u(g, index, stream);
    const w = Math.floor(g / STRATUM_CARDS) * STRATUM_CARDS;
    const a = Math.max(w, c0), n = Math.min(w + STRATUM_CARDS, c1) - a;
    if (!this.stratify || n <= 1) return v;
    return (cellOf(this.key, a, n, g - a, index, stream) + v) / n;
  }
  /** A distribution sampled by inverse transform at (card, day, stream). */
  q(dist: Dist, card: number, day: number, stream: number): number { return quantile(dist, this.u(card, day, stream)); }
  /** A whole, non-negative number of days. */
  days(dist: Dist, card: number, day: number, stream: number): number { return Math.max(0, Math.round(this.q(dist, card, day, stream))); }
  /** The 12-bit index into a noise table: top 12 bits of the raw hash. */
  noiseIndex(card: number, day: number): number { return bits(this.key, card, day, S.noise) >>> 20; }
}

/** The 4,096-entry quantile table of a noise distribution. */
export function noiseTable(dist: Dist): number[] {
  const t: number[] = [];
  for (let j = 0; j < 4096; j++) t.push(quantile(dist, (j + 0.5) / 4096));
  return t;
}
