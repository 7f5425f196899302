import type { Redis } from 'ioredis';
import { QueueError } from './connect.ts';
import type { RedisUrl } from './url.ts';

/** The eviction policy a queue's Redis must run with. */
export const REQUIRED_POLICY = 'noeviction';

/** What Redis says of itself that a queue depends on. */
export interface RedisFacts {
  /** `redis_version` (or the server's equivalent), '' if not reported. */
  version: string;
  /** `maxmemory_policy`, null if the server does not report it. */
  policy: string | null;
  /** `used_memory`, bytes. */
  usedMemory: number;
  /** `maxmemory`, bytes (0: no limit). */
  maxMemory: number;
}

/** INFO server + memory, parsed. */
export async function redisFacts(redis: Redis): Promise<RedisFacts> {
  const info = String(await redis.info('server')) + String(await redis.info('memory'));
  const field = (name: string) => new RegExp(`^${name}:(.*)$`, 'm').exec(info)?.[1].trim();
  return {
    version: field('redis_version') ?? field('valkey_version') ?? '',
    policy: field('maxmemory_policy') ?? null,
    usedMemory: Number(field('used_memory') ?? 0),
    maxMemory: Number(field('maxmemory') ?? 0),
  };
}

/**
 * Refuses a Redis that may evict keys: under any policy but `noeviction`, a full Redis drops
 * stored results, totals or queued jobs to make room (BullMQ only warns and carries on), and a
 * run loses work or waits forever for a job that no longer exists. With `noeviction` a full
 * Redis refuses writes instead, which a run reports. A server that does not report its policy
 * is let through with a warning (`log`).
 */
export async function checkEvictionPolicy(redis: Redis, url: RedisUrl, log: (line: string) => void = () => {}): Promise<RedisFacts> {
  const facts = await redisFacts(redis);
  if (facts.policy === null) {
    log(`Redis at ${url.redacted} does not report its maxmemory-policy; make sure it is ${REQUIRED_POLICY}`);
  } else if (facts.policy !== REQUIRED_POLICY) {
    throw new QueueError(
      `Redis at ${url.redacted} has maxmemory-policy ${facts.policy}; simlapse needs ${REQUIRED_POLICY}: under eviction a full Redis ` +
        `silently drops stored results and queued jobs, and the run loses work or never ends. ` +
        `Set "maxmemory-policy ${REQUIRED_POLICY}" in redis.conf (now: redis-cli CONFIG SET maxmemory-policy ${REQUIRED_POLICY}), or in the managed service's parameters`,
    );
  }
  return facts;
}
