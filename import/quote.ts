/** How many characters of a cell or header a message shows. */
export const SHOWN = 60;

/**
 * A cell or header as a message quotes it: as JSON, cut at SHOWN characters with its length said
 * when longer. An export's cell can hold anything (a whole file with no line end in it): it is
 * never echoed back whole, on the terminal or in rejected.csv's reasons.
 */
export function quoted(text: string): string {
  if (text.length <= SHOWN) return JSON.stringify(text);
  const high = text.charCodeAt(SHOWN - 1);
  const cut = high >= 0xd800 && high <= 0xdbff ? SHOWN - 1 : SHOWN;
  return `${JSON.stringify(`${text.slice(0, cut)}…`)} (${text.length.toLocaleString('en')} characters)`;
}
