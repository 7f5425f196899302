import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS, SERIES } from '../../engine/index.ts';
import { cli, tempDir } from './helpers.ts';

const SWEEP = 'scenarios/examples/alert-pack-sweep.yaml';
const REPS = 2;

/** csv-parse as a data tool reads the file: a header line, then records as objects; numbers stay text. */
function readCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true });
}

describe('run --out: result tables', () => {
  let dir = '';
  let report: { arms: { name: string; series: Record<string, number[]>; replications: Record<string, number[]> }[]; months: string[]; scenario: Record<string, unknown> };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'simlapse-tables-'));
    const r = cli('run', SWEEP, '--replications', String(REPS), '--workers', '0', '--parquet', '--out', dir);
    expect(r.status, r.stderr).toBe(0);
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('replications.csv has one row per arm × replication, every metric, and the swept values per arm', () => {
    const rows = readCsv(readFileSync(join(dir, 'replications.csv'), 'utf8'));
    expect(Object.keys(rows[0])).toEqual(['arm', 'replication', ...METRICS, 'policies.alerts.thresholdPct', 'plans.tracker.addon']);
    expect(rows).toHaveLength(13 * REPS);
    rows.forEach((row, i) => {
      const a = Math.floor(i / REPS), r = i % REPS;
      expect(row.arm).toBe(report.arms[a].name);
      expect(Number(row.replication)).toBe(r);
      for (const m of METRICS) expect(Number(row[m])).toBe(report.arms[a].replications[m][r]);
    });
    const byArm = new Map(rows.map((row) => [row.arm, row]));
    // The explicit baseline has no alerts (empty cell) and the file's pack; swept arms carry their values.
    expect(byArm.get('no alerts')!['policies.alerts.thresholdPct']).toBe('');
    expect(JSON.parse(byArm.get('no alerts')!['plans.tracker.addon'])).toEqual({ sizeMB: 100, price: 10 });
    expect(byArm.get('alert 60 % × pack 50 MB')!['policies.alerts.thresholdPct']).toBe('60');
    expect(byArm.get('alert 90 % × pack 200 MB')!['policies.alerts.thresholdPct']).toBe('90');
    expect(byArm.get('alert 90 % × pack 200 MB')!['plans.tracker.addon']).toBe('{"price":18,"sizeMB":200}');
    const thresholds = new Set(rows.map((row) => row['policies.alerts.thresholdPct']));
    expect([...thresholds].sort()).toEqual(['', '60', '70', '80', '90']);
  });

  it('replications.parquet (read back with hyparquet) holds the rows of replications.csv', async () => {
    const bytes = readFileSync(join(dir, 'replications.parquet'));
    const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
    const parquet = await parquetReadObjects({ file });
    const csv = readCsv(readFileSync(join(dir, 'replications.csv'), 'utf8'));
    expect(parquet).toHaveLength(csv.length);
    parquet.forEach((row, i) => {
      expect(Object.keys(row)).toEqual(Object.keys(csv[i]));
      expect(row.arm).toBe(csv[i].arm);
      expect(row.replication).toBe(Number(csv[i].replication));
      for (const m of METRICS) expect(row[m]).toBe(Number(csv[i][m]));
      expect(row['policies.alerts.thresholdPct']).toBe(csv[i]['policies.alerts.thresholdPct'] === '' ? null : Number(csv[i]['policies.alerts.thresholdPct']));
      expect(row['plans.tracker.addon']).toBe(csv[i]['plans.tracker.addon']);
    });
  });

  it('monthly.csv: units in the headers, each series with its 95 % interval, and the hash, seed and currency', () => {
    const text = readFileSync(join(dir, 'monthly.csv'), 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(false);
    const rows = readCsv(text);
    const header = Object.keys(rows[0]);
    expect(header.slice(0, 2)).toEqual(['arm', 'month']);
    expect(header).toContain('cost.total [CNY]');
    expect(header).toContain('cost.total lo [CNY]');
    expect(header).toContain('online hi [cards]');
    expect(header).toContain('downtime.cardDays [card-days]');
    expect(header).toContain('usageMB lo [MB]');
    expect(header.slice(-3)).toEqual(['hash', 'seed', 'currency']);
    expect(header).toHaveLength(2 + 3 * SERIES.length + 3);
    expect(rows).toHaveLength(13 * report.months.length);
    for (const row of rows) {
      expect(row.hash).toBe(report.scenario.hash);
      expect(row.seed).toBe(String(report.scenario.seed));
      expect(row.currency).toBe('CNY');
    }
    const row = rows[report.months.length + 5]; // arm 1, month 5
    const arm = report.arms[1];
    expect(row.arm).toBe(arm.name);
    expect(row.month).toBe(report.months[5]);
    expect(Number(row['cost.total [CNY]'])).toBe(arm.series['cost.total'][5]);
    // Replications differ, so the interval is open around the mean.
    expect(Number(row['cost.total lo [CNY]'])).toBeLessThan(Number(row['cost.total [CNY]']));
    expect(Number(row['cost.total hi [CNY]'])).toBeGreaterThan(Number(row['cost.total [CNY]']));
  });
});

describe('run --out --excel / --bom', () => {
  it('--excel and --bom start every CSV with a UTF-8 byte-order mark; report.json has none', () => {
    for (const flag of ['--excel', '--bom']) {
      const dir = tempDir();
      const r = cli('run', 'scenarios/examples/hand-check.yaml', '--workers', '0', flag, '--out', dir);
      expect(r.status, r.stderr).toBe(0);
      for (const name of ['monthly.csv', 'replications.csv']) {
        const bytes = readFileSync(join(dir, name));
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(bytes.subarray(3, 7).toString()).toBe('arm,');
      }
      expect(readFileSync(join(dir, 'report.json'), 'utf8').startsWith('{')).toBe(true);
    }
  });

  it('without a sweep, replications.csv has no parameter columns', () => {
    const dir = tempDir();
    expect(cli('run', 'scenarios/examples/hand-check.yaml', '--workers', '0', '--out', dir).status).toBe(0);
    const rows = readCsv(readFileSync(join(dir, 'replications.csv'), 'utf8'));
    expect(Object.keys(rows[0])).toEqual(['arm', 'replication', ...METRICS]);
  });
});
