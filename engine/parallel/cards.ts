import type { ScenarioConfig } from '../config.ts';
import type { Progress } from '../run.ts';
import { compileArm } from '../model.ts';
import { planJobs, type Job } from '../jobs.ts';
import { cardRows } from '../cards.ts';
import { abortReason } from '../session.ts';
import { JobError } from './errors.ts';
import type { WorkerHandle } from './types.ts';
import { Stopper, guard, stopperOf } from './guard.ts';

export interface CardsOptions {
  /** Worker threads or Web Workers; 0 runs the jobs in this thread. [default: 0] */
  workers?: number;
  /** Starts one worker (required when `workers` > 0). */
  spawn?: () => WorkerHandle;
  /** Attempts per job before the pass fails (a dead or throwing worker is replaced between attempts). [default: 2] */
  attempts?: number;
  /** Aborting stops the pass between jobs; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called after each job's rows are handed on: card-days done and in all. */
  onProgress?: (p: Progress) => void;
}

/**
 * The per-card pass of a scenario (engine/cards.ts): every job's rows, handed to `sink` in plan
 * order (replication, then arm, then block) whatever order the workers finish in, so the
 * output's bytes do not depend on the worker count. At most two jobs per worker are ahead of
 * the sink: memory stays bounded by the block size, never by the fleet.
 */
export async function runCards(scenario: ScenarioConfig, options: CardsOptions, sink: (job: Job, rows: Float64Array) => void | Promise<void>): Promise<void> {
  const models = scenario.arms.map(compileArm);
  const jobs = planJobs(scenario, models);
  const total = jobs.reduce((x, j) => x + (j.end - j.start) * models[j.arm].days, 0);
  let done = 0;
  const signal = options.signal;
  const handOn = async (job: Job, rows: Float64Array) => {
    await sink(job, rows);
    done += (job.end - job.start) * models[job.arm].days;
    options.onProgress?.({ done, total });
  };
  const workers = Math.min(options.workers ?? 0, jobs.length);
  if (workers <= 0 || !options.spawn) {
    for (const job of jobs) {
      if (signal?.aborted) throw abortReason(signal);
      await handOn(job, cardRows(scenario, models[job.arm], job));
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    return;
  }

  const spawn = options.spawn, attempts = options.attempts ?? 2, window = 2 * workers;
  const live = new Set<WorkerHandle>();
  // Calls wait through guard (guard.ts): an abort or a worker's death rejects them, and a
  // settled call leaves nothing behind (racing a long-lived promise would keep its rows).
  const aborting = new Stopper();
  const waiting: Array<() => void> = [];
  const wake = () => waiting.splice(0).forEach((w) => w());
  const stopAll = (reason: unknown) => {
    for (const h of live) h.terminate();
    aborting.stop(reason);
    wake();
  };
  const onAbort = () => stopAll(abortReason(signal!));
  if (signal?.aborted) onAbort();
  signal?.addEventListener('abort', onAbort, { once: true });

  const ready = new Map<number, Float64Array>();
  let next = 0, written = 0, failed = false;
  let drain: Promise<void> = Promise.resolve();
  const flush = async () => {
    while (ready.has(written)) {
      const rows = ready.get(written)!;
      ready.delete(written);
      await handOn(jobs[written], rows);
      written++;
      wake();
    }
  };

  async function start(): Promise<WorkerHandle> {
    const h = spawn();
    live.add(h);
    await guard(h.api.load(scenario), stopperOf(h.dead), aborting);
    return h;
  }
  function stop(h: WorkerHandle): void {
    live.delete(h);
    h.terminate();
  }

  async function lane(): Promise<void> {
    let h: WorkerHandle | null = null;
    try {
      while (next < jobs.length && !failed) {
        while (next - written >= window && !failed) await guard(new Promise<void>((w) => waiting.push(w)), aborting);
        if (next >= jobs.length || failed) break;
        const k = next++, job = jobs[k];
        let rows: Float64Array;
        for (let attempt = 1; ; attempt++) {
          try {
            h ??= await start();
            rows = await guard(h.api.cards(job), stopperOf(h.dead), aborting);
            break;
          } catch (err) {
            if (signal?.aborted) throw err;
            if (h) stop(h);
            h = null;
            if (attempt >= attempts) throw new JobError(job, scenario.arms[job.arm].name, err);
          }
        }
        ready.set(k, rows);
        drain = drain.then(flush);
        // A sink that fails (a write error) stops the lanes; the error comes out of `await drain` below.
        drain.catch(() => {
          failed = true;
          wake();
        });
      }
    } catch (err) {
      failed = true;
      wake();
      throw err;
    } finally {
      if (h) stop(h);
    }
  }

  try {
    const outcomes = await Promise.allSettled(Array.from({ length: workers }, lane));
    if (signal?.aborted) throw abortReason(signal);
    const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (rejected) throw rejected.reason;
    await drain;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    for (const h of live) h.terminate();
    live.clear();
  }
}
