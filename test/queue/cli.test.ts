import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasStack, tempDir } from '../cli/helpers.ts';
import { computed, DEBUG, exitCode, queueState, start, startWithEnv, startWorkerProcess, stopAll, stopMidJob, workerId, localReport, until } from './processes.ts';
import { startRedis, type RedisServer } from '../../tools/redis-server.ts';
import { QUEUE, RUNS } from '../../node/queue/keys.ts';

// 2 arms × 3 replications × 6 blocks = 36 jobs.
const FLEET = 'test/queue/fleet.yaml';
const JOBS = 36;
const SECRET = 'Hunter2-queue-SECRET';

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


/** Results stored so far by the one run in this Redis. */
async function storedResults(): Promise<number> {
  const keys = await client.keys('simlapse:run:*:results');
  return keys.length === 0 ? 0 : client.hlen(keys[0]);
}

describe('simlapse run --queue with simlapse worker processes', () => {
  it('three worker processes give the same report.json bytes as a local run, each job computed once, and the run is cleaned up', async () => {
    // With the step-by-step lines, and bounded within the test's timeout: this run hung once here beside other test
    // files (1 December, with nothing said), so a next time prints where each process stood and what Redis held.
    const workers = [0, 1, 2].map(() => startWorkerProcess(redis.url, DEBUG));
    const dir = tempDir();
    const run = startWithEnv(DEBUG, 'run', FLEET, '--queue', redis.url, '--out', dir);
    const printed = async () => `Redis: ${await queueState(redis.port)}\n${workers.map((w, i) => `worker ${i}: ${w.output()}`).join('\n')}`;
    expect(await exitCode(run, 'the run', 50_000, printed), run.output()).toBe(0);
    expect(readFileSync(join(dir, 'report.json')).equals(local)).toBe(true);
    // The step-by-step lines, in order, each stamped with the time.
    const steps = [...run.stderr().matchAll(/^simlapse debug \d\d:\d\d:\d\d\.\d{3} coordinator: (.*)$/gm)].map((m) => m[1]);
    const at = (re: RegExp) => steps.findIndex((l) => re.test(l));
    // The run is kept in Redis until the outputs are written, and deleted after.
    const order = [/^lease held$/, /^36 jobs to go$|; 36 jobs to go$/, /^added 36 jobs to the queue \(36 of 36\)$/, /^every job done$/, /^totals kept$/, /^closed$/, /^run \w+ deleted from Redis$/].map(at);
    expect(order.every((k, i) => k >= 0 && (i === 0 || k > order[i - 1])), steps.join('\n')).toBe(true);
    await until(() => workers.flatMap(computed).length >= JOBS);
    for (const w of workers) for (const job of computed(w)) expect(w.stderr()).toMatch(new RegExp(`worker: ${job}: claimed as \\S+; computing\n[^]*worker: ${job}: stored\n`));
    const jobs = workers.flatMap(computed);
    expect(jobs).toHaveLength(JOBS);
    expect(new Set(jobs).size).toBe(JOBS);
    expect(workers.filter((w) => computed(w).length > 0).length).toBeGreaterThan(1);
    // Nothing of the run is left in Redis: no scenario, no results, no job.
    expect(await client.keys('simlapse:run:*')).toEqual([]);
    expect((await client.keys(`simlapse:${QUEUE}:*`)).filter((k) => /-\d+-\d+-\d+$/.test(k))).toEqual([]);
  });

  it("a worker killed mid-job (SIGKILL): its job stalls, another worker takes its claim at once (its connection is gone) and computes it, and the report is the same bytes", async () => {
    const events = new QueueEvents(QUEUE, { connection: { host: '127.0.0.1', port: redis.port }, prefix: 'simlapse' });
    let stalled = 0;
    events.on('stalled', () => stalled++);
    await events.waitUntilReady();
    try {
      // Its claim lasts 60 s, longer than this test: only the dead holder's missing connection can free it in time.
      const victim = startWorkerProcess(redis.url, {}, 2000, { args: ['--claim-ttl', '60000'] });
      const others = [startWorkerProcess(redis.url), startWorkerProcess(redis.url)];
      const { id: victimId } = await workerId(victim);
      const dir = tempDir();
      const run = start('run', FLEET, '--queue', redis.url, '--out', dir);
      const printed = async () => `the run printed: ${run.output()}\nthe victim: ${victim.output()}\nthe others: ${others.map((o) => o.output()).join('\n')}`;
      // Killed in the middle of a job: stopped while it holds the job's claim (so it has not stored the result), then killed.
      const job = await stopMidJob(client, victim, victimId, printed);
      victim.child.kill('SIGKILL');
      expect(await exitCode(run, 'the run', 50_000, printed), run.output()).toBe(0);
      expect(readFileSync(join(dir, 'report.json')).equals(local)).toBe(true);
      expect(stalled).toBeGreaterThanOrEqual(1);
      expect(others.map((o) => o.stderr()).join('')).toContain(`job ${job}: its claim was held by ${victimId}, which is no longer connected; computing it here`);
      await until(() => [victim, ...others].flatMap(computed).length >= JOBS).catch(() => {});
      const jobs = [victim, ...others].flatMap(computed);
      expect(new Set(jobs).size).toBe(JOBS);
      expect(jobs, await printed()).toHaveLength(JOBS);
      expect(computed(victim)).not.toContain(job);
    } finally {
      await events.close();
    }
  });

  it('a coordinator killed mid-run and started again resumes from the stored results, computing no job twice', async () => {
    // A long lock: no stall on a loaded machine, so every execution counted here is the coordinators' doing.
    const worker = startWorkerProcess(redis.url, {}, 20000);
    const dir = tempDir();
    const first = start('run', FLEET, '--queue', redis.url, '--out', dir);
    await until(async () => (await storedResults()) >= 6);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = start('run', FLEET, '--queue', redis.url, '--out', dir);
    expect(await exitCode(second, 'the second coordinator', 45_000, async () => `Redis: ${await queueState(redis.port)}\nthe worker: ${worker.output()}`), second.output()).toBe(0);
    // Without SIMLAPSE_DEBUG, no step-by-step line.
    expect(second.stderr() + worker.stderr()).not.toContain('simlapse debug');
    const resumed = /resuming: (\d+) of 36 jobs already stored/.exec(second.stderr());
    expect(resumed, second.stderr()).not.toBeNull();
    expect(Number(resumed![1])).toBeGreaterThanOrEqual(6);
    expect(readFileSync(join(dir, 'report.json')).equals(local)).toBe(true);
    await until(() => computed(worker).length >= JOBS);
    expect(computed(worker), worker.stderr()).toHaveLength(JOBS);
    expect(new Set(computed(worker)).size).toBe(JOBS);
  });

  it('a run whose outputs cannot be written keeps its results in Redis, and the same command then writes them from there, computing no job; after it nothing is left', { timeout: 120_000 }, async () => {
    const dir = join(tempDir(), 'out');
    const run = startWithEnv(DEBUG, 'run', FLEET, '--queue', redis.url, '--out', dir);
    // Once its jobs are queued (no worker yet), the --out folder becomes a file: the final write fails (as a full
    // disk, a removed folder or changed permissions would; chmod does not stop root).
    await run.waitFor(/added 36 jobs to the queue \(36 of 36\)/);
    rmSync(dir, { recursive: true, force: true });
    writeFileSync(dir, 'not a folder');
    const worker = startWorkerProcess(redis.url, {}, 20000);
    const printed = async () => `Redis: ${await queueState(redis.port)}\nthe worker: ${worker.output()}`;
    expect(await exitCode(run, 'the run', 50_000, printed), run.output()).toBe(1);
    const esc = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    expect(run.stderr()).toMatch(new RegExp(
      `^simlapse: cannot write "${esc}/[^"]+": a part of the path is not a directory; the finished queue run's results stay in Redis at redis://127\\.0\\.0\\.1:\\d+ for 3 days: ` +
        'the same command, run again, resumes from them without computing any job again\n$', 'm'));
    expect(hasStack(run.stderr())).toBe(false);
    // Before, the run was deleted from Redis as its last job came in, and the same command computed it all again.
    expect(await client.keys('simlapse:run:*:totals')).toHaveLength(1);
    await until(() => computed(worker).length >= JOBS);
    await worker.stop();
    rmSync(dir);
    // No worker runs now: the same command can only finish from what Redis holds.
    const again = start('run', FLEET, '--queue', redis.url, '--out', dir);
    expect(await exitCode(again, 'the second run', 30_000, printed), again.output()).toBe(0);
    expect(again.stderr()).toContain('resuming: 36 of 36 jobs already stored in Redis (36 merged into checkpointed totals, 0 as block results), 0 to go');
    expect(readFileSync(join(dir, 'report.json')).equals(local)).toBe(true);
    expect(computed(worker)).toHaveLength(JOBS);
    // Written, so deleted: nothing of the run is left.
    expect(await client.keys('simlapse:run:*')).toEqual([]);
    expect(await client.hlen(RUNS)).toBe(0);
  });

  it('worker --drop KEY deletes a run that will not be run again (its coordinator gone), refuses one whose coordinator runs, and its queued jobs are then discarded, not computed', { timeout: 120_000 }, async () => {
    // A coordinator killed once its jobs are queued (no worker yet): its run stays in Redis, for 3 days.
    const dead = startWithEnv(DEBUG, 'run', FLEET, '--queue', redis.url);
    await dead.waitFor(/added 36 jobs to the queue \(36 of 36\)/);
    dead.child.kill('SIGKILL');
    await dead.exited;
    const [key] = await client.hkeys(RUNS);
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    const check = start('worker', '--queue', redis.url, '--check');
    expect(await exitCode(check, 'worker --check', 30_000)).toBe(0);
    expect(check.output()).toContain(`run ${key} (`);
    // Not a key: a usage error; a key not in Redis: exit 1, nothing deleted.
    const bad = start('worker', '--queue', redis.url, '--drop', 'abc');
    expect(await exitCode(bad, 'worker --drop abc', 30_000)).toBe(2);
    expect(bad.stderr()).toBe('simlapse: --drop: expected a run key of 32 hex digits, as `simlapse worker --check` lists them, got "abc"\n');
    const other = '0'.repeat(32);
    const absent = start('worker', '--queue', redis.url, '--drop', other);
    expect(await exitCode(absent, 'worker --drop of an absent run', 30_000)).toBe(1);
    expect(absent.stderr()).toMatch(new RegExp(`^simlapse: no run ${other} in Redis at redis://127\\.0\\.0\\.1:\\d+: \`simlapse worker --check\` lists the runs there\n$`));
    // Its coordinator alive (the same scenario started again, no worker): refused, nothing deleted.
    const alive = startWithEnv(DEBUG, 'run', FLEET, '--queue', redis.url);
    await alive.waitFor(/lease held/);
    const refused = start('worker', '--queue', redis.url, '--drop', key);
    expect(await exitCode(refused, 'worker --drop of a live run', 30_000)).toBe(1);
    expect(refused.stderr()).toContain(`simlapse: run ${key} ("`);
    expect(refused.stderr()).toContain('is being run by a live coordinator: stop that command first (Ctrl-C), then drop it; nothing was deleted\n');
    expect(await client.exists(`simlapse:run:${key}:scenario`)).toBe(1);
    alive.child.kill('SIGINT');
    expect(await exitCode(alive, 'the interrupted run', 30_000)).toBe(130);
    // Its coordinator stopped: dropped.
    const drop = start('worker', '--queue', redis.url, '--drop', key);
    expect(await exitCode(drop, 'worker --drop', 30_000), drop.output()).toBe(0);
    expect(drop.output()).toMatch(new RegExp(`^dropped run ${key} \\("[^"]+"\\) from redis://127\\.0\\.0\\.1:\\d+: its results and totals are deleted; its jobs still queued are discarded by the workers as they come up\n$`));
    expect(await client.keys('simlapse:run:*')).toEqual([]);
    expect(await client.hlen(RUNS)).toBe(0);
    // A worker started now empties the queue of its jobs without computing one.
    const worker = startWorkerProcess(redis.url, {}, 20000);
    await until(async () => (await client.llen(`simlapse:${QUEUE}:wait`)) === 0);
    await worker.stop();
    expect(computed(worker)).toEqual([]);
  });

  it('--workers with --queue sets the threads of the --cards pass, which runs here, and is refused without --cards', async () => {
    const refused = start('run', FLEET, '--queue', redis.url, '--workers', '2');
    expect(await exitCode(refused, 'the refused run', 30_000)).toBe(2);
    expect(refused.stderr()).toBe(
      "simlapse: --workers sets this machine's threads, and with --queue the jobs run on the queue's workers (simlapse worker --concurrency): it sets only the threads of the --cards pass, which runs here. Drop --workers, or add --cards\n",
    );
    expect(await client.keys('simlapse:run:*')).toEqual([]);
    const worker = startWorkerProcess(redis.url, {}, 20000);
    const dir = tempDir();
    // One replication: a third of the jobs and of the per-card pass.
    const run = start('run', FLEET, '--queue', redis.url, '--out', dir, '--cards', '--workers', '1', '--replications', '1');
    expect(await exitCode(run, 'the run', 60_000, async () => `the worker: ${worker.output()}`), run.output()).toBe(0);
    // Before, --workers was ignored in silence and the pass took every core.
    expect(run.stderr()).toContain('simlapse: the per-card pass (--cards) runs on this machine: 1 worker thread (--workers)\n');
    expect(existsSync(join(dir, 'cards.csv'))).toBe(true);
    expect(await client.keys('simlapse:run:*')).toEqual([]);
  });

  it('a password-protected Redis works and the password is never printed, right or wrong', async () => {
    const secured = await startRedis({ password: SECRET });
    try {
      // With the step-by-step lines too, which name the URL: never with the password either.
      const worker = startWorkerProcess(secured.url, DEBUG);
      const dir = tempDir();
      const run = startWithEnv(DEBUG, 'run', FLEET, '--queue', secured.url, '--out', dir);
      expect(await exitCode(run, 'the run', 40_000, async () => `the worker: ${worker.output()}`), run.output()).toBe(0);
      expect(run.stderr()).toMatch(/coordinator: engine \w+; coordinator \S+ connecting to redis:\/\/:\*\*\*@127\.0\.0\.1:\d+, run \w+\n/);
      expect(worker.stderr()).toMatch(/worker: engine \w+; worker \S+ connecting to redis:\/\/:\*\*\*@127\.0\.0\.1:\d+\n/);
      expect(readFileSync(join(dir, 'report.json')).equals(local)).toBe(true);
      await worker.stop();
      expect(worker.stderr()).toMatch(/serving redis:\/\/:\*\*\*@127\.0\.0\.1:\d+ with 1 thread/);
      expect(worker.stderr()).toMatch(/SIGTERM: finishing the jobs in hand[^]*stopped\n$/);

      const wrong = `redis://:not-${SECRET}@127.0.0.1:${secured.port}`;
      const [refused, refusedWorker, badUrl] = [
        startWithEnv(DEBUG, 'run', FLEET, '--queue', wrong),
        startWithEnv(DEBUG, 'worker', '--queue', wrong),
        start('run', FLEET, '--queue', `http://:${SECRET}@127.0.0.1:1`),
      ];
      expect(await refused.exited).toBe(1);
      expect(refused.stderr()).toMatch(/^simlapse: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS/m);
      // A run that fails says why, not a rate of what it never ran before it ("0 card-days in 0.85 s").
      expect(refused.stderr()).not.toMatch(/card-days in/);
      expect(await refusedWorker.exited).toBe(1);
      expect(refusedWorker.stderr()).toMatch(/^simlapse: cannot use Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:\d+: WRONGPASS/m);
      expect(await badUrl.exited).toBe(2);
      expect(badUrl.stderr()).toContain('expected the scheme redis:// or rediss://');
      for (const text of [worker.output(), run.output(), refused.output(), refusedWorker.output(), badUrl.output()]) {
        expect(text).not.toContain(SECRET);
      }
    } finally {
      await stopAll();
      await secured.stop();
    }
  });

  it('TLS (rediss://) with a password works', async () => {
    const secured = await startRedis({ password: SECRET, tls: true });
    const env = { NODE_EXTRA_CA_CERTS: secured.ca! };
    try {
      const worker = startWorkerProcess(secured.url, { ...env, ...DEBUG });
      const dir = tempDir();
      const run = startWithEnv({ ...env, ...DEBUG }, 'run', FLEET, '--queue', secured.url, '--out', dir);
      expect(await exitCode(run, 'the run', 45_000, async () => `the worker: ${worker.output()}`), run.output()).toBe(0);
      expect(readFileSync(join(dir, 'report.json')).equals(local)).toBe(true);
      expect(worker.output() + run.output()).not.toContain(SECRET);
    } finally {
      await stopAll();
      await secured.stop();
    }
  });
});
