import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { MINIMAL, errorOf, parse } from '../scenarios/helpers.ts';

describe('sweeps', () => {
  it('a grid expands into one arm per combination, named by the values, the first path varying slowest', () => {
    const c = parse(`${MINIMAL}sweep:
  policies.alerts.thresholdPct: {from: 50, to: 60, step: 5, label: "alert {} %"}
  plans.basic.addon.sizeMB: {values: [100, 200], label: "pack {} MB"}
`);
    expect(c.arms.map((a) => a.name)).toEqual([
      'alert 50 % × pack 100 MB', 'alert 50 % × pack 200 MB',
      'alert 55 % × pack 100 MB', 'alert 55 % × pack 200 MB',
      'alert 60 % × pack 100 MB', 'alert 60 % × pack 200 MB',
    ]);
    expect(c.arms.map((a) => [a.policies.alerts!.thresholdPct, a.plans[0].addon.sizeMB])).toEqual([[50, 100], [50, 200], [55, 100], [55, 200], [60, 100], [60, 200]]);
    expect(c.arms[0].policies.alerts).toMatchObject({ reactionDays: { kind: 'fixed', value: 1 }, maxPerCycle: 1 });
  });

  it('labels and a label template on one axis are refused, naming label: labels would win and the template be dropped in silence', () => {
    expect(errorOf(`${MINIMAL}sweep:\n  plans.basic.monthlyFee: {values: [1, 2], labels: [a, b], label: "fee {}"}\n`)).toBe(
      'test.yaml:12:60: sweep["plans.basic.monthlyFee"].label: expected labels (one per value) or label (a template), not both',
    );
  });

  it('explicit arms stay first (arms[0] is the baseline); default labels are the last field and the value', () => {
    const c = parse(`${MINIMAL}arms:
  - name: base
sweep:
  plans.basic.overagePerMB: [0.1, 0.3]
  cohorts[0].count: [5]
`);
    expect(c.arms.map((a) => a.name)).toEqual(['base', 'overagePerMB 0.1 × count 5', 'overagePerMB 0.3 × count 5']);
    expect(c.arms.map((a) => a.cohorts[0].count)).toEqual([10, 5, 5]);
  });

  it('a float range has no float noise and includes its end', () => {
    const c = parse(`${MINIMAL}sweep:\n  plans.basic.overagePerMB: {from: 0.1, to: 0.5, step: 0.1}\n`);
    expect(c.arms.map((a) => a.plans[0].overagePerMB)).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('a Latin hypercube sample uses every stratum of every range once, reproducibly', () => {
    const text = `${MINIMAL}sweep:
  sample: {method: lhs, count: 8, seed: 4}
  policies.alerts.thresholdPct: {from: 50, to: 90}
  plans.basic.overagePerMB: {from: 0, to: 0.8}
`;
    const a = parse(text), b = parse(text);
    expect(a.arms.map((x) => x.name)).toEqual(b.arms.map((x) => x.name));
    expect(a.arms).toHaveLength(8);
    const strata = (xs: number[], from: number, to: number) => xs.map((x) => Math.min(7, Math.floor(((x - from) / (to - from)) * 8))).sort();
    expect(strata(a.arms.map((x) => x.policies.alerts!.thresholdPct), 50, 90)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(strata(a.arms.map((x) => x.plans[0].overagePerMB), 0, 0.8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(a.arms[0].name).toMatch(/^thresholdPct [\d.]+ × overagePerMB [\d.]+$/);
  });

  it("a Latin hypercube sample over whole values gives each value an equal share, its ends too (found by an extreme-values hunt: rounding gave 0 and 24 half the others' share)", () => {
    const a = parse(`${MINIMAL}sweep:
  sample: {method: lhs, count: 1000, seed: 1}
  rules.graceMonths: {from: 0, to: 24}
  cohorts[0].count: {from: 0, to: 5}
  plans.basic.overagePerMB: {from: 0.1, to: 0.5, step: 0.1}
`);
    const shares = (xs: number[]) => [...xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<number, number>())].sort((p, q) => p[0] - q[0]);
    // 1,000 strata over n values: each value gets its 1000/n strata, give or take the few that straddle its edges.
    const even = (xs: number[], values: number[]) => {
      const got = shares(xs);
      expect(got.map(([v]) => v)).toEqual(values);
      const n = values.length;
      for (const [, c] of got) expect(Math.abs(c - 1000 / n), String(c)).toBeLessThanOrEqual(2);
    };
    even(a.arms.map((x) => x.rules.graceMonths), Array.from({ length: 25 }, (_, k) => k));
    even(a.arms.map((x) => x.cohorts[0].count), [0, 1, 2, 3, 4, 5]);
    even(a.arms.map((x) => x.plans[0].overagePerMB), [0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('a Latin hypercube sample draws whole values for an integer field without a step (as Morris and Sobol round them), 4 digits for others', () => {
    // Found by a docs hunt: a card count drawn as 15.16 failed 'expected an integer', 5 times over.
    const a = parse(`${MINIMAL}sweep:
  sample: {method: lhs, count: 8, seed: 3}
  cohorts[0].count: {from: 1, to: 20}
  rules.graceMonths: {from: 0, to: 5}
  plans.basic.overagePerMB: {from: 0, to: 0.8}
`);
    const counts = a.arms.map((x) => x.cohorts[0].count), grace = a.arms.map((x) => x.rules.graceMonths);
    for (const v of [...counts, ...grace]) expect(Number.isInteger(v), String(v)).toBe(true);
    expect(Math.min(...counts) >= 1 && Math.max(...counts) <= 20 && Math.min(...grace) >= 0 && Math.max(...grace) <= 5).toBe(true);
    expect(a.arms.some((x) => !Number.isInteger(x.plans[0].overagePerMB * 100))).toBe(true);
  });

  it('the examples expand to the documented arms', () => {
    const alerts = loadScenarioFile('scenarios/examples/alert-pack-sweep.yaml');
    expect(alerts.arms).toHaveLength(13);
    expect(alerts.arms[0].name).toBe('no alerts');
    expect(alerts.arms[1].name).toBe('alert 60 % × pack 50 MB');
    expect(alerts.arms[12].name).toBe('alert 90 % × pack 200 MB');
    expect(alerts.arms[12].plans[0].addon).toEqual({ sizeMB: 200, price: 18 });
    const renewal = loadScenarioFile('scenarios/examples/renewal-lag-sweep.yaml');
    expect(renewal.arms.map((a) => a.name)).toEqual([
      'monthly × renewed on time', 'monthly × up to 3 weeks late', 'monthly × up to 2 months late',
      'quarterly × renewed on time', 'quarterly × up to 3 weeks late', 'quarterly × up to 2 months late',
      'annual × renewed on time', 'annual × up to 3 weeks late', 'annual × up to 2 months late',
    ]);
  });
});
