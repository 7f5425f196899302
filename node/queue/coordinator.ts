import { Queue, QueueEvents } from 'bullmq';
import { abortReason, JobError, startRun, type Job, type Report, type RunOptions, type ScenarioConfig } from '../../engine/index.ts';
import { connectRedis, describe } from './connect.ts';
import {
  decodeResult, deleteRun, fetchResult, jobId, PREFIX, QUEUE, RUN_TTL_MS, resultField, resultsKey, runKey, saveScenario, scanResults, scenarioKey,
  type QueueJobData,
} from './store.ts';
import { parseRedisUrl, redisOptions } from './url.ts';

export interface QueueRunOptions extends RunOptions {
  /** Redis URL: `redis://[user[:password]@]host[:port][/db]`, `rediss://…` for TLS. */
  url: string;
  /** Attempts per job (an error thrown or a stalled worker each count one) before the run fails. [default: 3] */
  attempts?: number;
  /** Delay before a failed job's first retry, doubled at each retry. [default: 1000 ms] */
  backoffMs?: number;
  /** How often the coordinator refreshes the run's TTL and checks stored results and failures it may have missed events for. [default: 2000 ms] */
  pollMs?: number;
  /** Keep the run's scenario and results in Redis after the report is built (they expire after 3 days). [default: false: deleted] */
  keep?: boolean;
  /** Lines for the person running it (resume, connection trouble); never holds the password. */
  log?: (line: string) => void;
}

/**
 * Runs a scenario's jobs on a BullMQ queue in Redis, served by `simlapse worker` processes on
 * any machines, and merges the results with the same run session as local runs: the report is
 * the same bytes as `runScenario`/`runOnThreads`. Results are stored in Redis under the run's
 * content key as they finish, so a coordinator started again for the same scenario resumes
 * from them and enqueues only the rest. Aborting (the signal) leaves the run's jobs queued
 * and its results stored, to resume later; a job failing every attempt fails the run with a
 * JobError naming it, and removes the run's jobs still waiting.
 */
export async function runOnQueue(scenario: ScenarioConfig, options: QueueRunOptions): Promise<Report> {
  const url = parseRedisUrl(options.url);
  const log = options.log ?? (() => {});
  const run = startRun(scenario, options);
  const key = runKey(scenario);
  const signal = options.signal;
  if (signal?.aborted) throw abortReason(signal);

  const redis = await connectRedis(url);
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
  let timer: NodeJS.Timeout | undefined;
  let failure: unknown = null;
  let onAbort = () => {};
  const waiting = new Map<string, Job>();
  try {
    await saveScenario(redis, key, scenario);
    // Listen before looking at what is stored, so no completion falls between the two.
    await events.waitUntilReady();
    let reused = 0;
    const byField = new Map(run.planned.map((j) => [resultField(j), j]));
    for await (const [field, result] of scanResults(redis, key)) {
      const job = byField.get(field);
      if (job && !run.has(job)) {
        run.reuse(job, result);
        reused++;
      }
    }
    const jobs = run.begin();
    if (reused > 0) log(`resuming: ${reused} of ${run.planned.length} jobs already stored in Redis, ${jobs.length} to go`);
    for (const j of jobs) waiting.set(jobId(key, j), j);

    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown) => {
        failure ??= err;
        reject(err);
      };
      const accept = (id: string, job: Job, result: Float64Array) => {
        if (!waiting.delete(id) || run.has(job)) return;
        run.accept(job, result);
        if (waiting.size === 0) resolve();
      };
      const collect = async (id: string) => {
        const job = waiting.get(id);
        if (!job) return;
        const result = await fetchResult(redis, key, job);
        if (result) accept(id, job, result);
      };
      const failed = (id: string, reason: string) => {
        const job = waiting.get(id);
        if (job) fail(new JobError(job, scenario.arms[job.arm].name, new Error(`${reason} (after ${options.attempts ?? 3} attempts on the queue)`)));
      };
      if (waiting.size === 0) return resolve();
      onAbort = () => fail(abortReason(signal!));
      signal?.addEventListener('abort', onAbort, { once: true });
      events.on('completed', ({ jobId }) => void collect(jobId).catch(fail));
      events.on('failed', ({ jobId, failedReason }) => failed(jobId, failedReason));

      // Events can be missed (a dropped connection, a trimmed stream): every poll also reads the
      // stored results of the first waiting jobs, in plan order (the order workers take them),
      // and the failed set, so a missed event delays the run but never hangs it.
      const poll = async () => {
        await redis.multi().pexpire(scenarioKey(key), RUN_TTL_MS).pexpire(resultsKey(key), RUN_TTL_MS).exec();
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
        for (const job of await queue.getJobs(['failed'], 0, 99)) if (job.id && waiting.has(job.id)) failed(job.id, job.failedReason);
      };
      const tick = () => {
        timer = setTimeout(() => poll().then(tick, (err) => (onError(err), tick())), options.pollMs ?? 2000);
      };
      (async () => {
        // A job of this run that failed in an earlier attempt at the run would block re-adding its id.
        for (const job of await queue.getJobs(['failed'])) if (job.id && waiting.has(job.id)) await job.remove();
        const list = [...waiting].map(([id, job]) => ({
          name: 'block' as const,
          data: { key, arm: job.arm, replication: job.replication, block: job.block, start: job.start, end: job.end },
          opts: {
            jobId: id,
            attempts: options.attempts ?? 3,
            backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
            removeOnComplete: true,
            removeOnFail: { age: 24 * 3600 },
          },
        }));
        for (let i = 0; i < list.length && failure === null; i += 1000) await queue.addBulk(list.slice(i, i + 1000));
        tick();
      })().catch(fail);
    });
    if (!options.keep) await deleteRun(redis, key);
    return run.report();
  } catch (err) {
    if (signal?.aborted) log(`stopped: the run's jobs stay queued and its results stored (for 3 days); the same command resumes from them`);
    // A failed job ends the run: take its remaining jobs off the queue (those running finish and are dropped).
    if (failure !== null && !signal?.aborted && waiting.size > 0) await removeWaiting(queue, [...waiting.keys()]).catch(() => {});
    throw err;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    await Promise.allSettled([events.close(), queue.close()]);
    redis.disconnect();
  }
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
