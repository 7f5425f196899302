/** The report's per-arm figures (engine/summarize.ts): estimates, paired differences and the values behind them. */
import { describe, expect, it } from 'vitest';
import { METRICS, runScenario } from '../../engine/index.ts';
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
    // Replication r of a longer run is replication r of a shorter one.
    const two = await runScenario({ ...s, replications: 2 });
    expect(two.arms[0].replications['cost.total']).toEqual(on.replications['cost.total'].slice(0, 2));
  });
});
