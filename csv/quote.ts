/**
 * Quoting what a message echoes back: a cell, a header, a scenario value or key. Whatever a file
 * holds (a whole file with no line end in it) is never echoed back whole (README, "Running a
 * scenario"). Pure.
 */

/** How many characters of a cell or header a message shows. */
export const SHOWN = 60;

/** The first SHOWN characters of a longer text and "…" (never half a surrogate pair); a shorter text as it is. */
export function cutShort(text: string): string {
  if (text.length <= SHOWN) return text;
  const high = text.charCodeAt(SHOWN - 1);
  return `${text.slice(0, high >= 0xd800 && high <= 0xdbff ? SHOWN - 1 : SHOWN)}…`;
}

/** " (N characters)" after a text that cutShort cut, else nothing. */
export function lengthSaid(text: string): string {
  return text.length > SHOWN ? ` (${text.length.toLocaleString('en')} characters)` : '';
}

/**
 * A cell, header or value as a message quotes it: as JSON, cut at SHOWN characters with its length
 * said when longer. An export's cell can hold anything (a whole file with no line end in it): it
 * is never echoed back whole, on the terminal or in rejected.csv's reasons.
 */
export function quoted(text: string): string {
  return `${JSON.stringify(cutShort(text)).replace(HIDDEN, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)}${lengthSaid(text)}`;
}

/**
 * What JSON.stringify leaves raw but a message must not show raw: C1 controls, text-direction
 * marks, embeddings, overrides and isolates (one would reverse what follows it on a terminal or in
 * the page), line and paragraph separators, the zero-width no-break space.
 */
const HIDDEN = /[\u0080-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g;

/** A JSON string in a message ("…" with its escapes), or else a run of more than SHOWN characters without a space. */
const ECHO = new RegExp(`"(?:[^"\\\\]|\\\\.)*"|\\S{${SHOWN + 1},}`, 'g');
/** The longest message cutEchoes leaves whole. */
const MESSAGE_SHOWN = 1000;

/**
 * A message from a library that quotes what it read (the YAML parser's token, tag, alias or
 * directive; csv-parse's cell so far) with what it quotes cut: each JSON string quoted as
 * `quoted` does, each other run of more than SHOWN characters without a space cut with its
 * length said, and whatever is still longer than 1,000 characters cut there.
 */
export function cutEchoes(message: string): string {
  const cut = message.replace(ECHO, (echo) => {
    if (echo.startsWith('"') && echo.endsWith('"') && echo.length > 1) {
      try {
        return quoted(JSON.parse(echo) as string);
      } catch {
        // Not JSON after all: cut as a run of text.
      }
    }
    return `${cutShort(echo)}${lengthSaid(echo)}`;
  });
  return cut.length <= MESSAGE_SHOWN ? cut : `${cut.slice(0, MESSAGE_SHOWN)}… (${cut.length.toLocaleString('en')} characters)`;
}
