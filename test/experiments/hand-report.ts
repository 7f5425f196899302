/**
 * Hand-made reports for the experiment analyses: arms whose replication values are set by hand
 * (every other metric 0), ranked under a decision as runScenario ranks them, so a test can say
 * which arm meets which constraint without a run.
 */
import { METRICS, type ArmReport, type Decision, type ExperimentConfig, type MetricName, type Report } from '../../engine/index.ts';
import { rankArms } from '../../engine/experiments/ranking.ts';
import { estimate } from '../../engine/stats.ts';

export type HandArm = { name: string } & Partial<Record<MetricName, number[]>>;

/** A report of `arms` (the first is the baseline), `replications` each, ranked under `decision` (two arms or more). */
export function handReport(arms: HandArm[], decision: Decision, replications = 3): Report {
  const valuesOf = (a: HandArm, m: MetricName) => a[m] ?? new Array<number>(replications).fill(0);
  const built: ArmReport[] = arms.map((a) => {
    const replicationsOf = Object.fromEntries(METRICS.map((m) => [m, valuesOf(a, m)])) as Record<MetricName, number[]>;
    const diff = a === arms[0] ? null : Object.fromEntries(METRICS.map((m) => [m, estimate(valuesOf(a, m).map((x, r) => x - valuesOf(arms[0], m)[r]))]));
    return {
      name: a.name,
      metrics: Object.fromEntries(METRICS.map((m) => [m, estimate(valuesOf(a, m))])) as ArmReport['metrics'],
      replications: replicationsOf,
      diff: diff as ArmReport['diff'],
    } as ArmReport;
  });
  const perRep = built.map((a) => Array.from({ length: replications }, (_, r) => Object.fromEntries(METRICS.map((m) => [m, a.replications[m][r]])) as Record<MetricName, number>));
  const report = {
    format: 'simlapse-report', version: 1,
    scenario: { name: 'hand', question: 'hand-made', seed: '1', replications, currency: 'CNY' },
    arms: built,
  } as unknown as Report;
  if (built.length > 1) report.ranking = rankArms(built, perRep, decision);
  return report;
}

/** n copies of x: a value without spread, judged on itself against a constraint. */
export const same = (x: number, n = 3): number[] => new Array<number>(n).fill(x);

/** Cheapest first, availability ≥ 0.99. */
export const AVAILABLE: Decision = { objective: 'cost.total', direction: 'minimize', constraints: [{ metric: 'availability', op: '>=', value: 0.99 }] };

/** Arms A (the baseline) and B, each [cost.total, availability] without spread, ranked under AVAILABLE. */
export const twoArms = (a: [number, number], b: [number, number]): Report => handReport([
  { name: 'A', 'cost.total': same(a[0]), availability: same(a[1]) },
  { name: 'B', 'cost.total': same(b[0]), availability: same(b[1]) },
], AVAILABLE);

/**
 * A scenario under AVAILABLE with one sensitivity parameter p from 0 to 1, whose arms at a design
 * point carry p's value as their name (`armsAt`), for runSensitivity, runMorris and runSobol with
 * a `run` that returns hand-made reports (`byParameter`).
 */
export const ONE_PARAMETER = {
  decision: AVAILABLE, seed: '1', sensitivity: [{ path: 'p', low: 0, high: 1, lowArms: [], highArms: [] }],
  armsAt: (values: number[]) => [{ name: String(values[0]) }],
} as unknown as ExperimentConfig;

/**
 * A `run` for ONE_PARAMETER: `low` where p < 0.5 (the one-at-a-time run at low, labelled `p = 0`),
 * `high` from 0.5 on. A Morris radial step moves p half its range, so of a base point and its step
 * exactly one is high; a Latin hypercube of 4 points puts 2 at 0.5 or more: half the design points
 * of either design are high, whether values are rounded to whole ones or not.
 */
export const byParameter = (low: Report, high: Report) => async (s: { arms: Array<{ name: string }> }, label: string): Promise<Report> =>
  label === 'p = 0' || (label !== 'p = 1' && Number(s.arms[0].name) < 0.5) ? low : high;
