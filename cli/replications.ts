import { METRICS, canonicalJson, type Report, type SweepParameters } from '../engine/index.ts';
import { csvText, type Column } from './columns.ts';

/**
 * replications.csv (and .parquet): one row per arm × replication: arm, replication (from 0),
 * every metric's value in that replication (as `report.arms[].replications` holds it: the
 * values behind the estimates and the paired differences), then one column per swept field
 * path with the value the arm runs with: a number, a text, or for a list or mapping its
 * canonical JSON; empty where the arm has none (an explicit arm whose `alerts` is null).
 */
export function replicationsTable(report: Report, parameters?: SweepParameters): Column[] {
  const R = report.scenario.replications, rows = report.arms.length * R;
  const each = <T>(f: (a: number, r: number) => T): T[] => Array.from({ length: rows }, (_, i) => f(Math.floor(i / R), i % R));
  const columns: Column[] = [
    { name: 'arm', kind: 'text', values: each((a) => report.arms[a].name) },
    { name: 'replication', kind: 'integer', values: each((_, r) => r) },
    ...METRICS.map((name): Column => ({ name, kind: 'number', values: each((a, r) => report.arms[a].replications[name][r]) })),
  ];
  parameters?.keys.forEach((key, k) => {
    const values = parameters.values.map((v) => v[k]);
    const numeric = values.every((v) => v === undefined || v === null || typeof v === 'number');
    const cell = (v: unknown) => (v === undefined || v === null ? null : numeric ? (v as number) : typeof v === 'string' ? v : canonicalJson(v));
    columns.push({ name: key, kind: numeric ? 'number' : 'text', values: each((a) => cell(values[a])) });
  });
  return columns;
}

/** replications.csv's text; `bom` puts a UTF-8 byte-order mark first (for Excel). */
export function replicationsCsv(report: Report, parameters?: SweepParameters, options: { bom?: boolean } = {}): string {
  return csvText(replicationsTable(report, parameters), options);
}
