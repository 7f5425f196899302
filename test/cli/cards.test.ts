import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METRICS } from '../../engine/index.ts';
import { cli, filesIn, startCli, tempDir } from './helpers.ts';

/** Pools (one pooled arm, one of single cards) and an imported fleet: every kind of row. */
const POOLS = 'scenarios/examples/pools.yaml';
const IMPORTED = 'scenarios/examples/imported-fleet.yaml';
const REPS = 2;

function readCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true });
}

/** Metrics that add up over cards (availability is a ratio). */
const ADDITIVE = METRICS.filter((m) => m !== 'availability');

describe('run --cards: one row per card and replication', () => {
  let dir = '';
  let report: { arms: { name: string; replications: Record<string, number[]> }[] };
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'simlapse-cards-'));
    const r = cli('run', POOLS, '--replications', String(REPS), '--workers', '2', '--cards', '--parquet', '--out', dir);
    expect(r.status, r.stderr).toBe(0);
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('the rows of each arm and replication add up to replications.csv (read back with csv-parse)', () => {
    const rows = readCsv(readFileSync(join(dir, 'cards.csv'), 'utf8'));
    expect(Object.keys(rows[0])).toEqual(['arm', 'replication', 'card', 'id', 'cohort', 'pool', 'cards', ...METRICS, 'cancelledOn']);
    for (const [a, arm] of report.arms.entries()) {
      for (let r = 0; r < REPS; r++) {
        const mine = rows.filter((row) => row.arm === arm.name && Number(row.replication) === r);
        expect(mine.reduce((x, row) => x + Number(row.cards), 0), `${arm.name} #${r}`).toBe(2000);
        for (const m of ADDITIVE) {
          const sum = mine.reduce((x, row) => x + Number(row[m]), 0);
          expect(Math.abs(sum - arm.replications[m][r]), `${arm.name} #${r} ${m}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(sum)));
        }
        // The pooled arm has pools of 100 cards (one row each), the other single cards.
        expect(mine.length).toBe(a === 0 ? 2000 : 20);
      }
    }
    const pooled = rows.filter((row) => row.pool !== '');
    expect(new Set(pooled.map((row) => row.cards))).toEqual(new Set(['100']));
  });

  it('cards.parquet (read back with hyparquet) holds the rows of cards.csv', async () => {
    const bytes = readFileSync(join(dir, 'cards.parquet'));
    const parquet = await parquetReadObjects({ file: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) });
    const csv = readCsv(readFileSync(join(dir, 'cards.csv'), 'utf8'));
    expect(parquet).toHaveLength(csv.length);
    for (const i of [0, 1, 1999, 2000, csv.length - 1]) {
      expect(parquet[i].arm).toBe(csv[i].arm);
      expect(parquet[i].card).toBe(Number(csv[i].card));
      expect(parquet[i].pool).toBe(csv[i].pool === '' ? null : Number(csv[i].pool));
      for (const m of METRICS) expect(parquet[i][m]).toBe(Number(csv[i][m]));
    }
  });

  it('cards.parquet is written in row groups of 65,536 rows, the last one shorter (as the README says)', async () => {
    // Found by a docs hunt: a group was written after whole jobs passed 65,536 rows (66,000 + 14,000 here).
    const other = tempDir();
    const r = cli('run', 'scenarios/examples/auto-stop.yaml', '--replications', '20', '--cards', '--parquet', '--out', other);
    expect(r.status, r.stderr).toBe(0);
    const bytes = readFileSync(join(other, 'cards.parquet'));
    const meta = await parquetMetadataAsync(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([65_536, 2 * 2000 * 20 - 65_536]);
  }, 120_000);

  it('the same bytes in this thread as on two workers', () => {
    const other = tempDir();
    const r = cli('run', POOLS, '--replications', String(REPS), '--workers', '0', '--cards', '--out', other);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(other, 'cards.csv'), 'utf8')).toBe(readFileSync(join(dir, 'cards.csv'), 'utf8'));
  });
});

describe('run --cards on an imported fleet', () => {
  it('names each card by its ICCID, and a card that ends cancelled by its date', () => {
    const out = tempDir();
    const r = cli('run', IMPORTED, '--replications', '1', '--workers', '0', '--cards', '--out', out);
    expect(r.status, r.stderr).toBe(0);
    const rows = readCsv(readFileSync(join(out, 'cards.csv'), 'utf8'));
    expect(rows.every((row) => /^89\d{16,20}$/.test(row.id))).toBe(true);
    for (const row of rows) {
      // A date exactly when the card ends the horizon cancelled, and then at least one cancellation day.
      if (row.cancelledOn !== '') {
        expect(row.cancelledOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(Number(row['downtime.cardDays.cancelled'])).toBeGreaterThan(0);
      }
    }
  });
});

describe('run --cards: mistakes', () => {
  it('--cards without --out is a usage error, exit 2, nothing run', () => {
    const r = cli('run', POOLS, '--cards');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--cards writes into the --out folder');
    expect(r.stderr).not.toMatch(/running/);
  });

  it('--excel, --bom and --parquet without --out are usage errors too (they change only the files --out writes)', () => {
    for (const flag of ['--excel', '--bom', '--parquet']) {
      const r = cli('run', POOLS, flag);
      expect([r.status, r.stderr]).toEqual([2, `simlapse: ${flag} writes into the --out folder: give --out <dir> too\n`]);
    }
  });

  it('a run without --cards into a folder that holds an earlier cards.csv keeps it, and says it does not describe the new report', () => {
    const dir = tempDir(), hand = 'scenarios/examples/hand-check.yaml';
    const first = cli('run', hand, '--workers', '0', '--cards', '--parquet', '--out', dir, '--seed', '1');
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).not.toContain('is not from this run');
    const cards = readFileSync(join(dir, 'cards.csv'));
    const second = cli('run', hand, '--workers', '0', '--out', dir, '--seed', '2');
    expect(second.status, second.stderr).toBe(0);
    for (const [name, why] of [['replications.parquet', 'no --parquet'], ['cards.csv', 'no --cards'], ['cards.parquet', 'no --cards --parquet']]) {
      expect(second.stderr).toContain(`simlapse: note: ${join(dir, name)} is not from this run (${why}): it does not describe this report.json\n`);
    }
    expect(readFileSync(join(dir, 'cards.csv')).equals(cards)).toBe(true);
  });

  it('a folder where cards.csv would go is refused before the run, and nothing is written', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'cards.csv'));
    const r = cli('run', POOLS, '--cards', '--out', dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('cards.csv" is a directory');
    expect(r.stderr).not.toMatch(/running/);
    expect(readdirSync(dir)).toEqual(['cards.csv']);
  });

  it('Ctrl-C during the per-card pass exits 130 and leaves no file, temporary or not', async () => {
    const out = join(tempDir(), 'out');
    const run = startCli('run', POOLS, '--replications', '4', '--workers', '1', '--cards', '--parquet', '--out', out);
    const streaming = (f: string) => /^\.cards\.csv\.\d+\.[0-9a-f]{8}\.tmp$/.test(f);
    for (let i = 0; i < 2400 && !filesIn(out).some(streaming); i++) await new Promise((r) => setTimeout(r, 25));
    expect(filesIn(out).some(streaming)).toBe(true);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.status).toBe(130);
    expect(r.stderr).toContain('simlapse: interrupted; no output written\n');
    // The folder the per-card pass made for --out goes with its files.
    expect(existsSync(out)).toBe(false);
  }, 120_000);
});

describe('run --cards past 100,000,000 rows', () => {
  it('is refused before any work, with the rows and their size; --allow-large would run it (a CLI hunt: cards.csv had no size guard)', () => {
    const dir = tempDir(), file = join(dir, 'big.yaml');
    writeFileSync(file, readFileSync('scenarios/examples/auto-stop.yaml', 'utf8').replace('count: 2000', 'count: 1000000'));
    const r = cli('run', file, '--replications', '100', '--workers', '0', '--out', join(dir, 'out'), '--cards');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('simlapse: --cards writes a row per card, arm and replication: 200,000,000 rows here, about 26 GB, past the 100,000,000 rows it writes without asking. Run it with --allow-large, or with fewer replications, or without --cards\n');
    expect(filesIn(dir)).toEqual(['big.yaml']);
  });
});
