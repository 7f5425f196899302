/**
 * An export's lines grouped into records before csv-parse sees them: a record goes on over the
 * next line only while a quoted cell is open (an odd number of quotes so far). A quote that never
 * closes (by the end of the file, within MAX_RECORD_LINES lines, or closing into a record that
 * is not well-formed, has another number of cells than the header, or holds a line that is a
 * whole row by itself) is a broken quote: its own line is rejected and the lines after it are
 * read again, one by one, so a stray quote never swallows the rows after it. Pure.
 */
import type { Delimiter } from './options.ts';

/** How many lines a quoted cell may span before its opening quote is taken as broken. */
export const MAX_RECORD_LINES = 100;

/** A record's text for csv-parse, or a line rejected before it (a broken quote). */
export type Piece = { line: number; text: string } | { line: number; broken: string; misplaced?: boolean };

/** Groups lines into records (see the file's comment). The first record is the header and sets the width. */
export class Splitter {
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
