/**
 * An export's rows as they stream in: each record with its line in the file (the header is
 * line 1; a quoted cell holding line breaks does not shift later lines), and every line that
 * cannot be read as CSV, with its line, why, and its raw text.
 *
 * Lines are grouped into records before csv-parse sees them: a record goes on over the next
 * line only while a quoted cell is open (an odd number of quotes so far). A quote that never
 * closes (by the end of the file, within MAX_RECORD_LINES lines, or closing into a record
 * that is not well-formed, has another number of cells than the header, or holds a line that
 * is a whole row by itself) is a broken quote: its own line is rejected
 * and the lines after it are read again, one by one, so a stray quote never swallows the rows
 * after it. csv-parse then reads each record (and rejects one it cannot read), a batch of
 * records (about 4 KB) at a time: 64 KB batches made the import 1.5× slower under a 48 MB heap
 * (test/import/memory.test.ts). Pure: reads decoded text chunks (import/files.ts gives a file's
 * in Node; the page gives a File's).
 */
import { parse, type Options } from 'csv-parse/sync';
import type { Delimiter } from './options.ts';
import { ImportError } from './core.ts';

/** Decoded text of a file, in chunks (cut anywhere). */
export type TextChunks = AsyncIterable<string> | Iterable<string>;

export type ExportRow = { line: number; record: string[] } | { line: number; unreadable: string; raw: string };

/** How many lines a quoted cell may span before its opening quote is taken as broken. */
export const MAX_RECORD_LINES = 100;

/** A record's text for csv-parse, or a line rejected before it (a broken quote). */
type Piece = { line: number; text: string } | { line: number; broken: string; misplaced?: boolean };

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

/**
 * The text's lines with their numbers (1-based), without line endings. A line ends at \n, \r\n or
 * a bare \r (universal newlines, as spreadsheets read CSV: an export saved with classic Mac line
 * endings has only \r), so a stray \r inside a cell ends its line, and the pieces are rejected on
 * their own rather than merged into the lines around them. A \r at the end of a chunk ends its
 * line there, and a \n that begins the next chunk is taken as its pair.
 */
export async function* lines(text: TextChunks): AsyncGenerator<{ line: number; text: string }> {
  // The current line's text from earlier chunks, joined once its end comes: each chunk is searched
  // once, so a line costs its length, not its square; one past MAX_LINE is refused.
  const head: string[] = [];
  let n = 0, skipLF = false, headLength = 0;
  for await (const chunk of text) {
    if (chunk === '') continue;
    let at = 0;
    // The previous chunk ended with a \r, which ended its line: a \n starting this one belongs to it.
    if (skipLF && chunk.charCodeAt(0) === 10) at = 1;
    skipLF = false;
    let lf = chunk.indexOf('\n', at), cr = chunk.indexOf('\r', at);
    for (;;) {
      if (lf >= 0 && lf < at) lf = chunk.indexOf('\n', at);
      if (cr >= 0 && cr < at) cr = chunk.indexOf('\r', at);
      let end: number, next: number;
      if (cr >= 0 && (lf < 0 || cr < lf)) {
        // A \r: the line ends here, with the \n after it if there is one (at the chunk's end, in the next chunk).
        end = cr;
        next = lf === cr + 1 ? cr + 2 : cr + 1;
        if (next === chunk.length && lf !== cr + 1) skipLF = true;
      } else if (lf >= 0) {
        end = lf;
        next = lf + 1;
      } else break;
      const piece = chunk.slice(at, end);
      if (headLength + piece.length > MAX_LINE) throw tooLong(n + 1);
      yield { line: ++n, text: head.length === 0 ? piece : head.splice(0).join('') + piece };
      headLength = 0;
      at = next;
    }
    if (at < chunk.length) {
      head.push(chunk.slice(at));
      headLength += chunk.length - at;
      if (headLength > MAX_LINE) throw tooLong(n + 1);
    }
  }
  if (head.length > 0) yield { line: ++n, text: head.join('') };
}

/**
 * The longest line an export may have, in characters: a card's row is a few hundred, a header with
 * years of usage-history columns a few thousand. A longer line (a file with no line end: not an
 * export) refuses the export at once, before any output, rather than holding it in memory (a
 * quoted cell may join up to 100 lines, so a record stays well under the longest string V8 holds).
 */
export const MAX_LINE = 4 * 1024 * 1024;

/** A line past MAX_LINE; the reader does not know the file, so `withFile` names it. */
export class LongLineError extends ImportError {}

function tooLong(line: number): LongLineError {
  return new LongLineError(`line ${line} is longer than ${MAX_LINE.toLocaleString('en')} characters (no line end within 4 MiB): not a card export, whose rows are a few hundred characters`);
}

/** `work` with a LongLineError it throws named after the export `input` (as the import's other errors are). */
export async function withFile<T>(input: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw err instanceof LongLineError ? new ImportError(`${input}: ${err.message}`) : err;
  }
}

/** Groups lines into records (see the file's comment). The first record is the header and sets the width. */
class Splitter {
  private pending: { line: number; text: string }[] = [];
  private quotes = 0;
  private width = -1;

  constructor(private readonly delimiter: Delimiter) {}

  *push(line: number, text: string): Generator<Piece> {
    if (this.pending.length === 0 && text === '') return;
    this.pending.push({ line, text });
    this.quotes += quotes(text);
    if (this.quotes % 2 === 0) {
      // csv-parse gets well-formed records only (a malformed one can make it skip past the record's end).
      const record = this.pending.length === 1 ? text : this.pending.map((p) => p.text).join('\n');
      const n = this.quotes === 0 ? 0 : cells(record, this.delimiter);
      // A line after the first with a whole row's worth of commas is a row of its own, not the rest of a cell:
      // two stray quotes can close into a well-formed record of the header's width.
      const rowInside = this.width > 1 && this.pending.some((p, k) => k > 0 && commas(p.text, this.delimiter) >= this.width - 1);
      const fits = this.quotes === 0 || (n > 0 && !rowInside && (this.pending.length === 1 || this.width < 0 || n === this.width));
      if (fits) {
        if (this.width < 0) this.width = n > 0 ? n : cells(record, this.delimiter);
        yield { line: this.pending[0].line, text: record };
        this.reset();
      } else if (this.pending.length === 1) {
        yield { line, broken: text, misplaced: true };
        this.reset();
      } else yield* this.breakFirst();
    } else if (this.pending.length > MAX_RECORD_LINES) yield* this.breakFirst();
  }

  *end(): Generator<Piece> {
    while (this.pending.length > 0) yield* this.breakFirst();
  }

  /** Rejects the first pending line and reads the others again. */
  private *breakFirst(): Generator<Piece> {
    const [first, ...rest] = this.pending;
    this.reset();
    yield { line: first.line, broken: first.text };
    for (const p of rest) yield* this.push(p.line, p.text);
  }

  private reset(): void {
    this.pending = [];
    this.quotes = 0;
  }
}

function lineBreaks(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function commas(text: string, delimiter: Delimiter): number {
  let n = 0;
  for (let i = text.indexOf(delimiter); i >= 0; i = text.indexOf(delimiter, i + 1)) n++;
  return n;
}

function quotes(text: string): number {
  let n = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) n++;
  return n;
}

/**
 * Cells of a record's text as RFC 4180 reads it, or -1 if a quote is misplaced (inside an
 * unquoted cell, or a closing quote followed by more than a delimiter).
 */
function cells(text: string, delimiter: Delimiter): number {
  const d = delimiter.charCodeAt(0);
  let n = 1, i = 0;
  for (;;) {
    if (text.charCodeAt(i) === 34) {
      // A quoted cell: up to the quote that is not doubled.
      let j = i + 1;
      for (;;) {
        j = text.indexOf('"', j);
        if (j < 0) return -1;
        if (text.charCodeAt(j + 1) === 34) j += 2;
        else break;
      }
      i = j + 1;
      if (i === text.length) return n;
      if (text.charCodeAt(i) !== d) return -1;
    } else {
      const comma = text.indexOf(delimiter, i);
      const end = comma < 0 ? text.length : comma;
      const quote = text.indexOf('"', i);
      if (quote >= 0 && quote < end) return -1;
      if (comma < 0) return n;
      i = comma;
    }
    n++;
    i++;
  }
}

/**
 * The delimiter of a CSV export, from its first non-empty line (the header): whichever of
 * `,` `;` and tab occurs most often outside quotes; `,` when none does or on a tie with `,`.
 */
export async function detectDelimiter(chunks: TextChunks): Promise<Delimiter> {
  for await (const { text } of lines(chunks)) {
    if (text.trim() === '') continue;
    const count: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
    let quoted = false;
    for (const ch of text) {
      if (ch === '"') quoted = !quoted;
      else if (!quoted && (ch === ',' || ch === ';' || ch === '\t')) count[ch]++;
    }
    const best = (Object.keys(count) as Delimiter[]).reduce((a, b) => (count[b] > count[a] ? b : a), ',');
    return best;
  }
  return ',';
}
