import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { estimate, pairedRatioBatchMeans, ratioBatchMeans, skewness, skewnessTooLarge, t975, tQuantile } from '../../engine/stats.ts';
import { judge, type Constraint } from '../../engine/experiments/decision.ts';
import { diagnose } from '../../engine/summarize.ts';
import { METRICS, runScenario, type MetricName } from '../../engine/index.ts';
import { arm, cohort, constant, scenario } from '../helpers/build.ts';

describe('batch means', () => {
  it('four equal blocks with totals 10, 12, 14, 16: total 52 ± t(3)·√4·s, s² = 20/3', () => {
    const e = ratioBatchMeans([10, 12, 14, 16], [5, 5, 5, 5], 20)!;
    // per-card rate 52/20; the fleet total (20 cards) is 52; half-width t(3)·√B·s = 3.182446305·2·2.5820 = 16.434
    const half = 3.182446305 * 2 * Math.sqrt(20 / 3);
    expect(e.mean).toBe(52);
    expect(e.lo).toBeCloseTo(52 - half, 6);
    expect(e.hi).toBeCloseTo(52 + half, 6);
    expect(half).toBeCloseTo(16.434, 3);
  });

  it('three unequal blocks use the ratio estimator: totals 10, 20, 6 over 2, 4, 1 cards', () => {
    const e = ratioBatchMeans([10, 20, 6], [2, 4, 1], 7)!;
    // ρ = 36/7; residuals x − ρd = −2/7, −4/7, 6/7: Σ = 56/49 = 8/7; d̄ = 7/3
    // half-width of ρ = t(2)·√(8/7 ÷ (3·2)) ÷ (7/3) = 0.80479; the total is 7ρ = 36 ± 5.6335
    const half = 4.30265273 * Math.sqrt(8 / 7 / 6) / (7 / 3);
    expect(half).toBeCloseTo(0.80479, 4);
    expect(e.mean).toBe(36);
    expect(e.lo).toBeCloseTo(36 - 7 * half, 6);
    expect(e.hi).toBeCloseTo(36 + 7 * half, 6);
  });

  it('availability is a ratio per batch (downtime over demand days), not a mean of ratios', () => {
    // blocks: 1 down of 10, 9 down of 90: ratio 10/100 (a mean of ratios would give 0.1 too here, so add a third) 0 of 100
    const e = ratioBatchMeans([1, 9, 0], [10, 90, 100], 1)!;
    expect(e.mean).toBe(0.05); // 10/200; the mean of ratios would be (0.1 + 0.1 + 0) / 3 = 0.0667
  });

  it('a paired difference over equal blocks is the batch means of the block differences', () => {
    const a = [10, 12, 14, 16], b = [9, 12, 12, 16], d = [5, 5, 5, 5];
    const p = pairedRatioBatchMeans(a, d, b, d, 20)!;
    const direct = ratioBatchMeans([1, 0, 2, 0], d, 20)!;
    expect(p.mean).toBe(direct.mean);
    expect(p.lo).toBeCloseTo(direct.lo!, 9);
    expect(p.hi).toBeCloseTo(direct.hi!, 9);
  });

  it('gives none with fewer than two batches', () => {
    expect(ratioBatchMeans([5], [3], 3)).toBeNull();
  });
});

describe('no zero-width interval', () => {
  it('one value has no interval (lo = hi = null)', () => {
    expect(estimate([7])).toEqual({ mean: 7, lo: null, hi: null });
  });

  it('a run of one replication of a fleet in one batch (64 cards or fewer) reports no interval and says so', async () => {
    const r = await runScenario(scenario([arm({ cohorts: [cohort({ count: 4 })] })]));
    expect(r.intervals).toEqual({ confidence: 0.95, headline: 'none', blockSize: 16384 });
    for (const m of METRICS) expect(r.arms[0].metrics[m]).toMatchObject({ lo: null, hi: null });
    expect(r.arms[0].batchMeans).toBeNull();
  });

  it('one replication of a fleet of several batches carries the batch-means interval', async () => {
    // 256 cards: four batches of 64 (engine/batches.ts), whatever the block size.
    const s = scenario([arm({ profiles: [constant(0, { meanDailyMB: { kind: 'lognormal', median: 4, spread: 0.5 } })], cohorts: [cohort({ count: 256 })] })], { blockSize: 100 });
    const r = await runScenario(s);
    expect(r.intervals.headline).toBe('batchMeans');
    const bm = r.arms[0].batchMeans!;
    expect(bm).toMatchObject({ blocks: 4, batches: 4 });
    const e = r.arms[0].metrics['cost.total'];
    expect(e.lo).toBe(bm.metrics['cost.total'].lo);
    expect(e.hi! - e.lo!).toBeGreaterThan(0);
    expect(e.lo!).toBeLessThanOrEqual(e.mean);
    expect(e.hi!).toBeGreaterThanOrEqual(e.mean);
  });
});

describe('constraints on intervals', () => {
  const est = (mean: number, lo: number | null, hi: number | null) => ({ mean, lo, hi });
  const avail: Constraint = { metric: 'availability', op: '>=', value: 0.995 };
  it('feasible when the whole interval meets it, infeasible when none of it does, undetermined when it straddles', () => {
    expect(judge(avail, est(0.997, 0.996, 0.998))).toBe('feasible');
    expect(judge(avail, est(0.990, 0.988, 0.992))).toBe('infeasible');
    // the audit's case: true availability 0.9948, a mean above the bound but an interval across it
    expect(judge(avail, est(0.9951, 0.9940, 0.9962))).toBe('undetermined');
    expect(judge(avail, est(0.997, null, null))).toBe('undetermined');
  });

  it('every operator', () => {
    const e = est(5, 4, 6);
    expect(judge({ metric: 'cancelled', op: '<=', value: 6 }, e)).toBe('feasible');
    expect(judge({ metric: 'cancelled', op: '<', value: 6 }, e)).toBe('undetermined');
    expect(judge({ metric: 'cancelled', op: '<', value: 4 }, e)).toBe('infeasible');
    expect(judge({ metric: 'cancelled', op: '>', value: 3.9 }, e)).toBe('feasible');
    expect(judge({ metric: 'cancelled', op: '>', value: 6 }, e)).toBe('infeasible');
    expect(judge({ metric: 'cancelled', op: '==', value: 0 }, est(0, 0, 0))).toBe('feasible');
    expect(judge({ metric: 'cancelled', op: '==', value: 0 }, e)).toBe('infeasible');
    expect(judge({ metric: 'cancelled', op: '==', value: 5 }, e)).toBe('undetermined');
  });
});

describe('skewness diagnostics', () => {
  const reps = (xs: number[]): Record<MetricName, number>[] => xs.map((x) => Object.fromEntries(METRICS.map((m) => [m, m === 'cost.total' ? x : 1])) as Record<MetricName, number>);

  it('G1 of 1, 2, 3, 10 is 1.7636 (adjusted Fisher–Pearson)', () => {
    // mean 4, deviations −3, −2, −1, 6: m2 = 12.5, m3 = 45; g1 = 45 / 12.5^1.5 = 1.01823; G1 = g1·√12 / 2 = 1.76363
    expect(skewness([1, 2, 3, 10])).toBeCloseTo(45 / 12.5 ** 1.5 * Math.sqrt(12) / 2, 9);
  });

  it('warns when replication totals are strongly skewed for their number (runaway devices), with the replications wanted', () => {
    const xs = [100, 101, 99, 102, 98, 100, 103, 97, 100, 160];
    const d = diagnose(reps(xs));
    expect(d.skewed).toHaveLength(1);
    expect(d.skewed[0]).toMatchObject({ metric: 'cost.total', replications: 10 });
    expect(d.skewed[0].needed).toBeGreaterThan(10);
    expect(d.skewness['cost.total']).toBeGreaterThan(2);
  });

  it('gives no warning for symmetric totals', () => {
    const d = diagnose(reps([95, 97, 98, 99, 100, 100, 101, 102, 103, 105]));
    expect(d.skewed).toEqual([]);
    expect(Math.abs(d.skewness['cost.total']!)).toBeLessThan(0.1);
  });

  it('no warning for skewness the replications already cover (Cochran: n > 25 G1²)', () => {
    expect(skewnessTooLarge(0.5, 10)).toBe(false); // not significant with 10
    expect(skewnessTooLarge(0.5, 100)).toBe(false); // 100 > 25 · 0.25
    expect(skewnessTooLarge(2, 50)).toBe(true); // 50 ≤ 100
  });

  it('names metrics with the same value in every replication', () => {
    expect(diagnose(reps([1, 2, 3])).noSpread).toEqual(METRICS.filter((m) => m !== 'cost.total'));
  });

  it('t975 is the tabled quantile, and past the table the quantile to 10 digits (40-digit references)', () => {
    expect(t975(3)).toBeCloseTo(3.182446305, 9);
    // df 31 is the batch-means interval's usual df (32 batches); two Cornish–Fisher terms gave 2.039425907 there.
    const ref: [number, number][] = [[31, 2.039513446396408], [32, 2.036933343460101], [50, 2.008559112100761], [100, 1.983971518523552], [200, 1.971896223646881], [1000, 1.962339081107574]];
    for (const [df, t] of ref) expect(Math.abs(t975(df) - t) / t, String(df)).toBeLessThan(5e-10);
  });
});

describe('no zero-width interval, ever', () => {
  test.prop([fc.array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 2, maxLength: 30 })])(
    'an estimate of two values or more has lo < hi, or no interval and constant: true when every value is the same',
    (xs) => {
      const e = estimate(xs);
      if (e.lo === null) {
        expect(e).toMatchObject({ hi: null, constant: true });
        expect(Math.max(...xs) - Math.min(...xs)).toBeLessThanOrEqual(1e-9 * Math.max(1, ...xs.map(Math.abs)));
      } else {
        expect(e.lo).toBeLessThan(e.hi!);
        expect(e.constant).toBeUndefined();
      }
    },
  );

  it('values without spread: no interval, said so; the same for batch means and paired batch means', () => {
    expect(estimate([0.1, 0.1, 0.1])).toEqual({ mean: 0.1, lo: null, hi: null, constant: true });
    expect(ratioBatchMeans([0, 0, 0], [5, 5, 5], 15)).toEqual({ mean: 0, lo: null, hi: null, constant: true });
    expect(pairedRatioBatchMeans([2, 4], [1, 2], [2, 4], [1, 2], 3)).toEqual({ mean: 0, lo: null, hi: null, constant: true });
  });

  it('a constraint on a metric without spread is judged on its value', () => {
    const zero = estimate([0, 0, 0]), three = estimate([3, 3, 3]);
    const none: Constraint = { metric: 'cancelled', op: '==', value: 0 };
    expect(judge(none, zero)).toBe('feasible');
    expect(judge(none, three)).toBe('infeasible');
    expect(judge({ metric: 'cancelled', op: '<=', value: 2 }, three)).toBe('infeasible');
    expect(judge(none, estimate([0]))).toBe('undetermined');
  });

  it('tQuantile agrees with the t975 table and is symmetric', () => {
    for (const df of [1, 2, 5, 10, 29, 30]) expect(tQuantile(0.975, df)).toBeCloseTo(t975(df), 7);
    expect(tQuantile(0.025, 4)).toBeCloseTo(-t975(4), 9);
    // Bonferroni quantile for 12 comparisons at 5 %, 9 df: t(0.99583, 9) = 3.364 (tables: 3.36)
    expect(tQuantile(1 - 0.05 / 12, 9)).toBeCloseTo(3.364, 3);
  });
});
