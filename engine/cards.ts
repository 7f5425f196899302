/**
 * Per-card results (`simlapse run --cards`): for each card of a job, its own totals — every
 * metric of the report (downtime by reason, cost by category, usage, stops, …) and the day it
 * ends the horizon cancelled. Cards interact only through pools (docs/rules.md), and every
 * draw is keyed by card, so a card run alone in a block of one sees exactly the days it sees
 * in the fleet: its totals are its share of the report, with no change to the kernel and no
 * per-card counters in its hot loop. The cards of a pool share one allowance and one overage
 * bill, so a pool is one unit: one row for the pool, with its card count.
 *
 * A job's rows come back as one Float64Array (UNIT_FIELDS numbers per unit, in card order), so
 * they cross a worker boundary as one buffer.
 */
import type { ScenarioConfig } from './config.ts';
import type { Job } from './jobs.ts';
import { streamSeed } from './jobs.ts';
import type { Model } from './model.ts';
import { Sim } from './sim.ts';
import { runBlock } from './kernel.ts';
import { metricsInto } from './summarize.ts';
import { CANCELLED, FLAG_COMBINATIONS, METRICS } from './metrics.ts';
import { layout, type Layout } from './layout.ts';

/** A unit's numbers: first card (global index), cohort index, pool index in its cohort (−1: none), cards, day index it ends cancelled from (−1: not cancelled at the end), then METRICS in order. */
export const UNIT_HEAD = ['card', 'cohort', 'pool', 'cards', 'cancelledFrom'] as const;
export const UNIT_FIELDS = UNIT_HEAD.length + METRICS.length;
/** The `cancelled` metric's place among a row's metrics: cancellations in the run. */
const CANCELLATIONS = METRICS.indexOf('cancelled');

/** The units of cards [start, end): single cards, or whole pools (a block never splits a pool). */
export function cardUnits(model: Model, start: number, end: number): Array<{ first: number; end: number; cohort: number; pool: number }> {
  const units: Array<{ first: number; end: number; cohort: number; pool: number }> = [];
  model.cohorts.forEach((c, k) => {
    const a = Math.max(c.start, start), b = Math.min(c.end, end);
    if (a >= b) return;
    if (c.pools) {
      // The pool around a (a block starts and ends on pool boundaries), then the pools after it.
      let p = c.pools.length - 2;
      while (p > 0 && c.pools[p] > a) p--;
      for (; p + 1 < c.pools.length && c.pools[p] < b; p++) units.push({ first: c.pools[p], end: c.pools[p + 1], cohort: k, pool: p });
    } else {
      for (let g = a; g < b; g++) units.push({ first: g, end: g + 1, cohort: k, pool: -1 });
    }
  });
  return units;
}

/** The per-card rows of one job: UNIT_FIELDS numbers per unit (see UNIT_HEAD), in card order. Pure, like runJob. */
export function cardRows(scenario: ScenarioConfig, model: Model, job: Job): Float64Array {
  const units = cardUnits(model, job.start, job.end);
  const out = new Float64Array(units.length * UNIT_FIELDS);
  const seed = streamSeed(scenario, job.arm), L = layout(model.months);
  units.forEach((u, n) => {
    const s = new Sim(model, seed, job.replication, u.first, u.end - u.first);
    const acc = runBlock(s);
    const o = n * UNIT_FIELDS;
    out[o] = u.first;
    out[o + 1] = u.cohort;
    out[o + 2] = u.pool;
    out[o + 3] = u.end - u.first;
    metricsInto(acc, model, out, o + UNIT_HEAD.length, L);
    // A single card that ends cancelled, and was cancelled by the run: a card imported already cancelled (and never
    // replaced) is cancelled on every day without a cancellation in the run, and has no date.
    const cancelledInRun = out[o + UNIT_HEAD.length + CANCELLATIONS] > 0;
    out[o + 4] = u.end - u.first === 1 && s.fleet.flags[0] & CANCELLED && cancelledInRun ? cancelledFrom(acc, model, L) : -1;
  });
  return out;
}

/**
 * The first day of a single card's last cancelled stretch, from its card-days by state and
 * month: walking back from the last month while every day is cancelled, then that month's
 * cancelled days (a card is cancelled at most once in a month: a replaced card needs a whole
 * term and the grace months before it can be cancelled again).
 */
function cancelledFrom(acc: Float64Array, model: Model, L: Layout): number {
  const M = L.months, ps = model.cal.periodStart;
  let day = model.days;
  for (let k = M - 1; k >= 0; k--) {
    let c = 0;
    for (let fl = 0; fl < FLAG_COMBINATIONS; fl++) if (fl & CANCELLED) c += acc[L.state + fl * M + k];
    day -= c;
    if (c < ps[k + 1] - ps[k]) break;
  }
  return day;
}
