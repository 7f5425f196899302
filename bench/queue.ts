/**
 * The queue's cost (issue 7): the bench fleet through BullMQ on a local Redis with 1 and 2
 * `simlapse worker` processes (one thread each), against the local thread pool with as many
 * threads, over a sweep of block sizes (the job size). Prints card-days per second, the
 * overhead, the fixed cost per job fitted from the sweep, and the block size at which the
 * overhead falls under 5 %. Both sides run warm: the worker processes are started once and
 * warmed up, and the local pool reuses two warmed threads across runs (start-up not counted).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { compileArm, planJobs, runJob } from '../engine/index.ts';
import { createThreadPool, runOnQueue } from '../node/index.ts';
import type { WorkerPool } from '../engine/index.ts';
import { startRedis, stopChild } from '../tools/redis-server.ts';
import { benchScenario } from './fleet.ts';
import { seconds } from './measure.ts';

export interface QueueRow {
  blockSize: number;
  workers: number;
  jobs: number;
  cardDays: number;
  localSeconds: number;
  queueSeconds: number;
  localCardDaysPerSecond: number;
  queueCardDaysPerSecond: number;
  /** 1 − queue rate ÷ local rate. */
  overhead: number;
}

export interface QueueBench {
  cards: number;
  months: number;
  replications: number;
  rows: QueueRow[];
  /** Queue seconds per job beyond the local pool, per worker (fitted over the sweep). */
  perJobSeconds: Record<number, number>;
  /** Near-empty jobs through the queue per second, by worker count: its throughput ceiling on this machine. */
  jobsPerSecond: Record<number, number>;
  /** Fixed queue seconds per run (fitted). */
  perRunSeconds: Record<number, number>;
  /** Card-days a job must hold for the per-job cost to be under 5 % of it. */
  jobCardDaysUnder5Percent: number;
  /** Smallest block size of the sweep with overhead < 5 % for every worker count (null: none). */
  blockSizeUnder5Percent: number | null;
  /** Bytes of one job's result (36 months), as stored in Redis. */
  resultBytes36Months: number;
  /** One thread's kernel rate on this fleet (card-days per second). */
  kernelCardDaysPerSecond: number;
}

export async function queueBench(options: { url?: string; cards: number; months: number; replications: number; blockSizes: number[]; runs: number }): Promise<QueueBench> {
  const { cards, months, replications, blockSizes, runs } = options;
  const redis = options.url ? null : await startRedis();
  const url = options.url ?? redis!.url;
  const procs: ChildProcess[] = [];
  const pools: Record<number, WorkerPool> = {};
  try {
    console.log(`\nqueue (BullMQ on ${redis ? 'a local redis-server' : 'the given Redis'}): ${cards.toLocaleString('en')} cards × ${months} months × ${replications} replications; worker processes with 1 thread each vs the local pool`);
    // The local baseline runs on warm threads, as the queue's workers are: pools of 1 and 2 threads kept across runs.
    for (const w of [1, 2]) pools[w] = createThreadPool({ size: w });
    const warm = { ...benchScenario(20000, 12), seed: 'warm' };
    for (const w of [1, 2]) for (let k = 0; k < 2; k++) await pools[w].run(warm);
    console.log('block   workers  jobs   local M card-days/s  queue M card-days/s  overhead');
    const rows: QueueRow[] = [];
    for (const workers of [1, 2]) {
      while (procs.length < workers) procs.push(await startWorkerProcess(url));
      for (const blockSize of blockSizes) {
        const scenario = { ...benchScenario(cards, months, replications), blockSize, seed: `bench-${blockSize}` };
        const models = scenario.arms.map(compileArm);
        const jobs = planJobs(scenario, models).length;
        const cardDays = cards * models[0].days * replications;
        await runOnQueue({ ...scenario, seed: `warm-${blockSize}-${workers}` }, { url }); // warms the workers' threads
        const local: number[] = [], queued: number[] = [];
        for (let r = 0; r < runs; r++) {
          let t0 = process.hrtime.bigint();
          await pools[workers].run(scenario);
          local.push(seconds(t0));
          t0 = process.hrtime.bigint();
          await runOnQueue({ ...scenario, seed: `${scenario.seed}-${r}` }, { url });
          queued.push(seconds(t0));
        }
        const row: QueueRow = {
          blockSize, workers, jobs, cardDays,
          localSeconds: Math.min(...local), queueSeconds: Math.min(...queued),
          localCardDaysPerSecond: cardDays / Math.min(...local), queueCardDaysPerSecond: cardDays / Math.min(...queued),
          overhead: 1 - Math.min(...local) / Math.min(...queued),
        };
        rows.push(row);
        console.log(
          `${String(blockSize).padStart(6)}  ${String(workers).padStart(7)}  ${String(jobs).padStart(5)}  ${(row.localCardDaysPerSecond / 1e6).toFixed(1).padStart(19)}  ${(row.queueCardDaysPerSecond / 1e6).toFixed(1).padStart(19)}  ${(row.overhead * 100).toFixed(1).padStart(6)} %`,
        );
      }
    }
    // Near-empty jobs (16 cards × 1 month): the queue's own cost per job, and its throughput.
    const tiny = { ...benchScenario(32000, 1), blockSize: 16 };
    const tinyJobs = planJobs(tiny).length;
    const jobsPerSecond: Record<number, number> = {};
    for (const w of [2, 1]) {
      while (procs.length > w) await stopChild(procs.pop()!);
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t0 = process.hrtime.bigint();
        await runOnQueue({ ...tiny, seed: `tiny-${w}-${r}` }, { url });
        times.push(seconds(t0));
      }
      jobsPerSecond[w] = tinyJobs / Math.min(...times);
    }
    console.log(`near-empty jobs (${tinyJobs} × 16 cards × 1 month): ${jobsPerSecond[1].toFixed(0)} jobs/s with 1 worker (${(1000 / jobsPerSecond[1]).toFixed(2)} ms each), ${jobsPerSecond[2].toFixed(0)} jobs/s with 2`);

    // Fit queue − local = a + c × jobs ÷ workers (least squares): a is the run's fixed cost
    // (connections, enqueueing, the last job's tail), c the queue's cost per job on a worker.
    const perRunSeconds: Record<number, number> = {}, perJobSeconds: Record<number, number> = {};
    for (const w of [1, 2]) {
      const rs = rows.filter((r) => r.workers === w);
      const x = rs.map((r) => r.jobs / w), y = rs.map((r) => r.queueSeconds - r.localSeconds);
      const mx = x.reduce((a, b) => a + b, 0) / x.length, my = y.reduce((a, b) => a + b, 0) / y.length;
      const c = x.reduce((s, xi, i) => s + (xi - mx) * (y[i] - my), 0) / x.reduce((s, xi) => s + (xi - mx) ** 2, 0);
      perJobSeconds[w] = c;
      perRunSeconds[w] = my - c * mx;
    }
    const under = blockSizes.find((b) => rows.filter((r) => r.blockSize === b).every((r) => r.overhead < 0.05)) ?? null;
    const big = { ...benchScenario(16384, 36), blockSize: 16384 };
    const model = compileArm(big.arms[0]);
    const [job] = planJobs(big, [model]);
    runJob(big, model, job); // warm-up
    const t0 = process.hrtime.bigint();
    const result = runJob(big, model, job);
    const kernel = (16384 * model.days) / seconds(t0);
    // Overhead per job c ÷ (c + job card-days ÷ kernel rate) < 5 % once a job holds ≥ 19 c × rate card-days.
    const worst = Math.max(perJobSeconds[1], perJobSeconds[2]);
    const jobCardDays5 = 19 * worst * kernel;
    for (const w of [1, 2]) console.log(`queue cost with ${w} worker${w > 1 ? 's' : ''} (fitted): ${(perJobSeconds[w] * 1000).toFixed(1)} ms per job + ${(perRunSeconds[w] * 1000).toFixed(0)} ms per run`);
    console.log(`measured: overhead under 5 % from block size ${under ?? '(none in the sweep)'} (${months} months, this fleet)`);
    console.log(`per job alone: under 5 % once a job holds ≥ ${(jobCardDays5 / 1e6).toFixed(1)} M card-days: block ≥ ${Math.ceil(jobCardDays5 / (months * 365.25)).toLocaleString('en')} cards at ${months} months, ≥ ${Math.ceil(jobCardDays5 / 1096).toLocaleString('en')} at 36`);
    console.log(`a job's result (36 months) is ${result.byteLength.toLocaleString('en')} bytes; kernel ${(kernel / 1e6).toFixed(1)} M card-days/s per thread`);
    return {
      cards, months, replications, rows, jobsPerSecond, perJobSeconds, perRunSeconds, blockSizeUnder5Percent: under, jobCardDaysUnder5Percent: jobCardDays5,
      resultBytes36Months: result.byteLength, kernelCardDaysPerSecond: kernel,
    };
  } finally {
    for (const p of Object.values(pools)) p.close();
    await Promise.all(procs.map((p) => stopChild(p)));
    await redis?.stop();
  }
}

/** A `simlapse worker` process (one thread), resolved once it serves the queue. */
function startWorkerProcess(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'worker', '--queue', url, '--concurrency', '1'], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let err = '';
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d;
      if (/serving/.test(err)) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited (${code}): ${err}`)));
  });
}
