/**
 * The layout of a block result: one Float64Array holding everything a job
 * produces, so it crosses a worker boundary as one transferred buffer and
 * merges by adding arrays in block order.
 */

/** Cost categories the engine accrues (downtime cost is derived from downtime in the report). */
export const COST = ['plan', 'overage', 'addon', 'retention', 'replacement'] as const;
export const C_PLAN = 0, C_OVERAGE = 1, C_ADDON = 2, C_RETENTION = 3, C_REPLACEMENT = 4;

/** Downtime reasons in precedence order (DESIGN.md §1). */
export const REASONS = ['cancelled', 'expired', 'arrears', 'overQuota', 'manual'] as const;
export const R_CANCELLED = 0, R_EXPIRED = 1, R_ARREARS = 2, R_OVERQUOTA = 3, R_MANUAL = 4;

/** Stop counters. */
export const STOPS = ['manual', 'overQuota', 'arrears', 'expired', 'manualRefused'] as const;
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
  /** card-days by flag combination: [flags * months + month] (flags 0–31; 0 = online) */
  state: number;
  stops: number;
  totals: number;
  hist: number;
  length: number;
}

export function layout(months: number): Layout {
  const cost = 0;
  const down = cost + COST.length * months;
  const state = down + REASONS.length * months;
  const stops = state + 32 * months;
  const totals = stops + STOPS.length;
  const hist = totals + TOTALS;
  return { months, cost, down, state, stops, totals, hist, length: hist + HIST_EDGES.length };
}

/** Histogram bin of a card's downtime days. */
export function histBin(days: number): number {
  let k = HIST_EDGES.length - 1;
  while (k > 0 && days < HIST_EDGES[k]) k--;
  return k;
}

/** Downtime reason by precedence for each flag combination (-1 for online). */
export const REASON_OF: Int8Array = (() => {
  const t = new Int8Array(32);
  for (let f = 0; f < 32; f++) t[f] = f & 16 ? R_CANCELLED : f & 8 ? R_EXPIRED : f & 4 ? R_ARREARS : f & 2 ? R_OVERQUOTA : f & 1 ? R_MANUAL : -1;
  return t;
})();
