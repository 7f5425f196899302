/** Names of arms and cohorts: unique, free of hidden characters, and not lookalikes of one another; of plans, profiles and payers: not empty, no hidden characters; the scenario's name and question: no hidden characters. */
import { quoted } from '../csv/index.ts';
import { formatPath, isObject, type RawIssue } from './issues.ts';

/**
 * Plans, profiles and payers are named by their keys: a key `""` or of spaces (or `~`, which a
 * mapping key reads as "") names nothing, and one with a control or text-direction character
 * would hide or reverse what follows it where reports show it.
 */
export function keyNames(raw: Record<string, unknown>): RawIssue[] {
  const out: RawIssue[] = [];
  for (const [list, noun] of [['plans', 'plan'], ['profiles', 'profile'], ['payers', 'payer']] as const) {
    const m = raw[list];
    if (!isObject(m)) continue;
    for (const k of Object.keys(m)) {
      const hidden = hiddenCharacter(k);
      if (k.trim() === '') out.push({ path: [list, k], anchor: 'key', message: `expected a ${noun} name with a character other than a space, got ${k === '' ? 'an empty one (a key "" or ~)' : quoted(k)}: cohorts, arms and reports name the ${noun} by it` });
      else if (hidden !== null) out.push({ path: [list, k], anchor: 'key', message: hiddenMessage(noun, k, hidden) });
    }
  }
  return out;
}

/**
 * The scenario's `name` and `question` hold no control or text-direction character (the
 * question may hold line breaks and tabs): both are printed on terminals and in reports.
 */
export function textChecks(raw: Record<string, unknown>): RawIssue[] {
  const out: RawIssue[] = [];
  if (typeof raw.name === 'string') {
    const hidden = hiddenCharacter(raw.name);
    if (hidden !== null) out.push({ path: ['name'], anchor: 'value', message: hiddenMessage('scenario', raw.name, hidden) });
  }
  if (typeof raw.question === 'string') {
    const hidden = hiddenCharacter(raw.question, '\n\t');
    if (hidden !== null) out.push({ path: ['question'], anchor: 'value', message: `question ${shown(raw.question)} holds a control or text-direction character (${hidden}): the question is shown on terminals and in reports, where it would hide or reverse what follows (line breaks and tabs are allowed)` });
  }
  return out;
}

/** Listed names (`arms[].name`, `cohorts[].name`): no hidden character, no repeat, no look-alike of an earlier one. */
export function duplicates(names: unknown[], list: string, noun: string): RawIssue[] {
  const first = new Map<string, number>();
  const issues: RawIssue[] = [];
  names.forEach((name, i) => {
    if (typeof name !== 'string') return;
    const hidden = hiddenCharacter(name);
    if (hidden !== null) {
      issues.push({ path: [list, i, 'name'], anchor: 'value', message: hiddenMessage(noun, name, hidden) });
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
  const hidden = hiddenCharacter(name);
  if (hidden !== null) return hiddenMessage(noun, name, hidden);
  const other = before.get(lookalike(name));
  if (other !== undefined && other !== name) return `${noun} name ${shown(name)} looks the same as ${shown(other)}: names that differ only in spaces, invisible characters or Unicode form cannot be told apart in reports`;
  return null;
}

/** Control characters (C0, DEL, C1) and the bidirectional embeddings, overrides, isolates and marks. */
const HIDDEN = /[\p{Cc}\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

/**
 * The first control or text-direction character of `text` not among `allowed`, as
 * `U+0007 at character 4` (counted from 1, in characters as a reader counts them); null when none.
 */
export function hiddenCharacter(text: string, allowed = ''): string | null {
  if (!HIDDEN.test(text)) return null;
  let at = 0;
  for (const c of text) {
    at++;
    if (HIDDEN.test(c) && !allowed.includes(c)) return `${codePoint(c)} at character ${at.toLocaleString('en')}`;
  }
  return null;
}

function hiddenMessage(noun: string, name: string, hidden: string): string {
  return `${noun} name ${shown(name)} holds a control or text-direction character (${hidden}): names are shown in tables and reports, where it would hide or reverse what follows`;
}

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** A name quoted with its invisible characters written out (`"o\\u200Bn"`, C1 controls too), cut at 60 characters with its length said. */
function shown(name: string): string {
  return quoted(name).replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u${codePoint(c).slice(2)}`);
}

/** A name as a reader sees it: Unicode-compatible form (NFKC), no invisible format characters, spaces trimmed and collapsed. */
export function lookalike(name: string): string {
  return name.normalize('NFKC').replace(/\p{Cf}/gu, '').trim().replace(/\s+/gu, ' ');
}
