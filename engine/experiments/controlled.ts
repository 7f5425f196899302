import type { Model } from '../model.ts';
import type { Controlled, ControlledEstimate } from '../report.ts';
import { COST_CATEGORIES, METRICS, type MetricName } from '../metrics.ts';
import { BATCH_CARDS, BATCH_CONTROLS, BATCH_START, vectorsOf } from '../batches.ts';
import { expectedControls, expectedIn, type ControlledFit } from './control.ts';
import { FAULT_MB, MEAN_MB } from './control-draws.ts';
import { pooledControlled } from './control-pooled.ts';

/**
 * The trust rule (docs/statistics.md, "Control variates"): the controlled interval is reported
 * only with at least PER_CONTROL observations (batches × replications) per control used,
 * MIN_OBSERVATIONS in all, and MIN_FAULTS runaway faults expected per replication in the arms
 * whose controls are offered [default: 10, 20 and 20]. The observations are the batches of all
 * replications pooled (control-pooled.ts), so one replication of 32 batches meets the count.
 */
export const MIN_OBSERVATIONS = 20;
export const PER_CONTROL = 10;
export const MIN_FAULTS = 20;
/**
 * And a variance ratio (plain over controlled) of at least MIN_VARIANCE_RATIO [default: 3]: where
 * the faults explain little of a difference, the controlled interval inherits the plain one's
 * skewness and adds nothing (over replications: pools.yaml's profile, 128 cards × 12 months, 20
 * replications, ratio 1.2 on average; at 2 that case kept 14 runs of 300, covering 71 %; at 3 it
 * kept 1). Over batches the coverage test (test/experiments/controlled.test.ts) measures it again.
 */
export const MIN_VARIANCE_RATIO = 3;
/**
 * And controls whose expectations lean at most MAX_TAIL [default: 0.001] on values the draws do not
 * resolve (control.ts DRAW_RESOLUTION): a lognormal runaway factor or mean volume puts 0.06 % of its
 * mean there at spread 3, 1.3 % at 4 and 11 % at 5, where the controlled difference was biased by
 * about 5 half-widths (an extreme-values hunt, 640 cards × 2 months × 40 replications, plain draws).
 */
export const MAX_TAIL = 0.001;

/** The money metrics: the total and its parts. */
export const COST_METRICS: MetricName[] = ['cost.total', ...COST_CATEGORIES.map((c) => `cost.${c}` as MetricName), 'cost.downtime'];

/** Whether an arm has runaway faults (a profile in use with a positive hazard). */
function hasFaults(model: Model): boolean {
  return model.cohorts.some((c) => (model.runaway[c.profile]?.dailyHazard ?? 0) > 0);
}

export interface ControlOptions {
  /** The controls offered, of the baseline and (when its draws differ) of the arm: faultMB alone, or faultMB and meanMB. [default: ['faultMB']] */
  controls?: Array<'faultMB' | 'meanMB'>;
  /** The estimate's variance (and the plain one's, for the variance ratio) from HC3 residuals (heteroscedasticity-consistent); false: σ̂² ∝ cards. [default: true] */
  robust?: boolean;
}

/**
 * The control-variate estimates of arm `a`'s paired money differences from the baseline, from the
 * batch vectors [arm][replication][block] (engine/batches.ts), pooled over batches and
 * replications (control-pooled.ts); null when neither arm has runaway faults, for the baseline, or
 * without batch vectors. Controls: the baseline's faultMB, and this arm's when its draws differ
 * (no common random numbers, or other profiles or cohorts). Each batch's controls come with its
 * vector (computed where it was simulated) and its expectations follow from its cards' cohorts,
 * so the estimate is the same bytes for any worker count and block size.
 */
export function controlledDiff(models: Model[], batches: Float64Array[][][] | undefined, a: number, options: ControlOptions = {}): Controlled | null {
  if (a === 0 || !batches || !(hasFaults(models[0]) || hasFaults(models[a]))) return null;
  const kinds = options.controls ?? ['faultMB'];
  const base = batches[0].flatMap(vectorsOf), arm = batches[a].flatMap(vectorsOf), reps = batches[0].length;
  const m = base.length;
  const off = (reason: string): Controlled => {
    const e: ControlledEstimate = { trusted: false, reason, controls: 0, residualSkewness: null };
    return { controls: [], diff: Object.fromEntries(COST_METRICS.map((k) => [k, e])) };
  };
  if (arm.length !== m || arm.some((v, i) => v[BATCH_CARDS] !== base[i][BATCH_CARDS] || v[BATCH_START] !== base[i][BATCH_START])) return off('the arms cut the fleet into other batches');
  if (m < 3) return off(`${m} batches (the rule needs at least ${MIN_OBSERVATIONS})`);
  const tail = Math.max(expectedControls(models[0]).tail, expectedControls(models[a]).tail);
  if (tail > MAX_TAIL) return off(`${(100 * tail).toPrecision(2)} % of the controls' expected value lies in the tails of the runaway factor or mean volume that the draws do not reach (the rule allows ${100 * MAX_TAIL} %): too heavy a tail, such as a lognormal's spread above 3`);
  const cards = base.map((v) => v[BATCH_CARDS]);
  const same = arm.every((v, i) => v[BATCH_CONTROLS + FAULT_MB] === base[i][BATCH_CONTROLS + FAULT_MB] && v[BATCH_CONTROLS + MEAN_MB] === base[i][BATCH_CONTROLS + MEAN_MB]);
  const names: string[] = [], devs: Float64Array[] = [];
  const offer = (who: string, model: Model, vs: Float64Array[]) => {
    for (const k of kinds) {
      const at = BATCH_CONTROLS + (k === 'faultMB' ? FAULT_MB : MEAN_MB);
      names.push(`${who} ${k}`);
      devs.push(Float64Array.from(vs, (v) => { const s = v[BATCH_START], e = expectedIn(model, s, s + v[BATCH_CARDS]); return v[at] - (k === 'faultMB' ? e.faultMB : e.meanMB); }));
    }
  };
  offer('baseline', models[0], base);
  if (!same) offer('arm', models[a], arm);
  const faults = Math.min(expectedControls(models[0]).faults, same ? Infinity : expectedControls(models[a]).faults);
  const diff: Controlled['diff'] = {};
  for (const name of COST_METRICS) {
    const k = METRICS.indexOf(name);
    const ys = Float64Array.from(arm, (v, i) => v[k] - base[i][k]);
    diff[name] = trusted(pooledControlled(ys, cards, devs, reps, options.robust), m, faults);
  }
  return { controls: names, diff };
}

/** Observations (batches × replications) the trust rule needs with q controls. */
export function needed(q: number): number {
  return Math.max(MIN_OBSERVATIONS, PER_CONTROL * q);
}

/** The fit as reported: kept when the trust rule holds, else only why not. */
function trusted(fit: ControlledFit, n: number, faults: number): ControlledEstimate {
  const { controls, residualSkewness: g } = fit;
  const why = controls === 0 ? 'no control varies'
    : n < needed(controls) ? `${n} batches × replications (with ${controls} control${controls > 1 ? 's' : ''} the rule needs ${needed(controls)})`
    : faults < MIN_FAULTS ? `${faults.toFixed(1)} runaway faults expected per replication (the rule needs ${MIN_FAULTS})`
    : fit.varianceRatio === null || fit.varianceRatio < MIN_VARIANCE_RATIO ? `variance ratio ${fit.varianceRatio === null ? 'none' : fit.varianceRatio.toFixed(2)} (the rule needs ${MIN_VARIANCE_RATIO}: the faults explain little of this difference)`
    : null;
  if (why !== null) return { trusted: false, reason: why, controls, residualSkewness: g };
  return { trusted: true, mean: fit.mean, lo: fit.lo, hi: fit.hi, ...(fit.constant && { constant: true as const }), controls, varianceRatio: fit.varianceRatio, residualSkewness: g };
}
