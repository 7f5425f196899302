import { z } from 'zod';
import { mapping, number } from './schema-kit.ts';

/** Distributions as written in a file (FORMAT.md, "Distributions"). */

const value = number();

const kinds = {
  fixed: value,
  uniform: z
    .tuple([value, value], { error: 'two numbers [a, b]' })
    .refine(([a, b]) => a <= b, { error: 'two numbers [a, b] with a ≤ b' }),
  normal: mapping({ mean: value, sd: number({ min: 0 }) }, 'a mapping {mean, sd}'),
  lognormal: mapping({ median: number({ above: 0 }), spread: number({ min: 0 }) }, 'a mapping {median, spread}'),
  empirical: z
    .array(z.tuple([value, number({ min: 0 })], { error: 'a pair [value, weight ≥ 0]' }), {
      error: 'a list of [value, weight] pairs',
    })
    .min(1, { error: 'a list of at least one [value, weight] pair' })
    .refine((pairs) => pairs.reduce((s, p) => s + p[1], 0) > 0, { error: 'weights with a sum > 0' }),
};

export type DistKind = keyof typeof kinds | 'mixture';
export const DIST_KINDS: readonly DistKind[] = [...(Object.keys(kinds) as DistKind[]), 'mixture'];

export const DIST_WHAT =
  'a distribution (a number, {fixed: x}, {uniform: [a, b]}, {normal: {mean, sd}}, ' +
  '{lognormal: {median, spread}}, {empirical: [[value, weight], ...]} or {mixture: [...]})';
const PART_WHAT = 'a mixture part: weight plus exactly one of fixed, uniform, normal, lognormal, empirical';

const simple = Object.entries(kinds).map(([k, s]) => mapping({ [k]: s }, DIST_WHAT));
const parts = Object.entries(kinds).map(([k, s]) => mapping({ weight: number({ min: 0 }), [k]: s }, PART_WHAT));

const mixture = mapping(
  {
    mixture: z
      .array(z.union(parts, { error: PART_WHAT }), { error: 'a list of mixture parts' })
      .min(1, { error: 'a list of at least one mixture part' })
      .refine((ps) => ps.reduce((s, p) => s + (p as { weight: number }).weight, 0) > 0, {
        error: 'parts whose weights sum to > 0',
      }),
  },
  DIST_WHAT,
);

export const distSchema = z.union([value, ...simple, mixture], { error: DIST_WHAT });

export type DistInput = z.output<typeof distSchema>;
