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
    throw new QueueError(`cannot use Redis at ${url.redacted}: ${scrub(messageOf(lastError ?? err), url)}`);
  }
  // Connected: from now on, reconnect with a capped back-off if the connection drops.
  redis.options.retryStrategy = (times) => Math.min(times * 200, 5000);
  return redis;
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
