import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileArm, mergeBlocks, planJobs, runJob, runScenario, summarize } from '../../engine/index.ts';
import { Collector } from '../../engine/collect.ts';
import { splitResult } from '../../engine/batches.ts';
import { layout } from '../../engine/layout.ts';
import { arm, cohort, plan, scenario } from '../helpers/build.ts';

describe('the collector', () => {
  it('merges blocks arriving in any order into the bytes of an in-order merge (batch means included)', () => {
    // 200 cards: batches [0, 64), [64, 128), [128, 192), [192, 200) (engine/batches.ts), blocks of 50.
    const s = scenario([arm({ months: 3, plans: [plan({ autoStop: true, quotaMB: 150 })], cohorts: [cohort({ count: 200 })] })], { replications: 2, blockSize: 50 });
    const models = s.arms.map(compileArm);
    const jobs = planJobs(s, models);
    const results = jobs.map((j) => runJob(s, models[j.arm], j));
    const L = layout(models[0].months).length;
    const inOrder = JSON.stringify(
      summarize(s, models, [[0, 1].map((r) => mergeBlocks(jobs.flatMap((j, k) => (j.replication === r ? [results[k]] : [])), L))],
        [[0, 1].map((r) => jobs.flatMap((j, k) => (j.replication === r ? [splitResult(results[k], models[0]).batches] : [])))]),
    );
    expect(JSON.parse(inOrder).arms[0].batchMeans.batches).toBe(8);
    fc.assert(
      fc.property(fc.shuffledSubarray(jobs.map((_, k) => k), { minLength: jobs.length }), (order) => {
        const c = new Collector(s, models, jobs);
        for (const k of order) c.add(jobs[k], results[k]);
        expect(JSON.stringify(c.report())).toBe(inOrder);
      }),
    );
  });

  it('reports an arm with no cards as zeros', async () => {
    const r = await runScenario(scenario([arm({ cohorts: [cohort({ count: 0 })] })]));
    expect(r.scenario.cards).toBe(0);
    // one replication and no block: no interval, not a zero-width one
    expect(r.arms[0].metrics['cost.total']).toEqual({ mean: 0, lo: null, hi: null });
    expect(r.arms[0].metrics.availability.mean).toBe(1);
  });
});
