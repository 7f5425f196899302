/**
 * Warm re-runs (issue 17): the same scenario run again and again on pools kept alive, as the page
 * and an experiment's batches do. Two pools, one of 1 worker and one of `workers`, started and
 * warmed first (threads started, code loaded, scenario loaded, one run each); then the timed runs
 * alternate between them, so both see the same machine load. Prints the medians and their ratio
 * (the speed-up of `workers` over one); wall time of `pool.run`, planning and merging included.
 * Also the share of the wall time the pool kept its workers busy, which other load on the
 * machine hardly changes.
 */
import { compileArm, createWorkerPool, jobParts, planJobs, type WorkerApi, type WorkerHandle } from '../engine/index.ts';
import { createThreadPool, spawnNodeWorker } from '../node/index.ts';
import type { Remote } from 'comlink';
import { benchScenario } from './fleet.ts';
import { median, seconds } from './measure.ts';

export interface WarmBench {
  cards: number;
  months: number;
  replications: number;
  workers: number;
  /** Jobs and tail parts the run is cut into (what the pool schedules). */
  tasks: number;
  runs: number;
  /** Wall seconds of each timed re-run, in order. */
  oneWorkerSeconds: number[];
  manyWorkersSeconds: number[];
  oneWorkerMedianSeconds: number;
  manyWorkersMedianSeconds: number;
  /** One worker's median ÷ `workers` workers' median. */
  speedup: number;
  /** Threads started by the pools over all the runs (2 pools: 1 + workers when none died). */
  threadsStarted: number;
  /**
   * Σ over `workers`' jobs of each job's time (sent → result back) ÷ (`workers` × wall time), over
   * the timed runs: the share of time the pool kept its workers busy; the rest is its own loss
   * (gaps between jobs, the tail). Robust to other load on the machine, unlike the times.
   */
  busyShare: number;
}

export async function warmBench(options: { cards: number; months: number; workers: number; runs: number }): Promise<WarmBench> {
  const { cards, months, workers, runs } = options;
  const scenario = benchScenario(cards, months, 1);
  const model = compileArm(scenario.arms[0]);
  const tasks = planJobs(scenario, [model]).reduce((n, j) => n + jobParts(scenario, model, j).length, 0);
  console.log(`\nwarm re-runs: ${cards.toLocaleString('en')} cards × ${months} months × 1 replication (${tasks} jobs and tail parts), pools kept alive, median of ${runs}`);
  const one = createThreadPool({ size: 1 });
  let busy = 0;
  // The pool of `workers`, its threads wrapped to time each job (sent → result back).
  const many = createWorkerPool({ spawn: timed, size: workers });
  function timed(): WorkerHandle {
    const h = spawnNodeWorker();
    const api = {
      ping: () => h.api.ping(),
      load: (x: Parameters<WorkerApi['load']>[0]) => h.api.load(x),
      run: async (job: Parameters<WorkerApi['run']>[0]) => {
        const t0 = performance.now();
        try {
          return await h.api.run(job);
        } finally {
          busy += performance.now() - t0;
        }
      },
    } as unknown as Remote<WorkerApi>;
    return { ...h, api };
  }
  try {
    await Promise.all([one.ready(), many.ready()]);
    await one.run(scenario);
    await many.run(scenario);
    const a: number[] = [], b: number[] = [];
    busy = 0;
    for (let r = 0; r < runs; r++) {
      let t0 = process.hrtime.bigint();
      await one.run(scenario);
      a.push(seconds(t0));
      t0 = process.hrtime.bigint();
      await many.run(scenario);
      b.push(seconds(t0));
    }
    const m1 = median(a), mw = median(b);
    const list = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' ');
    console.log(`1 worker:  median ${m1.toFixed(2)} s   (runs: ${list(a)})`);
    console.log(`${workers} workers: median ${mw.toFixed(2)} s   (runs: ${list(b)})`);
    const share = busy / 1000 / (workers * b.reduce((x, y) => x + y, 0));
    console.log(`speed-up of ${workers} workers over 1: ${(m1 / mw).toFixed(2)}×   (${((cards * model.days) / mw / 1e6).toFixed(1)} M card-days/s)`);
    console.log(`${workers} workers busy ${(share * 100).toFixed(1)} % of the wall time (the pool's own loss: gaps between jobs and the tail; robust to other load)`);
    return {
      cards, months, replications: 1, workers, tasks, runs, oneWorkerSeconds: a, manyWorkersSeconds: b,
      oneWorkerMedianSeconds: m1, manyWorkersMedianSeconds: mw, speedup: m1 / mw, threadsStarted: one.spawned + many.spawned, busyShare: share,
    };
  } finally {
    one.close();
    many.close();
  }
}
