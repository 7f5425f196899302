import { abortable } from './abort.ts';
import { connectRedis, isOutOfMemory, outOfMemory, QueueError } from './connect.ts';
import { newProcessId, RUNS, runKeys } from './keys.ts';
import { acquireLease, coordinatorName, type Lease } from './lease.ts';
import { deleteRun, type RunEntry } from './store.ts';
import { parseRedisUrl, type RedisUrl } from './url.ts';
import type { Redis } from 'ioredis';

/** A run key as `runKey` makes it and `worker --check` lists it: 32 hex digits. */
export const RUN_KEY = /^[0-9a-f]{32}$/;

/** What `dropQueueRun` takes. */
export interface QueueDropOptions {
  /** Milliseconds of the lease taken to delete the run (another coordinator's is awaited as long). [default: 10000] */
  leaseMs?: number;
  /** Ctrl-C: ends the wait for a lease, deleting nothing. */
  signal?: AbortSignal;
}

/**
 * Deletes one run from Redis by its key (as `worker --check` lists it): a run whose command
 * failed and will not be run again, or one abandoned, that would otherwise hold its results and
 * totals for 3 days. It goes as a coordinator deletes its run, under the run's lease: a run whose
 * coordinator is alive is refused (a QueueError naming it: stop it first), one whose
 * coordinator died is taken over and deleted. Its jobs still in the queue are discarded by the
 * workers as they come up (the run is gone). Returns the run's name; a QueueError if Redis holds
 * no run of that key.
 */
export async function dropQueueRun(urlText: string, key: string, options: QueueDropOptions = {}): Promise<{ name: string }> {
  const url = parseRedisUrl(urlText);
  if (!RUN_KEY.test(key)) throw new QueueError(`expected a run key of 32 hex digits (as \`simlapse worker --check\` lists them), got "${key}"`);
  const signal = options.signal;
  const id = newProcessId();
  const redis = await abortable(connectRedis(url, { name: coordinatorName(id) }), signal, (r) => r.disconnect());
  try {
    const entry = await redis.hget(RUNS, key);
    const held = await redis.exists(...runKeys(key));
    if (entry === null && held === 0) throw new QueueError(`no run ${key} in Redis at ${url.redacted}: \`simlapse worker --check\` lists the runs there`);
    const name = entry === null ? '' : ((JSON.parse(entry) as RunEntry).name ?? '');
    const outcome = await deleteUnderLease(redis, key, id, { ttlMs: options.leaseMs ?? 10_000, url, name, signal });
    if (outcome === 'live') throw new QueueError(`run ${key} ("${name}") is being run by a live coordinator: stop that command first (Ctrl-C), then drop it; nothing was deleted`);
    if (outcome === 'taken') throw new QueueError(`run ${key} ("${name}") was taken over by a coordinator while being deleted: it is running again, and was left to it`);
    return { name };
  } catch (err) {
    throw isOutOfMemory(err) ? outOfMemory(url) : err;
  } finally {
    redis.disconnect();
  }
}

/**
 * Deletes a run's keys under its lease, taken as a coordinator takes it (acquireLease: it waits
 * while another coordinator holds it, takes over from a dead one): `deleted`; `live` when another
 * coordinator is alive on the run (nothing deleted); `taken` when one took the lease over between
 * the lease and the delete. `id` must be the name this connection has as a coordinator.
 */
export async function deleteUnderLease(
  redis: Redis,
  key: string,
  id: string,
  options: { ttlMs: number; url: RedisUrl; name: string; signal?: AbortSignal },
): Promise<'deleted' | 'live' | 'taken'> {
  let lease: Lease;
  try {
    const leasing = acquireLease(redis, key, id, { ...options, log: () => {} });
    lease = await abortable(leasing, options.signal, (l) => void l.release().catch(() => {}));
  } catch (err) {
    // The only QueueError of acquireLease: another coordinator is alive on the run.
    if (err instanceof QueueError) return 'live';
    throw err;
  }
  return (await deleteRun(redis, key, lease.holder)) ? 'deleted' : 'taken';
}
