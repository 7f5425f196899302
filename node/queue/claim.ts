import type { Redis } from 'ioredis';
import type { Job } from '../../engine/index.ts';
import { claimKey, holdersKey, resultField, RUN_TTL_MS } from './keys.ts';

/**
 * A job's claim: which worker computes it now. BullMQ runs a job at least once: a worker silent
 * past its lock (a long GC pause, a lost connection, a paused VM) has its job handed to another
 * while it may still be computing it. Before computing, a worker takes the job's claim,
 * `simlapse:run:<key>:claim:<arm.replication.block>` = `<worker>#<n>` (SET NX with an expiry
 * longer than the lock, renewed while it computes); a second execution that finds the claim
 * held waits for the result instead of computing it again, unless the holder's connection is
 * gone from Redis (it died) or the claim lapses. The run's `holders` hash keeps who last
 * claimed each job not yet stored, and when (Redis's clock, seconds), for stall reports.
 */

/** The connection name of a worker in Redis. */
export const workerName = (id: string) => `simlapse-worker:${id}`;

/** The worker id of a claim value `<worker>#<n>`. */
export const claimWorker = (value: string) => value.slice(0, value.lastIndexOf('#'));

const CLAIM = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  redis.call('HSET', KEYS[2], ARGV[3], ARGV[1] .. '@' .. redis.call('TIME')[1])
  redis.call('PEXPIRE', KEYS[2], ARGV[4])
  return 1
end
return redis.call('GET', KEYS[1]) or 0`;
const RENEW = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1`;
const DELETE_IF = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1`;

/** Claims the job with `value` for `ttlMs`: null if claimed, else the holder's value ('' if the claim vanished meanwhile: try again). */
export async function claimJob(redis: Redis, key: string, job: Job, value: string, ttlMs: number): Promise<string | null> {
  const r = await redis.eval(CLAIM, 2, claimKey(key, job), holdersKey(key), value, ttlMs, resultField(job), RUN_TTL_MS);
  return r === 1 ? null : r === 0 ? '' : String(r);
}

/** Extends the claim if still held with `value`; false if it lapsed or another took it. */
export async function renewClaim(redis: Redis, key: string, job: Job, value: string, ttlMs: number): Promise<boolean> {
  return (await redis.eval(RENEW, 1, claimKey(key, job), value, ttlMs)) === 1;
}

/** Deletes the claim if it is still `value` (released by its holder, or taken from a holder that is gone); true if deleted. */
export async function dropClaim(redis: Redis, key: string, job: Job, value: string): Promise<boolean> {
  return (await redis.eval(DELETE_IF, 1, claimKey(key, job), value)) === 1;
}

/** Who holds or last held each of `jobs`' claims: [current claim value or null, last holder `<value>@<seconds>` or null]. */
export async function claimsOf(redis: Redis, key: string, jobs: Job[]): Promise<Array<{ claim: string | null; last: { value: string; at: number } | null }>> {
  if (jobs.length === 0) return [];
  const claims = await redis.mget(...jobs.map((j) => claimKey(key, j)));
  const holders = await redis.hmget(holdersKey(key), ...jobs.map(resultField));
  return jobs.map((_, i) => {
    const h = holders[i];
    const at = h ? h.lastIndexOf('@') : -1;
    return { claim: claims[i], last: h && at > 0 ? { value: h.slice(0, at), at: Number(h.slice(at + 1)) } : null };
  });
}
