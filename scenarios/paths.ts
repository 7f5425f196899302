import type { z } from 'zod';
import { describeValue, formatPath, isObject, nameList } from './issues.ts';
import { DEFAULT_PAYERS, armScenarioSchema } from './schema.ts';
import { ARM_OVERRIDABLE } from './schema-arm.ts';
import type { Segment } from './source.ts';
import { suggestKey } from './suggest.ts';

/**
 * Field paths as sweeps and sensitivity analyses write them: `policies.alerts.thresholdPct`,
 * `cohorts[0].count`, `plans["my plan"].overagePerMB` (the form error messages use).
 */
export function parsePath(text: string): Segment[] | null {
  const segs: Segment[] = [];
  const re = /^(?:\.?([A-Za-z_$][\w$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let rest = text;
  while (rest.length > 0) {
    const m = re.exec(rest);
    if (!m || (segs.length === 0 && rest.startsWith('.'))) return null;
    segs.push(m[1] ?? (m[2] !== undefined ? Number(m[2]) : (JSON.parse(m[3]) as string)));
    rest = rest.slice(m[0].length);
  }
  return segs.length > 0 ? segs : null;
}

/**
 * Why `path` does not name a field an arm may set in this scenario, or null when it does.
 * Keys are checked against the format; plan, profile and payer names and cohort indexes
 * against the scenario. The value itself is checked later, after merging.
 */
export function pathProblem(text: string, root: Record<string, unknown>): string | null {
  const path = parsePath(text);
  if (!path) return 'expected a field path such as policies.alerts.thresholdPct or cohorts[0].count';
  const top = path[0];
  if (typeof top !== 'string' || !(ARM_OVERRIDABLE as readonly string[]).includes(top)) {
    return `unknown path: it must start with one of ${ARM_OVERRIDABLE.join(', ')} (what an arm may set)`;
  }
  let schema: z.ZodType | null = armScenarioSchema;
  // A scenario that names no payers has the default one (`payers.prompt.missChance` is its field).
  let value: unknown = root.payers === undefined ? { ...root, payers: DEFAULT_PAYERS } : root;
  for (let k = 0; k < path.length; k++) {
    const seg = path[k], at = formatPath(path.slice(0, k));
    const options = objectsOf(schema!);
    const record = options.find((o) => kind(o) === 'record');
    const array = options.find((o) => kind(o) === 'array');
    if (record && typeof seg === 'string') {
      const names = isObject(value) ? Object.keys(value) : [];
      const noun = at.replace(/s$/, '');
      if (!names.includes(seg)) return `unknown path: no ${noun} ${describeValue(seg)} in ${at}; ${at} are: ${nameList(names) || '(none)'}`;
      schema = def(record).valueType;
    } else if (array && typeof seg === 'number') {
      const length = Array.isArray(value) ? value.length : 0;
      if (seg >= length) {
        // Not written (its default applies, such as a profile's weekly factors): there are no items to set one of.
        if (value === undefined) return `unknown path: ${at} is not written in the scenario (its default applies), so it has no [${seg}] to set; write ${at} out in full to vary one item`;
        return `unknown path: ${at} has ${length} item${length === 1 ? '' : 's'}, so no [${seg}]`;
      }
      schema = def(array).element;
    } else {
      const objects = options.filter((o) => kind(o) === 'object');
      const fits = objects.filter((o) => typeof seg === 'string' && Object.hasOwn(def(o).shape, seg));
      if (fits.length === 0) {
        const keys = [...new Set(objects.flatMap((o) => Object.keys(def(o).shape)))];
        if (keys.length === 0) {
          return typeof seg === 'number'
            ? `unknown path: ${at} is set as a whole (a value, or a list such as uniform's [a, b]), so no [${seg}] of it can be set alone`
            : `unknown path: ${at} is a value, with no field ${describeValue(String(seg))}`;
        }
        const guess = suggestKey(String(seg), keys);
        return `unknown path: ${at} has no field ${describeValue(String(seg))}${guess ? ` (did you mean ${guess}?)` : `; its fields are: ${keys.join(', ')}`}`;
      }
      schema = def(fits[0]).shape[seg as string];
    }
    value = isObject(value) || Array.isArray(value) ? (value as Record<string, unknown>)[seg] : undefined;
  }
  return null;
}

/**
 * The schemas a field an arm may set can have, walking armScenarioSchema along a path that
 * pathProblem accepts: every union option that has the next key is followed, so a field of
 * several kinds (profiles, renewal policies) gives each kind's schema.
 */
export function fieldSchemas(path: readonly Segment[]): z.ZodType[] {
  let schemas: z.ZodType[] = [armScenarioSchema];
  for (const seg of path) {
    schemas = schemas.flatMap(objectsOf).flatMap((o) => {
      const d = def(o);
      if (d.type === 'record') return typeof seg === 'string' ? [d.valueType] : [];
      if (d.type === 'array') return typeof seg === 'number' ? [d.element] : [];
      return typeof seg === 'string' && Object.hasOwn(d.shape, seg) ? [d.shape[seg]] : [];
    });
  }
  return schemas;
}

/** How a path relates to an earlier one: the same field, inside it (the earlier is a prefix), or holding it. */
export type Overlap = { earlier: number; relation: 'same' | 'inside' | 'holds' };

/**
 * For each path (null: one not to compare), the first earlier path it overlaps, or null: equal
 * segments (`plans.basic.fee` and `plans["basic"].fee`) or one a prefix of the other. Each
 * path's prefixes are looked up in maps, so the time grows with the paths, not with their pairs.
 */
export function overlaps(paths: readonly (readonly Segment[] | null)[]): (Overlap | null)[] {
  const whole = new Map<string, number>(), prefixes = new Map<string, number>();
  return paths.map((path, i) => {
    if (!path) return null;
    const keys: string[] = [];
    for (const seg of path) keys.push(`${keys.at(-1) ?? ''}/${JSON.stringify(seg)}`);
    const key = keys[keys.length - 1];
    let found: Overlap | null = null;
    if (whole.has(key)) found = { earlier: whole.get(key)!, relation: 'same' };
    for (let k = 0; k < keys.length - 1 && !found; k++) if (whole.has(keys[k])) found = { earlier: whole.get(keys[k])!, relation: 'inside' };
    if (!found && prefixes.has(key)) found = { earlier: prefixes.get(key)!, relation: 'holds' };
    if (!whole.has(key)) whole.set(key, i);
    for (const k of keys.slice(0, -1)) if (!prefixes.has(k)) prefixes.set(k, i);
    return found;
  });
}

/** What is wrong with two paths that overlap, `other` naming the earlier entry; `once` what is expected of equal paths. */
export function overlapMessage(o: Overlap, other: string, once: string): string {
  if (o.relation === 'same') return `the same field as ${other}: expected ${once}`;
  return `${o.relation === 'inside' ? 'lies inside' : 'holds'} ${other}, so each would set the other: expected separate fields, neither inside the other`;
}

/** A copy of `root` with `value` at `path`, creating mappings where the path is absent, null or false. */
export function setAt(root: Record<string, unknown>, path: readonly Segment[], value: unknown): Record<string, unknown> {
  const [seg, ...rest] = path;
  const copy: Record<string, unknown> | unknown[] = Array.isArray(root) ? [...root] : { ...root };
  const here = (copy as Record<string, unknown>)[seg];
  (copy as Record<string, unknown>)[seg] =
    rest.length === 0 ? value : setAt(isObject(here) || Array.isArray(here) ? (here as Record<string, unknown>) : {}, rest, value);
  return copy as Record<string, unknown>;
}

type Def = {
  type: string;
  innerType: z.ZodType;
  options: z.ZodType[];
  shape: Record<string, z.ZodType>;
  valueType: z.ZodType;
  element: z.ZodType;
};

function def(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function kind(schema: z.ZodType): string {
  return def(schema).type;
}

/** The containers a schema may be, through defaults, optionals, nullables and unions. */
function objectsOf(schema: z.ZodType): z.ZodType[] {
  const d = def(schema);
  if (d.type === 'default' || d.type === 'prefault' || d.type === 'optional' || d.type === 'nullable') return objectsOf(d.innerType);
  if (d.type === 'union') return d.options.flatMap(objectsOf);
  return ['object', 'record', 'array'].includes(d.type) ? [schema] : [];
}
