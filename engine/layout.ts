/**
 * The layout of a block result: one Float64Array holding everything a job
 * produces, so it crosses a worker boundary as one buffer and
 * merges by adding arrays in block order.
 */

import { CANCELLED, COST_CATEGORIES, DOWNTIME_REASONS, EXPIRED, ARREARS, FLAG_COMBINATIONS, OVERQUOTA, MANUAL, STOP_COUNTERS } from './metrics.ts';

/** Positions in COST_CATEGORIES. */
export const C_PLAN = 0, C_OVERAGE = 1, C_ADDON = 2, C_RETENTION = 3, C_REPLACEMENT = 4;

/** Positions in DOWNTIME_REASONS (precedence order). */
export const R_CANCELLED = 0, R_EXPIRED = 1, R_ARREARS = 2, R_OVERQUOTA = 3, R_MANUAL = 4, R_THROTTLED = 5;

/** Positions in STOP_COUNTERS. */
export const S_MANUAL = 0, S_OVERQUOTA = 1, S_ARREARS = 2, S_EXPIRED = 3, S_REFUSED = 4;

/** Scalar totals, after the stop counters. */
export const T_USAGE = 0, T_UNSERVED = 1, T_DEMAND_DAYS = 2, T_CANCELLED = 3, T_REPLACED = 4;
const TOTALS = 5;

/** Lower edges of the per-card downtime-days histogram; the last bin is open. */
export const HIST_EDGES = [0, 1, 2, 4, 7, 14, 30, 60, 90, 180, 365] as const;

export interface Layout {
  months: number;
  /** cost[cat * months + month] */
  cost: number;
  /** downtime card-days by reason: [reason * months + month] */
  down: number;
  /** card-days by flag combination: [flags * months + month] (flags 0 to FLAG_COMBINATIONS − 1; 0 = online) */
  state: number;
  stops: number;
  totals: number;
  hist: number;
  /** MB served by month: [month] */
  usage: number;
  /** MB wanted and not served by month: [month] */
  unserved: number;
  /** Card-days before service (test, silent) by month: [month] */
  preService: number;
  length: number;
}

export function layout(months: number): Layout {
  const cost = 0;
  const down = cost + COST_CATEGORIES.length * months;
  const state = down + DOWNTIME_REASONS.length * months;
  const stops = state + FLAG_COMBINATIONS * months;
  const totals = stops + STOP_COUNTERS.length;
  const hist = totals + TOTALS;
  const usage = hist + HIST_EDGES.length;
  const unserved = usage + months;
  const preService = unserved + months;
  return { months, cost, down, state, stops, totals, hist, usage, unserved, preService, length: preService + months };
}

/**
 * How far below an edge a card's downtime still counts in the bin above: its total is a Float32
 * sum whose parts include fractions of days (a cut day's unserved share), so a card down 14 days
 * in all can sum to 13.999999 (1/3 + 2/3 rounded), and the order of the additions moves the last
 * bits. A thousandth of a day (86 s) is far above that rounding and far below anything a bin means.
 */
export const HIST_SLACK = 1e-3;

/** Histogram bin of a card's downtime days (within HIST_SLACK below an edge: the bin above). */
export function histBin(days: number): number {
  let k = HIST_EDGES.length - 1;
  while (k > 0 && days < HIST_EDGES[k] - HIST_SLACK) k--;
  return k;
}

/** Downtime reason by precedence for each flag combination (-1 for online). */
export const REASON_OF: Int8Array = (() => {
  const t = new Int8Array(FLAG_COMBINATIONS);
  for (let f = 0; f < FLAG_COMBINATIONS; f++) t[f] = f & CANCELLED ? R_CANCELLED : f & EXPIRED ? R_EXPIRED : f & ARREARS ? R_ARREARS : f & OVERQUOTA ? R_OVERQUOTA : f & MANUAL ? R_MANUAL : -1;
  return t;
})();
