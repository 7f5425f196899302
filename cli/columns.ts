/**
 * Result tables as typed columns, so that a CSV and a Parquet file of the same table hold the
 * same rows: `csvText` renders one for spreadsheets, `parquetBytes` (cli/parquet.ts) for data tools.
 */
import { csvLine } from '../csv/index.ts';

export interface Column {
  name: string;
  /** `text`: strings; `integer` and `number`: numbers (Parquet INT32 and DOUBLE). An empty cell is null. */
  kind: 'text' | 'integer' | 'number';
  values: (string | number | null)[];
}

/** The UTF-8 byte-order mark `--excel`/`--bom` puts first, so Excel reads the file as UTF-8 (不然 names turn into mojibake). */
export const BOM = '\uFEFF';

/** The table as CSV: a header line of the column names, then one line per row; null is an empty cell. */
export function csvText(columns: readonly Column[], options: { bom?: boolean } = {}): string {
  const rows = columns.length === 0 ? 0 : columns[0].values.length;
  let text = (options.bom ? BOM : '') + csvLine(columns.map((c) => c.name));
  for (let r = 0; r < rows; r++) text += csvLine(columns.map((c) => c.values[r] ?? ''));
  return text;
}
