import type { Remote } from 'comlink';
import type { ScenarioConfig } from '../config.ts';
import type { Report } from '../report.ts';
import type { RunOptions } from '../run.ts';
import type { WorkerApi } from './api.ts';
import type { Job } from '../jobs.ts';
import { abortReason, startRun } from '../session.ts';

/** A live worker as the pool sees it, whatever the platform (worker_threads or Web Worker). */
export interface WorkerHandle {
  api: Remote<WorkerApi>;
  /** Rejects when the worker dies (an uncaught error, an exit, a failed load). */
  dead: Promise<never>;
  terminate(): void;
}

export interface ParallelOptions extends RunOptions {
  /** Number of workers. [default: 1] */
  workers?: number;
  /** Starts one worker. */
  spawn: () => WorkerHandle;
  /** Attempts per job before the run fails (a dead or throwing worker is replaced between attempts). [default: 2] */
  attempts?: number;
}

/** A job that failed every attempt; `code` survives crossing threads, unlike the class. */
export class JobError extends Error {
  readonly code = 'E_JOB';
  constructor(readonly job: Job, armName: string, cause: unknown) {
    super(`job failed: arm "${armName}", replication ${job.replication}, block ${job.block} (cards ${job.start}–${job.end - 1}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'JobError';
  }
}

/**
 * Runs a scenario's jobs on a pool of workers. Each worker takes the next job
 * when it is free; results are stored by (arm, replication, block) and merged
 * in block order, so the report's bytes do not depend on the number of
 * workers or the order jobs finish in. Every worker is terminated when the
 * run ends, fails or is aborted.
 */
export async function runParallel(scenario: ScenarioConfig, options: ParallelOptions): Promise<Report> {
  const run = startRun(scenario, options);
  const jobs = run.begin();
  const lanes = Math.max(1, Math.min(options.workers ?? 1, jobs.length));
  const attempts = options.attempts ?? 2;
  const signal = options.signal;
  const live = new Set<WorkerHandle>();
  let aborted: (reason: unknown) => void = () => {};
  const abort = new Promise<never>((_, reject) => (aborted = reject));
  abort.catch(() => {});
  const onAbort = () => {
    for (const h of live) h.terminate();
    aborted(abortReason(signal!));
  };
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });

  async function start(): Promise<WorkerHandle> {
    const h = options.spawn();
    live.add(h);
    await Promise.race([h.api.load(scenario), h.dead, abort]);
    return h;
  }
  function stop(h: WorkerHandle): void {
    live.delete(h);
    h.terminate();
  }

  let next = 0, failed = false;
  async function lane(): Promise<void> {
    let h: WorkerHandle | null = null;
    try {
      while (next < jobs.length && !failed) {
        const job = jobs[next++];
        let result: Float64Array;
        for (let attempt = 1; ; attempt++) {
          try {
            h ??= await start();
            result = await Promise.race([h.api.run(job), h.dead, abort]);
            break;
          } catch (err) {
            if (signal?.aborted) throw err;
            if (h) stop(h);
            h = null;
            if (attempt >= attempts) throw new JobError(job, scenario.arms[job.arm].name, err);
          }
        }
        run.accept(job, result);
      }
    } catch (err) {
      failed = true;
      throw err;
    } finally {
      if (h) stop(h);
    }
  }

  try {
    const outcomes = await Promise.allSettled(Array.from({ length: lanes }, lane));
    if (signal?.aborted) throw abortReason(signal);
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (rejected) throw rejected.reason;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const h of live) h.terminate();
    live.clear();
  }
  return run.report();
}
