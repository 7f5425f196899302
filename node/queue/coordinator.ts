import { abortReason, startRun, type Report, type ScenarioConfig } from '../../engine/index.ts';
import { abortable } from './abort.ts';
import { connectRedis, isOutOfMemory, outOfMemory } from './connect.ts';
import { coordinate } from './coordinate.ts';
import { engineHash } from './engine-hash.ts';
import { newProcessId, runKey } from './keys.ts';
import { acquireLease, coordinatorName } from './lease.ts';
import { deleteUnderLease } from './drop.ts';
import type { QueueRunOptions } from './options.ts';
import { checkEvictionPolicy } from './policy.ts';
import { parseRedisUrl } from './url.ts';

export type { QueueRunOptions };

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
