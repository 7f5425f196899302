import { Redis } from 'ioredis';
import { redisOptions, scrub, type RedisUrl } from './url.ts';

/** Redis could not be reached or refused us; the message names the redacted URL, never the password. */
export class QueueError extends Error {
  readonly code = 'E_QUEUE';
  constructor(message: string) {
    super(message);
    this.name = 'QueueError';
  }
}

/**
 * A connected client for our own keys. The first connection fails fast (a wrong host or
 * password is a clear error, not a hang); once up, ioredis reconnects on its own.
 */
export async function connectRedis(url: RedisUrl, timeoutMs = 5000): Promise<Redis> {
  const redis = new Redis({ ...redisOptions(url), lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null });
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
