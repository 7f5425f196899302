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
 * A cell or header as a message quotes it: as JSON, cut at SHOWN characters with its length said
 * when longer. An export's cell can hold anything (a whole file with no line end in it): it is
 * never echoed back whole, on the terminal or in rejected.csv's reasons.
 */
export function quoted(text: string): string {
  return `${JSON.stringify(cutShort(text))}${lengthSaid(text)}`;
}
