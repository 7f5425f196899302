import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseRedisUrl } from '../../node/index.ts';
import { connectRedis } from '../../node/queue/connect.ts';
import { startRedis, type RedisServer } from '../../tools/redis-server.ts';
import { DEBUG, exitCode, start, startWithEnv, stopAll, until } from './processes.ts';

// What Redis refuses, as the user sees it: one line naming the problem and what to do, exit 1, no stack, nothing written.
const FLEET = 'test/queue/fleet.yaml';
const SECRET = 'Hunter2-refusals-SECRET';

let redis: RedisServer;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis({ password: SECRET });
  client = new Redis(redis.port, '127.0.0.1', { password: SECRET });
});

afterEach(async () => {
  await stopAll();
  await client.config('SET', 'maxmemory', '0');
  await client.flushall();
});

afterAll(async () => {
  await stopAll();
  client?.disconnect();
  await redis?.stop();
});

/** The URL as printed: the password replaced by ***. */
const shown = (url: string) => url.replace(`:${SECRET}@`, ':***@');

describe('a database index the server does not have', () => {
  it('is refused when connecting, naming the URL without the password and the index; one it has is used', async () => {
    const url = parseRedisUrl(`${redis.url}/99`);
    await expect(connectRedis(url)).rejects.toThrow(
      `cannot use Redis at ${shown(redis.url)}/99: it has no database 99 (ERR DB index is out of range); give a database index the server has in the URL (0 to its "databases" setting minus 1: 0–15 by default)`,
    );
    const three = await connectRedis(parseRedisUrl(`${redis.url}/3`));
    try {
      expect(String(await three.call('CLIENT', 'INFO'))).toMatch(/ db=3 /);
    } finally {
      three.disconnect();
    }
  });

  it('run, worker and worker --check exit 1 with that one line, and nothing is written to database 0', { timeout: 60_000 }, async () => {
    const url = `${redis.url}/99`;
    const procs = [start('run', FLEET, '--queue', url), start('worker', '--queue', url), start('worker', '--check', '--queue', url)];
    for (const p of procs) {
      expect(await exitCode(p, p.child.spawnargs.slice(3).join(' '), 30_000), p.output()).toBe(1);
      expect(p.stderr()).toContain(`simlapse: cannot use Redis at ${shown(redis.url)}/99: it has no database 99 (ERR DB index is out of range)`);
      expect(p.output()).not.toContain(SECRET);
      expect(p.stderr()).not.toMatch(/\n\s+at /);
      expect(p.output()).not.toContain('ok: this worker can serve the queue');
    }
    expect(await client.keys('*')).toEqual([]);
  });
});

describe('a full Redis (maxmemory reached, noeviction)', () => {
  it('run and worker --check exit 1 with one line saying so and what to do, no stack, and the run writes nothing', { timeout: 60_000 }, async () => {
    await client.config('SET', 'maxmemory', '1');
    const [run, check] = [start('run', FLEET, '--queue', redis.url), start('worker', '--check', '--queue', redis.url)];
    expect(await exitCode(check, 'worker --check', 30_000), check.output()).toBe(1);
    expect(check.stderr()).toBe(`simlapse: Redis at ${shown(redis.url)} is out of memory (maxmemory reached; it refuses writes): free memory or raise maxmemory, then run again to resume\n`);
    expect(await exitCode(run, 'the run', 30_000), run.output()).toBe(1);
    // The run's own lines (what it runs, the time it took), then the error as the last line.
    expect(run.stderr().split('\n').at(-2)).toBe(
      `simlapse: Redis at ${shown(redis.url)} is out of memory (maxmemory reached; it refuses writes): free memory or raise maxmemory, then run again to resume`,
    );
    expect(run.stderr()).not.toMatch(/internal error|\n\s+at /);
    await client.config('SET', 'maxmemory', '0');
    expect(await client.keys('*')).toEqual([]);
  });
});

describe('Ctrl-C while waiting for another coordinator', () => {
  it('exits 130 at once (interrupted), without taking the lease or adding jobs', { timeout: 90_000 }, async () => {
    // The first coordinator holds the run and is frozen (SIGSTOP): its connection stays and its lease is not renewed,
    // so the second one waits for the lease to lapse (10 s) instead of refusing.
    const first = start('run', FLEET, '--queue', redis.url);
    await until(async () => (await client.keys('simlapse:run:*:lease')).length > 0, 30_000);
    first.child.kill('SIGSTOP');
    try {
      const second = startWithEnv(DEBUG, 'run', FLEET, '--queue', redis.url);
      await second.waitFor(/coordinator: connected; taking the lease/);
      await new Promise((r) => setTimeout(r, 300));
      second.child.kill('SIGINT');
      expect(await exitCode(second, 'the second coordinator', 5000), second.output()).toBe(130);
      expect(second.stderr()).toContain('simlapse: interrupted; no output written');
      expect(second.stderr()).not.toMatch(/lease held|added \d+ jobs/);
    } finally {
      first.child.kill('SIGCONT');
    }
  });
});
