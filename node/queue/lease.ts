import type { Redis } from 'ioredis';
import { abortReason } from '../../engine/index.ts';
import { sleep } from './abort.ts';
import { connectedNames, QueueError } from './connect.ts';
import { leaseKey } from './keys.ts';
import type { RedisUrl } from './url.ts';

/**
 * One coordinator per run. A run's results are checkpointed, deleted once merged and finally
 * cleaned up by its coordinator; a second coordinator on the same scenario (same run key) would
 * delete results the first has not read. So the coordinator holds the run's lease,
 * `simlapse:run:<key>:lease` = `<coordinator>#<renewals>`, renewed several times per TTL, and
 * every deletion checks it in the same Redis step (store.ts, checkpoint.ts).
 */
export interface Lease {
  /** The coordinator holding it. */
  readonly holder: string;
  /**
   * Renews the lease; false if it is lost: another coordinator holds it now, or nobody does (it
   * lapsed while this one was silent or out of reach past its TTL, and another may have taken it,
   * finished the run and deleted it). A lost lease is never taken again: its holder stops.
   */
  renew(): Promise<boolean>;
  /** Gives it up, if still held. */
  release(): Promise<void>;
}

export interface LeaseOptions {
  /** How long the lease lasts unrenewed. */
  ttlMs: number;
  url: RedisUrl;
  /** The scenario's name, for the refusal. */
  name: string;
  log: (line: string) => void;
  /** Stops the wait for another coordinator's lease (Ctrl-C): the wait rejects with its reason. */
  signal?: AbortSignal;
}

/** The connection name of a coordinator in Redis. */
export const coordinatorName = (id: string) => `simlapse-coordinator:${id}`;

// Renews only a lease still held: one that lapsed is lost even if nobody holds it now (another
// coordinator may have taken it, finished and deleted the run: taking it again would re-create the run's keys).
const RENEW = `
local v = redis.call('GET', KEYS[1])
if not v or string.sub(v, 1, string.len(ARGV[1])) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[1] .. (tonumber(string.sub(v, string.len(ARGV[1]) + 1)) + 1), 'PX', ARGV[2])
return 1`;
const RELEASE = `
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, 1, string.len(ARGV[1])) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`;
const TAKE_OVER = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

/**
 * Takes the run's lease for coordinator `holder`. If another coordinator holds it, this waits:
 * until its lease lapses, or its connection is gone from Redis (it died: its lease is taken
 * over at once), or it renews the lease, which shows it alive: then this refuses, with a
 * QueueError naming it, and touches nothing of the run. An abort (`options.signal`) ends the
 * wait at once with the signal's reason.
 */
export async function acquireLease(redis: Redis, key: string, holder: string, options: LeaseOptions): Promise<Lease> {
  const k = leaseKey(key);
  const mine = `${holder}#`;
  const lease: Lease = {
    holder,
    renew: async () => (await redis.eval(RENEW, 1, k, mine, options.ttlMs)) === 1,
    release: async () => void (await redis.eval(RELEASE, 1, k, mine)),
  };
  let seen: string | null = null;
  for (;;) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    if ((await redis.set(k, `${mine}0`, 'PX', options.ttlMs, 'NX')) !== null) return lease;
    const value = await redis.get(k);
    if (value === null) continue;
    const other = value.slice(0, value.lastIndexOf('#'));
    if (other === holder) return lease;
    const names = await connectedNames(redis);
    if (names !== null && !names.has(coordinatorName(other))) {
      if ((await redis.eval(TAKE_OVER, 1, k, value, `${mine}0`, options.ttlMs)) === 1) {
        options.log(`the run's previous coordinator (${other}) is no longer connected: taking over its run`);
        return lease;
      }
      continue;
    }
    if (seen !== null && value !== seen) {
      throw new QueueError(
        `this scenario ("${options.name}", run ${key}) is being run by another coordinator, ${other}, on ${options.url.redacted}; ` +
          `a second one would delete results the first still needs, so this one stops and touches nothing. ` +
          `Wait for it to finish, or stop it (Ctrl-C): the same command then resumes from its results`,
      );
    }
    seen = value;
    await sleep(Math.min(250, options.ttlMs / 8), options.signal);
  }
}
