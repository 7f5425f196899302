import { availableParallelism } from 'node:os';
import { UnrecoverableError, Worker, type Job as BullJob } from 'bullmq';
import { ENGINE_VERSION, type ScenarioConfig, type WorkerHandle } from '../../engine/index.ts';
import { spawnNodeWorker } from '../threads.ts';
import { connectRedis, describe } from './connect.ts';
import { fetchScenario, PREFIX, QUEUE, resultField, resultsKey, scenarioKey, storeResult, type QueueJobData, type StoredScenario } from './store.ts';
import { parseRedisUrl, redisOptions } from './url.ts';

export interface QueueWorkerOptions {
  /** Redis URL: `redis://[user[:password]@]host[:port][/db]`, `rediss://…` for TLS. */
  url: string;
  /** Jobs run at once, each on its own worker thread. [default: the available cores] */
  concurrency?: number;
  /** How long a job's lock lasts without renewal before the job counts as stalled (its worker dead). [default: 30000 ms] */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs of any worker and puts them back in the queue. [default: 30000 ms] */
  stalledIntervalMs?: number;
  /** Times a job may stall (its worker die) before it fails. [default: 2] */
  maxStalledCount?: number;
  /** Lines for the person running it (connection trouble, failed jobs); never holds the password. */
  log?: (line: string) => void;
  /** Called after each job this worker computed and stored, with the wall time it took. */
  onJob?: (job: QueueJobData, ms: number) => void;
  /** Computes a job instead of a worker thread (tests inject faults with it). [default: the worker threads of `run --workers`] */
  compute?: (scenario: ScenarioConfig, job: QueueJobData) => Promise<Float64Array>;
}

export interface QueueWorker {
  /** Stops taking jobs; waits for the jobs in hand unless `force`, then releases threads and connections. */
  close(force?: boolean): Promise<void>;
}

/**
 * Serves a queue's jobs: a BullMQ Worker (concurrency N) whose processor runs each job on one of
 * N worker threads, the same comlink worker module and kernel as local runs, and stores the
 * result in Redis before the job completes. The kernel is synchronous: run on the main thread,
 * a long block would stop BullMQ from renewing the job's lock and the job would be taken for
 * stalled and run again; on threads the main thread stays free for locks and stalled checks.
 */
export async function startWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  const url = parseRedisUrl(options.url);
  const log = options.log ?? (() => {});
  const concurrency = options.concurrency ?? availableParallelism();
  const redis = await connectRedis(url);
  const threads = new Threads(concurrency);
  const scenarios = new Map<string, Promise<StoredScenario | null>>();

  const scenarioOf = async (key: string): Promise<ScenarioConfig> => {
    let entry = scenarios.get(key);
    if (!entry) {
      entry = fetchScenario(redis, key);
      scenarios.set(key, entry);
      entry.catch(() => scenarios.delete(key));
      if (scenarios.size > 8) scenarios.delete(scenarios.keys().next().value!);
    }
    const stored = await entry;
    if (stored === null) {
      scenarios.delete(key);
      throw new UnrecoverableError(`run ${key} is no longer in Redis (finished, cleaned up or expired)`);
    }
    if (stored.engine !== ENGINE_VERSION) throw new UnrecoverableError(`engine version mismatch: this worker runs simlapse ${ENGINE_VERSION}, the run was started with ${stored.engine}`);
    return stored.scenario;
  };

  const processor = async (job: BullJob<QueueJobData>): Promise<number> => {
    const data = job.data;
    // A job re-added after it finished (a coordinator resuming) or run twice is not computed again;
    // nor is a job left queued after its run was built and cleaned up (a resumed coordinator can
    // read a result from Redis before the duplicate it enqueued runs): its scenario is gone.
    const [stored, live] = ((await redis.multi().hexists(resultsKey(data.key), resultField(data)).exists(scenarioKey(data.key)).exec()) ?? []).map(([, v]) => v);
    if (stored) return 0;
    if (!live) {
      scenarios.delete(data.key);
      return 0;
    }
    const scenario = await scenarioOf(data.key);
    const t0 = performance.now();
    const result = options.compute ? await options.compute(scenario, data) : await threads.run(data.key, scenario, data);
    await storeResult(redis, data.key, data, result);
    options.onJob?.(data, performance.now() - t0);
    return result.byteLength;
  };

  const worker = new Worker<QueueJobData, number>(QUEUE, processor, {
    connection: redisOptions(url),
    prefix: PREFIX,
    concurrency,
    lockDuration: options.lockDurationMs ?? 30_000,
    stalledInterval: options.stalledIntervalMs ?? 30_000,
    maxStalledCount: options.maxStalledCount ?? 2,
  });
  let lastTrouble = '';
  worker.on('error', (err) => {
    const line = `Redis at ${url.redacted}: ${describe(err, url)}`;
    if (line !== lastTrouble) log((lastTrouble = line));
  });
  worker.on('failed', (job, err) => {
    if (job) log(`job ${job.id} (arm ${job.data.arm}, replication ${job.data.replication}, block ${job.data.block}) failed, attempt ${job.attemptsMade}: ${describe(err, url)}`);
  });
  await worker.waitUntilReady();

  return {
    async close(force = false) {
      await worker.close(force);
      threads.terminate();
      redis.disconnect();
    },
  };
}

/** Up to `size` worker threads, each holding one loaded scenario; one job per thread at a time. */
class Threads {
  private readonly free: Array<{ handle: WorkerHandle; key: string | null }> = [];
  private readonly all = new Set<WorkerHandle>();

  constructor(private readonly size: number) {}

  async run(key: string, scenario: ScenarioConfig, job: QueueJobData): Promise<Float64Array> {
    let slot = this.free.pop();
    if (!slot) {
      if (this.all.size >= this.size) throw new Error('more jobs at once than threads');
      slot = { handle: spawnNodeWorker(), key: null };
      this.all.add(slot.handle);
    }
    try {
      if (slot.key !== key) {
        await Promise.race([slot.handle.api.load(scenario), slot.handle.dead]);
        slot.key = key;
      }
      const result = await Promise.race([slot.handle.api.run(job), slot.handle.dead]);
      this.free.push(slot);
      return result;
    } catch (err) {
      // A thread that died or threw is not reused.
      slot.handle.terminate();
      this.all.delete(slot.handle);
      throw err;
    }
  }

  terminate(): void {
    for (const handle of this.all) handle.terminate();
    this.all.clear();
    this.free.length = 0;
  }
}
