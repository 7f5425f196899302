/**
 * cards.csv (and cards.parquet): one row per card and replication of the main run (a pool is
 * one row, with its card count), streamed job by job into temporary files beside the outputs,
 * so a million-card fleet never sits in memory; `commit` renames them with the other outputs.
 *
 * Columns: arm, replication (from 0), card (global index, cohorts in file order; a pool's first
 * card), id (the ICCID of an imported card, else empty), cohort, pool (index in its cohort, empty
 * for a card without one), cards (1, or the pool's size), every metric of the report for that
 * card over the horizon (METRICS order: cost by category, downtime card-days by reason, usage,
 * stops, …), then cancelledOn: the date a card that ends the horizon cancelled was cancelled
 * (empty if it ends in service, and for pools).
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ParquetWriter, fileWriter, schemaFromColumnData } from 'hyparquet-writer';
import { ENGINE_VERSION, METRICS, UNIT_FIELDS, UNIT_HEAD, compileArm, formatDate, type Job, type Model, type ScenarioConfig } from '../engine/index.ts';
import { csvLine } from '../csv/index.ts';
import { namingOutput, tempPath } from '../import/index.ts';
import { BOM, type Column } from './columns.ts';
import { PARQUET_TYPE } from './parquet.ts';

const H = UNIT_HEAD.length;
/** Rows gathered before a Parquet row group is written. */
const ROW_GROUP = 65_536;

/** The column names and kinds of cards.csv. */
export const CARD_COLUMNS: ReadonlyArray<Pick<Column, 'name' | 'kind'>> = [
  { name: 'arm', kind: 'text' },
  { name: 'replication', kind: 'integer' },
  { name: 'card', kind: 'integer' },
  { name: 'id', kind: 'text' },
  { name: 'cohort', kind: 'text' },
  { name: 'pool', kind: 'integer' },
  { name: 'cards', kind: 'integer' },
  ...METRICS.map((name) => ({ name, kind: 'number' as const })),
  { name: 'cancelledOn', kind: 'text' },
];

/** One job's rows as cells, in CARD_COLUMNS order. */
export function cardCells(scenario: ScenarioConfig, model: Model, job: Job, rows: Float64Array): (string | number | null)[][] {
  const arm = scenario.arms[job.arm];
  const out: (string | number | null)[][] = [];
  for (let o = 0; o < rows.length; o += UNIT_FIELDS) {
    const card = rows[o], k = rows[o + 1], pool = rows[o + 2], cancelledFrom = rows[o + 4];
    const c = model.cohorts[k];
    const row: (string | number | null)[] = [arm.name, job.replication, card, c.cards?.id[card - c.start] ?? null, arm.cohorts[k].name, pool < 0 ? null : pool, rows[o + 3]];
    for (let m = 0; m < METRICS.length; m++) row.push(rows[o + H + m]);
    row.push(cancelledFrom < 0 ? null : formatDate(model.cal.start + cancelledFrom));
    out.push(row);
  }
  return out;
}

export interface CardsFiles {
  /** Adds one job's rows (jobs in plan order). */
  add(job: Job, rows: Float64Array): void;
  /** Completes the files: their names and the temporary paths they wait under. */
  finish(): Array<{ name: string; temp: string }>;
  /** Removes the temporary files (an error or an interrupt). Synchronous, idempotent. */
  abandon(): void;
}

/** Opens cards.csv (and with `parquet`, cards.parquet) as temporary files in `dir` (which exists). */
export function openCardsFiles(dir: string, scenario: ScenarioConfig, options: { parquet?: boolean; bom?: boolean } = {}): CardsFiles {
  const models = scenario.arms.map(compileArm);
  const csvTemp = tempPath(join(dir, 'cards.csv'));
  const parquetTemp = tempPath(join(dir, 'cards.parquet'));
  const temps = [csvTemp];
  // A file-system error names the output (cards.csv, cards.parquet), not its temporary file: a write to a descriptor names none.
  const naming = (out: string) => <T>(f: () => T): T => {
    try {
      return f();
    } catch (err) {
      throw namingOutput(err, out);
    }
  };
  const csv = naming(join(dir, 'cards.csv')), pq = naming(join(dir, 'cards.parquet'));
  const fd = csv(() => openSync(csvTemp, 'wx'));
  let open = true;
  let parquet: ParquetWriter | null = null;
  let pending: (string | number | null)[][] = [];
  try {
    csv(() => writeSync(fd, (options.bom ? BOM : '') + csvLine(CARD_COLUMNS.map((c) => c.name))));
    if (options.parquet) {
      pq(() => closeSync(openSync(parquetTemp, 'wx')));
      temps.push(parquetTemp);
      const schema = schemaFromColumnData({ columnData: CARD_COLUMNS.map((c) => ({ name: c.name, type: PARQUET_TYPE[c.kind], data: [] })) });
      parquet = new ParquetWriter({ writer: fileWriter(parquetTemp), schema, createdBy: `simlapse version ${ENGINE_VERSION}` });
    }
  } catch (err) {
    closeSync(fd);
    for (const t of temps) rmSync(t, { force: true });
    throw err;
  }
  /** Writes the first ROW_GROUP pending rows as a row group (all of them, at the end: the last group is shorter). */
  const writeGroup = () => {
    if (!parquet || pending.length === 0) return;
    const rows = pending.length > ROW_GROUP ? pending.slice(0, ROW_GROUP) : pending;
    pending = pending.length > ROW_GROUP ? pending.slice(ROW_GROUP) : [];
    void parquet.write({ columnData: CARD_COLUMNS.map((c, k) => ({ name: c.name, type: PARQUET_TYPE[c.kind], data: rows.map((r) => r[k]) })), rowGroupSize: rows.length });
  };
  return {
    add(job, rows) {
      const cells = cardCells(scenario, models[job.arm], job, rows);
      let text = '';
      for (const row of cells) text += csvLine(row.map((v) => v ?? ''));
      csv(() => writeSync(fd, text));
      if (parquet) {
        for (const row of cells) pending.push(row);
        while (pending.length >= ROW_GROUP) pq(writeGroup);
      }
    },
    finish() {
      open = false;
      csv(() => closeSync(fd));
      if (parquet) {
        pq(writeGroup);
        pq(() => void parquet!.finish());
      }
      return [{ name: 'cards.csv', temp: csvTemp }, ...(parquet ? [{ name: 'cards.parquet', temp: parquetTemp }] : [])];
    },
    abandon() {
      if (open) closeSync(fd);
      open = false;
      for (const t of temps) rmSync(t, { force: true });
    },
  };
}
