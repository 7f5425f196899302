/**
 * An export's rows as they stream in: each record with its line in the file (the header is
 * line 1; a quoted cell holding line breaks does not shift later lines), and every row
 * csv-parse could not read, with its line and why.
 */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { decodeFile } from './encoding.ts';
import type { Encoding } from './mapping.ts';

export type ExportRow = { line: number; record: string[] } | { line: number; unreadable: string };

export async function* exportRows(input: string, encoding: Encoding): AsyncGenerator<ExportRow> {
  const parser = parse({ info: true, relax_column_count: true, skip_empty_lines: true, skip_records_with_error: true });
  const skipped: ExportRow[] = [];
  parser.on('skip', (err: Error & { lines?: number }) => skipped.push({ line: err.lines ?? 0, unreadable: err.message }));
  Readable.from(decodeFile(input, encoding)).on('error', (e) => parser.destroy(e)).pipe(parser);
  for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    yield* skipped.splice(0);
    let inner = 0;
    for (const c of record) if (c.includes('\n')) inner += c.split('\n').length - 1;
    yield { line: info.lines - inner, record };
  }
  yield* skipped.splice(0);
}
