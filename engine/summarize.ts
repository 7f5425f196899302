import type { ScenarioConfig } from './config.ts';
import type { Model } from './model.ts';
import type { ArmReport, BatchMeans, Controlled, Diagnostics, Estimate, Intervals, Report } from './report.ts';
import { CANCELLED, COST_CATEGORIES, DOWNTIME_REASONS, FLAG_COMBINATIONS, METRICS, SERIES, STATES, STOP_COUNTERS, downtimeMetric, type MetricName, type SeriesName } from './metrics.ts';
import { HIST_EDGES, T_CANCELLED, T_DEMAND_DAYS, T_REPLACED, T_UNSERVED, T_USAGE, layout, type Layout } from './layout.ts';
import { CONFIDENCE, estimate, replicationsForSkewness, round, skewness, skewnessTooLarge } from './stats.ts';
import { batchMeans, batchSample } from './batches.ts';
import { formatDate } from './calendar.ts';
import { ENGINE_VERSION } from './version.ts';
import { rngName } from './rng.ts';
import { stratifies } from './jobs.ts';
import { DEFAULT_DECISION } from './experiments/decision.ts';
import type { ExperimentConfig } from './experiments/experiment.ts';
import { rankArms } from './experiments/ranking.ts';
import { paretoFront } from './experiments/pareto.ts';
import { addSelection, type SelectionInput } from './experiments/selection.ts';
import { equalUnits } from './experiments/sample.ts';
import { controlledDiff } from './experiments/controlled.ts';

/**
 * Adds block results in block order into one replication total: their first `length` numbers (the
 * layout vector of a packed job result, engine/batches.ts). [default: the shortest block's length,
 * which holds the layout vector; metricsOf and seriesOf read only that]
 */
export function mergeBlocks(blocks: Float64Array[], length = Math.min(...blocks.map((b) => b.length))): Float64Array {
  const out = new Float64Array(length);
  for (const b of blocks) for (let k = 0; k < out.length; k++) out[k] += b[k];
  return out;
}

/** Each metric's position in METRICS, and those of the cost categories, downtime reasons and stop counters. */
const AT = Object.fromEntries(METRICS.map((m, k) => [m, k])) as Record<MetricName, number>;
const COST_AT = COST_CATEGORIES.map((c) => AT[`cost.${c}`]);
const DOWN_AT = DOWNTIME_REASONS.map((r) => AT[downtimeMetric(r)]);
const STOP_AT = STOP_COUNTERS.map((c) => AT[`stops.${c}`]);

/** The metrics of one replication of one arm. */
export function metricsOf(total: Float64Array, model: Model): Record<MetricName, number> {
  const v = new Float64Array(METRICS.length);
  metricsInto(total, model, v, 0);
  const out = {} as Record<MetricName, number>;
  METRICS.forEach((name, k) => (out[name] = v[k]));
  return out;
}

/** `metricsOf` into `out` from `at`, in METRICS order, with no allocation (it runs per card for `--cards`). */
export function metricsInto(total: Float64Array, model: Model, out: Float64Array, at: number, L: Layout = layout(model.months)): void {
  const M = L.months;
  let cost = 0, downtime = 0;
  for (let c = 0; c < COST_AT.length; c++) {
    let x = 0;
    for (let k = 0; k < M; k++) x += total[L.cost + c * M + k];
    out[at + COST_AT[c]] = x;
    cost += x;
  }
  for (let r = 0; r < DOWN_AT.length; r++) {
    let x = 0;
    for (let k = 0; k < M; k++) x += total[L.down + r * M + k];
    out[at + DOWN_AT[r]] = x;
    downtime += x;
  }
  for (let c = 0; c < STOP_AT.length; c++) out[at + STOP_AT[c]] = total[L.stops + c];
  const costDown = downtime * model.downtimeCostPerCardDay;
  const demandDays = total[L.totals + T_DEMAND_DAYS];
  out[at + AT['cost.total']] = cost + costDown;
  out[at + AT['cost.downtime']] = costDown;
  out[at + AT['downtime.cardDays']] = downtime;
  out[at + AT.availability] = demandDays > 0 ? 1 - downtime / demandDays : 1;
  out[at + AT.usageMB] = total[L.totals + T_USAGE];
  out[at + AT.unservedMB] = total[L.totals + T_UNSERVED];
  out[at + AT.cancelled] = total[L.totals + T_CANCELLED];
  out[at + AT.replaced] = total[L.totals + T_REPLACED];
}

/** The monthly series of one replication. */
export function seriesOf(total: Float64Array, model: Model): Record<SeriesName, number[]> {
  const L = layout(model.months), M = L.months, ps = model.cal.periodStart;
  const out = {} as Record<SeriesName, number[]>;
  for (const name of SERIES) out[name] = new Array(M).fill(0);
  for (let k = 0; k < M; k++) {
    const days = ps[k + 1] - ps[k];
    for (let fl = 0; fl < FLAG_COMBINATIONS; fl++) {
      const v = total[L.state + fl * M + k] / days;
      // A state's series counts the cards with its bit set; a cancelled card counts only as cancelled.
      for (const s of STATES) {
        if (s.bit === 0 ? fl === 0 : (fl & s.bit) !== 0 && (s.key === 'cancelled' || (fl & CANCELLED) === 0)) out[s.key][k] += v;
      }
    }
    out.preService[k] = total[L.preService + k] / days;
    let dt = 0;
    for (let r = 0; r < DOWNTIME_REASONS.length; r++) dt += total[L.down + r * M + k];
    out['downtime.cardDays'][k] = dt;
    out['cost.downtime'][k] = dt * model.downtimeCostPerCardDay;
    let c = out['cost.downtime'][k];
    COST_CATEGORIES.forEach((cat, ci) => {
      const v = total[L.cost + ci * M + k];
      out[`cost.${cat}` as SeriesName][k] = v;
      c += v;
    });
    out['cost.total'][k] = c;
    out.usageMB[k] = total[L.usage + k];
    out.unservedMB[k] = total[L.unserved + k];
  }
  return out;
}

/** Each arm's monthly series per replication, kept beside the reports built in this process (report.json does not hold them). */
const seriesByReplication = new WeakMap<ArmReport, Record<SeriesName, number[]>[]>();

/**
 * The 95 % interval (over replications, as `estimate` computes it: null with one replication) of every monthly series value
 * of an arm of a report built in this process; null for an arm read from report.json.
 */
export function seriesIntervals(arm: ArmReport): Record<SeriesName, { lo: (number | null)[]; hi: (number | null)[] }> | null {
  const reps = seriesByReplication.get(arm);
  if (!reps) return null;
  const out = {} as Record<SeriesName, { lo: (number | null)[]; hi: (number | null)[] }>;
  for (const name of SERIES) {
    const e = reps[0][name].map((_, k) => estimate(reps.map((r) => r[name][k])));
    out[name] = { lo: e.map((x) => x.lo), hi: e.map((x) => x.hi) };
  }
  return out;
}

/**
 * Builds the report from replication totals: totals[arm][replication] is the
 * block-order merge of that arm and replication's block results; batches[arm][replication][block]
 * (each job result's batch vectors, splitResult), when given, adds the batch-means intervals and, with runaway
 * faults, the control-variate estimates over batches (arm.controlled; a trusted one becomes the
 * arm's money diff). With two arms or
 * more it also ranks them (by the scenario's `decision`, if it has one) and lists
 * the cost–downtime Pareto front.
 */
export function summarize(scenario: ScenarioConfig, models: Model[], totals: Float64Array[][], batches?: Float64Array[][][]): Report {
  const R = scenario.replications;
  const perRep = totals.map((reps, a) => reps.map((t) => metricsOf(t, models[a])));
  const bms = scenario.arms.map((_, a) => (batches ? batchMeans(batches[a], a > 0 ? batches[0] : undefined) : null));
  const headline: Intervals['headline'] = R >= 2 ? 'replications' : bms.some((b) => b !== null) ? 'batchMeans' : 'none';
  /** The headline estimate: the mean over replications with the interval `headline` names. */
  const pick = (xs: number[], bm: Estimate | undefined): Estimate => {
    const e = estimate(xs);
    return headline === 'batchMeans' && bm ? { mean: e.mean, lo: bm.lo, hi: bm.hi, ...(bm.constant && { constant: true as const }) } : e;
  };
  const arms: ArmReport[] = scenario.arms.map((arm, a) => {
    const model = models[a], L = layout(model.months), bm = bms[a];
    const metrics = {} as Record<MetricName, Estimate>;
    for (const name of METRICS) metrics[name] = pick(perRep[a].map((m) => m[name]), bm?.metrics[name]);
    const series = {} as Record<SeriesName, number[]>;
    const reps = totals[a].map((t) => seriesOf(t, model));
    for (const name of SERIES) series[name] = reps[0][name].map((_, k) => round(reps.reduce((x, r) => x + r[name][k], 0) / R));
    const cards = HIST_EDGES.map((_, b) => round(totals[a].reduce((x, t) => x + t[L.hist + b], 0) / R));
    const replications = {} as Record<MetricName, number[]>;
    for (const name of METRICS) replications[name] = perRep[a].map((m) => round(m[name]));
    let diff: ArmReport['diff'] = null;
    if (a > 0) {
      diff = {} as Record<MetricName, Estimate>;
      // The paired differences of the replications as `replications` gives them (rounded): arms that agree to the
      // reported digits differ by exactly 0 (`constant`), not by the last bits of sums made in another order.
      for (const name of METRICS) diff[name] = pick(perRep[a].map((m, r) => round(m[name]) - round(perRep[0][r][name])), bm?.diff?.[name]);
    }
    const out: ArmReport = {
      name: arm.name, metrics, series, downtimeHistogram: { edges: [...HIST_EDGES], cards }, diff, replications,
      batchMeans: bm, diagnostics: diagnose(perRep[a]),
    };
    const cv = controlledDiff(models, batches, a);
    if (cv) out.controlled = useControlled(cv, diff!);
    seriesByReplication.set(out, reps);
    return out;
  });
  const m0 = models[0];
  const report: Report = {
    format: 'simlapse-report',
    version: 1,
    engine: { name: 'simlapse', version: ENGINE_VERSION },
    rng: rngName({ commonRandomNumbers: scenario.commonRandomNumbers, stratify: stratifies(scenario) }),
    scenario: {
      name: scenario.name,
      question: scenario.question,
      hash: scenario.hash,
      seed: scenario.seed,
      replications: R,
      start: scenario.arms[0].start,
      months: m0.months,
      days: m0.days,
      cards: m0.cards,
      blockSize: scenario.blockSize,
      currency: scenario.arms[0].currency,
    },
    months: Array.from({ length: m0.months }, (_, k) => formatDate(m0.cal.start + m0.cal.periodStart[k])),
    intervals: { confidence: CONFIDENCE, headline, blockSize: scenario.blockSize },
    arms,
  };
  if (arms.length > 1) {
    report.ranking = rankArms(arms, perRep, (scenario as ExperimentConfig).decision ?? DEFAULT_DECISION, batches);
    report.pareto = paretoFront(arms);
    addSelection(report.ranking, report.pareto, arms.map((a) => a.name), selectionUnits(scenario, perRep, batches));
  }
  return report;
}

/**
 * Puts each trusted control-variate estimate in the arm's `diff` (the headline paired difference
 * of that money metric), keeping the plain one it replaces in `controlled.plain`.
 */
function useControlled(cv: Controlled, diff: Record<MetricName, Estimate>): Controlled {
  const plain: Controlled['plain'] = {};
  for (const name of Object.keys(cv.diff) as MetricName[]) {
    const e = cv.diff[name]!;
    if (!e.trusted) continue;
    plain[name] = diff[name];
    diff[name] = { mean: e.mean, lo: e.lo, hi: e.hi, ...(e.constant && { constant: true as const }) };
  }
  return Object.keys(plain).length > 0 ? { ...cv, plain } : cv;
}

/** The paired units the selection compares: replications (two or more), else the batches of the one replication, else none. */
function selectionUnits(scenario: ScenarioConfig, perRep: Record<MetricName, number>[][], batches?: Float64Array[][][]): SelectionInput | null {
  const seed = scenario.seed;
  if (perRep[0].length >= 2) return { sample: (m) => equalUnits(perRep.map((reps) => reps.map((r) => r[m]))), over: 'replications', seed };
  if (!batches || !batchSample(batches, 'cost.total')) return null;
  return { sample: (m) => batchSample(batches, m)!, over: 'batches', seed };
}

/** Skewness of each metric's replication totals, those large for the number of replications, and those with no spread. */
export function diagnose(perRep: Record<MetricName, number>[]): Diagnostics {
  const n = perRep.length;
  const out: Diagnostics = { skewness: {} as Record<MetricName, number | null>, skewed: [], noSpread: [] };
  for (const name of METRICS) {
    const xs = perRep.map((m) => m[name]);
    const g = skewness(xs);
    out.skewness[name] = g === null ? null : round(g);
    if (g !== null && skewnessTooLarge(g, n)) out.skewed.push({ metric: name, skewness: round(g), replications: n, needed: replicationsForSkewness(g) });
    if (n >= 2 && xs.every((x) => x === xs[0])) out.noSpread.push(name);
  }
  return out;
}

export type { BatchMeans };
