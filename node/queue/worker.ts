import { availableParallelism } from 'node:os';
import { DelayedError, Worker, type Job as BullJob } from 'bullmq';
import { claimJob, claimWorker, dropClaim, renewClaim, workerName } from './claim.ts';
import { connectedNames, connectRedis, describe } from './connect.ts';
import { engineHash } from './engine-hash.ts';
import { jobId, leaseKey, newProcessId, PREFIX, QUEUE, refusedKey, RUN_TTL_MS } from './keys.ts';
import { checkEvictionPolicy } from './policy.ts';
import { fetchScenario, jobState, storeResult, type QueueJobData, type StoredScenario } from './store.ts';
import { parseRedisUrl, redisOptions, type RedisUrl } from './url.ts';
import { MAX_TIMER_MS, type QueueWorker, type QueueWorkerOptions } from './worker-options.ts';
import { Threads } from './worker-threads.ts';

export type { QueueWorker, QueueWorkerOptions };

/** How long the job of a run of another engine whose coordinator is gone waits after a refusal. */
const ABANDONED_DELAY_MS = 5 * 60_000;

/**
 * Serves a queue's jobs: a BullMQ Worker (concurrency N) whose processor runs each job on one of
 * N worker threads, the same comlink worker module and kernel as local runs, and stores the
 * result in Redis before the job completes. The kernel is synchronous: run on the main thread,
 * a long block would stop BullMQ from renewing the job's lock and the job would be taken for
 * stalled and run again; on threads the main thread stays free for locks, claims and stalled checks.
 *
 * A job planned by another engine (engine-hash.ts: a different checkout) is refused: it goes
 * back to the queue for other workers, the refusal is recorded for the coordinator, and this
 * worker takes no job for `refuseBackoffMs`; the job of such a run whose coordinator is gone (no
 * lease) waits 5 minutes instead, and this worker goes on. A job already stored, merged, or
 * claimed by a live worker is not computed (claim.ts). Redis must run with `noeviction` (policy.ts).
 */
export async function startWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const url = parseRedisUrl(options.url);
  const log = options.log ?? (() => {});
  const trace = options.trace ?? (() => {});
  const concurrency = options.concurrency ?? availableParallelism();
  for (const k of ['lockDurationMs', 'stalledIntervalMs', 'claimTtlMs', 'claimPollMs', 'refuseBackoffMs'] as const) {
    const v = options[k];
    if (v !== undefined && !(v >= 1 && v <= MAX_TIMER_MS)) throw new RangeError(`startWorker: ${k} ${v} is not a timer's length: 1 to ${MAX_TIMER_MS} ms`);
  }
  const lockDuration = options.lockDurationMs ?? 30_000;
  const claimTtl = options.claimTtlMs ?? Math.min(4 * lockDuration, MAX_TIMER_MS);
  const claimPoll = options.claimPollMs ?? Math.min(1000, claimTtl / 4);
  trace(`hashing the engine's code (esbuild)`);
  const engine = engineHash();
  const id = newProcessId();
  trace(`engine ${engine.id}; worker ${id} connecting to ${url.redacted}`);
  const redis = await connectRedis(url, { name: workerName(id) });
  try {
    await checkEvictionPolicy(redis, url, log);
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  const threads = new Threads(concurrency);
  const scenarios = new Map<string, Promise<StoredScenario | null>>();
  const refusedRuns = new Set<string>();
  let executions = 0;
  let closing = false;
  let resumeTimer: NodeJS.Timeout | undefined;

  const scenarioOf = (key: string): Promise<StoredScenario | null> => {
    let entry = scenarios.get(key);
    if (!entry) {
      entry = fetchScenario(redis, key);
      scenarios.set(key, entry);
      entry.then((s) => s ?? scenarios.delete(key), () => scenarios.delete(key));
      if (scenarios.size > 8) scenarios.delete(scenarios.keys().next().value!);
    }
    return entry;
  };

  const refuse = async (job: BullJob<QueueJobData>, token: string | undefined, theirs: string): Promise<never> => {
    const key = job.data.key;
    const backoff = options.refuseBackoffMs ?? 10_000;
    if (!refusedRuns.has(key)) {
      refusedRuns.add(key);
      log(
        `refusing the jobs of run ${key}: they need engine ${theirs}, this worker runs engine ${engine.id} ` +
          `(hashes of the code in the worker threads: this is another simlapse checkout, and its results would differ). ` +
          `They go back to the queue for other workers; start this worker from the coordinator's checkout (same commit, npm ci). ` +
          `Taking no jobs for ${backoff / 1000} s while its coordinator runs`,
      );
    }
    await redis.multi().hset(refusedKey(key), id, engine.id).pexpire(refusedKey(key), RUN_TTL_MS).exec();
    // A run whose coordinator is gone (no lease: stopped, say before an upgrade) has its jobs wait, not
    // this worker, which goes on with the jobs it can serve: such jobs, queued ahead, would otherwise
    // hold it up 10 s each until they expire. A live run's job comes back at once for the other workers,
    // and this worker pauses, so that it does not take them all in turn.
    if ((await redis.exists(leaseKey(key))) === 0) {
      await job.moveToDelayed(Date.now() + ABANDONED_DELAY_MS, token);
      throw new DelayedError();
    }
    await job.moveToDelayed(Date.now() + 1000, token);
    if (resumeTimer === undefined && !closing) {
      worker.pause(true).catch(() => {});
      resumeTimer = setTimeout(() => {
        resumeTimer = undefined;
        if (!closing) Promise.resolve(worker.resume()).catch(() => {});
      }, backoff);
    }
    throw new DelayedError();
  };

  /** Claims the job; null when it need not be computed here after all (stored or merged meanwhile, or the run is gone). */
  const claim = async (data: QueueJobData): Promise<string | null> => {
    const value = `${id}#${++executions}`;
    let told = false;
    for (;;) {
      const holder = await claimJob(redis, data.key, data, value, claimTtl);
      if (holder === null) return value;
      if (holder !== '') {
        const other = claimWorker(holder);
        const names = other === id ? null : await connectedNames(redis);
        if (names !== null && !names.has(workerName(other))) {
          if (await dropClaim(redis, data.key, data, holder)) log(`job ${jobId(data.key, data)}: its claim was held by ${other}, which is no longer connected; computing it here`);
          continue;
        }
        if (!told) {
          told = true;
          log(`job ${jobId(data.key, data)} is being computed by ${other} (which holds its claim; the job was handed on when its lock lapsed): waiting for that result instead of computing it again`);
        }
        await new Promise((r) => setTimeout(r, claimPoll));
      }
      if ((await jobState(redis, data.key, data)) !== 'todo') return null;
    }
  };

  const processor = async (job: BullJob<QueueJobData>, token?: string): Promise<number> => {
    const data = job.data;
    const name = jobId(data.key, data);
    trace(`took ${name}`);
    // A job re-added after it finished (a coordinator resuming), run twice, or left queued after its run was
    // built and cleaned up (its scenario is gone) is not computed again.
    const state = await jobState(redis, data.key, data);
    if (state === 'gone') scenarios.delete(data.key);
    if (state !== 'todo') {
      trace(`${name}: ${state}, not computed`);
      return 0;
    }
    if (data.engine !== engine.id) return refuse(job, token, data.engine);
    const stored = await scenarioOf(data.key);
    if (stored === null) return 0;
    if (stored.engineHash !== engine.hash) return refuse(job, token, stored.engineHash.slice(0, 16));
    const mine = await claim(data);
    if (mine === null) {
      trace(`${name}: stored meanwhile, not computed`);
      return 0;
    }
    trace(`${name}: claimed as ${mine}; computing`);
    let lost = false;
    const renew = setInterval(() => {
      renewClaim(redis, data.key, data, mine, claimTtl).then(
        (held) => {
          if (!held && !lost) {
            lost = true;
            log(`job ${jobId(data.key, data)}: this worker was silent longer than its claim (${claimTtl} ms) and another may compute it too`);
          }
        },
        () => {},
      );
    }, claimTtl / 3);
    const t0 = performance.now();
    let result: Float64Array;
    try {
      result = options.compute ? await options.compute(stored.scenario, data) : await threads.run(data.key, stored.scenario, data);
    } catch (err) {
      await dropClaim(redis, data.key, data, mine).catch(() => {});
      throw err;
    } finally {
      clearInterval(renew);
    }
    trace(`${name}: computed; storing`);
    await storeResult(redis, data.key, data, result, mine);
    trace(`${name}: stored`);
    options.onJob?.(data, performance.now() - t0);
    return result.byteLength;
  };

  const worker = new Worker<QueueJobData, number>(QUEUE, processor, {
    connection: redisOptions(url),
    prefix: PREFIX,
    name: id,
    concurrency,
    lockDuration,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
  });
  let lastTrouble = '';
  worker.on('error', (err) => {
    const line = troubleLine(err, lockDuration, url);
    if (line !== lastTrouble) log((lastTrouble = line));
  });
  worker.on('failed', (job, err) => {
    if (job) log(`job ${job.id} (arm ${job.data.arm}, replication ${job.data.replication}, block ${job.data.block}) failed, attempt ${job.attemptsMade}: ${describe(err, url)}`);
  });
  await worker.waitUntilReady();

  return {
    id,
    engine: engine.id,
    async close(force = false) {
      closing = true;
      clearTimeout(resumeTimer);
      await worker.close(force);
      threads.terminate();
      redis.disconnect();
    },
  };
}

/** The line a BullMQ worker error gives the person running it: a lapsed lock in its own words, else the Redis trouble. */
function troubleLine(err: Error, lockDuration: number, url: RedisUrl): string {
  // BullMQ's words for a job whose lock lapsed while this worker held it (it was silent: paused, starved or cut off).
  const renew = /could not renew lock for job (\S+)/.exec(err.message);
  const missing = /(?:Missing (?:lock|key)|Lock mismatch) for job (\S+?)\. (?:Cmd )?move/.exec(err.message);
  if (renew) return `job ${renew[1]}: its lock lapsed (this worker was silent longer than the lock duration, ${lockDuration} ms); the job goes to another worker, which waits for this one's result while it holds the job's claim`;
  if (missing) return `job ${missing[1]}: finished here after its lock lapsed and it went to another worker; the result counts once`;
  return `Redis at ${url.redacted}: ${describe(err, url)}`;
}
