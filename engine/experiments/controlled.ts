import type { ScenarioConfig } from '../config.ts';
import type { Model } from '../model.ts';
import type { Controlled, ControlledEstimate } from '../report.ts';
import { COST_CATEGORIES, type MetricName } from '../metrics.ts';
import { streamSeed } from '../jobs.ts';
import { controlledEstimate, controlsOf, expectedControls, type Controls } from './control.ts';

/**
 * The trust rule (docs/statistics.md, "Control variates"): the controlled interval is reported
 * only with at least PER_CONTROL replications per control used, MIN_REPLICATIONS in all, and
 * MIN_FAULTS runaway faults expected per replication in the arms whose controls are offered
 * [default: 10, 20 and 20]. Measured on auto-stop.yaml's profile with faultMB: 91.7 % at 10
 * replications of 64 cards × 3 months (6 faults expected), 93.0 % at 20; 93.7 % at 20 of 128
 * cards × 6 months (23 expected). The residuals' sample skewness did not tell the runs that
 * missed apart, so it is reported but not part of the rule.
 */
export const MIN_REPLICATIONS = 20;
export const PER_CONTROL = 10;
export const MIN_FAULTS = 20;
/**
 * And a variance ratio (plain over controlled) of at least MIN_VARIANCE_RATIO [default: 3]: where
 * the faults explain little of a difference, the controlled interval inherits the plain one's
 * skewness and adds nothing (pools.yaml's profile, 128 cards × 12 months, 20 replications:
 * ratio 1.2 on average, coverage 92.0 % against 91.0 % plain). At 2 that case kept 14 runs of
 * 300, covering 71 %; at 3 it keeps 1, and the auto-stop case 279 of 300 (93.5 % covered).
 */
export const MIN_VARIANCE_RATIO = 3;

/** The money metrics: the total and its parts. */
export const COST_METRICS: MetricName[] = ['cost.total', ...COST_CATEGORIES.map((c) => `cost.${c}` as MetricName), 'cost.downtime'];

/** Whether an arm has runaway faults (a profile in use with a positive hazard). */
function hasFaults(model: Model): boolean {
  return model.cohorts.some((c) => (model.runaway[c.profile]?.dailyHazard ?? 0) > 0);
}

/** The controls' expectations per compiled arm (about 0.2 s per profile of quadrature). */
const expected = new WeakMap<Model, ReturnType<typeof expectedControls>>();
function expectationsOf(model: Model): ReturnType<typeof expectedControls> {
  let e = expected.get(model);
  if (!e) expected.set(model, (e = expectedControls(model)));
  return e;
}

/** Replayed controls per compiled arm, by draw seed, stratification and replication (a report is rebuilt as replications arrive). */
const replayed = new WeakMap<Model, Map<string, Controls>>();
function controlsAt(scenario: ScenarioConfig, arm: number, model: Model, r: number): Controls {
  let m = replayed.get(model);
  if (!m) replayed.set(model, (m = new Map()));
  const d = streamSeed(scenario, arm), key = `${d.seed}\u0000${d.stratify}\u0000${arm}\u0000${r}`;
  let c = m.get(key);
  if (!c) m.set(key, (c = controlsOf(scenario, arm, model, r)));
  return c;
}

/**
 * The control-variate estimates of arm `a`'s paired money differences from the baseline, or null
 * when neither arm has runaway faults or there are fewer than 3 replications. Controls: the
 * baseline's faultMB, and this arm's when its draws differ (no common random numbers, or other
 * profiles or cohorts). Not meanMB: with it the interval covered 88–90 % on small fleets at 20
 * replications where faultMB alone covered 93–94 % (docs/statistics.md).
 * Every estimate is a function of the replications' keyed draws and totals alone, so it is the
 * same for any worker count and block size.
 */
export function controlledDiff(scenario: ScenarioConfig, models: Model[], perRep: Record<MetricName, number>[][], a: number): Controlled | null {
  const n = perRep[a].length;
  if (a === 0 || n < 3 || !(hasFaults(models[0]) || hasFaults(models[a]))) return null;
  if (n < MIN_REPLICATIONS) {
    // No control can be trusted yet: skip the replay (about 2 s per million cards, replication and arm, on this thread).
    const off: ControlledEstimate = { trusted: false, reason: `${n} replications (the rule needs at least ${MIN_REPLICATIONS}; none replayed)`, controls: 0, residualSkewness: null };
    return { controls: [], diff: Object.fromEntries(COST_METRICS.map((m) => [m, off])) };
  }
  const base = Array.from({ length: n }, (_, r) => controlsAt(scenario, 0, models[0], r));
  const own = Array.from({ length: n }, (_, r) => controlsAt(scenario, a, models[a], r));
  const same = own.every((c, r) => c.faultMB === base[r].faultMB && c.meanMB === base[r].meanMB);
  const mu0 = expectationsOf(models[0]);
  const names = ['baseline faultMB'];
  const xs = base.map((c) => [c.faultMB]);
  const mu = [mu0.faultMB];
  if (!same) {
    names.push('arm faultMB');
    own.forEach((c, r) => xs[r].push(c.faultMB));
    mu.push(expectationsOf(models[a]).faultMB);
  }
  const faults = Math.min(mu0.faults, same ? Infinity : expectationsOf(models[a]).faults);
  const diff: Controlled['diff'] = {};
  for (const m of COST_METRICS) {
    const ys = perRep[a].map((v, r) => v[m] - perRep[0][r][m]);
    diff[m] = trusted(controlledEstimate(ys, xs, mu), n, faults);
  }
  return { controls: names, diff };
}

/** Replications the trust rule needs with q controls. */
export function needed(q: number): number {
  return Math.max(MIN_REPLICATIONS, PER_CONTROL * q);
}

/** The fit as reported: kept when the trust rule holds, else only why not. */
function trusted(fit: ReturnType<typeof controlledEstimate>, n: number, faults: number): ControlledEstimate {
  const { controls, residualSkewness: g } = fit;
  const why = controls === 0 ? 'no control varies'
    : n < needed(controls) ? `${n} replications (with ${controls} control${controls > 1 ? 's' : ''} it needs ${needed(controls)})`
    : faults < MIN_FAULTS ? `${faults.toFixed(1)} runaway faults expected per replication (the rule needs ${MIN_FAULTS})`
    : fit.varianceRatio === null || fit.varianceRatio < MIN_VARIANCE_RATIO ? `variance ratio ${fit.varianceRatio === null ? 'none' : fit.varianceRatio.toFixed(2)} (the rule needs ${MIN_VARIANCE_RATIO}: the faults explain little of this difference)`
    : null;
  if (why !== null) return { trusted: false, reason: why, controls, residualSkewness: g };
  return { trusted: true, mean: fit.mean, lo: fit.lo, hi: fit.hi, ...(fit.constant && { constant: true as const }), controls, varianceRatio: fit.varianceRatio, residualSkewness: g };
}
