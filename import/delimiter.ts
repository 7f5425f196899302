/** The delimiter of a CSV export, read from its header line. Pure. */
import type { Delimiter } from './options.ts';
import { lines, type TextChunks } from './lines.ts';

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
