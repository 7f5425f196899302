import type { Dist } from '../engine/index.ts';
import type { DistInput } from './schema-dist.ts';

/** A validated written distribution → the engine's `Dist` (`5` → `{kind: 'fixed', value: 5}`). */
export function toDist(input: DistInput): Dist {
  if (typeof input === 'number') return { kind: 'fixed', value: input };
  const d = input as Record<string, unknown>;
  if ('fixed' in d) return { kind: 'fixed', value: d.fixed as number };
  if ('uniform' in d) {
    const [min, max] = d.uniform as [number, number];
    return { kind: 'uniform', min, max };
  }
  if ('normal' in d) {
    const { mean, sd } = d.normal as { mean: number; sd: number };
    return { kind: 'normal', mean, sd };
  }
  if ('lognormal' in d) {
    const { median, spread } = d.lognormal as { median: number; spread: number };
    return { kind: 'lognormal', median, spread };
  }
  if ('empirical' in d) {
    const pairs = d.empirical as Array<[number, number]>;
    return { kind: 'empirical', values: pairs.map((p) => p[0]), weights: pairs.map((p) => p[1]) };
  }
  const parts = d.mixture as Array<Record<string, unknown> & { weight: number }>;
  return {
    kind: 'mixture',
    weights: parts.map((p) => p.weight),
    parts: parts.map(({ weight: _weight, ...part }) => toDist(part as DistInput)),
  };
}
