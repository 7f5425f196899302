import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Remote } from 'comlink';
import { JobError, runParallel, runScenario, type ScenarioConfig, type WorkerApi, type WorkerHandle } from '../../engine/index.ts';
import { spawnNodeWorker } from '../../node/index.ts';
import { armArb } from '../reference/arbitrary.ts';
import { arm, plan, scenario } from '../helpers/build.ts';

/**
 * Real worker threads, reused across runs so the property can afford many
 * runs: `terminate` returns a healthy worker to the cache. Wrappers can delay
 * results (to shuffle completion order) or fail on purpose.
 */
const cache: WorkerHandle[] = [];
function warm(): WorkerHandle {
  const h = cache.pop() ?? spawnNodeWorker();
  return { api: h.api, dead: h.dead, terminate: () => cache.push(h) };
}
afterAll(() => {
  for (const h of cache.splice(0)) h.terminate();
});

function delayed(delays: number[]): () => WorkerHandle {
  let k = 0;
  return () => {
    const h = warm();
    const api = {
      load: (s: ScenarioConfig) => h.api.load(s),
      run: async (job: Parameters<WorkerApi['run']>[0]) => {
        const result = await h.api.run(job);
        await new Promise((r) => setTimeout(r, delays[k++ % delays.length]));
        return result;
      },
    } as unknown as Remote<WorkerApi>;
    return { ...h, api };
  };
}

const smallScenario = fc
  .record({ base: armArb, autoStop: fc.boolean(), replications: fc.integer({ min: 1, max: 3 }), blockSize: fc.integer({ min: 1, max: 9 }), seed: fc.string({ maxLength: 6 }) })
  .map(({ base, autoStop, replications, blockSize, seed }) =>
    scenario([base, { ...base, name: 'variant', plans: base.plans.map((p) => ({ ...p, autoStop })) }], { replications, blockSize, seed }),
  );

describe('parallel runs', () => {
  it('give the same report bytes as the in-thread run for 1, 2, 3 and 8 workers and any completion order', async () => {
    await fc.assert(
      fc.asyncProperty(smallScenario, fc.constantFrom(1, 2, 3, 8), fc.array(fc.integer({ min: 0, max: 15 }), { minLength: 1, maxLength: 12 }), async (s, workers, delays) => {
        const expected = JSON.stringify(await runScenario(s));
        const got = JSON.stringify(await runParallel(s, { workers, spawn: delayed(delays) }));
        expect(got).toBe(expected);
      }),
      { numRuns: 25 },
    );
  });

  it('streams a partial report after each replication, equal to a run with that many replications', async () => {
    const s = scenario([arm({ months: 4, plans: [plan({ autoStop: true })] }), arm({ name: 'off', months: 4 })], { replications: 3, blockSize: 1 });
    s.arms[0].cohorts[0].count = s.arms[1].cohorts[0].count = 3;
    const partial: string[] = [];
    const final = JSON.stringify(await runParallel(s, { workers: 2, spawn: warm, onPartial: (r) => partial.push(JSON.stringify(r)) }));
    // Two workers may finish replications together (a slow job of replication 0 finishing last
    // completes all three at once): partials cover whole replications in increasing counts.
    const counts = partial.map((r) => JSON.parse(r).scenario.replications as number);
    expect(counts).toEqual([...new Set(counts)].sort());
    for (const c of counts) expect(c).toBeLessThan(3);
    for (const [k, r] of partial.entries()) expect(r).toBe(JSON.stringify(await runScenario({ ...s, replications: counts[k] })));
    expect(final).toBe(JSON.stringify(await runScenario(s)));
    // In one thread, replications finish in order: one partial after each but the last.
    const inOrder: number[] = [];
    await runScenario(s, { onPartial: (r) => inOrder.push(r.scenario.replications) });
    expect(inOrder).toEqual([1, 2]);
  });

  it('retries a job whose worker dies, on a fresh worker, and still gives the same bytes', async () => {
    const s = scenario([arm({ months: 6, plans: [plan({ autoStop: true })] })], { replications: 2, blockSize: 1 });
    s.arms[0].cohorts[0].count = 6;
    const expected = JSON.stringify(await runScenario(s));
    let kills = 0, starts = 0;
    const spawn = (): WorkerHandle => {
      const h = spawnNodeWorker();
      starts++;
      const api = {
        load: (x: ScenarioConfig) => h.api.load(x),
        run: (job: Parameters<WorkerApi['run']>[0]) => {
          if (job.block === 3 && job.replication === 1 && kills === 0) {
            kills++;
            h.terminate(); // the thread dies mid-job
          }
          return h.api.run(job);
        },
      } as unknown as Remote<WorkerApi>;
      return { api, dead: h.dead, terminate: h.terminate };
    };
    const got = JSON.stringify(await runParallel(s, { workers: 2, spawn }));
    expect(kills).toBe(1);
    expect(starts).toBe(3);
    expect(got).toBe(expected);
  });

  it('fails with a message naming the job when it fails on every attempt, and leaves no worker running', async () => {
    const s = scenario([arm({ name: 'only', months: 3 })], { replications: 2, blockSize: 1 });
    s.arms[0].cohorts[0].count = 4;
    const live = new Set<WorkerHandle>();
    const spawn = (): WorkerHandle => {
      const h = spawnNodeWorker();
      const handle: WorkerHandle = {
        api: {
          load: (x: ScenarioConfig) => h.api.load(x),
          run: (job: Parameters<WorkerApi['run']>[0]) => (job.block === 2 && job.replication === 1 ? Promise.reject(new Error('disk on fire')) : h.api.run(job)),
        } as unknown as Remote<WorkerApi>,
        dead: h.dead,
        terminate: () => { live.delete(handle); h.terminate(); },
      };
      live.add(handle);
      return handle;
    };
    const err = await runParallel(s, { workers: 3, spawn }).catch((e) => e);
    expect(err).toBeInstanceOf(JobError);
    expect(err.code).toBe('E_JOB');
    expect(err.message).toBe('job failed: arm "only", replication 1, block 2 (cards 2–2): disk on fire');
    expect(live.size).toBe(0);
  });

  it('stops at once on abort, rejects with the abort reason and terminates every worker', async () => {
    const s = scenario([arm({ months: 24 })], { replications: 50, blockSize: 1 });
    s.arms[0].cohorts[0].count = 40;
    const live = new Set<object>();
    const spawn = (): WorkerHandle => {
      const h = spawnNodeWorker();
      const handle = { ...h, terminate: () => { live.delete(handle); h.terminate(); } };
      live.add(handle);
      return handle;
    };
    const controller = new AbortController();
    let jobs = 0;
    const run = runParallel(s, { workers: 2, spawn, signal: controller.signal, onProgress: () => { if (++jobs === 5) controller.abort(new Error('stop please')); } });
    const err = await run.catch((e) => e);
    expect(err.message).toBe('stop please');
    expect(jobs).toBeLessThan(40 * 50);
    expect(live.size).toBe(0);
  });
});
