import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileArm, runJob, runScenario, type ScenarioConfig } from '../../engine/index.ts';
import { runOnQueue, startWorker } from '../../node/index.ts';
import { QUEUE } from '../../node/queue/keys.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { startRedis, type RedisServer } from '../../tools/redis-server.ts';
import { tempDir } from '../cli/helpers.ts';
import { computed, exitCode, start, startWorkerProcess, stopAll, stopMidJob, workerId, localReport, until } from './processes.ts';

// 2 arms × 3 replications × 6 blocks = 36 jobs.
const FLEET = 'test/queue/fleet.yaml';
const JOBS = 36;

let redis: RedisServer;
let client: Redis;
let local: Buffer;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.port, '127.0.0.1');
  local = localReport(FLEET);
});

afterEach(stopAll);

afterAll(async () => {
  await stopAll();
  client?.disconnect();
  await redis?.stop();
});


/** Jobs stored or merged so far by the one run in this Redis. */
async function progress(): Promise<number> {
  const [results] = await client.keys('simlapse:run:*:results');
  const [merged] = await client.keys('simlapse:run:*:merged');
  const counts = merged ? Object.values(await client.hgetall(merged)).map(Number) : [];
  return (results ? await client.hlen(results) : 0) + counts.reduce((a, b) => a + b, 0);
}

describe('faults on the queue', () => {
  it('a worker stopped mid-job past its lock (SIGSTOP): the job is handed on, but not computed twice, and the report is the same bytes', { timeout: 180_000 }, async () => {
    const events = new QueueEvents(QUEUE, { connection: { host: '127.0.0.1', port: redis.port }, prefix: 'simlapse' });
    let stalled = 0;
    events.on('stalled', () => stalled++);
    await events.waitUntilReady();
    try {
      // Lock 2 s: the stopped worker's job is handed on after about 2 s; its claim lasts 60 s.
      const victim = startWorkerProcess(redis.url, {}, 2000, { args: ['--claim-ttl', '60000'] });
      const other = startWorkerProcess(redis.url);
      const { id: victimId } = await workerId(victim);
      const dir = tempDir();
      const run = start('run', FLEET, '--queue', redis.url, '--out', dir);
      // Each wait is bounded and names what it waited for, with what the processes printed (a hang here was seen twice
      // under load, 30 November, and not again in 9 runs: the next one should say where it stood).
      const printed = async () => `the run printed: ${run.output()}\nthe victim: ${victim.output()}\nthe other worker: ${other.output()}`;
      // Stop it in the middle of a job: while it holds a job's claim, which it releases only as it stores the result.
      // Not a fixed delay after a 'computed' line: a warm job takes 25–70 ms, and CI at c5b5cc5 stopped the victim
      // 40 ms after one, when it had already stored the next (the other worker then found it done and said nothing).
      await stopMidJob(client, victim, victimId, printed);
      // The other worker gets the job once the lock lapses, finds the claim and waits instead of computing it
      // (without claims it computes it: 37 executions below).
      const waits = new RegExp(`is being computed by ${victimId} \\(which holds its claim`);
      await until(() => stalled >= 1);
      const handed = Date.now();
      // Up to 30 s: on a loaded machine the other worker may still be busy with its own job when the lock
      // lapses (CI at 8deb864, with another test run beside it: 5 s was too short, and the victim, resumed,
      // finished the job itself before the other worker looked at it).
      await until(() => waits.test(other.stderr()) || Date.now() - handed > 30_000);
      victim.child.kill('SIGCONT');
      expect(await exitCode(run, 'the run', 100_000, printed), run.output()).toBe(0);
      expect(readFileSync(join(dir, 'report.json')).equals(local)).toBe(true);
      expect(stalled).toBeGreaterThanOrEqual(1);
      // A worker says "computed" after it stored the result, so the run can end before the resumed victim's line
      // reaches this process: wait for the lines (bounded), then count them.
      await until(() => new Set([...computed(victim), ...computed(other)]).size >= JOBS, 30_000).catch(() => {});
      const jobs = [...computed(victim), ...computed(other)];
      expect(new Set(jobs).size).toBe(JOBS);
      expect(jobs, `${victim.stderr()}\n${other.stderr()}`).toHaveLength(JOBS);
      expect(other.stderr()).toMatch(waits);
    } finally {
      await events.close();
    }
  });

  it('a second coordinator on the same scenario refuses while the first runs and deletes nothing; the first gives the local bytes', { timeout: 180_000 }, async () => {
    // The first coordinator holds the run before any worker serves it, so it is certainly still running when the
    // second one starts (on a loaded machine a second process can take longer to start than the whole run).
    const dir = tempDir();
    const first = start('run', FLEET, '--queue', redis.url, '--out', dir);
    await until(async () => (await client.keys('simlapse:run:*:lease')).length > 0);
    const second = start('run', FLEET, '--queue', redis.url, '--replications', '4', '--out', tempDir());
    // Bounded, so that a second coordinator that waits instead of refusing fails with its output and the lease's state.
    const keys = async () => `keys: ${(await Promise.all((await client.keys('simlapse:run:*')).map(async (k) => `${k} ${(await client.type(k)) === 'string' ? await client.get(k) : ''}`))).join(', ')}`;
    expect(await exitCode(second, 'the second coordinator', 90_000, keys), second.output()).toBe(1);
    expect(second.stderr()).toMatch(/^simlapse: this scenario \("Queue test fleet", run \w+\) is being run by another coordinator, [\w.-]+:\d+:\w+, on redis:\/\/127\.0\.0\.1:\d+; a second one would delete results the first still needs/m);
    // A long lock: no stall on a loaded machine, so every execution counted here is the coordinators' doing.
    const worker = startWorkerProcess(redis.url, {}, 20000);
    expect(await exitCode(first, 'the first coordinator', 75_000, async () => `the worker printed: ${worker.stderr()}`), first.output()).toBe(0);
    expect(readFileSync(join(dir, 'report.json')).equals(local)).toBe(true);
    await until(() => computed(worker).length >= JOBS);
    expect(computed(worker)).toHaveLength(JOBS);
    expect(new Set(computed(worker)).size).toBe(JOBS);
    expect(await client.keys('simlapse:run:*')).toEqual([]);
  });

  it('a Redis that may evict keys is refused by run, worker and worker --check, naming the URL, the policy and what is needed', { timeout: 120_000 }, async () => {
    await client.config('SET', 'maxmemory-policy', 'allkeys-lru');
    try {
      const [run, worker, check] = [start('run', FLEET, '--queue', redis.url), start('worker', '--queue', redis.url), start('worker', '--check', '--queue', redis.url)];
      const message = `Redis at ${redis.url} has maxmemory-policy allkeys-lru; simlapse needs noeviction`;
      for (const p of [run, worker, check]) {
        expect(await p.exited, p.output()).toBe(1);
        expect(p.stderr()).toContain(`simlapse: ${message}`);
        expect(p.stderr()).toContain('CONFIG SET maxmemory-policy noeviction');
        expect(p.stderr()).not.toMatch(/\n\s+at /);
      }
      expect(check.output()).toContain('maxmemory-policy allkeys-lru');
      expect(await client.keys("simlapse:run*")).toEqual([]);
    } finally {
      await client.config('SET', 'maxmemory-policy', 'noeviction');
    }
    const healthy = start('worker', '--check', '--queue', redis.url);
    expect(await healthy.exited, healthy.output()).toBe(0);
    expect(healthy.output()).toMatch(/maxmemory-policy noeviction[^]*ok: this worker can serve the queue/);
  });

  it('no job completing for a while is reported: which jobs, which worker holds them, what the queue holds', async () => {
    const scenario: ScenarioConfig = { ...loadScenarioFile('scenarios/examples/auto-stop.yaml'), replications: 2, blockSize: 500, seed: 'stall' };
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    const worker = await startWorker({
      url: redis.url,
      concurrency: 2,
      compute: async (s, job) => {
        if (job.arm === 0 && job.replication === 0 && job.block === 0) await held;
        return runJob(s, compileArm(s.arms[job.arm]), job);
      },
    });
    try {
      const lines: string[] = [];
      const report = runOnQueue(scenario, {
        url: redis.url,
        pollMs: 100,
        stallMs: 1500,
        log: (line) => {
          lines.push(line);
          if (/^ {2}queue:/.test(line)) release();
        },
      });
      const json = JSON.stringify(await report);
      expect(json).toBe(JSON.stringify(await runScenario(scenario)));
      expect(lines[0]).toMatch(/^stall: no job has completed for \d+ s \(15 of 16 done\); the next jobs:$/);
      expect(lines[1]).toMatch(new RegExp(`^ {2}arm "auto-stop on", replication 0, block 0: being computed by worker ${worker.id} for \\d+ s, still connected$`));
      expect(lines[2]).toBe(`  queue: 0 waiting, 1 active, 0 delayed; 1 worker connected: ${worker.id}`);
    } finally {
      release();
      await worker.close();
    }
  });
});
