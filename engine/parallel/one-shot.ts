import type { ScenarioConfig } from '../config.ts';
import type { Report } from '../report.ts';
import type { RunOptions } from '../run.ts';
import { jobParts } from '../jobs.ts';
import { startRun } from '../session.ts';
import { Pool } from './pool.ts';
import type { WorkerHandle } from './types.ts';

export interface ParallelOptions extends RunOptions {
  /** Number of workers (at most one per job or part). [default: 1] */
  workers?: number;
  /** Starts one worker. */
  spawn: () => WorkerHandle;
  /** Attempts per job before the run fails (a dead or throwing worker is replaced between attempts). [default: 2] */
  attempts?: number;
}

/**
 * Runs a scenario on a one-shot worker pool (createWorkerPool): started for this run, with no
 * more workers than the run has jobs, and closed when it ends, fails or is aborted, so no worker
 * outlives it. For many runs, keep a pool instead. Same bytes as `runScenario`, for any number
 * of workers and any order jobs finish in.
 */
export async function runParallel(scenario: ScenarioConfig, options: ParallelOptions): Promise<Report> {
  const session = startRun(scenario, options);
  const jobs = session.begin();
  const workers = Math.max(1, options.workers ?? 1);
  let tasks = 0;
  for (let k = 0; k < jobs.length && tasks < workers; k++) tasks += jobParts(scenario, session.models[jobs[k].arm], jobs[k]).length;
  const pool = new Pool({ spawn: options.spawn, attempts: options.attempts, size: Math.min(workers, tasks) }, true);
  try {
    return await pool.submit(scenario, session, jobs, { ...options, workers: undefined });
  } finally {
    pool.close();
  }
}
