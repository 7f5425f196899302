import { createServer, type AddressInfo } from 'node:net';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type ScenarioConfig } from '../../engine/index.ts';
import { runOnQueue, startWorker, type QueueWorker } from '../../node/index.ts';
import { runJob, compileArm } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { startRedis, type RedisServer } from '../../tools/redis-server.ts';
import { QUEUE, runKey } from '../../node/queue/keys.ts';
import { engineHash } from '../../node/queue/engine-hash.ts';

// 2 arms × 2 replications × 4 blocks = 16 small jobs, computed in this process.
const scenario: ScenarioConfig = { ...loadScenarioFile('scenarios/examples/auto-stop.yaml'), replications: 2, blockSize: 500 };

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

/** A worker computing in this thread, counting executions; `fail` makes a job throw. */
async function countingWorker(fail?: (job: { arm: number; replication: number; block: number }) => boolean) {
  const executions: string[] = [];
  const models = new Map<ScenarioConfig, ReturnType<typeof compileArm>[]>();
  const worker: QueueWorker = await startWorker({
    url: redis.url,
    concurrency: 2,
    compute: async (s, job) => {
      executions.push(`${job.arm}.${job.replication}.${job.block}`);
      if (fail?.(job)) throw new Error('disk on fire');
      if (!models.has(s)) models.set(s, s.arms.map(compileArm));
      return runJob(s, models.get(s)![job.arm], job);
    },
  });
  return { executions, worker };
}

describe('runOnQueue', () => {
  it('gives the bytes of a local run; run again with the results kept, it computes nothing', async () => {
    const local = JSON.stringify(await runScenario(scenario));
    const { executions, worker } = await countingWorker();
    try {
      const progress: number[] = [];
      const first = await runOnQueue(scenario, { url: redis.url, keep: true, onProgress: (p) => progress.push(p.done / p.total) });
      expect(JSON.stringify(first)).toBe(local);
      expect(executions).toHaveLength(16);
      expect(progress.at(-1)).toBe(1);
      const lines: string[] = [];
      const second = await runOnQueue({ ...scenario, replications: 3 }, { url: redis.url, log: (l) => lines.push(l) });
      expect(JSON.stringify(second)).toBe(JSON.stringify(await runScenario({ ...scenario, replications: 3 })));
      expect(lines).toContain('resuming: 16 of 24 jobs already stored in Redis (16 merged into checkpointed totals, 0 as block results), 8 to go');
      expect(executions).toHaveLength(24);
      expect(new Set(executions).size).toBe(24);
      expect(await client.keys('simlapse:run:*')).toEqual([]);
    } finally {
      await worker.close();
    }
  });

  it('a job failing every attempt fails the run with a message naming it, and takes the run off the queue', async () => {
    const { executions, worker } = await countingWorker((j) => j.arm === 1 && j.replication === 0 && j.block === 2);
    try {
      const run = runOnQueue({ ...scenario, seed: 'fails' }, { url: redis.url, attempts: 2, backoffMs: 10 });
      await expect(run).rejects.toThrow('job failed: arm "auto-stop off", replication 0, block 2 (cards 1000–1499): disk on fire (after 2 attempts on the queue)');
      expect(executions.filter((e) => e === '1.0.2')).toHaveLength(2);
      const queue = new Queue(QUEUE, { connection: { host: '127.0.0.1', port: redis.port }, prefix: 'simlapse' });
      expect(await queue.getWaitingCount()).toBe(0);
      await queue.close();
    } finally {
      await worker.close();
    }
  });

  it('a job left queued after its run was built and cleaned up is dropped, not computed (no result leaks into Redis)', async () => {
    // What a resumed coordinator can leave behind: it read a result from Redis, finished and deleted the run,
    // while a duplicate of that job it had enqueued was still waiting.
    const { executions, worker } = await countingWorker();
    const connection = { host: '127.0.0.1', port: redis.port };
    const queue = new Queue(QUEUE, { connection, prefix: 'simlapse' });
    const events = new QueueEvents(QUEUE, { connection, prefix: 'simlapse' });
    try {
      const finished = { ...scenario, seed: 'left over' };
      await runOnQueue(finished, { url: redis.url });
      const done = executions.length;
      // The worker still holds the finished run's scenario in its cache.
      const key = runKey(finished, engineHash().hash);
      const stale = await queue.add('block', { key, engine: worker.engine, arm: 0, replication: 0, block: 0, start: 0, end: 500 }, { jobId: 'stale', removeOnComplete: true });
      await stale.waitUntilFinished(events);
      expect(executions).toHaveLength(done);
      expect(await client.keys(`simlapse:run:${key}*`)).toEqual([]);
    } finally {
      await Promise.all([queue.close(), events.close()]);
      await worker.close();
    }
  });

  it('Redis out of reach is a clear error, not a hang', async () => {
    await expect(runOnQueue(scenario, { url: 'redis://:pw@127.0.0.1:1' })).rejects.toThrow(/^cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1: .*ECONNREFUSED/);
  });

  it('a server that is not Redis (an HTTP server answering on the port) is named as such, not left to the protocol parser', async () => {
    const http = createServer((socket) => socket.on('data', () => socket.write('HTTP/1.1 400 Bad Request\r\n\r\n')));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    try {
      await expect(runOnQueue(scenario, { url: `redis://127.0.0.1:${port}` })).rejects.toThrow(
        `cannot use Redis at redis://127.0.0.1:${port}: the server there does not answer as Redis does (its reply is not the Redis protocol: another service on that port?)`,
      );
    } finally {
      await new Promise((resolve) => http.close(resolve));
    }
  });
});
