import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileArm, runJob, runScenario, type ScenarioConfig } from '../../engine/index.ts';
import { runOnQueue, startWorker } from '../../node/index.ts';
import { QUEUE, WAIT_LIST } from '../../node/queue/keys.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { BATCH_WIDTH, planBatches } from '../../engine/batches.ts';
import { layout } from '../../engine/layout.ts';
import { startRedis, type RedisServer } from '../../tools/redis-server.ts';

// 36 months (the capacity plan's horizon): 2 arms × 3 replications × 8 blocks of 250 cards = 48 jobs.
const base = loadScenarioFile('scenarios/examples/auto-stop.yaml');
const scenario: ScenarioConfig = { ...base, arms: base.arms.map((a) => ({ ...a, months: 36 })), replications: 3, blockSize: 250 };
const SLOTS = 6;
const BLOCKS = 8;
/** A job's result at 36 months, bytes. */
const RESULT_BYTES = runJob(scenario, compileArm(scenario.arms[0]), { arm: 0, replication: 0, block: 0, start: 0, end: 250 }).byteLength;
/**
 * A checkpointed total's bytes: the total's length, the layout vector, and per block its batch
 * vectors' length and the vectors (engine/batches.ts: every batch of the replication once).
 */
const model0 = compileArm(scenario.arms[0]);
const TOTAL_BYTES = 8 * (1 + layout(model0.months).length + BLOCKS + (planBatches(model0).length - 1) * BATCH_WIDTH);
/** The most Redis may take per stored result or total: its bytes, jemalloc's rounding up (at most 25 %), a hash entry. */
const bound = RESULT_BYTES * 1.25 + 256, totalBound = TOTAL_BYTES * 1.25 + 256;

let redis: RedisServer;
let client: Redis;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.port, '127.0.0.1');
});

afterAll(async () => {
  client?.disconnect();
  await redis?.stop();
});

/** A worker computing in this thread, recording executions; jobs for which `hold` is true never finish. */
async function inThisThread(hold: (job: { arm: number; replication: number; block: number }) => boolean = () => false) {
  const executions: string[] = [];
  const worker = await startWorker({
    url: redis.url,
    concurrency: 2,
    lockDurationMs: 1000,
    stalledIntervalMs: 500,
    compute: async (s, job) => {
      if (hold(job)) await new Promise(() => {});
      executions.push(`${job.arm}.${job.replication}.${job.block}`);
      return runJob(s, compileArm(s.arms[job.arm]), job);
    },
  });
  return { executions, worker };
}

/** Exact bytes Redis uses for a key (MEMORY USAGE … SAMPLES 0), 0 if absent. */
async function usage(key: string): Promise<number> {
  return Number((await client.call('MEMORY', 'USAGE', key, 'SAMPLES', '0')) ?? 0);
}

/** The one run's key of a kind (`results`, `totals`, …), or undefined. */
async function runPart(part: string): Promise<string | undefined> {
  return (await client.keys(`simlapse:run:*:${part}`))[0];
}

async function until(ok: () => boolean | Promise<boolean>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

const kB = (n: number) => `${(n / 1000).toFixed(1)} kB`;

describe('Redis memory of a run', () => {
  it('a finished run kept in Redis holds one merged total per arm × replication and no block result (measured)', async () => {
    const s = { ...scenario, seed: 'kept' };
    const { executions, worker: w } = await inThisThread();
    try {
      // A queue window of 5 jobs: the rest are added as results come.
      const report = await runOnQueue(s, { url: redis.url, keep: true, pollMs: 100, enqueueAhead: 5 });
      expect(JSON.stringify(report)).toBe(JSON.stringify(await runScenario(s)));
      expect(executions).toHaveLength(SLOTS * BLOCKS);
      expect(await runPart('results')).toBeUndefined();
      const totals = (await runPart('totals'))!;
      expect(await client.hlen(totals)).toBe(SLOTS);
      expect(Object.values(await client.hgetall((await runPart('merged'))!))).toEqual(Array(SLOTS).fill(String(BLOCKS)));
      const [t, sc, m] = [await usage(totals), await usage((await runPart('scenario'))!), await usage((await runPart('merged'))!)];
      // A total takes its Float64Array, rounded up to the allocator's size class, and a hash entry's overhead.
      expect(t).toBeLessThan(SLOTS * totalBound);
      console.log(
        `kept run, ${SLOTS * BLOCKS} blocks of 36 months merged into ${SLOTS} totals: totals ${kB(t)} (${(t / SLOTS).toFixed(0)} bytes per total, ` +
          `a result is ${RESULT_BYTES} bytes, a total with its batch vectors ${TOTAL_BYTES}), block counts ${m} bytes, scenario ${kB(sc)}; no block result`,
      );
    } finally {
      await w.close();
      await client.del(...(await client.keys('simlapse:run:*')), 'simlapse:runs');
    }
  });

  it('stopped mid-run, Redis holds the checkpointed totals and only the blocks not yet merged; resumed, no merged block runs again and the bytes are the local ones', async () => {
    const s = { ...scenario, seed: 'stopped' };
    // Block 0 of arm 0, replication 1 never finishes on the first worker: blocks 1–7 of that replication cannot merge.
    const first = await inThisThread((j) => j.arm === 0 && j.replication === 1 && j.block === 0);
    const stop = new AbortController();
    const run = runOnQueue(s, { url: redis.url, pollMs: 100, signal: stop.signal }).catch((err: unknown) => err);
    await until(() => first.executions.length === SLOTS * BLOCKS - 1);
    // The next checkpoints write 5 totals and delete every merged block.
    await until(async () => (await client.hlen((await runPart('totals')) ?? 'none')) === SLOTS - 1 && (await client.hlen((await runPart('results')) ?? 'none')) === BLOCKS - 1);
    stop.abort();
    expect(((await run) as Error).name).toBe('AbortError');
    const results = (await runPart('results'))!, totals = (await runPart('totals'))!;
    expect((await client.hkeys(results)).sort()).toEqual(['0.1.1', '0.1.2', '0.1.3', '0.1.4', '0.1.5', '0.1.6', '0.1.7']);
    expect(await client.hgetall((await runPart('merged'))!)).toEqual({ '0.0': '8', '0.2': '8', '1.0': '8', '1.1': '8', '1.2': '8' });
    const [r, t] = [await usage(results), await usage(totals)];
    expect(r).toBeLessThan((BLOCKS - 1) * bound);
    expect(t).toBeLessThan((SLOTS - 1) * totalBound);
    let all = 0;
    for (const k of await client.keys('simlapse:run:*')) all += await usage(k);
    console.log(
      `stopped run: ${SLOTS - 1} totals ${kB(t)} (${(t / (SLOTS - 1)).toFixed(0)} bytes each) + ${BLOCKS - 1} unmerged blocks ${kB(r)} ` +
        `(${(r / (BLOCKS - 1)).toFixed(0)} bytes each); all the run's keys ${kB(all)}; without checkpoints: ${SLOTS * BLOCKS - 1} blocks`,
    );
    await first.worker.close(true);

    const second = await inThisThread();
    try {
      const lines: string[] = [];
      const report = await runOnQueue(s, { url: redis.url, pollMs: 100, log: (l) => lines.push(l) });
      expect(lines).toContain('resuming: 47 of 48 jobs already stored in Redis (40 merged into checkpointed totals, 7 as block results), 1 to go');
      expect(JSON.stringify(report)).toBe(JSON.stringify(await runScenario(s)));
      expect(second.executions).toEqual(['0.1.0']);
      expect(await client.keys('simlapse:run:*')).toEqual([]);
    } finally {
      await second.worker.close();
    }
  });

  it('the queue holds at most enqueueAhead waiting jobs; a waiting job takes about 1 kB (measured)', async () => {
    // 2 arms × 1,000 blocks of 2 cards: 2,000 jobs, no worker.
    const s: ScenarioConfig = { ...base, replications: 1, blockSize: 2, seed: 'queued' };
    const before = Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
    const stop = new AbortController();
    const run = runOnQueue(s, { url: redis.url, enqueueAhead: 1500, signal: stop.signal }).catch((err: unknown) => err);
    await until(async () => (await client.llen(WAIT_LIST)) >= 1500);
    await new Promise((r) => setTimeout(r, 500));
    expect(await client.llen(WAIT_LIST)).toBe(1500);
    const after = Number(/used_memory:(\d+)/.exec(await client.info('memory'))![1]);
    const sample = await usage(`simlapse:${QUEUE}:${(await client.lrange(WAIT_LIST, 0, 0))[0]}`);
    stop.abort();
    expect(((await run) as Error).name).toBe('AbortError');
    let runKeys = 0;
    for (const k of await client.keys('simlapse:run:*')) runKeys += await usage(k);
    const perJob = (after - before - runKeys) / 1500;
    console.log(`1,500 waiting jobs: ${perJob.toFixed(0)} bytes each in used_memory (its hash ${sample} bytes, plus the wait list and the event stream)`);
    expect(perJob).toBeGreaterThan(sample);
    expect(perJob).toBeLessThan(4000);
    const queue = new Queue(QUEUE, { connection: { host: '127.0.0.1', port: redis.port }, prefix: 'simlapse' });
    await queue.obliterate({ force: true });
    await queue.close();
  });
});
