import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Remote } from 'comlink';
import { compileArm, createWorkerApi, createWorkerPool, jobParts, planJobs, runJob, runParallel, runScenario, type Job, type ResultStore, type ScenarioConfig, type WorkerApi, type WorkerHandle, type WorkerPool } from '../../engine/index.ts';
import { spawnNodeWorker } from '../../node/index.ts';
import { benchScenario } from '../../bench/fleet.ts';

/** Real worker threads, counted: threads started, loads, jobs per thread, threads alive; `kill` decides whether a job kills its thread first. */
function counted(kill: (job: Job) => boolean = () => false) {
  const stats = { spawned: 0, loads: 0, live: new Set<WorkerHandle>(), raw: [] as WorkerHandle[], jobs: new Map<WorkerHandle, number>() };
  const spawn = (): WorkerHandle => {
    const h = spawnNodeWorker();
    stats.spawned++;
    stats.raw.push(h);
    const handle: WorkerHandle = {
      api: {
        ping: () => h.api.ping(),
        load: (s: ScenarioConfig) => {
          stats.loads++;
          return h.api.load(s);
        },
        run: (job: Job) => {
          stats.jobs.set(handle, (stats.jobs.get(handle) ?? 0) + 1);
          if (kill(job)) h.terminate(); // the thread dies mid-job
          return h.api.run(job);
        },
      } as unknown as Remote<WorkerApi>,
      dead: h.dead,
      terminate: () => {
        stats.live.delete(handle);
        h.terminate();
      },
    };
    stats.live.add(handle);
    return handle;
  };
  return { stats, spawn };
}

const pools: WorkerPool[] = [];
function pool(spawn: () => WorkerHandle, size: number): WorkerPool {
  const p = createWorkerPool({ spawn, size });
  pools.push(p);
  return p;
}
afterAll(() => {
  for (const p of pools) p.close();
});

/** The bench fleet (lognormal demand, runaways, late payers) small enough for tests, cut into blocks whose tails are cut into parts. */
function fleet(cards: number, months: number, blockSize: number, extra: Partial<ScenarioConfig> = {}): ScenarioConfig {
  return { ...benchScenario(cards, months), blockSize, seed: 'pool', ...extra };
}

function tasks(s: ScenarioConfig): number {
  const models = s.arms.map(compileArm);
  return planJobs(s, models).reduce((n, j) => n + jobParts(s, models[j.arm], j).length, 0);
}

/** The merged totals of a run's store (collect.ts), as hex of their bytes. */
function totals(store: ResultStore): string[] {
  return (store as unknown as Array<Array<{ total: Float64Array }>>).flat().map((slot) => Buffer.from(slot.total.buffer, slot.total.byteOffset, slot.total.byteLength).toString('hex'));
}

const bytes = async (r: Promise<unknown>) => JSON.stringify(await r);

describe('a worker pool', () => {
  it('starts its workers at creation and reuses them across runs, loading a scenario once per worker', async () => {
    const { stats, spawn } = counted();
    const p = pool(spawn, 2);
    expect(stats.spawned).toBe(2);
    await p.ready();
    const s = fleet(3000, 2, 1000);
    const expected = await bytes(runScenario(s));
    expect(await bytes(p.run(s))).toBe(expected);
    expect(await bytes(p.run(s))).toBe(expected);
    // An experiment's next batch: a new scenario object sharing the arms.
    const more = { ...s, replications: 2 };
    expect(await bytes(p.run(more))).toBe(await bytes(runScenario(more)));
    expect(stats.spawned).toBe(2);
    expect(stats.loads).toBe(2);
    // Another seed is another load on each worker, on the same threads.
    const other = { ...s, seed: 'other' };
    expect(await bytes(p.run(other))).toBe(await bytes(runScenario(other)));
    expect(stats.loads).toBe(4);
    // Whatever else a worker's jobs read from the scenario is a load too, with the arms shared: plain draws
    // (stratify off; the report says which, so a stale load would state one method and use the other)
    // and common random numbers off.
    for (const changed of [{ ...other, stratify: false }, { ...other, commonRandomNumbers: false }]) {
      const alone = await bytes(runScenario(changed));
      expect(alone).not.toBe(await bytes(runScenario({ ...changed, stratify: other.stratify, commonRandomNumbers: other.commonRandomNumbers })));
      expect(await bytes(p.run(changed))).toBe(alone);
    }
    expect(stats.loads).toBe(8);
    expect(stats.spawned).toBe(2);
  });

  it('gives the same bytes as one thread and as a one-shot pool, for pool sizes 1, 2, 3 and 5, with tail parts', async () => {
    const sized = [1, 2, 3, 5].map((n) => pool(spawnNodeWorker, n));
    // The property's fleets have blocks cut into parts (checked on one here, so that the test exercises them).
    expect(tasks(fleet(2000, 1, 1000))).toBeGreaterThan(planJobs(fleet(2000, 1, 1000)).length);
    await fc.assert(
      fc.asyncProperty(
        fc.record({ cards: fc.integer({ min: 300, max: 2500 }), blockSize: fc.integer({ min: 200, max: 1500 }), months: fc.integer({ min: 1, max: 2 }), replications: fc.integer({ min: 1, max: 2 }), arms: fc.integer({ min: 1, max: 2 }), seed: fc.string({ maxLength: 4 }) }),
        fc.integer({ min: 0, max: 3 }),
        async ({ cards, blockSize, months, replications, arms, seed }, k) => {
          const s = { ...benchScenario(cards, months, replications, arms), blockSize, seed };
          const [inThread, inPool, oneShot]: ResultStore[] = [[], [], []];
          const expected = await bytes(runScenario(s, { store: inThread }));
          expect(await bytes(sized[k].run(s, { store: inPool }))).toBe(expected);
          expect(await bytes(runParallel(s, { workers: [1, 2, 3, 5][k], spawn: spawnNodeWorker, store: oneShot }))).toBe(expected);
          // Below the report's rounding: every (arm, replication) total the same to the bit.
          expect(totals(inPool)).toEqual(totals(inThread));
          expect(totals(oneShot)).toEqual(totals(inThread));
        },
      ),
      { numRuns: 10 },
    );
  });

  it('rejects a cancelled run at once, keeps the pool at its size, and runs the next scenario right', async () => {
    const { stats, spawn } = counted();
    const p = pool(spawn, 2);
    const long = fleet(40000, 12, 4000);
    const controller = new AbortController();
    let progress = 0;
    const err = await p.run(long, { signal: controller.signal, onProgress: () => { if (++progress === 1) controller.abort(new Error('stop please')); } }).catch((e) => e);
    expect(err.message).toBe('stop please');
    expect(progress).toBe(1);
    // A worker busy with a long job was stopped and replaced, or finishes it: either way two workers, ready for the next run.
    expect(stats.live.size).toBe(2);
    const s = fleet(3000, 2, 1000);
    expect(await bytes(p.run(s))).toBe(await bytes(runScenario(s)));
    expect(stats.spawned).toBeLessThanOrEqual(4);
    // A run whose signal is already aborted rejects before any job.
    const before = [...stats.jobs.values()].reduce((a, b) => a + b, 0);
    const aborted = AbortSignal.abort(new Error('not today'));
    expect((await p.run(s, { signal: aborted }).catch((e) => e)).message).toBe('not today');
    expect([...stats.jobs.values()].reduce((a, b) => a + b, 0)).toBe(before);
  });

  it('replaces a worker that dies mid-job, retries the job, and goes on with the next run', async () => {
    let kills = 0;
    const { stats, spawn } = counted((job) => job.block === 2 && kills++ === 0);
    const p = pool(spawn, 2);
    const s = fleet(3000, 2, 600);
    const expected = await bytes(runScenario(s));
    expect(await bytes(p.run(s))).toBe(expected);
    expect(kills).toBeGreaterThan(0);
    expect(stats.spawned).toBe(3);
    expect(await bytes(p.run(s))).toBe(expected);
    expect(stats.spawned).toBe(3);
    // A worker that dies while idle is replaced when the next run needs it.
    stats.raw[stats.raw.length - 1].terminate();
    await new Promise((r) => setTimeout(r, 50));
    expect(await bytes(p.run(s))).toBe(expected);
    expect(stats.spawned).toBe(4);
  });

  it('sends a job right behind its load, yet never uses a result computed after a failed load', async () => {
    // In-thread workers; the first two fail their load after the previous scenario is loaded, and then
    // answer every job with the previous scenario's result (as a worker whose load threw part-way would).
    let made = 0;
    const spawn = (): WorkerHandle => {
      const api = createWorkerApi(), k = made++;
      let loads = 0;
      return {
        api: {
          ping: async () => api.ping(),
          load: async (s: ScenarioConfig) => { if (k < 2 && loads++ > 0) throw new Error('load failed'); api.load(s); },
          run: async (job: Job) => api.run(job),
          units: async (jobs: Job[]) => api.units(jobs),
        } as unknown as Remote<WorkerApi>,
        dead: new Promise<never>(() => {}),
        terminate: () => {},
      };
    };
    const p = pool(spawn, 2);
    const a = fleet(2000, 2, 1000), b = fleet(2000, 2, 1000, { seed: 'other' });
    expect(await bytes(p.run(a))).toBe(await bytes(runScenario(a)));
    // Both workers fail to load b: each job is retried on a new worker (two attempts), and the report is b's.
    expect(await bytes(p.run(b))).toBe(await bytes(runScenario(b)));
    expect(made).toBeGreaterThan(2);
  });

  it("a worker's load is all or nothing: after a load that throws, its jobs are refused, not run on the previous scenario's arms", () => {
    const api = createWorkerApi();
    const a = fleet(500, 1, 500, { seed: 'A' });
    const bad = fleet(500, 1, 500, { seed: 'B' });
    bad.arms = [{ ...bad.arms[0], start: 'not a date' }];
    api.load(a);
    const job = planJobs(a)[0];
    expect(Buffer.from(api.run(job).buffer).equals(Buffer.from(runJob(a, compileArm(a.arms[0]), job).buffer))).toBe(true);
    expect(() => api.load(bad)).toThrow(/not a date/);
    expect(() => api.run(job)).toThrow('no scenario loaded in this worker');
    // A good load after it works again.
    api.load(a);
    expect(Buffer.from(api.run(job).buffer).equals(Buffer.from(runJob(a, compileArm(a.arms[0]), job).buffer))).toBe(true);
  });

  it('resizes: grows at once, shrinks idle workers at once and busy ones after their job', async () => {
    const { stats, spawn } = counted();
    const p = pool(spawn, 1);
    p.resize(3);
    expect(p.size).toBe(3);
    expect(stats.live.size).toBe(3);
    const s = fleet(3000, 2, 500);
    const expected = await bytes(runScenario(s));
    expect(await bytes(p.run(s))).toBe(expected);
    for (const h of stats.live) expect(stats.jobs.get(h) ?? 0).toBeGreaterThan(0);
    p.resize(1);
    expect(stats.live.size).toBe(1);
    expect(await bytes(p.run(s))).toBe(expected);
    // Shrinking during a run: the busy workers stop after their job, the run still completes.
    p.resize(3);
    const run = p.run(s);
    await new Promise((r) => setTimeout(r, 0));
    p.resize(1);
    expect(await bytes(run)).toBe(expected);
    expect(stats.live.size).toBe(1);
    // A run's `workers` resizes the pool as it starts (the page's worker count).
    expect(await bytes(p.run(s, { workers: 2 }))).toBe(expected);
    expect(p.size).toBe(2);
    expect(stats.live.size).toBe(2);
    expect(() => p.resize(-1)).toThrow('invalid pool size -1: expected a whole number ≥ 0');
    expect(() => createWorkerPool({ spawn, size: 1.5 })).toThrow(RangeError);
    await expect(p.run(s, { workers: 0 })).rejects.toThrow('invalid workers 0: expected a whole number ≥ 1');
    expect(await bytes(p.run(s))).toBe(expected);
  });

  it("a run whose `workers` resizes the pool and whose jobs all fit on the workers gets its report, not one finished before any job ran (a page hunt: hand-check.yaml on 2 workers was all zero)", async () => {
    const p = pool(spawnNodeWorker, 1);
    const s = fleet(64, 2, 64), expected = await bytes(runScenario(s));
    expect(tasks(s)).toBe(1);
    expect(await bytes(p.run(s, { workers: 2 }))).toBe(expected);
    expect(await bytes(p.run(s, { workers: 3 }))).toBe(expected);
    expect(await bytes(p.run(s, { workers: 1 }))).toBe(expected);
  });

  it('fails a run, without hanging, when no worker can be started', async () => {
    const spawn = (): WorkerHandle => {
      throw new Error('no workers in this page');
    };
    expect(() => createWorkerPool({ spawn, size: 1 })).toThrow('no workers in this page');
    const p = pool(spawn, 0);
    const s = fleet(600, 1, 600);
    await expect(p.run(s)).rejects.toThrow('no workers in this page');
    await expect(p.run(s)).rejects.toThrow('no workers in this page');
  });

  it('terminates the workers it started when a later one cannot be created (the caller gets no pool to close)', () => {
    const { stats, spawn } = counted();
    let n = 0;
    const failing = (): WorkerHandle => {
      if (++n === 3) throw new Error('cannot start worker 3');
      return spawn();
    };
    expect(() => createWorkerPool({ spawn: failing, size: 4 })).toThrow('cannot start worker 3');
    expect(stats.spawned).toBe(2);
    expect(stats.live.size).toBe(0);
  });

  it("runs an experiment's scenario (sensitivity cases, sweep parameters, a function in armsAt) as runScenario does: workers get what the kernel reads", async () => {
    const base = fleet(900, 1, 300);
    const experiment = { ...base, sensitivity: [{ name: 'x', values: [1] }], parameters: { keys: ['seed'], values: [[1]] }, armsAt: (values: unknown[]) => values } as unknown as ScenarioConfig;
    const expected = await bytes(runScenario(base));
    expect(await bytes(runScenario(experiment))).toBe(expected);
    expect(await bytes(pool(spawnNodeWorker, 2).run(experiment))).toBe(expected);
    expect(await bytes(runParallel(experiment, { spawn: spawnNodeWorker, workers: 2 }))).toBe(expected);
  });

  it('a scenario a worker cannot receive (a function in it) fails its run at once, with one clear line and no retries; the pool runs the next', async () => {
    const { stats, spawn } = counted();
    const p = pool(spawn, 2), base = fleet(900, 1, 300);
    const expected = await bytes(runScenario(base));
    const started = stats.spawned;
    const odd = { ...base, note: () => 'not data' } as unknown as ScenarioConfig;
    await expect(p.run(odd)).rejects.toThrow(/^the scenario holds a value a worker cannot receive \(a function, or another value structured cloning refuses\)/);
    // Not retried job by job (attempts): at most the workers that had a task were replaced.
    expect(stats.spawned - started).toBeLessThanOrEqual(2);
    expect(await bytes(p.run(base))).toBe(expected);
  });

  it('runs one scenario at a time in call order, and close rejects the runs under way and waiting', async () => {
    const p = pool(spawnNodeWorker, 2);
    const a = fleet(2000, 1, 700), b = fleet(1500, 2, 400, { seed: 'b' });
    const done: string[] = [];
    const [ra, rb] = await Promise.all([p.run(a).then((r) => (done.push('a'), r)), p.run(b).then((r) => (done.push('b'), r))]);
    expect(done).toEqual(['a', 'b']);
    expect(JSON.stringify(ra)).toBe(await bytes(runScenario(a)));
    expect(JSON.stringify(rb)).toBe(await bytes(runScenario(b)));
    const under = p.run(fleet(40000, 12, 4000)).catch((e) => e);
    const waiting = p.run(a).catch((e) => e);
    p.close();
    for (const err of [await under, await waiting, await p.run(a).catch((e) => e)]) {
      expect(err.code).toBe('E_POOL_CLOSED');
      expect(err.message).toBe('the worker pool is closed');
    }
  });
});
