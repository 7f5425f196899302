import { z } from 'zod';
import type { ArmConfig } from '../engine/index.ts';
import { describeValue, formatPath, type RawIssue } from './issues.ts';
import { fieldSchemas, overlapMessage, overlaps, parsePath, pathProblem } from './paths.ts';
import { sensitivitySchema } from './schema-experiment.ts';
import type { Segment } from './source.ts';

/** Problems in `sensitivity:` its schema cannot see: paths, low < high, paths naming the same field or one inside another. */
export function sensitivityChecks(root: Record<string, unknown>): RawIssue[] {
  const parsed = sensitivitySchema.safeParse(root.sensitivity);
  if (root.sensitivity === undefined || !parsed.success) return [];
  const issues: RawIssue[] = [];
  const valid: (Segment[] | null)[] = parsed.data.map((p, i) => {
    const problem = pathProblem(p.path, root);
    if (problem) issues.push({ path: ['sensitivity', i, 'path'], anchor: 'value', message: problem });
    if (!(p.low < p.high)) issues.push({ path: ['sensitivity', i, 'high'], anchor: 'value', message: `expected high > low (${p.low}), got ${p.high}` });
    return problem ? null : parsePath(p.path);
  });
  overlaps(valid).forEach((o, i) => {
    if (!o) return;
    const other = `sensitivity[${o.earlier}].path (${describeValue(formatPath(valid[o.earlier]!))})`;
    issues.push({ path: ['sensitivity', i, 'path'], anchor: 'value', message: overlapMessage(o, other, 'each field once') });
  });
  return issues;
}

/**
 * Whether a sensitivity value at `path` must be whole: the field is an integer in the scenario's
 * JSON Schema (`type: integer`; a field that may also be a non-integer number is not).
 */
export function integerField(path: readonly Segment[]): boolean {
  const types = fieldSchemas(path).flatMap((s) => numberTypes(z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as JsonSchema));
  return types.length > 0 && types.every((t) => t === 'integer');
}

/**
 * Why a sensitivity entry changes no arm, or null when it changes one: its arms built at low
 * and at high are the same. `reached` is, per arm, whether the entry's value reaches it
 * (reachedArms); where no arm is reached, every arm set the field (or replaced what holds it) itself.
 */
export function unchangedProblem(
  entry: { path: string; low: number; high: number },
  arms: { low: ArmConfig[]; high: ArmConfig[] },
  reached: boolean[],
): string | null {
  if (arms.low.length === 0 || arms.low.length !== arms.high.length || !sameData(arms.low, arms.high)) return null;
  const field = formatPath(parsePath(entry.path)!);
  const values = `low ${entry.low} and high ${entry.high}`;
  if (!reached.includes(true)) {
    return `every arm sets ${field} itself (or replaces what holds it), so ${values} at scenario level reach no arm and every run would be the same (swing 0); expected a field some arm takes from the scenario: vary it in the arms or a sweep instead, or remove this entry`;
  }
  return `${values} build the same arms: ${field} changes nothing any arm runs, so every run would be the same (swing 0); expected a field that changes an arm: remove this entry`;
}

/**
 * Per arm, whether a sensitivity entry's value reaches it: `values[side][arm]`, the value at the
 * entry's path in each arm's merged scenario, differs between low and high (where it is the same,
 * the arm set the field, or replaced what holds it, itself).
 */
export function reachedArms(values: { low: unknown[]; high: unknown[] }): boolean[] {
  return values.low.map((v, k) => !sameData(v, values.high[k]));
}

type JsonSchema = { type?: string | string[]; anyOf?: JsonSchema[]; oneOf?: JsonSchema[]; allOf?: JsonSchema[] };

/** The number types (`number`, `integer`) a JSON Schema allows at its top, through anyOf, oneOf and allOf. */
function numberTypes(s: JsonSchema): string[] {
  const own = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => t === 'number' || t === 'integer');
  return [...own, ...[s.anyOf, s.oneOf, s.allOf].flatMap((list) => (list ?? []).flatMap(numberTypes))];
}

/** Deep equality of plain data: objects, arrays, typed arrays and primitives. */
function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (ArrayBuffer.isView(a) || ArrayBuffer.isView(b)) {
    const x = a as unknown as ArrayLike<unknown>, y = b as unknown as ArrayLike<unknown>;
    if (!ArrayBuffer.isView(a) || !ArrayBuffer.isView(b) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
