/**
 * The run's jobs on the queue, once what Redis held of it is read (coordinate.ts): adding them
 * `enqueueAhead` at a time, taking their results as workers complete them, failing the run on a
 * job that failed every attempt, and polling for what events missed, refusals and stalls.
 */
import type { Queue, QueueEvents } from 'bullmq';
import { JobError, type Job } from '../../engine/index.ts';
import type { MergedTotals } from './checkpoint.ts';
import type { Context } from './coordinate.ts';
import { isOutOfMemory, QueueError } from './connect.ts';
import { attemptsText, failedIds } from './failed.ts';
import { jobId, refusedKey, resultField, resultsKey } from './keys.ts';
import { reportStall } from './stall.ts';
import { decodeResult, fetchResult, touchRun, type QueueJobData } from './store.ts';

/** What the run's steps share as it goes (coordinate.ts and collectResults): set by one, read by another. */
export interface RunState {
  /** How many of `jobs` (a prefix) were added to the queue. */
  enqueued: number;
  /** What ends the run early (an abort, a lost lease, a full Redis, a failed job): the first one. */
  failure: unknown;
  /** Set as the run settles: no poll is scheduled after it. */
  settled: boolean;
  /** The next poll's timer, cleared as the run settles. */
  pollTimer: NodeJS.Timeout | undefined;
}

/** What collectResults works with: the run's context (coordinate.ts), its queue connections, its jobs and its shared state. */
export interface Collection extends Omit<Context, 'url' | 'lease'> {
  queue: Queue<QueueJobData, number, 'block'>;
  events: QueueEvents;
  /** The jobs to go (run.begin()), in plan order. */
  jobs: Job[];
  /** The jobs not done yet, by their queue ids, in plan order. */
  waiting: Map<string, Job>;
  totals: MergedTotals;
  state: RunState;
  /** Ends the run with its failure (the first one counts). */
  halt: (err: unknown) => void;
  /** Redis trouble in the background: said and retried, or the run stopped (a full Redis). */
  trouble: (err: unknown) => void;
  /** Checkpoints the merged totals. */
  checkpoint: () => Promise<void>;
}

/** Resolves once every job's result is merged; what fails the run goes to `halt` (the run's step races it: coordinate.ts). */
export function collectResults(c: Collection): Promise<void> {
  const { scenario, options, log, trace, run, key, redis, queue, events, jobs, waiting, totals, state, trouble, checkpoint } = c;
  return new Promise<void>((resolve) => {
    const fail = c.halt;
    let lastProgress = Date.now();
    let lastStall = 0;
    let topping: Promise<void> | null = null;
    const ahead = options.enqueueAhead ?? 10_000;
    const toBull = (job: Job) => ({
      name: 'block' as const,
      data: { key, engine: c.engine.id, arm: job.arm, replication: job.replication, block: job.block, start: job.start, end: job.end },
      opts: {
        jobId: jobId(key, job),
        attempts: options.attempts ?? 3,
        backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
        removeOnComplete: true,
        removeOnFail: { age: 24 * 3600 },
      },
    });
    // Keeps `ahead` jobs in the queue beyond those merged: the queue's memory in Redis does not grow with the run.
    const topUp = () => {
      topping ??= (async () => {
        for (;;) {
          const limit = Math.min(jobs.length, jobs.length - waiting.size + ahead);
          if (state.failure !== null || state.enqueued >= limit) return;
          const chunk = jobs.slice(state.enqueued, Math.min(limit, state.enqueued + 1000));
          await queue.addBulk(chunk.map(toBull));
          state.enqueued += chunk.length;
          trace(`added ${chunk.length} jobs to the queue (${state.enqueued} of ${jobs.length})`);
        }
      })().finally(() => (topping = null));
      topping.catch(fail);
    };
    const accept = (id: string, job: Job, result: Float64Array) => {
      if (!waiting.delete(id) || run.has(job)) return;
      run.accept(job, result);
      totals.add(job, result);
      lastProgress = Date.now();
      if (waiting.size === 0) resolve();
      else topUp();
    };
    const collect = async (id: string) => {
      const job = waiting.get(id);
      if (!job) return;
      const result = await fetchResult(redis, key, job);
      if (result) accept(id, job, result);
    };
    // The job's reason (the event's, else the stored one) and how many times it ran, read from the job.
    const failed = async (id: string, reason?: string) => {
      const job = waiting.get(id);
      if (!job) return;
      if (reason !== undefined && isOutOfMemory(reason)) return fail(reason);
      const bull = await queue.getJob(id).catch(() => undefined);
      reason ??= bull?.failedReason ?? 'failed';
      if (isOutOfMemory(reason)) return fail(reason);
      fail(new JobError(job, scenario.arms[job.arm].name, new Error(`${reason} (${attemptsText(bull)})`)));
    };
    if (waiting.size === 0) return resolve();
    events.on('completed', ({ jobId }) => {
      trace(`completed: ${jobId}`);
      void collect(jobId).catch(fail);
    });
    events.on('failed', ({ jobId, failedReason }) => void failed(jobId, failedReason).catch(fail));

    const refusals = new Set<string>();
    // Events can be missed (a dropped connection, a trimmed stream): every poll also reads the
    // stored results of the first waiting jobs, in plan order (the order workers take them),
    // and the failed set, so a missed event delays the run but never hangs it.
    const poll = async () => {
      trace(`poll: ${jobs.length - waiting.size} of ${jobs.length} done; next waiting ${[...take(waiting, 3)].map(([id]) => id).join(', ') || 'none'}`);
      await touchRun(redis, key);
      await checkpoint();
      for (;;) {
        const front = [...take(waiting, 256)];
        if (front.length === 0) return;
        const found = await redis.hmgetBuffer(resultsKey(key), ...front.map(([, j]) => resultField(j)));
        let hits = 0;
        for (let i = 0; i < front.length; i++) {
          const bytes = found[i];
          if (bytes) {
            hits++;
            accept(front[i][0], front[i][1], decodeResult(bytes));
          }
        }
        if (hits < front.length) break;
      }
      for (const id of await failedIds(redis, key)) if (waiting.has(id)) await failed(id);
      for (const [worker, theirs] of Object.entries(await redis.hgetall(refusedKey(key)))) {
        if (refusals.has(worker)) continue;
        refusals.add(worker);
        log(`worker ${worker} refused this run's jobs: it runs engine ${theirs}, the run needs engine ${c.engine.id} (another simlapse checkout: its results would differ); the jobs go back to the queue for the other workers`);
      }
      const now = Date.now();
      const stallMs = options.stallMs ?? 60_000;
      if (now - lastProgress >= stallMs && now - lastStall >= stallMs) {
        lastStall = now;
        const stall = await reportStall(redis, {
          key,
          silentS: (now - lastProgress) / 1000,
          done: jobs.length - waiting.size,
          total: jobs.length,
          front: [...take(waiting, 5)].map(([, job]) => ({ job, arm: scenario.arms[job.arm].name })),
          counts: await queue.getJobCounts('waiting', 'active', 'delayed'),
          engine: c.engine.id,
        });
        stall.lines.forEach((line) => log(line));
        if (stall.noWorkerCanServe) {
          fail(new QueueError(`no connected worker can compute this run: every one runs another engine than the run's, ${c.engine.id} (another simlapse checkout). Start workers from the coordinator's checkout (same commit, npm ci); the same command then resumes`));
        }
      }
      topUp();
    };
    // Not once the run has settled (a poll still running as it ends) or failed: a timer left behind keeps the process up.
    const tick = () => {
      if (state.settled || state.failure !== null) return;
      state.pollTimer = setTimeout(() => poll().then(tick, (err) => (trouble(err), tick())), options.pollMs ?? 2000);
    };
    (async () => {
      // A job of this run that failed in an earlier attempt at the run would block re-adding its id.
      for (const id of await failedIds(redis, key)) if (state.failure === null && waiting.has(id)) await queue.remove(id);
      topUp();
      tick();
    })().catch(fail);
  });
}

function* take<K, V>(map: Map<K, V>, n: number): Generator<[K, V]> {
  if (n <= 0) return;
  for (const entry of map) {
    yield entry;
    if (--n === 0) return;
  }
}
