import { SERIES, seriesInfo, seriesIntervals, unitText, type Report } from '../engine/index.ts';
import { csvText, type Column } from './columns.ts';

/**
 * monthly.csv: one row per arm × month: arm, month (the period's first day), then every SERIES
 * value with its unit in the header (`cost.total [CNY]`), each followed by its 95 % interval
 * over replications (`… lo`, `… hi`; empty for a report read back from report.json, which holds
 * only the means), then the scenario's hash, seed and currency, so rows of several runs can be
 * stacked and still traced.
 */
export function monthlyTable(report: Report): Column[] {
  const { hash, seed, currency } = report.scenario;
  const M = report.months.length, rows = report.arms.length * M;
  const each = <T>(f: (a: number, m: number) => T): T[] => Array.from({ length: rows }, (_, i) => f(Math.floor(i / M), i % M));
  const bounds = report.arms.map((arm) => seriesIntervals(arm));
  const columns: Column[] = [
    { name: 'arm', kind: 'text', values: each((a) => report.arms[a].name) },
    { name: 'month', kind: 'text', values: each((_, m) => report.months[m]) },
  ];
  for (const s of SERIES) {
    const unit = `[${unitText(seriesInfo(s).unit, currency)}]`;
    columns.push(
      { name: `${s} ${unit}`, kind: 'number', values: each((a, m) => report.arms[a].series[s][m]) },
      { name: `${s} lo ${unit}`, kind: 'number', values: each((a, m) => bounds[a]?.[s].lo[m] ?? null) },
      { name: `${s} hi ${unit}`, kind: 'number', values: each((a, m) => bounds[a]?.[s].hi[m] ?? null) },
    );
  }
  columns.push(
    { name: 'hash', kind: 'text', values: each(() => hash) },
    { name: 'seed', kind: 'text', values: each(() => seed) },
    { name: 'currency', kind: 'text', values: each(() => currency) },
  );
  return columns;
}

/** monthly.csv's text; `bom` puts a UTF-8 byte-order mark first (for Excel). */
export function monthlyCsv(report: Report, options: { bom?: boolean } = {}): string {
  return csvText(monthlyTable(report), options);
}
