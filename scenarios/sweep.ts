import seedrandom from 'seedrandom';
import { formatPath, isObject, type RawIssue } from './issues.ts';
import { overlapMessage, overlaps, parsePath, pathProblem, setAt } from './paths.ts';
import { mergeArm } from './arms.ts';
import { integerField } from './sensitivity.ts';
import { MAX_ARMS, sweepSchema, type DimensionInput, type SweepInput } from './schema-experiment.ts';
import type { Segment } from './source.ts';

/** One axis of a sweep: a field path and the values it takes, each with its label. */
interface Axis {
  key: string;
  path: Segment[];
  values: unknown[];
  labels: string[];
  /** A range without a step: only a Latin hypercube sample can draw from it. */
  range: { from: number; to: number; step?: number } | null;
  /** The field takes whole numbers only (sensitivity.ts integerField): a range without a step draws whole values. */
  integer: boolean;
  /** `alert {} %`: {} is replaced by the value. */
  template?: string;
}

/** An arm a sweep generates: its name and its overrides (whole top-level fields, as an arm writes them). */
export interface SweepArm {
  name: string;
  overrides: Record<string, unknown>;
  /** The sweep keys (field paths) this arm sets. */
  keys: string[];
}

/**
 * Problems with `sweep:` that its schema cannot see: paths (also two naming the same field, or one
 * inside the other), empty ranges, labels, the number of arms.
 */
export function sweepChecks(root: Record<string, unknown>): RawIssue[] {
  const parsed = sweepSchema.safeParse(root.sweep);
  if (root.sweep === undefined || !parsed.success) return [];
  const sweep = parsed.data;
  const issues: RawIssue[] = [];
  const keys = dimensionKeys(sweep);
  if (keys.length === 0) issues.push({ path: ['sweep'], anchor: 'value', message: 'expected at least one field path to sweep over' });
  const counts: number[] = [];
  const valid: (Segment[] | null)[] = [];
  for (const key of keys) {
    const at: Segment[] = ['sweep', key];
    const problem = pathProblem(key, root);
    if (problem) issues.push({ path: at, anchor: 'key', message: problem });
    valid.push(problem ? null : parsePath(key));
    const dim = sweep[key] as DimensionInput;
    if (Array.isArray(dim)) counts.push(dim.length);
    else if ('values' in dim) {
      counts.push(dim.values.length);
      if (dim.labels && dim.labels.length !== dim.values.length) {
        issues.push({ path: [...at, 'labels'], anchor: 'value', message: `expected ${dim.values.length} labels, one per value, got ${dim.labels.length}` });
      }
      // Both would name the same arms: labels would win, and the template would be dropped without a word.
      if (dim.labels && dim.label !== undefined) issues.push({ path: [...at, 'label'], anchor: 'key', message: 'expected labels (one per value) or label (a template), not both' });
    } else if (dim.from > dim.to) {
      issues.push({ path: at, anchor: 'value', message: `expected a range with from ≤ to, got from ${dim.from}, to ${dim.to}` });
    } else if (dim.step === undefined) {
      if (!sweep.sample) issues.push({ path: at, anchor: 'value', message: 'missing step; expected a range {from, to, step} (only a sample: {method: lhs} draws from a range without a step)' });
    } else {
      const n = rangeCount(dim.from, dim.to, dim.step);
      counts.push(n);
      if (n > MAX_ARMS) issues.push({ path: at, anchor: 'value', message: `expected at most ${MAX_ARMS} values, got ${Number.isFinite(n) ? n : 'more than can be counted'} (from ${dim.from} to ${dim.to} by ${dim.step})` });
    }
  }
  overlaps(valid).forEach((o, d) => {
    if (o) issues.push({ path: ['sweep', keys[d]], anchor: 'key', message: overlapMessage(o, formatPath(['sweep', keys[o.earlier]]), 'each field swept once') });
  });
  const explicit = Array.isArray(root.arms) ? root.arms.length : 0;
  const generated = sweep.sample ? sweep.sample.count : counts.reduce((a, b) => a * b, 1);
  if (issues.length === 0 && explicit + generated > MAX_ARMS) {
    const how = sweep.sample ? `a sample of ${generated}` : counts.length === 1 ? `${generated} swept values` : `${counts.join(' × ')} = ${generated} grid points`;
    issues.push({
      path: ['sweep'],
      anchor: 'key',
      message: `expected at most ${MAX_ARMS} arms in all, got ${explicit + generated} (${explicit ? `${explicit} arms + ` : ''}${how}); sweep fewer values or use sample: {method: lhs, count: N}`,
    });
  }
  return issues;
}

/**
 * The arms a valid sweep generates, in order: the full grid (the first path varies slowest), or
 * with `sample: {method: lhs}` a Latin hypercube sample. Names join each value's label with ` × `.
 */
export function sweepArms(root: Record<string, unknown>): SweepArm[] {
  if (root.sweep === undefined) return [];
  const sweep = sweepSchema.parse(root.sweep);
  const axes = dimensionKeys(sweep).map((key) => axis(key, sweep[key] as DimensionInput));
  const points = sweep.sample ? latinHypercube(axes, sweep.sample.count, String(sweep.sample.seed)) : grid(axes);
  const seen = new Map<string, number>();
  return points.map((picks) => {
    let overrides: Record<string, unknown> = {};
    picks.forEach(({ value }, d) => {
      const top = axes[d].path[0] as string;
      overrides = setAt({ ...overrides, [top]: overrides[top] ?? root[top] }, axes[d].path, value);
    });
    let name = picks.map((p) => p.label).join(' × ');
    const times = (seen.get(name) ?? 0) + 1;
    seen.set(name, times);
    if (times > 1) name += ` (${times})`;
    return { name, overrides, keys: axes.map((a) => a.key) };
  });
}

/**
 * The swept field paths of a valid sweep and, per arm in the loader's order (the arms under
 * `arms:`, then the swept ones), the value each path has in that arm's merged scenario
 * (undefined where the arm has none, e.g. under `alerts: null`).
 */
export function sweepParameters(root: Record<string, unknown>): { keys: string[]; values: unknown[][] } {
  const keys = dimensionKeys(sweepSchema.parse(root.sweep));
  const explicit = Array.isArray(root.arms) ? root.arms.filter(isObject) : [];
  const docs = [...explicit.map((a) => mergeArm(root, a)), ...sweepArms(root).map((a) => mergeArm(root, a.overrides))];
  return { keys, values: docs.map((doc) => keys.map((k) => valueAt(doc, parsePath(k)!))) };
}

function valueAt(root: unknown, path: readonly Segment[]): unknown {
  let value = root;
  for (const seg of path) value = isObject(value) || Array.isArray(value) ? (value as Record<string, unknown>)[seg] : undefined;
  return value;
}

type Pick = { value: unknown; label: string };

function grid(axes: Axis[]): Pick[][] {
  let points: Pick[][] = [[]];
  for (const a of axes) points = points.flatMap((p) => a.values.map((value, k) => [...p, { value, label: a.labels[k] }]));
  return points;
}

/**
 * Latin hypercube: each axis is cut into `count` equal strata and every stratum is used once.
 * Draws come from seedrandom ARC4 seeded `lhs/<seed>`, axis by axis: a Fisher–Yates shuffle of
 * the strata, then one uniform offset per point. A range gives from + u·(to − from), rounded to
 * 4 significant digits; a range with a step, or over an integer field, its ⌊u·n⌋-th of its n
 * values (every value an equal share); a list gives its ⌊u·length⌋-th value.
 */
function latinHypercube(axes: Axis[], count: number, seed: string): Pick[][] {
  const rng = seedrandom(`lhs/${seed}`);
  const points: Pick[][] = Array.from({ length: count }, () => []);
  for (const a of axes) {
    const strata = Array.from({ length: count }, (_, i) => i);
    for (let i = count - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      [strata[i], strata[j]] = [strata[j], strata[i]];
    }
    for (let i = 0; i < count; i++) {
      const u = (strata[i] + rng()) / count;
      if (a.range) {
        const { from, to, step } = a.range;
        // A range of whole values (a step, or an integer field: as Morris and Sobol round them) picks its
        // ⌊u·n⌋-th of n values, each with an equal share (rounding u·(to − from) gave the two ends half a share
        // each); others take 4 significant digits.
        const grid = step ? { first: from, step, n: Math.floor((to - from) / step + 1e-9) + 1 } : a.integer ? { first: Math.ceil(from), step: 1, n: Math.floor(to) - Math.ceil(from) + 1 } : null;
        const x = from + u * (to - from);
        const value = grid && grid.n >= 1 ? tidy(grid.first + Math.min(grid.n - 1, Math.floor(u * grid.n)) * grid.step) : a.integer ? Math.round(x) : +x.toPrecision(4);
        points[i].push({ value, label: labelFor(a, value) });
      } else {
        const k = Math.min(a.values.length - 1, Math.floor(u * a.values.length));
        points[i].push({ value: a.values[k], label: a.labels[k] });
      }
    }
  }
  return points;
}

function axis(key: string, dim: DimensionInput): Axis {
  const path = parsePath(key)!;
  const a: Axis = { key, path, values: [], labels: [], range: null, template: Array.isArray(dim) ? undefined : dim.label, integer: integerField(path) };
  if (Array.isArray(dim)) a.values = dim;
  else if ('values' in dim) a.values = dim.values;
  else {
    a.range = dim;
    if (dim.step !== undefined) a.values = Array.from({ length: rangeCount(dim.from, dim.to, dim.step) }, (_, i) => tidy(dim.from + i * dim.step!));
  }
  const given = !Array.isArray(dim) && 'labels' in dim ? dim.labels : undefined;
  a.labels = a.values.map((v, k) => given?.[k] ?? labelFor(a, v, k));
  return a;
}

/** A value's label: the template with every {} replaced, else `<last field> <value>`; values that are not scalars are numbered. */
function labelFor(a: Axis, value: unknown, k = 0): string {
  const text = isObject(value) || Array.isArray(value) ? `#${k + 1}` : String(value);
  // split/join, not replace: a value's `$&` or `$1` is text, not a replacement pattern.
  if (a.template) return a.template.includes('{}') ? a.template.split('{}').join(text) : `${a.template} ${text}`;
  const last = [...a.path].reverse().find((s) => typeof s === 'string') as string;
  return `${last} ${text}`;
}

function dimensionKeys(sweep: SweepInput): string[] {
  return Object.keys(sweep).filter((k) => k !== 'sample');
}

/** Values from `from` to `to` by `step`, `to` included when it falls on a step (within rounding). */
function rangeCount(from: number, to: number, step: number): number {
  return Math.floor((to - from) / step + 1e-9) + 1;
}

/** Drops float noise from a computed grid value (0.1 + 2·0.1 → 0.3). */
function tidy(x: number): number {
  return +x.toPrecision(12);
}
