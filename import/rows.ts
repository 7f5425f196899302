/**
 * An export's rows as they stream in: each record with its line in the file (the header is
 * line 1; a quoted cell holding line breaks does not shift later lines), and every line that
 * cannot be read as CSV, with its line, why, and its raw text.
 *
 * The text's lines (import/lines.ts) are grouped into records before csv-parse sees them
 * (import/records.ts: a quote that never closes is rejected on its own line, so a stray quote
 * never swallows the rows after it). csv-parse then reads each record (and rejects one it
 * cannot read), a batch of records (about 4 KB) at a time: 64 KB batches made the import 1.5×
 * slower under a 48 MB heap (test/import/memory.test.ts). Pure: reads decoded text chunks
 * (import/files.ts gives a file's in Node; the page gives a File's).
 */
import { parse, type Options } from 'csv-parse/sync';
import type { Delimiter } from './options.ts';
import { lines, type TextChunks } from './lines.ts';
import { Splitter, type Piece } from './records.ts';

export type ExportRow = { line: number; record: string[] } | { line: number; unreadable: string; raw: string };

interface Meta {
  line: number;
  /** The record's first line as csv-parse counts lines (only records are fed to it). */
  fedStart: number;
  /** The record's text, for rejected.csv when csv-parse cannot read it. */
  text: string;
  /** Lines rejected for a broken quote just before this record. */
  before: Piece[];
}

export async function* exportRows(text: TextChunks, delimiter: Delimiter = ','): AsyncGenerator<ExportRow> {
  const records = new Splitter(delimiter);
  let pendingBroken: Piece[] = [];
  let metas: Meta[] = [];
  let batch = '';
  let fed = 0;
  const take = (pieces: Iterable<Piece>) => {
    for (const p of pieces) {
      if ('broken' in p) pendingBroken.push(p);
      else {
        metas.push({ line: p.line, fedStart: fed + 1, text: p.text, before: pendingBroken });
        fed += 1 + lineBreaks(p.text);
        pendingBroken = [];
        batch += p.text + '\n';
      }
    }
  };
  const flush = () => {
    const rows = parseBatch(batch, metas, delimiter);
    batch = '';
    metas = [];
    fed = 0;
    return rows;
  };
  for await (const line of lines(text)) {
    take(records.push(line.line, line.text));
    if (batch.length >= 1 << 12) yield* flush();
  }
  take(records.end());
  if (batch) yield* flush();
  yield* pendingBroken.map(brokenRow);
}

/**
 * The rows of a batch of whole records (and of the broken lines before each), in line order.
 * csv-parse returns the records it could read, in order; a record it skips is found from the
 * error's line (`err.lines`, from the record's first fed line up to the next record's), so each
 * record pairs with the next meta not skipped. (An `on_record` hook would pair them as they come,
 * but csv-parse builds an info object for every record it calls one with: 8 % of an import.)
 */
function parseBatch(batch: string, metas: Meta[], delimiter: Delimiter): ExportRow[] {
  const skipped = new Map<number, string>();
  // A record csv-parse cannot read may raise several errors (one per bad quote): the first one skips it.
  let at = 0;
  const onSkip = (err: (Error & { lines?: number }) | undefined) => {
    const line = err?.lines ?? 0;
    while (at + 1 < metas.length && metas[at + 1].fedStart <= line) at++;
    if (!err || metas.length === 0 || line < metas[at].fedStart || skipped.has(at)) return;
    skipped.set(at, err.message.replace(/ at line \d+/, ''));
  };
  const records = parse(batch, {
    delimiter,
    // Records (and a record's lines) are fed joined by \n, and lines() leaves no \r in them: said
    // outright, as csv-parse otherwise takes the first line ending it meets for every record's.
    record_delimiter: '\n',
    relax_column_count: true,
    skip_records_with_error: true,
    on_skip: onSkip,
  } as Options) as unknown as string[][];
  if (records.length + skipped.size !== metas.length) throw new Error(`import: ${records.length} records and ${skipped.size} skipped for ${metas.length} fed (a bug)`);
  const rows: ExportRow[] = [];
  let r = 0;
  metas.forEach((meta, k) => {
    for (const p of meta.before) rows.push(brokenRow(p));
    const why = skipped.get(k);
    rows.push(why === undefined ? { line: meta.line, record: records[r++] } : { line: meta.line, unreadable: why, raw: meta.text });
  });
  return rows;
}

function brokenRow(p: Piece): ExportRow {
  if (!('broken' in p)) return { line: p.line, unreadable: 'not a CSV record', raw: p.text };
  const why = p.misplaced
    ? 'a quote is misplaced (inside an unquoted cell, or text after a closing quote); quote the whole cell and double the quotes inside it'
    : 'a quoted cell is never closed (a stray or broken quote); the lines after it are read on their own';
  return { line: p.line, unreadable: why, raw: p.broken };
}

function lineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
