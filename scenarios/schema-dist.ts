import { z } from 'zod';
import { mapping, number } from './schema-kit.ts';

/**
 * Distributions as written in a file (FORMAT.md, "Distributions"). The bounds keep every sample
 * finite: a sample is drawn at a quantile within 1e-12 of 0 or 1 (engine/dist.ts), where the
 * normal quantile is about ±7.03, so a lognormal sample is at most 1e9 · e^(5 · 7.03) ≈ 2e24.
 */
const value = number({ min: -1e9, max: 1e9 });
const weight = number({ min: 0, max: 1e12 });
/**
 * Weights must sum to a normal (not subnormal) number: a mixture scales its one uniform draw by
 * the total and walks the parts, and a total near 5e-324 rounds so that the walk can run past
 * every part with weight onto a last part of weight 0 (0 / 0: NaN).
 */
const MIN_WEIGHT_SUM = 1e-9;

const kinds = {
  fixed: value,
  uniform: z
    .tuple([value, value], { error: 'two numbers [a, b]' })
    .refine(([a, b]) => a <= b, { error: 'two numbers [a, b] with a ≤ b' }),
  normal: mapping({ mean: value, sd: number({ min: 0, max: 1e9 }) }, 'a mapping {mean, sd}'),
  lognormal: mapping({ median: number({ above: 0, max: 1e9 }), spread: number({ min: 0, max: 5 }) }, 'a mapping {median, spread}'),
  empirical: z
    .array(z.tuple([value, weight], { error: 'a pair [value, weight ≥ 0]' }), {
      error: 'a list of [value, weight] pairs',
    })
    .min(1, { error: 'a list of at least one [value, weight] pair' })
    .refine((pairs) => pairs.reduce((s, p) => s + p[1], 0) >= MIN_WEIGHT_SUM, { error: `weights with a sum ≥ ${MIN_WEIGHT_SUM}` }),
};

export type DistKind = keyof typeof kinds | 'mixture';
export const DIST_KINDS: readonly DistKind[] = [...(Object.keys(kinds) as DistKind[]), 'mixture'];

export const DIST_WHAT =
  'a distribution (a number, {fixed: x}, {uniform: [a, b]}, {normal: {mean, sd}}, ' +
  '{lognormal: {median, spread}}, {empirical: [[value, weight], ...]} or {mixture: [...]})';
const PART_WHAT = 'a mixture part: weight plus exactly one of fixed, uniform, normal, lognormal, empirical';

const simple = Object.entries(kinds).map(([k, s]) => mapping({ [k]: s }, DIST_WHAT));
const parts = Object.entries(kinds).map(([k, s]) => mapping({ weight, [k]: s }, PART_WHAT));

const mixture = mapping(
  {
    mixture: z
      .array(z.union(parts, { error: PART_WHAT }), { error: 'a list of mixture parts' })
      .min(1, { error: 'a list of at least one mixture part' })
      .refine((ps) => ps.reduce((s, p) => s + (p as { weight: number }).weight, 0) >= MIN_WEIGHT_SUM, {
        error: `parts whose weights sum to ≥ ${MIN_WEIGHT_SUM}`,
      }),
  },
  DIST_WHAT,
);

export const distSchema = z.union([value, ...simple, mixture], { error: DIST_WHAT });

/** A distribution field, with `fallback` as its default if given. */
export const dist = (fallback?: number | object) =>
  fallback === undefined ? distSchema : distSchema.default(fallback as z.input<typeof distSchema>);
export const uniform = (a: number, b: number) => ({ uniform: [a, b] as [number, number] });

export type DistInput = z.output<typeof distSchema>;
