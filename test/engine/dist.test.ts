/** Distributions sampled by inverse transform from one uniform draw (docs/rules.md, Randomness). */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { normalQuantile, quantile, type Dist } from '../../engine/index.ts';

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
