/** Names of arms and cohorts: unique, free of hidden characters, and not lookalikes of one another; of plans, profiles and payers: not empty. */
import { quoted } from '../csv/index.ts';
import { formatPath, isObject, type RawIssue } from './issues.ts';

/** Plans, profiles and payers are named by their keys: a key `""` or of spaces (or `~`, which a mapping key reads as "") names nothing. */
export function emptyNames(raw: Record<string, unknown>): RawIssue[] {
  const out: RawIssue[] = [];
  for (const [list, noun] of [['plans', 'plan'], ['profiles', 'profile'], ['payers', 'payer']] as const) {
    const m = raw[list];
    if (!isObject(m)) continue;
    for (const k of Object.keys(m)) {
      if (k.trim() === '') out.push({ path: [list, k], anchor: 'key', message: `expected a ${noun} name with a character other than a space, got ${k === '' ? 'an empty one (a key "" or ~)' : quoted(k)}: cohorts, arms and reports name the ${noun} by it` });
    }
  }
  return out;
}

export function duplicates(names: unknown[], list: string, noun: string): RawIssue[] {
  const first = new Map<string, number>();
  const issues: RawIssue[] = [];
  names.forEach((name, i) => {
    if (typeof name !== 'string') return;
    if (HIDDEN.test(name)) {
      issues.push({ path: [list, i, 'name'], anchor: 'value', message: `${noun} name ${shown(name)} holds a control or text-direction character: names are shown in tables and reports, where it would hide or reverse what follows` });
      return;
    }
    const key = lookalike(name), earlier = first.get(key);
    if (earlier === undefined) first.set(key, i);
    else if (names[earlier] === name) issues.push({ path: [list, i, 'name'], anchor: 'value', message: `duplicate ${noun} name ${quoted(name)} (also ${formatPath([list, earlier])})` });
    else issues.push({ path: [list, i, 'name'], anchor: 'value', message: `${noun} name ${shown(name)} looks the same as ${shown(names[earlier] as string)} (${formatPath([list, earlier])}): names that differ only in spaces, invisible characters or Unicode form cannot be told apart in reports` });
  });
  return issues;
}

/**
 * What is wrong with a generated arm's name (a sweep's) beside the names before it (by `lookalike`
 * key), as `duplicates` says it of listed names: a hidden character, or the look of another; null
 * when nothing is. Exact repeats are the caller's (a sweep numbers them).
 */
export function nameProblem(name: string, before: ReadonlyMap<string, string>, noun: string): string | null {
  if (HIDDEN.test(name)) return `${noun} name ${shown(name)} holds a control or text-direction character: names are shown in tables and reports, where it would hide or reverse what follows`;
  const other = before.get(lookalike(name));
  if (other !== undefined && other !== name) return `${noun} name ${shown(name)} looks the same as ${shown(other)}: names that differ only in spaces, invisible characters or Unicode form cannot be told apart in reports`;
  return null;
}

/** Control characters and the bidirectional embeddings, overrides, isolates and marks. */
const HIDDEN = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/** A name quoted with its invisible characters written out (`"o\\u200Bn"`), cut at 60 characters with its length said. */
function shown(name: string): string {
  return quoted(name).replace(/[\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`);
}

/** A name as a reader sees it: Unicode-compatible form (NFKC), no invisible format characters, spaces trimmed and collapsed. */
export function lookalike(name: string): string {
  return name.normalize('NFKC').replace(/\p{Cf}/gu, '').trim().replace(/\s+/gu, ' ');
}
