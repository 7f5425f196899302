import type { ArmConfig, ScenarioConfig } from '../config.ts';
import type { Report } from '../report.ts';
import type { Job } from '../jobs.ts';
import type { PoolOptions, PoolRunOptions, WorkerPool } from './types.ts';
import { compileArm, type Model } from '../model.ts';
import { abortReason, startRun, type RunSession } from '../session.ts';
import { PoolClosedError } from './errors.ts';
import { loadKey, type PoolRun } from './tasks.ts';
import { Sampler } from './sampler.ts';
import { Scheduler } from './schedule.ts';
import { runnable } from '../experiments/experiment.ts';

export type { PoolOptions, PoolRunOptions, WorkerHandle, WorkerPool } from './types.ts';

/**
 * A pool of pre-warmed workers, reused across runs. Workers start (and load their code) when the
 * pool is created or grown, not per run; a worker keeps the last scenario it loaded, so a re-run
 * of the same scenario (the same `arms` object, seed, block size and switches, tasks.ts loadKey:
 * an experiment's batches too) skips `load`. Jobs go to whichever worker is free, in plan order; the tail blocks' parts
 * (engine/parts.ts) are merged into their block before it is accepted, so the report's bytes do
 * not depend on the pool's size or on the order jobs finish in.
 *
 * A worker that dies or throws is replaced and its job retried (`attempts`). Cancelling a run
 * (its `signal`) rejects it at once; the workers busy with its jobs are stopped and replaced in
 * the background only when their job would take longer to finish than a new worker takes to
 * start, else they finish it (the result is dropped) and stay warm.
 */
export function createWorkerPool(options: PoolOptions): WorkerPool {
  return new Pool(options);
}

/**
 * The pool's runs as they come in (`run`, `submit`, `close`). Its workers (start, warm, `resize`,
 * retire, `ready`, `size`, `spawned`) are WorkerSlots (slots.ts); the scheduling of a run's jobs
 * on them, their results and a run's end are Scheduler (schedule.ts).
 */
export class Pool extends Scheduler implements WorkerPool {
  /** `oneShot`: runParallel's pool, closed after its one run (no replacement started for a cancelled run's workers). */
  constructor(options: PoolOptions, oneShot = false) {
    super(options, oneShot);
    try {
      this.fill();
    } catch (err) {
      // A later worker could not be created: the caller gets no pool to close, so the ones already started go now.
      this.close();
      throw err;
    }
  }

  run(scenario: ScenarioConfig, options: PoolRunOptions = {}): Promise<Report> {
    try {
      const session = startRun(scenario, options, this.compiled(scenario));
      return this.submit(scenario, session, session.begin(), options);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The scenario's arms compiled, kept for the last `arms` object run (a re-run, an experiment's batches). */
  private compiled(scenario: ScenarioConfig): Model[] {
    if (this.models?.arms !== scenario.arms) this.models = { arms: scenario.arms, models: scenario.arms.map(compileArm) };
    return this.models.models;
  }
  private models: { arms: ArmConfig[]; models: Model[] } | null = null;

  /** Queues a run of `jobs` (from `session.begin()`): runParallel plans them itself to size its one-shot pool. */
  submit(config: ScenarioConfig, session: RunSession, jobs: Job[], options: PoolRunOptions): Promise<Report> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    // What workers load: an experiment's scenario without the keys the kernel does not read (its
    // sensitivity cases, sweep parameters and armsAt, a function structured cloning refuses).
    const scenario = runnable(config);
    const w = options.workers;
    if (w !== undefined && !(Number.isInteger(w) && w >= 1)) return Promise.reject(new RangeError(`invalid workers ${w}: expected a whole number ≥ 1`));
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    let sampler: Sampler | null = null;
    if (options.sample) {
      try {
        const s = Sampler.create(scenario, session, jobs, options.sample, w ?? Math.max(1, this.target));
        if (s) ({ sampler, rest: jobs } = s);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return new Promise<Report>((resolve, reject) => {
      const run: PoolRun = {
        scenario, key: loadKey(scenario), session, options, jobs, sampler, next: 0, waiting: [], parts: new Map(), busy: 0, done: false, resolve, reject,
        onAbort: () => this.end(run, abortReason(signal!)),
      };
      signal?.addEventListener('abort', run.onAbort, { once: true });
      this.runs.push(run);
      if (this.runs.length === 1) this.begin();
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.slots]) this.stop(s);
    for (const run of [...this.runs]) this.end(run, new PoolClosedError());
  }
}
