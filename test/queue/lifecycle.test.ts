import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { compileArm, runJob, runScenario, type ScenarioConfig } from '../../engine/index.ts';
import { deleteQueueRuns, runOnQueue, startWorker, type QueueRunOptions } from '../../node/index.ts';
import { engineHash } from '../../node/queue/engine-hash.ts';
import { coordinatorName } from '../../node/queue/lease.ts';
import { leaseKey, PREFIX, QUEUE, RUNS, runKey, scenarioKey, WAIT_LIST } from '../../node/queue/keys.ts';
import { saveScenario } from '../../node/queue/store.ts';
import { checkWorker } from '../../node/queue/check.ts';
import type { EngineHash } from '../../node/queue/engine-hash.ts';
import { Queue, Worker } from 'bullmq';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { startRedis, type RedisServer } from '../../tools/redis-server.ts';
import { within } from './processes.ts';

// How a coordinator starts, stops and ends: lost leases, Ctrl-C during setup, timers left behind.
// 2 arms × 2 replications × 4 blocks = 16 small jobs; no worker serves them unless a test starts one.
const base: ScenarioConfig = { ...loadScenarioFile('scenarios/examples/auto-stop.yaml'), replications: 2, blockSize: 500 };

let redis: RedisServer;
let client: Redis;
/** The last coordinator started: aborted after each test, so that one a failing test leaves running stops with it. */
let current: { controller: AbortController; outcome: Promise<unknown> } | undefined;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.port, '127.0.0.1');
});

afterEach(async () => {
  current?.controller.abort();
  await within(Promise.resolve(current?.outcome), 5000, async () => 'a coordinator still running after the test').catch(() => {});
  current = undefined;
  await client.config('SET', 'maxmemory', '0');
  // Each test starts from an empty Redis: no queued job of another test.
  await client.flushall();
});

afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A scenario of its own (its own run key) for one test. */
function scenarioFor(seed: string): { scenario: ScenarioConfig; key: string } {
  const scenario = { ...base, seed };
  return { scenario, key: runKey(scenario, engineHash().hash) };
}

/**
 * Starts runOnQueue with an abort signal (aborted after the test) and a trace: `at(re)` resolves
 * at the first trace line matching `re`; `lines` are all the trace lines so far.
 */
function coordinator(scenario: ScenarioConfig, options: Partial<QueueRunOptions> = {}, onTrace: (line: string) => void = () => {}) {
  const controller = new AbortController();
  const lines: string[] = [];
  const waits: Array<{ re: RegExp; ok: () => void }> = [];
  const trace = (line: string) => {
    lines.push(line);
    for (const w of waits) if (w.re.test(line)) w.ok();
    onTrace(line);
  };
  const run = runOnQueue(scenario, { url: redis.url, signal: controller.signal, trace, ...options });
  // Settled: a rejection is looked at by the test, never unhandled.
  const outcome = run.then(() => 'resolved', (err: Error) => err);
  current = { controller, outcome };
  const at = (re: RegExp) =>
    within(
      new Promise<void>((ok) => (lines.some((l) => re.test(l)) ? ok() : waits.push({ re, ok }))),
      20_000,
      async () => `no trace line matched ${re}; the coordinator traced:\n${lines.join('\n')}`,
    );
  const settled = () => within(outcome, 5000, async () => `the coordinator has not stopped; it traced:\n${lines.join('\n')}`);
  return { run, lines, at, settled, controller };
}

/** The keys of a run in Redis. */
const runKeys = (key: string) => client.keys(`simlapse:run:${key}*`);

describe('a coordinator that loses its lease', () => {
  it('stops at the renewal that finds the lease gone (another coordinator finished and deleted the run) and re-creates none of its keys', async () => {
    const { scenario, key } = scenarioFor('lost lease, run deleted');
    const c = coordinator(scenario, { leaseMs: 400, pollMs: 50 });
    await c.at(/^added 16 jobs to the queue/);
    // What a second coordinator that took over and finished the run leaves: none of the run's keys, the lease with them.
    await client.del(...(await runKeys(key)));
    await client.hdel('simlapse:runs', key);
    const err = await c.settled();
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(
      /^lost the queue lease of run \w+ on redis:\/\/127\.0\.0\.1:\d+ \(another coordinator took it over, or Redis was out of reach past the 0\.4 s lease\): this one stops and writes nothing more; run the same command again to resume$/,
    );
    expect((err as { code?: string }).code).toBe('E_QUEUE');
    // Past a few renewals and polls: nothing of the run came back (before: the renewal took the lease again, and checkpoints followed).
    await pause(600);
    expect(await runKeys(key)).toEqual([]);
  });

  it('stops at the renewal that finds the lease held by another coordinator, and leaves that one its lease', async () => {
    const { scenario, key } = scenarioFor('lost lease, taken over');
    const c = coordinator(scenario, { leaseMs: 400, pollMs: 50 });
    await c.at(/^added 16 jobs to the queue/);
    await client.set(leaseKey(key), 'other-host:1:beef#0', 'PX', 60_000);
    const err = await c.settled();
    expect((err as Error).message).toMatch(/^lost the queue lease of run \w+ on redis:\/\/127\.0\.0\.1:\d+ \(another coordinator took it over, or Redis was out of reach past the 0\.4 s lease\)/);
    await pause(300);
    expect(await client.get(leaseKey(key))).toBe('other-host:1:beef#0');
    await client.del(leaseKey(key));
  });
});

describe('Ctrl-C (the abort signal) during the coordinator setup', () => {
  it('while waiting for a lease another live coordinator holds: stops at once, and adds no job once the lease is free', async () => {
    const { scenario, key } = scenarioFor('abort in the lease wait');
    // A live coordinator: its connection is named as one, and its lease is not renewed during the test (so the wait neither takes over nor refuses).
    const other = new Redis(redis.port, '127.0.0.1', { connectionName: coordinatorName('other-host:2:cafe') });
    try {
      await other.set(leaseKey(key), 'other-host:2:cafe#0', 'PX', 60_000);
      const c = coordinator(scenario, { leaseMs: 60_000 });
      await c.at(/^connected; taking the lease$/);
      await pause(300);
      const aborted = Date.now();
      c.controller.abort(new DOMException('interrupted by SIGINT', 'AbortError'));
      // Free the lease: a coordinator that ignored the abort would now take it and add the run's jobs.
      await client.del(leaseKey(key));
      const err = await c.settled();
      expect((err as Error).name).toBe('AbortError');
      expect((err as Error).message).toBe('interrupted by SIGINT');
      expect(Date.now() - aborted).toBeLessThan(2000);
      await pause(500);
      expect(await client.llen(WAIT_LIST)).toBe(0);
      expect(await client.exists(leaseKey(key))).toBe(0);
      expect(c.lines.some((l) => /lease held|added/.test(l))).toBe(false);
    } finally {
      other.disconnect();
    }
  });

  // At each step of the setup, from connecting to the last read of what is stored: the abort comes as the step starts.
  const steps = [/connecting to/, /^connected; taking the lease$/, /^lease held$/, /^scenario saved/, /^queue events ready/, /jobs to go$/];
  it.each(steps.map((re) => [re]))('aborted at the trace line %s: stops, with no job added and the lease given back', async (re) => {
    const { scenario, key } = scenarioFor(`abort at ${re.source}`);
    let abort = () => {};
    const c = coordinator(scenario, {}, (line) => re.test(line) && abort());
    abort = () => c.controller.abort(new DOMException('interrupted by SIGINT', 'AbortError'));
    const err = await c.settled();
    expect((err as Error).name).toBe('AbortError');
    await pause(300);
    expect(await client.llen(WAIT_LIST)).toBe(0);
    expect(await client.exists(leaseKey(key))).toBe(0);
    expect(c.lines.some((l) => /^added/.test(l))).toBe(false);
  });
});

describe('timers after the run', () => {
  it('a poll still running as the run fails (aborted) schedules no other', async () => {
    const { scenario } = scenarioFor('timer after a failure');
    let abort = () => {};
    // Aborted as a poll starts: that poll goes on (its Redis calls) after the run has settled.
    const c = coordinator(scenario, { pollMs: 5 }, (line) => /^poll:/.test(line) && abort());
    abort = () => c.controller.abort(new DOMException('interrupted by SIGINT', 'AbortError'));
    expect(((await c.settled()) as Error).name).toBe('AbortError');
    const polls = c.lines.filter((l) => /^poll:/.test(l)).length;
    await pause(400);
    expect(c.lines.filter((l) => /^poll:/.test(l)).length, c.lines.slice(-5).join('\n')).toBe(polls);
  });

  it('no poll is scheduled after the run resolves (polls every millisecond, five runs)', { timeout: 60_000 }, async () => {
    const worker = await startWorker({ url: redis.url, concurrency: 2, compute: async (s, job) => runJob(s, compileArm(s.arms[job.arm]), job) });
    try {
      for (let i = 0; i < 5; i++) {
        const { scenario } = scenarioFor(`timer after the end ${i}`);
        const c = coordinator(scenario, { pollMs: 1, stallMs: 0 });
        expect(JSON.stringify(await c.run)).toBe(JSON.stringify(await runScenario(scenario)));
        const polls = c.lines.filter((l) => /^poll:/.test(l)).length;
        await pause(200);
        expect(c.lines.filter((l) => /^poll:/.test(l)).length, `run ${i}: ${c.lines.slice(-5).join('\n')}`).toBe(polls);
      }
    } finally {
      await worker.close();
    }
  });
});

describe('deleteQueueRuns: a kept run deleted once the caller is done with it', () => {
  it('deletes the run (once for the replication counts of one run), leaves nothing of it, and re-creates nothing when called again', async () => {
    const worker = await startWorker({ url: redis.url, concurrency: 2, compute: async (s, job) => runJob(s, compileArm(s.arms[job.arm]), job) });
    try {
      const { scenario, key } = scenarioFor('kept, then deleted');
      const c = coordinator(scenario, { keep: true });
      expect(JSON.stringify(await c.run)).toBe(JSON.stringify(await runScenario(scenario)));
      // Kept: the same call finds every job stored.
      expect(await client.hlen(`simlapse:run:${key}:merged`)).toBe(4);
      expect(await client.hexists(RUNS, key)).toBe(1);
      const lines: string[] = [];
      expect(await deleteQueueRuns([scenario, { ...scenario, replications: 3 }], { url: redis.url, log: (l) => lines.push(l) })).toBe(1);
      expect(lines).toEqual([]);
      expect(await runKeys(key)).toEqual([]);
      expect(await client.hexists(RUNS, key)).toBe(0);
      expect(await deleteQueueRuns([scenario], { url: redis.url })).toBe(1);
      expect(await runKeys(key)).toEqual([]);
    } finally {
      await worker.close();
    }
  });

  it('leaves a run that another coordinator is working on (the same scenario started again), which goes on', async () => {
    const { scenario, key } = scenarioFor('kept, then taken up again');
    // No worker: the coordinator holds the run's lease, renewing it, and waits.
    const c = coordinator(scenario, { leaseMs: 400, pollMs: 50 });
    await c.at(/^added 16 jobs to the queue/);
    const lines: string[] = [];
    expect(await deleteQueueRuns([scenario], { url: redis.url, leaseMs: 400, log: (l) => lines.push(l) })).toBe(0);
    expect(lines).toEqual([`run ${key} ("${scenario.name}") is being run by another coordinator: left in Redis for it`]);
    expect(await client.exists(scenarioKey(key))).toBe(1);
    expect(await client.llen(WAIT_LIST)).toBe(16);
    await pause(600);
    // Still running, its lease its own.
    expect(c.lines.some((l) => /lost|closed/.test(l))).toBe(false);
    expect(await client.get(leaseKey(key))).toMatch(/^[^#]+#\d+$/);
  });
});

describe('a job that fails', () => {
  const connection = () => ({ host: '127.0.0.1', port: redis.port });

  it("is found in the failed set behind other runs' failures, when its 'failed' event was missed", async () => {
    const { scenario, key } = scenarioFor('failed behind others');
    const c = coordinator(scenario, { pollMs: 50 });
    await c.at(/^added 16 jobs to the queue/);
    // What a missed event leaves (a dropped connection, a trimmed stream): this run's job in BullMQ's failed set, with
    // no event, older than 150 failed jobs of another run. Before, each poll read the newest 100 of the set and never found it.
    const queue = new Queue(QUEUE, { connection: connection(), prefix: PREFIX });
    try {
      const others = Array.from({ length: 150 }, (_, i) => `${'f'.repeat(32)}-0-0-${i}`);
      await queue.addBulk(others.map((jobId) => ({ name: 'block', data: {}, opts: { jobId } })));
      const id = `${key}-1-0-2`, failed = `${PREFIX}:${QUEUE}:failed`, now = Date.now();
      const m = client.multi().lrem(WAIT_LIST, 0, id).zadd(failed, now - 1000, id).hset(`${PREFIX}:${QUEUE}:${id}`, 'failedReason', 'disk on fire', 'atm', 1, 'finishedOn', now - 1000);
      others.forEach((o, i) => m.lrem(WAIT_LIST, 0, o).zadd(failed, now + i, o));
      await m.exec();
      const err = await c.settled();
      expect((err as Error).message).toBe('job failed: arm "auto-stop off", replication 0, block 2 (cards 1000–1499): disk on fire (after 1 attempt on the queue)');
    } finally {
      await queue.close();
    }
  });

  it('for stalling says how many times it ran, each stalled, not the attempts allowed', async () => {
    const { scenario } = scenarioFor('stalls');
    // A worker that never renews its locks: its job stalls (lock 300 ms) and goes back; at the second stall (past
    // maxStalledCount 1) the next pickup fails it. The job ran twice; before, the message said "after 5 attempts".
    const worker = new Worker(QUEUE, () => pause(1500), { connection: connection(), prefix: PREFIX, concurrency: 1, lockDuration: 300, stalledInterval: 150, maxStalledCount: 1, skipLockRenewal: true });
    worker.on('error', () => {});
    try {
      const c = coordinator(scenario, { attempts: 5, pollMs: 100 });
      const err = await within(current!.outcome, 30_000, async () => `the run did not fail; it traced:\n${c.lines.join('\n')}`);
      expect((err as Error).message).toMatch(/^job failed: arm "auto-stop on", replication 0, block 0 \(cards 0–499\): job stalled more than allowable limit \(after 2 attempts on the queue, each stalled: its worker died or was silent past its lock\)$/);
    } finally {
      await worker.close(true);
    }
  });
});

describe('a full Redis during a run', () => {
  it('stops the run with one clear error once its writes are refused (maxmemory reached, noeviction)', async () => {
    const { scenario, key } = scenarioFor('full during the run');
    const c = coordinator(scenario, { leaseMs: 400, pollMs: 50 });
    await c.at(/^added 16 jobs to the queue/);
    await client.config('SET', 'maxmemory', '1');
    const err = await c.settled();
    expect((err as Error).message).toBe(
      `Redis at ${redis.url} is out of memory (maxmemory reached; it refuses writes): free memory or raise maxmemory, then run again to resume`,
    );
    expect((err as { code?: string }).code).toBe('E_QUEUE');
    // Its jobs stay queued for the same command to resume once there is room.
    expect(await client.llen(WAIT_LIST)).toBe(16);
  });
});

describe('a stopped run of another engine left in the queue (an upgrade)', () => {
  it("does not hold up a worker of this engine: it puts that run's jobs back, each delayed, and serves this run at once", { timeout: 90_000 }, async () => {
    // 8 jobs of an old engine's run queued ahead (its coordinator stopped: no lease), then this run. Before,
    // the worker took no job for refuseBackoffMs (2 minutes here) after each refusal.
    const old = { id: 'old-engine-0000', hash: 'ab'.repeat(32), files: [] } as unknown as EngineHash, oldKey = 'e'.repeat(32);
    await saveScenario(client, oldKey, base, old);
    const queue = new Queue(QUEUE, { connection: { host: '127.0.0.1', port: redis.port }, prefix: PREFIX });
    for (let b = 0; b < 8; b++) await queue.add('block', { key: oldKey, engine: old.id, arm: 0, replication: 0, block: b, start: 0, end: 1 } as never, { jobId: `${oldKey}-0-0-${b}` });
    const logged: string[] = [];
    const worker = await startWorker({ url: redis.url, concurrency: 1, refuseBackoffMs: 120_000, log: (l) => logged.push(l), compute: async (s, job) => runJob(s, compileArm(s.arms[job.arm]), job) });
    try {
      const { scenario } = scenarioFor('behind an old run');
      const c = coordinator(scenario, { stallMs: 0 });
      const report = await within(c.run, 60_000, async () => `the run did not finish behind the old run's jobs; the worker logged:\n${logged.join('\n')}`);
      expect(JSON.stringify(report)).toBe(JSON.stringify(await runScenario(scenario)));
      expect(logged.filter((l) => l.startsWith(`refusing the jobs of run ${oldKey}`))).toHaveLength(1);
      // The old run's jobs wait, delayed, for a worker of their engine.
      expect(await queue.getDelayedCount()).toBe(8);
    } finally {
      await worker.close();
      await queue.close();
    }
  });

  it('worker --check lists it without failing; a run of another engine whose coordinator runs is a problem', async () => {
    const old = { id: 'old-engine-0000', hash: 'ab'.repeat(32), files: [] } as unknown as EngineHash, oldKey = 'e'.repeat(32);
    await saveScenario(client, oldKey, { ...base, name: 'old run' }, old);
    const gone = await checkWorker(redis.url);
    expect(gone.problems).toEqual([]);
    expect(gone.lines).toContain(`run ${oldKey} ("old run"): engine old-engine-0000, another, and no coordinator runs it: this worker would put its jobs aside (they expire with the run)`);
    await client.set(leaseKey(oldKey), 'other-host:1:beef#0', 'PX', 60_000);
    const live = await checkWorker(redis.url);
    expect(live.problems).toEqual([expect.stringMatching(new RegExp(`^run ${oldKey} \\("old run"\\) needs engine old-engine-0000, this worker runs engine \\w+: it would refuse the run's jobs`))]);
  });
});
