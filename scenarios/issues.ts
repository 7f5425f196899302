import { cutShort, lengthSaid, quoted, SHOWN } from '../csv/index.ts';
import type { Anchor, Segment } from './source.ts';

/** A problem before it has a position: a field path, a message and where on the path to point. */
export interface RawIssue {
  path: Segment[];
  message: string;
  anchor: Anchor;
  /** A position outside the scenario file (a trace file's line). */
  at?: { file: string; line: number; col: number };
}

/** The value at `path` in plain data, or undefined. */
export function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[seg];
  }
  return v;
}

/** Whether the mapping at `path`'s parent lacks `path`'s last key. */
export function isMissing(root: unknown, path: readonly Segment[]): boolean {
  if (path.length === 0) return false;
  const parent = valueAt(root, path.slice(0, -1));
  return isObject(parent) && !Object.hasOwn(parent, String(path[path.length - 1]));
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A value for a message: strings quoted, numbers as written, containers by kind; a long string
 * or number cut at SHOWN characters with its length said (a file's value is never echoed back whole).
 */
export function describeValue(value: unknown, asWritten?: string | null): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number') return cutText(asWritten ?? String(value));
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (isObject(value)) return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  return String(value);
}

/** A text as it is, or cut at SHOWN characters with its length said: `9999…" (100,000 characters)`. */
export function cutText(text: string): string {
  return `${cutShort(text)}${lengthSaid(text)}`;
}

/** How many names a list in a message shows before "and N more". */
const NAMES_LISTED = 20;

/** Names a file defines, for "plans are: …": each cut at SHOWN characters, at most NAMES_LISTED of them, then how many more. */
export function nameList(names: readonly string[]): string {
  const listed = names.slice(0, NAMES_LISTED).map(cutText).join(', ');
  return names.length > NAMES_LISTED ? `${listed} and ${(names.length - NAMES_LISTED).toLocaleString('en')} more` : listed;
}

/**
 * `plans.basic.quotaMB`, `cohorts[0].plan`, `plans["my plan"].term`; a key longer than SHOWN
 * characters is quoted cut, with its length said: `rules["qqq…" (1,000,000 characters)]`.
 */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (seg.length <= SHOWN && /^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${quoted(seg)}]`;
  }
  return out || 'scenario';
}
