/**
 * The report: the one interface between the engine and everything that shows
 * results (CLI table, report.json, monthly CSV, the page). Versioned; documented
 * in the README ("The report").
 */

/** Mean over replications and its 95 % Student-t interval (lo = hi = mean with one replication). */
export interface Estimate {
  mean: number;
  lo: number;
  hi: number;
}

/** Metric names, exactly as DESIGN.md §6. */
export const METRICS = [
  'cost.total',
  'cost.plan',
  'cost.overage',
  'cost.addon',
  'cost.retention',
  'cost.replacement',
  'cost.downtime',
  'downtime.cardDays',
  'downtime.cardDays.cancelled',
  'downtime.cardDays.expired',
  'downtime.cardDays.arrears',
  'downtime.cardDays.overQuota',
  'downtime.cardDays.manual',
  'availability',
  'usageMB',
  'unservedMB',
  'stops.manual',
  'stops.overQuota',
  'stops.arrears',
  'stops.expired',
  'stops.manualRefused',
  'cancelled',
  'replaced',
] as const;

export type MetricName = (typeof METRICS)[number];

/** Monthly series names: average number of cards per day in each state, then per-month totals. */
export const SERIES = [
  'online',
  'manual',
  'overQuota',
  'arrears',
  'expired',
  'cancelled',
  'cost.total',
  'cost.plan',
  'cost.overage',
  'cost.addon',
  'cost.retention',
  'cost.replacement',
  'cost.downtime',
  'downtime.cardDays',
] as const;

export type SeriesName = (typeof SERIES)[number];

export interface ArmReport {
  name: string;
  metrics: Record<MetricName, Estimate>;
  /** Per month (see Report.months), the mean over replications. */
  series: Record<SeriesName, number[]>;
  /** Cards by total downtime days over the horizon: cards[k] counts cards with edges[k] ≤ days < edges[k+1] (mean over replications). */
  downtimeHistogram: { edges: number[]; cards: number[] };
  /** Paired difference from the baseline arm (this arm minus baseline), replication by replication; null for the baseline. */
  diff: Record<MetricName, Estimate> | null;
}

export interface Report {
  format: 'simlapse-report';
  /** Report format version. */
  version: 1;
  engine: { name: 'simlapse'; version: string };
  /** The RNG algorithm, so figures can be reproduced. */
  rng: string;
  scenario: {
    name: string;
    question: string;
    hash: string;
    seed: string;
    replications: number;
    start: string;
    months: number;
    days: number;
    cards: number;
    blockSize: number;
    currency: string;
  };
  /** First day (YYYY-MM-DD) of each monthly period of the series. */
  months: string[];
  arms: ArmReport[];
}
