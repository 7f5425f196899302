import type { ScenarioConfig } from './config.ts';
import type { Model } from './model.ts';
import { METRICS, SERIES, type ArmReport, type MetricName, type Report, type SeriesName } from './report.ts';
import { COST, HIST_EDGES, REASONS, STOPS, T_CANCELLED, T_DEMAND_DAYS, T_REPLACED, T_UNSERVED, T_USAGE, layout } from './layout.ts';
import { estimate, round } from './stats.ts';
import { formatDate } from './calendar.ts';
import { ENGINE_VERSION } from './version.ts';
import { RNG_NAME } from './rng.ts';
import { DEFAULT_DECISION } from './experiments/decision.ts';
import type { ExperimentConfig } from './experiments/experiment.ts';
import { rankArms } from './experiments/ranking.ts';
import { paretoFront } from './experiments/pareto.ts';

/** Adds block results in block order into one replication total. */
export function mergeBlocks(blocks: Float64Array[]): Float64Array {
  const out = new Float64Array(blocks[0].length);
  for (const b of blocks) for (let k = 0; k < out.length; k++) out[k] += b[k];
  return out;
}

/** The metrics of one replication of one arm. */
export function metricsOf(total: Float64Array, model: Model): Record<MetricName, number> {
  const L = layout(model.months), M = L.months;
  const sum = (off: number) => { let x = 0; for (let k = 0; k < M; k++) x += total[off + k]; return x; };
  const cost = COST.map((_, c) => sum(L.cost + c * M));
  const down = REASONS.map((_, r) => sum(L.down + r * M));
  const downtime = down.reduce((a, b) => a + b, 0);
  const costDown = downtime * model.downtimeCostPerCardDay;
  const demandDays = total[L.totals + T_DEMAND_DAYS];
  const stop = (k: number) => total[L.stops + k];
  return {
    'cost.total': cost.reduce((a, b) => a + b, 0) + costDown,
    'cost.plan': cost[0],
    'cost.overage': cost[1],
    'cost.addon': cost[2],
    'cost.retention': cost[3],
    'cost.replacement': cost[4],
    'cost.downtime': costDown,
    'downtime.cardDays': downtime,
    'downtime.cardDays.cancelled': down[0],
    'downtime.cardDays.expired': down[1],
    'downtime.cardDays.arrears': down[2],
    'downtime.cardDays.overQuota': down[3],
    'downtime.cardDays.manual': down[4],
    availability: demandDays > 0 ? 1 - downtime / demandDays : 1,
    usageMB: total[L.totals + T_USAGE],
    unservedMB: total[L.totals + T_UNSERVED],
    'stops.manual': stop(STOPS.indexOf('manual')),
    'stops.overQuota': stop(STOPS.indexOf('overQuota')),
    'stops.arrears': stop(STOPS.indexOf('arrears')),
    'stops.expired': stop(STOPS.indexOf('expired')),
    'stops.manualRefused': stop(STOPS.indexOf('manualRefused')),
    cancelled: total[L.totals + T_CANCELLED],
    replaced: total[L.totals + T_REPLACED],
  };
}

/** The monthly series of one replication. */
export function seriesOf(total: Float64Array, model: Model): Record<SeriesName, number[]> {
  const L = layout(model.months), M = L.months, ps = model.cal.periodStart;
  const out = {} as Record<SeriesName, number[]>;
  for (const name of SERIES) out[name] = new Array(M).fill(0);
  for (let k = 0; k < M; k++) {
    const days = ps[k + 1] - ps[k];
    for (let fl = 0; fl < 32; fl++) {
      const v = total[L.state + fl * M + k] / days;
      if (fl === 0) out.online[k] += v;
      if (fl & 16) out.cancelled[k] += v;
      else {
        if (fl & 1) out.manual[k] += v;
        if (fl & 2) out.overQuota[k] += v;
        if (fl & 4) out.arrears[k] += v;
        if (fl & 8) out.expired[k] += v;
      }
    }
    let dt = 0;
    for (let r = 0; r < REASONS.length; r++) dt += total[L.down + r * M + k];
    out['downtime.cardDays'][k] = dt;
    out['cost.downtime'][k] = dt * model.downtimeCostPerCardDay;
    let c = out['cost.downtime'][k];
    COST.forEach((cat, ci) => {
      const v = total[L.cost + ci * M + k];
      out[`cost.${cat}` as SeriesName][k] = v;
      c += v;
    });
    out['cost.total'][k] = c;
  }
  return out;
}

/**
 * Builds the report from replication totals: totals[arm][replication] is the
 * block-order merge of that arm and replication's block results. With two arms or
 * more it also ranks them (by the scenario's `decision`, if it has one) and lists
 * the cost–downtime Pareto front.
 */
export function summarize(scenario: ScenarioConfig, models: Model[], totals: Float64Array[][]): Report {
  const R = scenario.replications;
  const perRep = totals.map((reps, a) => reps.map((t) => metricsOf(t, models[a])));
  const arms: ArmReport[] = scenario.arms.map((arm, a) => {
    const model = models[a], L = layout(model.months);
    const metrics = {} as Record<MetricName, ReturnType<typeof estimate>>;
    for (const name of METRICS) metrics[name] = estimate(perRep[a].map((m) => m[name]));
    const series = {} as Record<SeriesName, number[]>;
    const reps = totals[a].map((t) => seriesOf(t, model));
    for (const name of SERIES) series[name] = reps[0][name].map((_, k) => round(reps.reduce((x, r) => x + r[name][k], 0) / R));
    const cards = HIST_EDGES.map((_, b) => round(totals[a].reduce((x, t) => x + t[L.hist + b], 0) / R));
    let diff: ArmReport['diff'] = null;
    if (a > 0) {
      diff = {} as Record<MetricName, ReturnType<typeof estimate>>;
      for (const name of METRICS) diff[name] = estimate(perRep[a].map((m, r) => m[name] - perRep[0][r][name]));
    }
    return { name: arm.name, metrics, series, downtimeHistogram: { edges: [...HIST_EDGES], cards }, diff };
  });
  const m0 = models[0];
  const report: Report = {
    format: 'simlapse-report',
    version: 1,
    engine: { name: 'simlapse', version: ENGINE_VERSION },
    rng: RNG_NAME,
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
    arms,
  };
  if (arms.length > 1) {
    report.ranking = rankArms(arms, perRep, (scenario as ExperimentConfig).decision ?? DEFAULT_DECISION);
    report.pareto = paretoFront(arms);
  }
  return report;
}
