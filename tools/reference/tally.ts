/**
 * The reference model's books: what every step needs of the model (its arm, calendar, draws,
 * day and bookkeeping), the states tallied each day, and the result the tallies make at the end.
 */
import type { ArmConfig } from '../../engine/config.ts';
import { METRICS, SERIES, type DowntimeReason, type MetricName, type SeriesName } from '../../engine/metrics.ts';
import { isOnline, type Flag, type RefCard, type RefEvent } from './card.ts';
import type { Days, Draws } from './days.ts';

export type CostCat = 'plan' | 'overage' | 'addon' | 'retention' | 'replacement';
export const STATES = ['online', 'manual', 'overQuota', 'arrears', 'expired', 'cancelled', 'preService'] as const;
export type State = (typeof STATES)[number];
/** Lower edges of the per-card downtime histogram (engine report). */
export const HIST_EDGES = [0, 1, 2, 4, 7, 14, 30, 60, 90, 180, 365];
/** A total this far below an edge counts in the bin above (Float32 sums of day fractions: README, downtimeHistogram). */
const HIST_SLACK = 1e-3;

export interface RefResult {
  metrics: Record<MetricName, number>;
  series: Record<SeriesName, number[]>;
  /** Cards by total downtime days (HIST_EDGES bins). */
  histogram: number[];
  /** Per card (global index), its dated events. */
  events: RefEvent[][];
}

/** What every step needs of the reference model: its arm, calendar, draws, cards and day, and its bookkeeping. */
export interface Books {
  readonly arm: ArmConfig;
  readonly cal: Days;
  readonly draw: Draws;
  readonly cards: readonly RefCard[];
  readonly day: number;
  note(c: RefCard, kind: string, detail?: string): void;
  book(cat: CostCat, amount: number): void;
  /** A postpaid charge: booked now, invoiced at the next cycle start. */
  postpaid(c: RefCard, cat: CostCat, amount: number): void;
  addDown(c: RefCard, reason: DowntimeReason, amount: number): void;
  setFlag(c: RefCard, f: Exclude<Flag, 'cancelled' | 'manual'>): void;
  clearFlag(c: RefCard, f: Flag): void;
}

/** The tallies the reference model keeps over the run. */
export interface TallyHost {
  readonly arm: ArmConfig;
  readonly cal: Days;
  readonly day: number;
  readonly cards: readonly RefCard[];
  readonly cost: Record<CostCat, number[]>;
  readonly downBy: Record<DowntimeReason, number[]>;
  readonly state: Record<State, number[]>;
  readonly stops: Record<'manual' | 'overQuota' | 'arrears' | 'expired' | 'manualRefused', number>;
  readonly usage: number;
  readonly unserved: number;
  /** MB served and not served, by month. */
  readonly usageBy: number[];
  readonly unservedBy: number[];
  readonly demandDays: number;
  readonly cancelled: number;
  readonly replaced: number;
}

export function tallyStates(host: TallyHost): void {
  const p = host.cal.period(host.day), days = host.cal.periodStarts[p + 1] - host.cal.periodStarts[p];
  for (const c of host.cards) {
    if (c.pre) { host.state.preService[p] += 1 / days; continue; }
    if (isOnline(c)) host.state.online[p] += 1 / days;
    for (const f of c.flags) host.state[f][p] += 1 / days;
  }
}

// ---- result ----

export function result(host: TallyHost): RefResult {
  const M = host.arm.months, dcost = host.arm.downtimeCostPerCardDay;
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  const costs = { plan: sum(host.cost.plan), overage: sum(host.cost.overage), addon: sum(host.cost.addon), retention: sum(host.cost.retention), replacement: sum(host.cost.replacement) };
  const down = { cancelled: sum(host.downBy.cancelled), expired: sum(host.downBy.expired), arrears: sum(host.downBy.arrears), overQuota: sum(host.downBy.overQuota), manual: sum(host.downBy.manual), throttled: sum(host.downBy.throttled) };
  const downtime = sum(Object.values(down));
  const metrics: Record<MetricName, number> = {
    'cost.total': sum(Object.values(costs)) + downtime * dcost,
    'cost.plan': costs.plan,
    'cost.overage': costs.overage,
    'cost.addon': costs.addon,
    'cost.retention': costs.retention,
    'cost.replacement': costs.replacement,
    'cost.downtime': downtime * dcost,
    'downtime.cardDays': downtime,
    'downtime.cardDays.cancelled': down.cancelled,
    'downtime.cardDays.expired': down.expired,
    'downtime.cardDays.arrears': down.arrears,
    'downtime.cardDays.overQuota': down.overQuota,
    'downtime.cardDays.manual': down.manual,
    'downtime.cardDays.throttled': down.throttled,
    availability: host.demandDays > 0 ? 1 - downtime / host.demandDays : 1,
    usageMB: host.usage,
    unservedMB: host.unserved,
    'stops.manual': host.stops.manual,
    'stops.overQuota': host.stops.overQuota,
    'stops.arrears': host.stops.arrears,
    'stops.expired': host.stops.expired,
    'stops.manualRefused': host.stops.manualRefused,
    cancelled: host.cancelled,
    replaced: host.replaced,
  };
  const series = {} as Record<SeriesName, number[]>;
  for (const s of STATES) series[s] = host.state[s];
  const cats: CostCat[] = ['plan', 'overage', 'addon', 'retention', 'replacement'];
  for (const cat of cats) series[`cost.${cat}`] = host.cost[cat];
  series['downtime.cardDays'] = Array.from({ length: M }, (_, k) => Object.values(host.downBy).reduce((a, r) => a + r[k], 0));
  series['cost.downtime'] = series['downtime.cardDays'].map((x) => x * dcost);
  series['cost.total'] = Array.from({ length: M }, (_, k) => cats.reduce((a, cat) => a + host.cost[cat][k], series['cost.downtime'][k]));
  series.usageMB = host.usageBy;
  series.unservedMB = host.unservedBy;
  const histogram = HIST_EDGES.map(() => 0);
  for (const c of host.cards) {
    let k = HIST_EDGES.length - 1;
    while (k > 0 && c.down < HIST_EDGES[k] - HIST_SLACK) k--;
    histogram[k]++;
  }
  void METRICS;
  void SERIES;
  return { metrics, series, histogram, events: host.cards.map((c) => c.events) };
}
