/**
 * One run on the queue once its lease is held (runOnQueue, coordinator.ts): its queue connections,
 * the lease's renewal, what stops it early, its checkpoints, resuming from what Redis holds, and
 * how it ends (kept or deleted, its jobs left queued or taken off). Its jobs go through collect.ts.
 */
import { Queue, QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { abortReason, JobError, type Job, type Report, type RunSession, type ScenarioConfig } from '../../engine/index.ts';
import { MergedTotals, writeCheckpoint } from './checkpoint.ts';
import { collectResults, type RunState } from './collect.ts';
import { describe, isOutOfMemory, outOfMemory, QueueError } from './connect.ts';
import type { EngineHash } from './engine-hash.ts';
import { removeWaiting } from './failed.ts';
import { jobId, PREFIX, QUEUE } from './keys.ts';
import type { Lease } from './lease.ts';
import type { QueueRunOptions } from './options.ts';
import { resume } from './resume.ts';
import { deleteRun, saveScenario, type QueueJobData } from './store.ts';
import { redisOptions, type RedisUrl } from './url.ts';

/** What runOnQueue (coordinator.ts) hands the run once it holds the run's lease. */
export interface Context {
  scenario: ScenarioConfig;
  options: QueueRunOptions;
  url: RedisUrl;
  log: (line: string) => void;
  trace: (line: string) => void;
  run: RunSession;
  key: string;
  engine: EngineHash;
  redis: Redis;
  lease: Lease;
}

/** Runs the scenario's jobs on the queue under the held lease and returns the merged report (runOnQueue's work past its setup). */
export async function coordinate(c: Context): Promise<Report> {
  const { scenario, options, url, log, trace, run, key, redis, lease } = c;
  const signal = options.signal;
  const connection = redisOptions(url);
  const queue = new Queue<QueueJobData, number, 'block'>(QUEUE, { connection, prefix: PREFIX });
  const events = new QueueEvents(QUEUE, { connection, prefix: PREFIX });
  let lastTrouble = '';
  const onError = (err: unknown) => {
    const line = `Redis at ${url.redacted}: ${describe(err, url)}`;
    if (line !== lastTrouble) log((lastTrouble = line));
  };
  queue.on('error', onError);
  events.on('error', onError);
  let jobs: Job[] = [];
  const state: RunState = { enqueued: 0, failure: null, settled: false, pollTimer: undefined };
  let leaseLost = false;
  let deleted = false;
  let halt: (err: unknown) => void = () => {};
  /** Rejects with the failure as it happens: every step of the run races it, so none holds the run up. */
  const halted = new Promise<never>((_, reject) => {
    halt = (err) => {
      if (state.failure !== null) return;
      state.failure = isOutOfMemory(err) ? outOfMemory(url) : err;
      reject(state.failure);
    };
  });
  halted.catch(() => {});
  const step = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, halted]);
  /** Redis trouble in the background: a full Redis stops the run (its writes fail until there is room), anything else is said and retried. */
  const trouble = (err: unknown) => (state.settled ? undefined : isOutOfMemory(err) ? halt(err) : onError(err));
  const onAbort = () => halt(abortReason(signal!));
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  // The lease is renewed from the start: reading a large run's stored totals and results may take a while.
  const leaseMs = options.leaseMs ?? 10_000;
  const renewTimer = setInterval(() => {
    lease.renew().then((held) => {
      if (held || leaseLost || state.settled) return;
      leaseLost = true;
      halt(new QueueError(
        `lost the queue lease of run ${key} on ${url.redacted} (another coordinator took it over, or Redis was out of reach past the ${leaseMs / 1000} s lease): ` +
          `this one stops and writes nothing more; run the same command again to resume`,
      ));
    }, trouble);
  }, leaseMs / 4);
  const totals = new MergedTotals((job, result) => run.split(job, result));
  const waiting = new Map<string, Job>();
  const write = async () => {
    const points = totals.take();
    if (points.length === 0) return;
    let written = false;
    try {
      written = await writeCheckpoint(redis, key, lease.holder, points);
    } finally {
      if (!written) totals.untake(points);
    }
  };
  // One checkpoint at a time, each after the one before: the last one (every job done) waits for a
  // poll's that is still writing, instead of finding its totals taken and returning at once, which
  // let the run end (and a failed write exit) before they were in Redis.
  let writing: Promise<void> = Promise.resolve();
  const checkpoint = () => (writing = writing.catch(() => {}).then(write));
  try {
    await step(saveScenario(redis, key, scenario, c.engine));
    trace('scenario saved; waiting for the queue events connection');
    // Listen before looking at what is stored, so no completion falls between the two.
    await step(events.waitUntilReady());
    trace('queue events ready; reading what is stored');
    const { merged, blocks } = await step(resume(redis, key, run, totals));
    jobs = run.begin();
    trace(`${merged} merged and ${blocks} block results stored; ${jobs.length} jobs to go`);
    if (merged + blocks > 0) {
      log(`resuming: ${merged + blocks} of ${run.planned.length} jobs already stored in Redis (${merged} merged into checkpointed totals, ${blocks} as block results), ${jobs.length} to go`);
    }
    for (const j of jobs) waiting.set(jobId(key, j), j);

    await step(collectResults({ scenario, options, log, trace, run, key, engine: c.engine, redis, queue, events, jobs, waiting, totals, state, halt, trouble, checkpoint }));
    trace('every job done');
    if (options.keep) await checkpoint();
    else deleted = await deleteRun(redis, key, lease.holder);
    trace(options.keep ? 'totals kept' : 'run deleted from Redis');
    return run.report();
  } catch (err) {
    if (!leaseLost) await checkpoint().catch(() => {});
    if (signal?.aborted) log(`stopped: the run's jobs stay queued and its merged totals and results stored (for 3 days); the same command resumes from them`);
    // A failed job ends the run: take its remaining jobs off the queue (those running finish and are dropped).
    if (state.failure instanceof JobError) await removeWaiting(queue, jobs.slice(0, state.enqueued).map((j) => jobId(key, j)).filter((id) => waiting.has(id))).catch(() => {});
    throw err;
  } finally {
    state.settled = true;
    clearTimeout(state.pollTimer);
    clearInterval(renewTimer);
    signal?.removeEventListener('abort', onAbort);
    if (!deleted && !leaseLost) await lease.release().catch(() => {});
    trace('closing the queue and its events connection');
    await Promise.allSettled([events.close(), queue.close()]);
    trace('closed');
  }
}
