/**
 * The model's tables by day index (Model.feeCycle, batchDay, boundary, dayWork, nextBoundary,
 * noiseDayKey): each day's billing cycle, batch-renewal days, the fleet's boundary days and
 * their work, and the daily-noise hash keys. Built by compileArm; W_* re-exported by model.ts.
 */
import type { Renewal } from './config.ts';
import { addMonths, type Calendar } from './calendar.ts';
import { Stream, dayKey } from './rng.ts';
import { strategyOf } from './renewal/index.ts';
import { cycleElapsed } from './opening.ts';
import type { ActionTable } from './actions.ts';

/** The billing cycle of each day (anchor day to anchor day, day 0 included: the real cycle, not the run's): Model.feeCycle. */
export function feeCycles(cal: Calendar, anchor: number): { end: Int32Array; perDay: Float64Array } {
  const end = new Int32Array(cal.days), perDay = new Float64Array(cal.days);
  for (let d = 0; d < cal.days; d++) {
    // Anchors are ≤ 28: no month clamps them, so the cycle ends a month after its anchor day.
    const from = cal.start + d - cycleElapsed(cal.start + d, anchor), to = addMonths(from, 1);
    end[d] = to - cal.start;
    perDay[d] = 1 / (to - from);
  }
  return { end, perDay };
}

/** 1 on a batch-renewal day of any renewal policy. */
export function batchDays(cal: Calendar, renewals: readonly Renewal[]): Uint8Array {
  const batchDay = new Uint8Array(cal.days);
  for (const r of renewals) strategyOf(r).markBatchDays(cal, r, batchDay);
  return batchDay;
}

/** 1 on days with whole-fleet work or a new period: cycle start, period start, idle-policy month start, batch day. */
export function boundaryDays(cal: Calendar, batchDay: Uint8Array, idleStop: boolean): Uint8Array {
  const boundary = new Uint8Array(cal.days);
  for (let k = 0; k < cal.months; k++) boundary[cal.periodStart[k]] = 1;
  for (let d = 0; d < cal.days; d++) {
    if (cal.cycleStart[d] || batchDay[d] || (idleStop && cal.monthStart[d])) boundary[d] = 1;
  }
  return boundary;
}

/** Boundary work (Model.dayWork): a cycle start, an idle-policy month start, a batch-renewal day, operator actions. */
export const W_CYCLE = 1, W_IDLE = 2, W_BATCH = 4, W_ACTIONS = 8;

/** Each day's boundary work, read once per card and boundary day instead of four tables. */
export function dayWorkOf(cal: Calendar, batchDay: Uint8Array, idleStop: boolean, actions: ActionTable): Uint8Array {
  const w = new Uint8Array(cal.days);
  for (let d = 0; d < cal.days; d++) {
    w[d] = (cal.cycleStart[d] ? W_CYCLE : 0) | (idleStop && cal.monthStart[d] ? W_IDLE : 0) | (batchDay[d] ? W_BATCH : 0) | (actions.byDay[d] !== null ? W_ACTIONS : 0);
  }
  return w;
}

/** nextBoundary[d]: the first boundary day ≥ d (days at the end). */
export function nextBoundaries(boundary: Uint8Array): Int32Array {
  const D = boundary.length, next = new Int32Array(D + 1);
  next[D] = D;
  for (let d = D - 1; d >= 0; d--) next[d] = boundary[d] ? d : next[d + 1];
  return next;
}

export function noiseDayKeys(days: number): Int32Array {
  const keys = new Int32Array(days);
  for (let d = 0; d < days; d++) keys[d] = dayKey(d, Stream.noise);
  return keys;
}
