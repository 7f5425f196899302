/**
 * An export's text, cut into chunks anywhere, as numbered lines: universal newlines, and a
 * bound on a line's length (MAX_LINE) so a file with no line end is refused rather than held
 * in memory. Pure: reads decoded text chunks (import/files.ts gives a file's in Node; the page
 * gives a File's).
 */
import { ImportError } from './core.ts';
import { EncodingError } from './encoding.ts';

/** Decoded text of a file, in chunks (cut anywhere). */
export type TextChunks = AsyncIterable<string> | Iterable<string>;

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
    throw err instanceof LongLineError || err instanceof EncodingError ? new ImportError(`${input}: ${err.message}`) : err;
  }
}

