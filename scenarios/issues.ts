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

/** A value for a message: strings quoted, numbers as written, containers by kind. */
export function describeValue(value: unknown, asWritten?: string | null): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  if (typeof value === 'number') return asWritten ?? String(value);
  if (Array.isArray(value)) return value.length === 0 ? 'an empty list' : `a list of ${value.length}`;
  if (isObject(value)) return Object.keys(value).length === 0 ? 'an empty mapping' : 'a mapping';
  return String(value);
}

/** `plans.basic.quotaMB`, `cohorts[0].plan`, `plans["my plan"].term` */
export function formatPath(path: readonly Segment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(seg)) out += out ? `.${seg}` : seg;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out || 'scenario';
}
