import { Queue, QueueEvents, type Job as BullJob } from 'bullmq';
import type { Redis } from 'ioredis';
import { abortReason, JobError, startRun, type Job, type Report, type RunOptions, type RunSession, type ScenarioConfig } from '../../engine/index.ts';
import { MergedTotals, writeCheckpoint } from './checkpoint.ts';
import { abortable } from './abort.ts';
import { resume } from './resume.ts';
import { connectRedis, describe, isOutOfMemory, outOfMemory, QueueError } from './connect.ts';
import { engineHash, type EngineHash } from './engine-hash.ts';
import { FAILED_SET, jobId, newProcessId, PREFIX, QUEUE, refusedKey, resultField, resultsKey, runKey } from './keys.ts';
import { acquireLease, coordinatorName, type Lease } from './lease.ts';
import { deleteUnderLease } from './drop.ts';
import { checkEvictionPolicy } from './policy.ts';
import { reportStall } from './stall.ts';
import { decodeResult, deleteRun, fetchResult, saveScenario, touchRun, type QueueJobData } from './store.ts';
import { parseRedisUrl, redisOptions, type RedisUrl } from './url.ts';

export interface QueueRunOptions extends RunOptions {
  /** Redis URL: `redis://[user[:password]@]host[:port][/db]`, `rediss://…` for TLS. */
  url: string;
  /** Attempts per job (each error thrown counts one; stalls are counted apart, by the workers' maxStalledCount) before the run fails. [default: 3] */
  attempts?: number;
  /** Delay before a failed job's first retry, doubled at each retry. [default: 1000 ms] */
  backoffMs?: number;
  /**
   * How often the coordinator checkpoints its merged totals (and deletes the block results they
   * hold), refreshes the run's TTL, and checks stored results, failures and refusals it may
   * have missed events for. [default: 2000 ms]
   */
  pollMs?: number;
  /** After this long with no job completed, the coordinator reports the stall (again each time as long). [default: 60000 ms] */
  stallMs?: number;
  /** How long the run's lease outlives its coordinator's last renewal; renewed 4 times as often. [default: 10000 ms] */
  leaseMs?: number;
  /** Jobs in the queue ahead of the results merged: the rest are added as results come. [default: 10000] */
  enqueueAhead?: number;
  /**
   * Keep the run in Redis after the report is built (its merged totals: they expire after 3 days),
   * so that the same call gives the report again without computing a job; deleteQueueRuns deletes
   * it once the caller is done with it (the CLI: once its outputs are written). [default: false: deleted]
   */
  keep?: boolean;
  /** Lines for the person running it (resume, refusals, stalls, connection trouble); never holds the password. */
  log?: (line: string) => void;
  /** Step-by-step lines for diagnosing a run that hangs (connected, lease, jobs added, each poll, closing); never holds the password. [default: none; the CLI's SIMLAPSE_DEBUG=queue] */
  trace?: (line: string) => void;
}

/**
 * Runs a scenario's jobs on a BullMQ queue in Redis, served by `simlapse worker` processes on
 * any machines, and merges the results with the same run session as local runs: the report is
 * the same bytes as `runScenario`/`runOnThreads`.
 *
 * The run is keyed by the scenario and the hash of the engine's code (engine-hash.ts), and owned
 * by one coordinator at a time (lease.ts: a second one on the same scenario refuses, or takes
 * over from one that died). As results arrive they are merged in block order, and every
 * `pollMs` the merged totals are checkpointed to Redis and the block results they hold deleted
 * (checkpoint.ts), so Redis holds the totals plus the blocks not yet merged, and a coordinator
 * started again resumes from both. Aborting (the signal) leaves the run's jobs queued and its
 * totals and results stored, at any point, setup included (connecting, waiting for another
 * coordinator's lease, reading what is stored): no job is added after it. A job failing every
 * attempt fails the run with a JobError naming it, and removes the run's jobs still waiting.
 * No job completing for `stallMs` is reported. A lost lease (lease.ts) and a full Redis (its
 * writes refused: maxmemory reached) stop the run with a QueueError; the same call then resumes.
 */
export async function runOnQueue(scenario: ScenarioConfig, options: QueueRunOptions): Promise<Report> {
  const url = parseRedisUrl(options.url);
  const log = options.log ?? (() => {});
  const trace = options.trace ?? (() => {});
  trace(`hashing the engine's code (esbuild)`);
  const engine = engineHash();
  const run = startRun(scenario, options);
  const key = runKey(scenario, engine.hash);
  const signal = options.signal;
  if (signal?.aborted) throw abortReason(signal);
  const id = newProcessId();
  trace(`engine ${engine.id}; coordinator ${id} connecting to ${url.redacted}, run ${key}`);
  const redis = await abortable(connectRedis(url, { name: coordinatorName(id) }), signal, (r) => r.disconnect());
  try {
    await abortable(checkEvictionPolicy(redis, url, log), signal);
    trace('connected; taking the lease');
    const leasing = acquireLease(redis, key, id, { ttlMs: options.leaseMs ?? 10_000, url, name: scenario.name ?? '', log, signal });
    const lease = await abortable(leasing, signal, (l) => void l.release().catch(() => {}));
    trace('lease held');
    return await coordinate({ scenario, options, url, log, trace, run, key, engine, redis, lease });
  } catch (err) {
    throw isOutOfMemory(err) ? outOfMemory(url) : err;
  } finally {
    redis.disconnect();
    trace('disconnected');
  }
}

/** What deleteQueueRuns takes of runOnQueue's options. */
export type QueueDeleteOptions = Pick<QueueRunOptions, 'url' | 'leaseMs' | 'log' | 'trace' | 'signal'>;

/**
 * Deletes from Redis the runs of `scenarios` that runOnQueue kept (`keep`), once the caller is
 * done with them (the CLI: its outputs written). Each goes as a coordinator deletes its run at
 * the end: under the run's lease, taken as a coordinator takes it (acquireLease: it waits while
 * another coordinator holds it, takes over from a dead one), so a run that another coordinator
 * is working on (the same scenario started again meanwhile) is never deleted: it is left to that
 * one, and `log` says so. Scenarios of one run (the replication counts of --precision batches)
 * delete it once. Returns how many runs were deleted (one already gone counts: nothing is left).
 */
export async function deleteQueueRuns(scenarios: readonly ScenarioConfig[], options: QueueDeleteOptions): Promise<number> {
  const url = parseRedisUrl(options.url);
  const log = options.log ?? (() => {});
  const trace = options.trace ?? (() => {});
  const signal = options.signal;
  const engine = engineHash();
  const runs = new Map(scenarios.map((s) => [runKey(s, engine.hash), s.name ?? '']));
  if (runs.size === 0) return 0;
  if (signal?.aborted) throw abortReason(signal);
  const id = newProcessId();
  trace(`coordinator ${id} connecting to ${url.redacted} to delete ${runs.size} finished run${runs.size === 1 ? '' : 's'}`);
  // Named as a coordinator: while it holds a run's lease, another coordinator sees it alive and waits.
  const redis = await abortable(connectRedis(url, { name: coordinatorName(id) }), signal, (r) => r.disconnect());
  let deleted = 0;
  try {
    for (const [key, name] of runs) {
      const outcome = await deleteUnderLease(redis, key, id, { ttlMs: options.leaseMs ?? 10_000, url, name, signal });
      if (outcome === 'deleted') {
        deleted++;
        trace(`run ${key} deleted from Redis`);
      } else if (outcome === 'live') log(`run ${key} ("${name}") is being run by another coordinator: left in Redis for it`);
      else log(`run ${key} ("${name}") was taken over by another coordinator while being deleted: left in Redis for it`);
    }
  } catch (err) {
    throw isOutOfMemory(err) ? outOfMemory(url) : err;
  } finally {
    redis.disconnect();
  }
  return deleted;
}

interface Context {
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

async function coordinate(c: Context): Promise<Report> {
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
  let pollTimer: NodeJS.Timeout | undefined;
  let jobs: Job[] = [];
  /** How many of `jobs` (a prefix) were added to the queue. */
  let enqueued = 0;
  /** What ends the run early (an abort, a lost lease, a full Redis, a failed job): the first one. */
  let failure: unknown = null;
  let leaseLost = false;
  let deleted = false;
  /** Set as the run settles: no poll is scheduled after it. */
  let settled = false;
  let halt: (err: unknown) => void = () => {};
  /** Rejects with the failure as it happens: every step of the run races it, so none holds the run up. */
  const halted = new Promise<never>((_, reject) => {
    halt = (err) => {
      if (failure !== null) return;
      failure = isOutOfMemory(err) ? outOfMemory(url) : err;
      reject(failure);
    };
  });
  halted.catch(() => {});
  const step = <T>(promise: Promise<T>): Promise<T> => Promise.race([promise, halted]);
  /** Redis trouble in the background: a full Redis stops the run (its writes fail until there is room), anything else is said and retried. */
  const trouble = (err: unknown) => (settled ? undefined : isOutOfMemory(err) ? halt(err) : onError(err));
  const onAbort = () => halt(abortReason(signal!));
  signal?.addEventListener('abort', onAbort, { once: true });
  if (signal?.aborted) onAbort();
  // The lease is renewed from the start: reading a large run's stored totals and results may take a while.
  const leaseMs = options.leaseMs ?? 10_000;
  const renewTimer = setInterval(() => {
    lease.renew().then((held) => {
      if (held || leaseLost || settled) return;
      leaseLost = true;
      halt(new QueueError(
        `lost the queue lease of run ${key} on ${url.redacted} (another coordinator took it over, or Redis was out of reach past the ${leaseMs / 1000} s lease): ` +
          `this one stops and writes nothing more; run the same command again to resume`,
      ));
    }, trouble);
  }, leaseMs / 4);
  const totals = new MergedTotals((job, result) => run.split(job, result));
  const waiting = new Map<string, Job>();
  const checkpoint = async () => {
    const points = totals.take();
    if (points.length === 0) return;
    let written = false;
    try {
      written = await writeCheckpoint(redis, key, lease.holder, points);
    } finally {
      if (!written) totals.untake(points);
    }
  };
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

    await step(new Promise<void>((resolve) => {
      const fail = halt;
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
            if (failure !== null || enqueued >= limit) return;
            const chunk = jobs.slice(enqueued, Math.min(limit, enqueued + 1000));
            await queue.addBulk(chunk.map(toBull));
            enqueued += chunk.length;
            trace(`added ${chunk.length} jobs to the queue (${enqueued} of ${jobs.length})`);
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
        if (settled || failure !== null) return;
        pollTimer = setTimeout(() => poll().then(tick, (err) => (trouble(err), tick())), options.pollMs ?? 2000);
      };
      (async () => {
        // A job of this run that failed in an earlier attempt at the run would block re-adding its id.
        for (const id of await failedIds(redis, key)) if (failure === null && waiting.has(id)) await queue.remove(id);
        topUp();
        tick();
      })().catch(fail);
    }));
    trace('every job done');
    if (options.keep) await checkpoint();
    else deleted = await deleteRun(redis, key, lease.holder);
    trace(options.keep ? 'totals kept' : 'run deleted from Redis');
    return run.report();
  } catch (err) {
    if (!leaseLost) await checkpoint().catch(() => {});
    if (signal?.aborted) log(`stopped: the run's jobs stay queued and its merged totals and results stored (for 3 days); the same command resumes from them`);
    // A failed job ends the run: take its remaining jobs off the queue (those running finish and are dropped).
    if (failure instanceof JobError) await removeWaiting(queue, jobs.slice(0, enqueued).map((j) => jobId(key, j)).filter((id) => waiting.has(id))).catch(() => {});
    throw err;
  } finally {
    settled = true;
    clearTimeout(pollTimer);
    clearInterval(renewTimer);
    signal?.removeEventListener('abort', onAbort);
    if (!deleted && !leaseLost) await lease.release().catch(() => {});
    trace('closing the queue and its events connection');
    await Promise.allSettled([events.close(), queue.close()]);
    trace('closed');
  }
}

/**
 * This run's jobs in BullMQ's failed set, found by their ids (they start with the run key) over
 * the whole set: the set holds every run's failures of the last 24 h, and a page of it (the
 * newest 100, as read before) can miss this run's.
 */
async function failedIds(redis: Redis, key: string): Promise<string[]> {
  const ids = new Set<string>();
  let cursor = '0';
  do {
    const [next, flat] = await redis.zscan(FAILED_SET, cursor, 'MATCH', `${key}-*`, 'COUNT', 1000);
    cursor = next;
    for (let i = 0; i < flat.length; i += 2) ids.add(flat[i]);
  } while (cursor !== '0');
  return [...ids];
}

/** BullMQ's reason for a job failed for stalling more than its workers' maxStalledCount. */
const STALLED = 'job stalled more than allowable limit';

/**
 * How many times a failed job ran, from BullMQ's counts: `attemptsMade` counts the runs that
 * threw, plus, for a job failed for stalling, the pickup that only failed it; `stalledCounter`
 * the runs whose worker died or fell silent (they use up no attempt: maxStalledCount bounds them).
 */
function attemptsText(job: BullJob | undefined): string {
  if (!job) return 'on the queue';
  const stalls = job.stalledCounter ?? 0;
  const runs = Math.max(0, job.attemptsMade - (job.failedReason === STALLED ? 1 : 0)) + stalls;
  const which = stalls === 0 ? '' : `, ${stalls === runs ? (runs === 1 ? 'it' : 'each') : `${stalls} of them`} stalled: its worker died or was silent past its lock`;
  return `after ${runs} attempt${runs === 1 ? '' : 's'} on the queue${which}`;
}

async function removeWaiting(queue: Queue, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) await Promise.all(ids.slice(i, i + 500).map((id) => queue.remove(id)));
}

function* take<K, V>(map: Map<K, V>, n: number): Generator<[K, V]> {
  if (n <= 0) return;
  for (const entry of map) {
    yield entry;
    if (--n === 0) return;
  }
}
