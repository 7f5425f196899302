/**
 * Checks an opened report.json against the report's own JSON Schema (the one engine/report-schema.ts
 * builds; docs/report.schema.json is its published copy).
 * Loaded with a dynamic import only when a report.json is opened, so ajv and the schema stay out
 * of the page's main bundle.
 */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
// The builder itself (docs/report.schema.json is its published copy): one source for the page and the docs.
import { reportJsonSchema } from '../engine/index.ts';

let validate: ValidateFunction | null = null;

/** The report's problems as `/json/path: what is wrong` (at most `max`, then how many more), or [] when it is a report. */
export function reportProblems(value: unknown, max = 3): string[] {
  validate ??= new Ajv({ allErrors: true, strict: false }).compile(reportJsonSchema());
  if (validate(value)) return [];
  const all = problems(validate.errors ?? [], value);
  return all.length > max ? [...all.slice(0, max), `and ${all.length - max} more`] : all;
}

/** One line per problem, the most specific only: a `oneOf`'s summary, or a parent's problem when a field under it has its own, is left out. */
function problems(errors: ErrorObject[], root: unknown): string[] {
  const lines = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf').map((e) => ({ path: pathOf(e), text: describe(e, root) }));
  const out: string[] = [];
  for (const l of lines) {
    if (lines.some((o) => o.path.startsWith(l.path === '/' ? '/' : `${l.path}/`) && o.path !== l.path)) continue;
    const line = `${l.path}: ${l.text}`;
    if (!out.includes(line)) out.push(line);
  }
  return out;
}

/** The JSON path (RFC 6901) of the field a problem is about: a missing or unknown field's own path. */
function pathOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  const field = e.keyword === 'required' ? p.missingProperty : e.keyword === 'additionalProperties' ? p.additionalProperty : undefined;
  const path = typeof field === 'string' ? `${e.instancePath}/${field.replace(/~/g, '~0').replace(/\//g, '~1')}` : e.instancePath;
  return path === '' ? '/' : path;
}

function describe(e: ErrorObject, root: unknown): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return 'required field missing';
  if (e.keyword === 'additionalProperties') return 'unknown field';
  const got = shown(at(root, e.instancePath));
  switch (e.keyword) {
    case 'type': return `${got}, expected ${[p.type].flat().join(' or ')}`;
    case 'const': return `${got}, expected ${JSON.stringify(p.allowedValue)}`;
    case 'enum': return `${got}, expected one of ${(p.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'minimum': case 'maximum': return `${got}, expected ${e.keyword === 'minimum' ? '≥' : '≤'} ${String(p.limit)}`;
    case 'minItems': return `${got}, expected at least ${String(p.limit)} item${p.limit === 1 ? '' : 's'}`;
    case 'pattern': return `${got}, expected a string matching ${String(p.pattern)}`;
    default: return `${got}, expected: ${e.message ?? e.keyword}`;
  }
}

/** The value at a JSON path (RFC 6901). */
function at(root: unknown, path: string): unknown {
  let v = root;
  for (const key of path.split('/').slice(1)) v = (v as Record<string, unknown> | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  return v;
}

/** A value as written in JSON, cut to 40 characters. */
function shown(v: unknown): string {
  const s = Array.isArray(v) ? (v.length === 0 ? '[]' : `an array of ${v.length}`) : v !== null && typeof v === 'object' ? 'an object' : JSON.stringify(v) ?? String(v);
  return s.length > 40 ? `${s.slice(0, 39)}…` : s;
}
