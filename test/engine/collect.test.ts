import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileArm, mergeBlocks, planJobs, runJob, runScenario, summarize } from '../../engine/index.ts';
import { Collector } from '../../engine/collect.ts';
import { batchOf } from '../../engine/batches.ts';
import { arm, cohort, plan, scenario } from '../helpers/build.ts';

describe('the collector', () => {
  it('merges blocks arriving in any order into the bytes of an in-order merge (batch means included)', () => {
    const s = scenario([arm({ months: 3, plans: [plan({ autoStop: true, quotaMB: 150 })], cohorts: [cohort({ count: 9 })] })], { replications: 2, blockSize: 2 });
    const models = s.arms.map(compileArm);
    const jobs = planJobs(s, models);
    const results = jobs.map((j) => runJob(s, models[j.arm], j));
    const inOrder = JSON.stringify(
      summarize(s, models, [[0, 1].map((r) => mergeBlocks(jobs.flatMap((j, k) => (j.replication === r ? [results[k]] : [])))) ],
        [[0, 1].map((r) => jobs.flatMap((j, k) => (j.replication === r ? [batchOf(results[k], models[0], j.end - j.start)] : [])))]),
    );
    expect(JSON.parse(inOrder).arms[0].batchMeans.batches).toBe(10);
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
