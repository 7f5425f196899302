import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, hasStack, tempDir } from '../cli/helpers.ts';
import { computed, DEBUG, exitCode, queueState, startWithEnv, startWorkerProcess, stopAll, until } from './processes.ts';
import { startRedis, type RedisServer } from '../../tools/redis-server.ts';
import { QUEUE, RUNS } from '../../node/queue/keys.ts';

// docs/queue.md, "A finished run stays until its outputs are written", for the experiments whose parts are runs of
// their own in Redis: --precision batches and sensitivity variants. cli.test.ts checks it for a plain run.

/** 800 cards over 6 months in blocks of 400: 2 jobs per arm and replication, a few ms each. */
const FLEET = `
start: 2026-01-01
months: 6
seed: 5
blockSize: 400
downtimeCostPerCardDay: 3
plans:
  basic: {quotaMB: 100, monthlyFee: 5, autoStop: true}
profiles:
  meters:
    meanDailyMB: {lognormal: {median: 2, spread: 1}}
    runaway: {dailyHazard: 0.002, factor: {uniform: [10, 100]}, durationDays: {uniform: [3, 14]}}
cohorts:
  - {count: 800, plan: basic, profile: meters}
arms:
  - name: auto-stop on
  - name: auto-stop off
    plans: {basic: {autoStop: false}}
`;
const ARMS = 2, BLOCKS = 2;

/** A target no run reaches: batches of 10, 40 and 45 replications (the first batch, 4×, then the maximum). */
const PRECISION = ['--precision', '0.000001', '--max-replications', '45'];
const BATCHES = [10, 40, 45];

/** Two parameters, each at its low and high value: the main run and 4 variants, 3 replications each. */
const SENSITIVITY = `
sensitivity:
  - {path: profiles.meters.runaway.dailyHazard, low: 0.001, high: 0.004}
  - {path: downtimeCostPerCardDay, low: 1, high: 6}
`;

let redis: RedisServer;
let client: Redis;
let scenarios: string;

beforeAll(async () => {
  redis = await startRedis();
  client = new Redis(redis.port, '127.0.0.1');
  scenarios = mkdtempSync(join(tmpdir(), 'simlapse-kept-'));
  writeFileSync(join(scenarios, 'precision.yaml'), `name: Queue precision fleet\nquestion: Is every batch kept until the outputs are written?\nreplications: 10\n${FLEET}`);
  writeFileSync(join(scenarios, 'sensitivity.yaml'), `name: Queue sensitivity fleet\nquestion: Is every variant kept until the outputs are written?\nreplications: 3\n${FLEET}${SENSITIVITY}`);
});

afterEach(stopAll);

afterAll(async () => {
  await stopAll();
  client?.disconnect();
  await redis?.stop();
  if (scenarios) rmSync(scenarios, { recursive: true, force: true });
});

/** The report.json bytes of a local run (2 worker threads) of `scenario` with `args`. */
function localReport(scenario: string, args: string[]): Buffer {
  const dir = tempDir();
  const r = cli('run', scenario, ...args, '--workers', '2', '--out', dir);
  if (r.status !== 0) throw new Error(`the local run of ${scenario} failed: ${r.stderr}`);
  return readFileSync(join(dir, 'report.json'));
}

/** The run key of each run a coordinator made, in order (its step-by-step line `connecting to <url>, run <key>`). */
function runKeys(stderr: string): string[] {
  return [...stderr.matchAll(/coordinator: engine \w+; coordinator \S+ connecting to \S+, run ([0-9a-f]{32})$/gm)].map((m) => m[1]);
}

/** The coordinator's `resuming: …` lines. */
function resumed(stderr: string): string[] {
  return [...stderr.matchAll(/^simlapse: (resuming: .*)$/gm)].map((m) => m[1]);
}

/**
 * `simlapse run <scenario> <args> --queue --out DIR` whose DIR becomes a file once its first jobs are queued (no
 * worker yet): every run finishes on a worker, the write fails, exit 1. Checks the message and that every run
 * (`runs`: the replications of each, in the order made) is in Redis with all its replications' totals; then
 * the same command, with no worker, writes report.json from Redis alone, the bytes of a local run, and deletes
 * every run. Returns the two commands' stderr.
 */
async function keptThenWritten(scenario: string, args: string[], runs: number[]): Promise<{ first: string; second: string }> {
  const local = localReport(scenario, args);
  const dir = join(tempDir(), 'out');
  const run = startWithEnv(DEBUG, 'run', scenario, ...args, '--queue', redis.url, '--out', dir);
  // The --out check is done by then; the final write fails (as a full disk, a removed folder or changed permissions would).
  await run.waitFor(/added \d+ jobs to the queue/);
  rmSync(dir, { recursive: true, force: true });
  writeFileSync(dir, 'not a folder');
  const worker = startWorkerProcess(redis.url, {}, 20000);
  const printed = async () => `Redis: ${await queueState(redis.port)}\nthe worker: ${worker.output()}`;
  expect(await exitCode(run, 'the run', 50_000, printed), run.output()).toBe(1);
  const esc = dir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(run.stderr()).toMatch(new RegExp(
    `^simlapse: cannot write "${esc}/[^"]+": a part of the path is not a directory; the finished queue runs' results stay in Redis at redis://127\\.0\\.0\\.1:\\d+ for 3 days: ` +
      'the same command, run again, resumes from them without computing any job again\n$', 'm'));
  expect(hasStack(run.stderr())).toBe(false);
  expect(run.stderr()).not.toMatch(/deleted from Redis/);

  // Every run is in Redis: its scenario, its entry in simlapse:runs, and the merged totals of every replication it ran.
  const made = runKeys(run.stderr());
  expect(made, run.stderr()).toHaveLength(runs.length);
  const keys = [...new Set(made)];
  const replications = new Map<string, number>();
  made.forEach((key, i) => replications.set(key, Math.max(replications.get(key) ?? 0, runs[i])));
  expect((await client.keys('simlapse:run:*:totals')).sort()).toEqual(keys.map((k) => `simlapse:run:${k}:totals`).sort());
  expect((await client.hkeys(RUNS)).sort()).toEqual([...keys].sort());
  for (const [key, n] of replications) {
    expect(await client.exists(`simlapse:run:${key}:scenario`), key).toBe(1);
    expect(await client.hlen(`simlapse:run:${key}:totals`), key).toBe(ARMS * n);
    expect(Object.values(await client.hgetall(`simlapse:run:${key}:merged`)), key).toEqual(Array(ARMS * n).fill(String(BLOCKS)));
  }
  // Each job of each run computed once (the batches of one run share their first replications' jobs).
  const jobs = [...replications.values()].reduce((sum, n) => sum + ARMS * n * BLOCKS, 0);
  await until(() => computed(worker).length >= jobs);
  await worker.stop();
  expect(computed(worker), worker.stderr()).toHaveLength(jobs);
  expect(new Set(computed(worker)).size).toBe(jobs);
  rmSync(dir);

  // No worker runs now: the same command can only finish from what Redis holds.
  const again = startWithEnv(DEBUG, 'run', scenario, ...args, '--queue', redis.url, '--out', dir);
  expect(await exitCode(again, 'the second run', 40_000, printed), again.output()).toBe(0);
  expect(runKeys(again.stderr())).toEqual(made);
  expect(again.stderr()).not.toMatch(/added \d+ jobs to the queue/);
  expect([...again.stderr().matchAll(/coordinator: \d+ merged and \d+ block results stored; (\d+) jobs to go$/gm)].map((m) => m[1])).toEqual(runs.map(() => '0'));
  expect(readFileSync(join(dir, 'report.json')).equals(local)).toBe(true);
  // Written, so deleted: nothing of the runs is left, nor any of their jobs.
  for (const key of keys) expect(again.stderr()).toMatch(new RegExp(`coordinator: run ${key} deleted from Redis$`, 'm'));
  expect(await client.keys('simlapse:run:*')).toEqual([]);
  expect(await client.hlen(RUNS)).toBe(0);
  expect((await client.keys(`simlapse:${QUEUE}:*`)).filter((k) => /-\d+-\d+-\d+$/.test(k))).toEqual([]);
  expect(await client.llen(`simlapse:${QUEUE}:wait`)).toBe(0);
  return { first: run.stderr(), second: again.stderr() };
}

describe('simlapse run --queue keeps every run of an experiment in Redis until its outputs are written', () => {
  it('--precision: the batches (one run in Redis, its replications growing) stay when the write fails, and the same command writes them, computing no job; after it nothing is left', { timeout: 120_000 }, async () => {
    const { first, second } = await keptThenWritten(join(scenarios, 'precision.yaml'), PRECISION, BATCHES);
    for (const text of [first, second]) expect(text).toContain('(batches: 10, 40, 45)');
    // The batches share one run key: replications are not part of it, so each batch adds to the one before.
    expect(new Set(runKeys(first)).size).toBe(1);
    // Each batch takes its new replications from Redis; the earlier ones it holds already.
    expect(resumed(second)).toEqual([
      'resuming: 40 of 40 jobs already stored in Redis (40 merged into checkpointed totals, 0 as block results), 0 to go',
      'resuming: 120 of 160 jobs already stored in Redis (120 merged into checkpointed totals, 0 as block results), 0 to go',
      'resuming: 20 of 180 jobs already stored in Redis (20 merged into checkpointed totals, 0 as block results), 0 to go',
    ]);
  });

  it('sensitivity: the main run and each low/high variant (a run of its own in Redis) stay when the write fails, and the same command writes them, computing no job; after it nothing is left', { timeout: 120_000 }, async () => {
    const { first, second } = await keptThenWritten(join(scenarios, 'sensitivity.yaml'), [], [3, 3, 3, 3, 3]);
    for (const text of [first, second]) expect(text).toContain('sensitivity: 2 parameters × low/high, 2 arms each');
    expect(new Set(runKeys(first)).size).toBe(5);
    expect(resumed(second)).toEqual(Array(5).fill('resuming: 12 of 12 jobs already stored in Redis (12 merged into checkpointed totals, 0 as block results), 0 to go'));
  });
});
