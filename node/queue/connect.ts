import { Redis } from 'ioredis';
import { QueueError } from './error.ts';
import { redisOptions, scrub, type RedisUrl } from './url.ts';

export { QueueError };

/**
 * A connected client for our own keys. The first connection fails fast (a wrong host or
 * password is a clear error, not a hang); once up, ioredis reconnects on its own. `name` is
 * the connection's name in Redis (`CLIENT SETNAME`, set again on each reconnect): other
 * processes tell from it whether this one is still connected (claim.ts, lease.ts).
 */
export async function connectRedis(url: RedisUrl, options: { name?: string; timeoutMs?: number } = {}): Promise<Redis> {
  const redis = new Redis({
    ...redisOptions(url),
    lazyConnect: true,
    connectTimeout: options.timeoutMs ?? 5000,
    connectionName: options.name,
    retryStrategy: () => null,
  });
  let lastError: unknown;
  redis.on('error', (err) => (lastError = err));
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    const why = scrub(messageOf(lastError ?? err), url);
    // ioredis's parser on a server that is not Redis (an HTTP server answers "HTTP/1.1 …"): "Unknown RESP type 72 "H". Please report this."
    const notRedis = /Protocol error|Unknown RESP type|Please report this/i.test(why);
    throw new QueueError(notRedis ? `cannot use Redis at ${url.redacted}: the server there does not answer as Redis does (its reply is not the Redis protocol: another service on that port?)` : `cannot use Redis at ${url.redacted}: ${why}`);
  }
  try {
    await selectDatabase(redis, url);
  } catch (err) {
    redis.disconnect();
    throw err;
  }
  // Connected: from now on, reconnect with a capped back-off if the connection drops.
  redis.options.retryStrategy = (times) => Math.min(times * 200, 5000);
  return redis;
}

/**
 * Checks that the URL's database exists. ioredis selects it as it connects, but a SELECT the
 * server refuses (an index past its `databases`) only emits an error, and the connection goes on
 * in database 0: so it is selected again here, where a refusal fails.
 */
async function selectDatabase(redis: Redis, url: RedisUrl): Promise<void> {
  if (url.db === 0) return;
  try {
    await redis.select(url.db);
  } catch (err) {
    throw new QueueError(
      `cannot use Redis at ${url.redacted}: it has no database ${url.db} (${scrub(messageOf(err), url)}); ` +
        `give a database index the server has in the URL (0 to its "databases" setting minus 1: 0–15 by default)`,
    );
  }
}

/**
 * Whether an error is Redis refusing a write for lack of memory (maxmemory reached, under
 * noeviction): the reply itself, a script's, a job's failure reason, or a transaction aborted for it.
 */
export function isOutOfMemory(err: unknown): boolean {
  if (typeof err === 'string') return /^OOM |OOM command not allowed/.test(err);
  const e = err as { message?: unknown; previousErrors?: unknown } | null;
  if (typeof e?.message === 'string' && isOutOfMemory(e.message)) return true;
  return Array.isArray(e?.previousErrors) && e.previousErrors.some(isOutOfMemory);
}

/** The error of a full Redis: what the run stored stays, and the same command resumes once there is room. */
export function outOfMemory(url: RedisUrl): QueueError {
  return new QueueError(`Redis at ${url.redacted} is out of memory (maxmemory reached; it refuses writes): free memory or raise maxmemory, then run again to resume`);
}

/** An error's message without the password. */
export function describe(err: unknown, url: RedisUrl): string {
  return scrub(messageOf(err), url);
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message || err.name : String(err);
}

/**
 * The names of the connections Redis has now (`CLIENT LIST`), or null where the server does not
 * allow the command (some managed services): then nobody can be seen to be gone, and callers
 * fall back on expiry.
 */
export async function connectedNames(redis: Redis): Promise<Set<string> | null> {
  try {
    const list = String(await redis.call('CLIENT', 'LIST', 'TYPE', 'normal'));
    const names = new Set<string>();
    for (const m of list.matchAll(/(?:^| )name=(\S+)/gm)) names.add(m[1]);
    return names;
  } catch {
    return null;
  }
}
