/** The report's per-arm figures (engine/summarize.ts): estimates, paired differences and the values behind them. */
import { describe, expect, it } from 'vitest';
import { METRICS, runScenario } from '../../engine/index.ts';
import { estimate } from '../../engine/stats.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import * as B from '../helpers/build.ts';

describe('per-replication values', () => {
  it('each metric has one value per replication; the mean and the paired difference are computed from them', async () => {
    // Runaway devices make replications differ.
    const runaway = { dailyHazard: 0.05, factor: { kind: 'fixed' as const, value: 20 }, durationDays: { kind: 'fixed' as const, value: 3 } };
    const base = B.arm({ months: 3, downtimeCostPerCardDay: 2, plans: [B.plan({ autoStop: true })], profiles: [B.constant(3, { runaway })], cohorts: [B.cohort({ count: 20 })] });
    const s = B.scenario([base, { ...base, name: 'off', plans: [B.plan({ autoStop: false })] }], { replications: 4 });
    const r = await runScenario(s);
    for (const arm of r.arms) {
      for (const m of METRICS) {
        const xs = arm.replications[m];
        expect(xs).toHaveLength(4);
        // Both sides are rounded to 10 significant digits (values up to ~10⁴ here): equal to 5e-6, not to 5e-7.
        expect(arm.metrics[m].mean).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / 4, 5);
      }
    }
    const [on, off] = r.arms;
    expect(new Set(on.replications['cost.total']).size).toBeGreaterThan(1);
    const diffs = off.replications['cost.total'].map((x, k) => x - on.replications['cost.total'][k]);
    expect(off.diff!['cost.total'].mean).toBeCloseTo(diffs.reduce((a, b) => a + b, 0) / 4, 5);
    // Exactly: the paired difference is the estimate over the differences of the values `replications` gives.
    for (const m of METRICS) expect(off.diff![m], m).toEqual(estimate(off.replications[m].map((x, k) => x - on.replications[m][k])));
    // Replication r of a longer run is replication r of a shorter one.
    const two = await runScenario({ ...s, replications: 2 });
    expect(two.arms[0].replications['cost.total']).toEqual(on.replications['cost.total'].slice(0, 2));
  });
});

describe('arms that agree', () => {
  it('a metric two arms share to the reported digits has a constant paired difference of 0, not the last bits of sums made in another order', async () => {
    // bulk-purchase.yaml: the three arms serve the same demand (they differ in what cards cost before service),
    // but their usage is summed along other paths; before, diff.usageMB was ≈ 1e-11 with a noise interval.
    const r = await runScenario(loadScenarioFile('scenarios/examples/bulk-purchase.yaml'));
    const [base, ...others] = r.arms;
    for (const arm of others) {
      expect(arm.replications.usageMB).toEqual(base.replications.usageMB);
      expect(arm.diff!.usageMB).toEqual({ mean: 0, lo: null, hi: null, constant: true });
    }
  });
});
