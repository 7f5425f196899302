/**
 * A flow collection written as a key (`[a, b]: 1`, `{a: 1}: 2`). Where the yaml library builds
 * the pair, the loader refuses its key (syntax.ts); where it cannot (a second key of an indented
 * mapping, a key over several lines), it reports an error of its own at the `[` or `{`, in words
 * about its parser ("Map comment with trailing content"). This tells those apart, so the
 * message is the same wherever such a key is written.
 */

/** What the loader says of a list or mapping written as a key. */
export const COLLECTION_KEY = 'a key must be a name or a number, not a list or mapping';

/** How far a flow collection is followed to its end (a longer one is left to the library's message). */
const MAX_SCANNED = 10_000;

/**
 * Whether `text` at `offset` holds a flow collection (`[…]` or `{…}`, quoted parts and comments
 * inside skipped) followed, on its last line, by `:` and a space or a line end: a key.
 */
export function flowKeyAt(text: string, offset: number): boolean {
  if (text[offset] !== '[' && text[offset] !== '{') return false;
  const end = Math.min(text.length, offset + MAX_SCANNED);
  let depth = 0;
  for (let i = offset; i < end; i++) {
    const c = text[i];
    if (c === '"') i = closing(text, i, end, '"');
    else if (c === "'") i = closing(text, i, end, "'");
    else if (c === '#' && /\s/.test(text[i - 1] ?? ' ')) i = lineEnd(text, i, end) - 1;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      if (--depth > 0) continue;
      const after = /^[ \t]*:(?:[ \t\r\n]|$)/.exec(text.slice(i + 1, lineEnd(text, i + 1, text.length) + 1));
      return after !== null;
    }
  }
  return false;
}

/** The index of the quote that closes the quoted part opened at `open` (a `\"` or `''` escape skipped), or `end`. */
function closing(text: string, open: number, end: number, quote: string): number {
  for (let i = open + 1; i < end; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return end;
}

function lineEnd(text: string, from: number, end: number): number {
  const n = text.indexOf('\n', from);
  return n < 0 || n > end ? end : n;
}
