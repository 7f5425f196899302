/** A mapping file's `ignore:` list against the headers it reads (`columns:`, `history:`): a column is read or ignored, not both. Pure. */
import { headerKey, splitUnit } from './headers.ts';
import { quoted } from './quote.ts';

/**
 * Each header of `ignore` that an entry of `columns:` or `history:` names too, as
 * `[ignore path, message]`: such a column was read and its ignore entry dropped without a word.
 * Headers are the same as the importer matches them (import/headers.ts: compared by
 * `headerKey`; a mapped header matches the export's with or without its unit in brackets).
 */
export function ignoredAndRead(ignore: readonly string[], named: readonly (readonly [path: string, header: string])[]): [string, string][] {
  // One export header both could match: the ignored header is the mapped one, or the mapped one with its unit left off, or the other way round.
  const same = (ignored: string, mapped: string) => {
    const i = headerKey(ignored), m = headerKey(mapped);
    return i === m || i === headerKey(splitUnit(mapped).name) || headerKey(splitUnit(ignored).name) === m;
  };
  const out: [string, string][] = [];
  ignore.forEach((header, k) => {
    const other = header.trim() === '' ? undefined : named.find(([, h]) => same(header, h));
    if (!other) return;
    const [path] = other;
    const list = path.startsWith('history') ? 'history' : 'columns';
    out.push([`ignore[${k}]`, `names the header ${quoted(header)}, which ${path} reads: a column is either read or ignored; remove it from ignore or from ${list}`]);
  });
  return out;
}
