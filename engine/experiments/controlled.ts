import type { ScenarioConfig } from '../config.ts';
import type { Model } from '../model.ts';
import type { Controlled, ControlledEstimate } from '../report.ts';
import { COST_CATEGORIES, type MetricName } from '../metrics.ts';
import { streamSeed } from '../jobs.ts';
import { skewnessError } from '../stats.ts';
import { controlledEstimate, controlsOf, expectedControls, type Controls } from './control.ts';

/**
 * The trust rule (docs/statistics.md, "Control variates"): the controlled interval is reported
 * only with at least MIN_REPLICATIONS replications and regression residuals whose skewness is
 * within RESIDUAL_SKEW_SE standard errors of a normal sample's [default: 20 and 2]. Measured
 * coverage below 93 % came from few replications with a heavy-tailed control (one replication
 * with a big fault sets the slopes and leaves skewed residuals).
 */
export const MIN_REPLICATIONS = 20;
export const RESIDUAL_SKEW_SE = 2;

/** The money metrics: the total and its parts. */
export const COST_METRICS: MetricName[] = ['cost.total', ...COST_CATEGORIES.map((c) => `cost.${c}` as MetricName), 'cost.downtime'];

/** Whether an arm has runaway faults (a profile in use with a positive hazard). */
function hasFaults(model: Model): boolean {
  return model.cohorts.some((c) => (model.runaway[c.profile]?.dailyHazard ?? 0) > 0);
}

/** The controls' expectations per compiled arm (about 0.2 s per profile of quadrature). */
const expected = new WeakMap<Model, Controls>();
function expectationsOf(model: Model): Controls {
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
 * baseline's faultMB and meanMB, and this arm's when its draws differ (no common random numbers,
 * or other profiles or cohorts); a control that repeats another is dropped by the regression.
 * Every estimate is a function of the replications' keyed draws and totals alone, so it is the
 * same for any worker count and block size.
 */
export function controlledDiff(scenario: ScenarioConfig, models: Model[], perRep: Record<MetricName, number>[][], a: number): Controlled | null {
  const n = perRep[a].length;
  if (a === 0 || n < 3 || !(hasFaults(models[0]) || hasFaults(models[a]))) return null;
  const base = Array.from({ length: n }, (_, r) => controlsAt(scenario, 0, models[0], r));
  const own = Array.from({ length: n }, (_, r) => controlsAt(scenario, a, models[a], r));
  const same = own.every((c, r) => c.faultMB === base[r].faultMB && c.meanMB === base[r].meanMB);
  const mu0 = expectationsOf(models[0]);
  const names = ['baseline faultMB', 'baseline meanMB'];
  const xs = base.map((c) => [c.faultMB, c.meanMB]);
  const mu = [mu0.faultMB, mu0.meanMB];
  if (!same) {
    const mua = expectationsOf(models[a]);
    names.push('arm faultMB', 'arm meanMB');
    own.forEach((c, r) => xs[r].push(c.faultMB, c.meanMB));
    mu.push(mua.faultMB, mua.meanMB);
  }
  const diff: Controlled['diff'] = {};
  for (const m of COST_METRICS) {
    const ys = perRep[a].map((v, r) => v[m] - perRep[0][r][m]);
    diff[m] = trusted(controlledEstimate(ys, xs, mu), n);
  }
  return { controls: names, diff };
}

/** The fit as reported: kept when the trust rule holds, else only why not. */
function trusted(fit: ReturnType<typeof controlledEstimate>, n: number): ControlledEstimate {
  const { controls, residualSkewness: g } = fit;
  const why = controls === 0 ? 'no control varies'
    : n < MIN_REPLICATIONS ? `${n} replications (the rule needs ${MIN_REPLICATIONS})`
    : g !== null && Math.abs(g) > RESIDUAL_SKEW_SE * skewnessError(n) ? `residual skewness ${g.toFixed(2)} (the rule allows ±${(RESIDUAL_SKEW_SE * skewnessError(n)).toFixed(2)} at ${n} replications)`
    : null;
  if (why !== null) return { trusted: false, reason: why, controls, residualSkewness: g };
  return { trusted: true, mean: fit.mean, lo: fit.lo, hi: fit.hi, ...(fit.constant && { constant: true as const }), controls, varianceRatio: fit.varianceRatio, residualSkewness: g };
}
