/** Distributions sampled by inverse transform from one uniform draw (docs/rules.md, Randomness). */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { normalQuantile, quantile, type Dist } from '../../engine/index.ts';
import { compileDist, quantileDays, sample, sampleDays } from '../../engine/dist.ts';

describe('quantiles', () => {
  it('fixed, uniform, normal and lognormal at their landmarks', () => {
    expect(quantile({ kind: 'fixed', value: 7 }, 0.9)).toBe(7);
    expect(quantile({ kind: 'uniform', min: 10, max: 20 }, 0.25)).toBe(12.5);
    expect(quantile({ kind: 'normal', mean: 3, sd: 2 }, 0.5)).toBe(3);
    expect(quantile({ kind: 'lognormal', median: 4, spread: 1 }, 0.5)).toBe(4);
    // Φ⁻¹(0.975) = 1.959964 (Acklam's approximation, relative error < 1.2e-9).
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306, 8);
  });

  it('an empirical distribution picks values by cumulative weight', () => {
    // Weights 1, 1, 2 of 4: u < 0.25 → 1, u < 0.5 → 2, else 3.
    const d: Dist = { kind: 'empirical', values: [1, 2, 3], weights: [1, 1, 2] };
    expect([0.1, 0.3, 0.6, 0.99].map((u) => quantile(d, u))).toEqual([1, 2, 3, 3]);
  });

  it('a mixture picks its component and rescales u inside it', () => {
    // 70 % on time (0), 30 % uniform 10–20. u = 0.35 → first part; u = 0.85 → second part at (0.85 − 0.7) / 0.3 = 0.5 → 15.
    const d: Dist = { kind: 'mixture', weights: [0.7, 0.3], parts: [{ kind: 'fixed', value: 0 }, { kind: 'uniform', min: 10, max: 20 }] };
    expect(quantile(d, 0.35)).toBe(0);
    expect(quantile(d, 0.85)).toBeCloseTo(15, 12);
    expect(quantile(d, 0.7001)).toBeCloseTo(10, 2);
  });

  test.prop([fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true }), fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true })])(
    'quantiles are non-decreasing in u',
    (a, b) => {
      const [lo, hi] = a <= b ? [a, b] : [b, a];
      for (const d of [
        { kind: 'normal', mean: 0, sd: 1 },
        { kind: 'lognormal', median: 2, spread: 0.7 },
        { kind: 'empirical', values: [1, 5, 9], weights: [3, 1, 1] },
        { kind: 'mixture', weights: [0.6, 0.4], parts: [{ kind: 'uniform', min: 0, max: 1 }, { kind: 'uniform', min: 5, max: 9 }] },
      ] as Dist[]) expect(quantile(d, lo)).toBeLessThanOrEqual(quantile(d, hi));
    },
  );
});

/** Any distribution the scenario format can write: parameters over wide ranges, mixtures nested two deep. */
const num = fc.double({ min: -1e6, max: 1e6, noNaN: true });
const weight = fc.oneof(fc.double({ min: 1e-6, max: 1e3, noNaN: true }), fc.integer({ min: 1, max: 100 }));
const { dist: distArb } = fc.letrec<{ dist: Dist; leaf: Dist }>((tie) => ({
  leaf: fc.oneof(
    num.map((value): Dist => ({ kind: 'fixed', value })),
    fc.tuple(num, num).map(([a, b]): Dist => ({ kind: 'uniform', min: Math.min(a, b), max: Math.max(a, b) })),
    fc.tuple(num, fc.double({ min: 0, max: 1e3, noNaN: true })).map(([mean, sd]): Dist => ({ kind: 'normal', mean, sd })),
    fc.tuple(fc.double({ min: 1e-6, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 3, noNaN: true })).map(([median, spread]): Dist => ({ kind: 'lognormal', median, spread })),
    fc.array(fc.tuple(fc.integer({ min: -100, max: 1000 }), weight), { minLength: 1, maxLength: 30 }).map((vw): Dist => ({ kind: 'empirical', values: vw.map((x) => x[0]), weights: vw.map((x) => x[1]) })),
  ),
  dist: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('leaf'),
    fc.array(fc.tuple(weight, tie('dist')), { minLength: 1, maxLength: 4 }).map((wp): Dist => ({ kind: 'mixture', weights: wp.map((x) => x[0]), parts: wp.map((x) => x[1]) })),
  ),
}));
const unit = fc.oneof(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), fc.integer({ min: 0, max: 2 ** 32 - 1 }).map((b) => (b + 0.5) / 4294967296));

describe('compiled samplers (issue 17)', () => {
  test.prop([distArb, fc.array(unit, { minLength: 1, maxLength: 20 })], { numRuns: 1000 })('sample(compileDist(d), u) is quantile(d, u), bit for bit, for every kind', (d, us) => {
    const sm = compileDist(d);
    for (const u of us) {
      expect(Object.is(sample(sm, u), quantile(d, u))).toBe(true);
      expect(Object.is(sampleDays(sm, u), quantileDays(d, u))).toBe(true);
    }
  });

  it('the reference fleet\'s payment delay: 80 % on the day, then 26 days alike', () => {
    const weights = [0.8, ...Array.from({ length: 25 }, () => 0.2 / 25)];
    const d: Dist = { kind: 'empirical', values: [0, ...Array.from({ length: 25 }, (_, k) => k + 5)], weights };
    const sm = compileDist(d);
    expect([0.1, 0.79, 0.8001, 0.81, 0.999].map((u) => sample(sm, u))).toEqual([0, 0, 5, 6, 29]);
    for (let j = 0; j < 4096; j++) expect(sample(sm, (j + 0.5) / 4096)).toBe(quantile(d, (j + 0.5) / 4096));
  });

  it('a mixture\'s total is summed once, in order, as quantile sums it', () => {
    const d: Dist = { kind: 'mixture', weights: [0.1, 0.2, 0.7], parts: [{ kind: 'fixed', value: 1 }, { kind: 'fixed', value: 2 }, { kind: 'uniform', min: 3, max: 4 }] };
    expect(compileDist(d).total).toBe(0.1 + 0.2 + 0.7);
    expect(sample(compileDist(d), 0.29999999999999993)).toBe(quantile(d, 0.29999999999999993));
  });
});
