import { fc, test } from '@fast-check/vitest';
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { bootstrapDecision } from '../../engine/experiments/bootstrap.ts';
import { equalUnits, pairedError } from '../../engine/experiments/sample.ts';
import { bestSubset } from '../../engine/experiments/selection.ts';
import { tQuantile } from '../../engine/stats.ts';
import { runScenario } from '../../engine/index.ts';
import { arm, cohort, constant, plan, scenario } from '../helpers/build.ts';

/** A normal draw from a seeded stream (Box–Muller). */
function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/**
 * Replication values of k arms under common random numbers: a shared replication effect (sd 3)
 * plus each arm's own noise (sd 1), or its lognormal counterpart (skewed); arm 0 is the true best
 * (lowest mean) by `lead` standard errors of a paired difference, the others tie (the slippage configuration).
 */
function arms(rng: () => number, k: number, n: number, lead: number, skewed: boolean): number[][] {
  const shared = Array.from({ length: n }, () => 3 * normal(rng));
  const noise = () => (skewed ? Math.exp(normal(rng)) - Math.exp(0.5) : normal(rng)) / (skewed ? Math.sqrt((Math.E - 1) * Math.E) : 1);
  const gap = lead * Math.sqrt(2 / n);
  return Array.from({ length: k }, (_, i) => shared.map((s) => 100 + s + noise() + (i === 0 ? -gap : 0)));
}

describe('best subset (multiple comparisons with the best)', () => {
  it('by hand: three arms, three replications, Bonferroni t(1 − 0.05/2, 2) = 4.303', () => {
    // a − b per replication: −2, −1, −3 (mean −2, sd 1); a − c: −10, −11, −9 (mean −10, sd 1)
    const s = equalUnits([[10, 12, 14], [12, 13, 17], [20, 23, 23]]);
    const t = tQuantile(1 - 0.05 / 2, 2);
    expect(t).toBeCloseTo(4.3027, 3);
    expect(pairedError(s, 0, 1)).toBeCloseTo(1 / Math.sqrt(3), 12);
    // b stays: 14 ≤ 12 + 4.303·0.577 = 14.48; c goes: 22 > 12 + 4.303·(sd of c − a = 1)/√3 = 14.48
    expect(bestSubset(s, [0, 1, 2], 1)).toEqual([0, 1]);
    // maximising, c leads a and b by far more than its error: it alone stays
    expect(bestSubset(s, [0, 1, 2], -1)).toEqual([2]);
    // only the candidates count
    expect(bestSubset(s, [1, 2], 1)).toEqual([1]);
  });

  it('needs two units, and a lone candidate is its own subset', () => {
    expect(bestSubset(equalUnits([[1], [2]]), [0, 1], 1)).toBeNull();
    expect(bestSubset(equalUnits([[1, 2], [3, 4]]), [1], 1)).toEqual([1]);
  });

  test.prop([fc.array(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 4, maxLength: 4 }), { minLength: 2, maxLength: 6 })])(
    'always keeps the arm with the best sample mean',
    (values) => {
      const s = equalUnits(values);
      const means = values.map((v) => v.reduce((a, b) => a + b, 0) / v.length);
      const best = means.indexOf(Math.min(...means));
      expect(bestSubset(s, values.map((_, i) => i), 1)).toContain(best);
    },
  );

  it.each([
    { noise: 'normal', skewed: false },
    { noise: 'skewed (lognormal)', skewed: true },
  ])('holds the true best in at least 95 % of 1,000 synthetic trials: $noise noise, 10 arms, 10 replications, a lead of one standard error', ({ noise, skewed }) => {
    const rng = seedrandom('selection-coverage');
    let hits = 0, size = 0;
    const trials = 1000;
    for (let t = 0; t < trials; t++) {
      const kept = bestSubset(equalUnits(arms(rng, 10, 10, 1, skewed)), [...Array(10).keys()], 1)!;
      if (kept.includes(0)) hits++;
      size += kept.length;
    }
    console.log(`best subset, ${noise} noise: true best kept in ${hits}/${trials}, mean subset size ${(size / trials).toFixed(2)} of 10`);
    expect(hits / trials).toBeGreaterThanOrEqual(0.95);
  });
});

describe('how the subset and P(best) follow the lead (printed)', () => {
  it('a wider lead shrinks the subset and raises the true best\'s P(best); at one standard error the sample best is often not the true best', () => {
    const rows: string[] = [];
    let lastSize = Infinity, lastP = -Infinity;
    for (const lead of [1, 3, 5, 8]) {
      const rng = seedrandom(`selection-lead/${lead}`);
      const trials = 300;
      let size = 0, pBest = 0, picked = 0;
      for (let t = 0; t < trials; t++) {
        const x = arms(rng, 10, 10, lead, false);
        const s = equalUnits(x), all = [...Array(10).keys()];
        size += bestSubset(s, all, 1)!.length;
        pBest += bootstrapDecision({ objective: s, candidates: all, sign: 1, cost: s, downtime: s, seed: `t${t}`, resamples: 200 }).pBest[0];
        const means = x.map((v) => v.reduce((a, b) => a + b, 0) / v.length);
        if (means.indexOf(Math.min(...means)) === 0) picked++;
      }
      rows.push(`lead ${lead} SE: mean subset ${(size / trials).toFixed(2)} of 10, true best's mean P(best) ${(pBest / trials).toFixed(2)}, sample best = true best in ${(picked / trials).toFixed(2)}`);
      expect(size / trials).toBeLessThanOrEqual(lastSize);
      expect(pBest / trials).toBeGreaterThanOrEqual(lastP);
      lastSize = size / trials;
      lastP = pBest / trials;
    }
    console.log(rows.join('\n'));
  });
});

describe('bootstrap probabilities', () => {
  const cost = equalUnits([[10, 11, 12, 13], [10.5, 11.4, 12.6, 13.3], [20, 21, 22, 23]]);
  const downtime = equalUnits([[5, 5, 6, 6], [4, 4, 5, 5], [9, 9, 9, 9]]);
  const input = { objective: cost, candidates: [0, 1, 2], sign: 1 as const, cost, downtime, seed: 's1', resamples: 500 };

  it('is deterministic for a seed, sums to one over the candidates, and a dominated arm is never best nor on the front', () => {
    const a = bootstrapDecision(input), b = bootstrapDecision(input);
    expect(a).toEqual(b);
    expect(a.pBest.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 12);
    expect(a.pBest[2]).toBe(0);
    expect(a.onFront[2]).toBe(0);
    // arm 0 is cheaper in every replication: best in every resample; arm 1 has less downtime in every one: always on the front
    expect(a.pBest[0]).toBe(1);
    expect(a.onFront).toEqual([1, 1, 0]);
    expect(bootstrapDecision({ ...input, seed: 's2' })).toEqual(a);
  });

  it('a lead of about one standard error is best in a share of resamples well short of certainty', () => {
    // differences b − a: +1, −0.5, +1.5, 0, +0.5, −1 … mean 0.25: a leads by little
    const c = equalUnits([[10, 11, 12, 13, 14, 15], [11, 10.5, 13.5, 13, 14.5, 14]]);
    const r = bootstrapDecision({ ...input, objective: c, cost: c, downtime: c, candidates: [0, 1], seed: 'x' });
    expect(r.pBest[0]).toBeGreaterThan(0.5);
    expect(r.pBest[0]).toBeLessThan(0.95);
    expect(r.pBest[0] + r.pBest[1]).toBeCloseTo(1, 12);
  });

  it('ties share the win', () => {
    const c = equalUnits([[1, 2, 3], [1, 2, 3]]);
    expect(bootstrapDecision({ ...input, objective: c, cost: c, downtime: c, candidates: [0, 1] }).pBest).toEqual([0.5, 0.5]);
  });
});

describe('selection in a report', () => {
  /** Three arms on lognormal use: overage at 0.29 and 0.35 per MB, and auto-stop on. */
  const arms = (count = 24) => {
    const profiles = [constant(0, { meanDailyMB: { kind: 'lognormal', median: 4, spread: 0.8 } })];
    const cohorts = [cohort({ count })];
    return [
      arm({ name: 'cheap overage', profiles, cohorts }),
      arm({ name: 'dear overage', profiles, cohorts, plans: [plan({ overagePerMB: 0.35 })] }),
      arm({ name: 'auto-stop', profiles, cohorts, plans: [plan({ autoStop: true })] }),
    ];
  };

  it('the subset, P(best) and P(front) do not depend on the block size; every feasible arm has a P(best) and they sum to one', async () => {
    const a = await runScenario(scenario(arms(), { replications: 4, blockSize: 5 }));
    const b = await runScenario(scenario(arms(), { replications: 4, blockSize: 11 }));
    expect(b.ranking!.selection).toEqual(a.ranking!.selection);
    expect(b.ranking!.arms.map((x) => [x.arm, x.pBest, x.inSubset])).toEqual(a.ranking!.arms.map((x) => [x.arm, x.pBest, x.inSubset]));
    expect(b.pareto!.onFront).toEqual(a.pareto!.onFront);
    const sel = a.ranking!.selection!;
    expect(sel).toMatchObject({ method: 'mcb-subset', confidence: 0.95, over: 'replications', units: 4, resamples: 2000 });
    expect(sel.subset).toContain(a.ranking!.best!.arm);
    expect(a.ranking!.arms.reduce((x, r) => x + r.pBest!, 0)).toBeCloseTo(1, 9);
    // dear overage costs more than cheap overage in every replication (same cards, same use): never best, never in the subset
    expect(a.ranking!.arms.find((x) => x.arm === 'dear overage')).toMatchObject({ pBest: 0, inSubset: false });
    expect(a.pareto!.onFront!.map((o) => o.arm)).toEqual(['cheap overage', 'dear overage', 'auto-stop']);
    expect(a.pareto!.onFront!.find((o) => o.arm === 'dear overage')!.p).toBe(0);
  });

  it('one replication: the units are the batches (64 cards each here, whatever the block size); a fleet in one batch has no selection', async () => {
    const r = await runScenario(scenario(arms(384), { replications: 1, blockSize: 4 }));
    expect(r.ranking!.selection).toMatchObject({ over: 'batches', units: 6 });
    expect((await runScenario(scenario(arms(384), { replications: 1, blockSize: 100 }))).ranking!.selection).toEqual(r.ranking!.selection);
    const one = await runScenario(scenario(arms(), { replications: 1, blockSize: 4 }));
    expect(one.ranking!.selection).toBeNull();
    expect(one.ranking!.arms.every((x) => x.pBest === null && x.inSubset === null)).toBe(true);
    expect(one.pareto!.onFront).toBeNull();
  });
});
