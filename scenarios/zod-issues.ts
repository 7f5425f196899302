import type { z } from 'zod';
import { isMissing, valueAt, type RawIssue } from './issues.ts';
import { ARM_SHARED } from './schema-arm.ts';
import { KNOWN_KEYS } from './schema-kit.ts';
import type { Segment } from './source.ts';
import { suggestKey } from './suggest.ts';

type ZodIssue = z.core.$ZodIssue;
/** Describes the value at a path (numbers as written in the file). */
export type Describe = (path: Segment[], value: unknown) => string;

/**
 * zod issues → `expected <what>, got <value>` issues with paths into `root`. A missing field
 * is not reported when a misspelt key next to it already suggests it.
 */
export function fromZod(issues: readonly ZodIssue[], root: unknown, describe: Describe): RawIssue[] {
  const out = collect(issues, root, describe, []);
  const suggested = new Set(
    out.filter((r) => r.anchor === 'key' && r.suggestion).map((r) => JSON.stringify([...r.path.slice(0, -1), r.suggestion])),
  );
  return out
    .filter((r) => !(r.anchor === 'parent' && suggested.has(JSON.stringify(r.path))))
    .map(({ suggestion: _s, ...r }) => r);
}

type Collected = RawIssue & { suggestion?: string };

function collect(issues: readonly ZodIssue[], root: unknown, describe: Describe, prefix: Segment[]): Collected[] {
  const out: Collected[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.map(toSegment)];
    const what = expectation(issue.message);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ path: [...path, key], anchor: 'key', ...unknownKey(path, key, issue.message) });
    } else if (isMissing(root, path)) {
      out.push({ path, anchor: 'parent', message: `missing required field; expected ${what}` });
    } else if (issue.code === 'invalid_union') {
      const branch = pickBranch(issue.errors, valueAt(root, path));
      if (branch) out.push(...collect(branch, root, describe, path));
      else out.push(wrong(path, what, root, describe));
    } else {
      out.push(wrong(path, what, root, describe));
    }
  }
  return out;
}

function wrong(path: Segment[], what: string, root: unknown, describe: Describe): RawIssue {
  return { path, anchor: 'value', message: `expected ${what}, got ${describe(path, valueAt(root, path))}` };
}

function unknownKey(path: Segment[], key: string, message: string): { message: string; suggestion?: string } {
  if (path.length === 2 && path[0] === 'arms' && (ARM_SHARED as readonly string[]).includes(key)) {
    return { message: `cannot be overridden by an arm (${ARM_SHARED.join(', ')} are shared by all arms)` };
  }
  const known = message.startsWith(KNOWN_KEYS) ? message.slice(KNOWN_KEYS.length).split(',') : [];
  const suggestion = suggestKey(key, known);
  if (suggestion) return { message: `unknown key (did you mean ${suggestion}?)`, suggestion };
  return { message: known.length ? `unknown key; expected one of: ${known.join(', ')}` : 'unknown key' };
}

/**
 * The union branch the writer evidently meant: the only one whose type fits, else the only one
 * whose keys fit; null when that is ambiguous (then the union's own expectation is reported).
 */
function pickBranch(branches: ZodIssue[][], input: unknown): ZodIssue[] | null {
  const typed = branches.filter((b) => !b.some((i) => i.path.length === 0 && (i.code === 'invalid_type' || i.code === 'invalid_value')));
  if (typed.length === 1) return typed[0];
  const shaped = typed.filter(
    (b) => !b.some((i) => (i.path.length === 0 && i.code === 'unrecognized_keys') || (i.path.length === 1 && isMissing(input, i.path.map(toSegment)))),
  );
  return shaped.length === 1 ? shaped[0] : null;
}

function expectation(message: string): string {
  return message.startsWith('Invalid') ? `a valid value (${message})` : message;
}

function toSegment(key: PropertyKey): Segment {
  return typeof key === 'number' ? key : String(key);
}
