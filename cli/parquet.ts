/**
 * Parquet output through hyparquet-writer (pure JavaScript, no native build, maintained with
 * its reader hyparquet, which the tests read the files back with). Imported by the CLI only,
 * never by the page, so the browser bundle does not carry it.
 */
import { parquetWriteBuffer } from 'hyparquet-writer';
import type { Column } from './columns.ts';
import { ENGINE_VERSION } from '../engine/index.ts';

/** A column kind's Parquet type. */
export const PARQUET_TYPE = { text: 'STRING', integer: 'INT32', number: 'DOUBLE' } as const;

/** The table as a Parquet file: one row group per 100,000 rows, snappy-compressed, nulls where a cell is empty. */
export function parquetBytes(columns: readonly Column[]): Uint8Array {
  const buffer = parquetWriteBuffer({
    columnData: columns.map((c) => ({ name: c.name, type: PARQUET_TYPE[c.kind], data: c.values })),
    rowGroupSize: 100_000,
    createdBy: `simlapse version ${ENGINE_VERSION}`,
  });
  return new Uint8Array(buffer);
}
