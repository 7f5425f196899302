import type { ScenarioConfig } from './config.ts';
import type { Report } from './report.ts';
import type { ResultStore } from './collect.ts';
import { runJob } from './jobs.ts';
import { abortReason, startRun } from './session.ts';

export interface Progress {
  /** Card-days simulated so far and in all. */
  done: number;
  total: number;
}

export interface RunOptions {
  /** Called after each job. */
  onProgress?: (p: Progress) => void;
  /** Aborting stops the run between jobs; the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** Called with a report over the replications complete so far, each time one more completes (not after the last). */
  onPartial?: (report: Report) => void;
  /** Block results of earlier runs of this scenario (any replication count), reused and added to. [default: none] */
  store?: ResultStore;
}

/**
 * Runs a whole scenario in this thread, job by job, yielding to the event
 * loop between jobs so progress can be shown and a run can be aborted.
 * Results merge in block order, so the report does not depend on job order.
 */
export async function runScenario(scenario: ScenarioConfig, options: RunOptions = {}): Promise<Report> {
  const run = startRun(scenario, options);
  for (const job of run.begin()) {
    if (options.signal?.aborted) throw abortReason(options.signal);
    run.accept(job, runJob(scenario, run.models[job.arm], job));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return run.report();
}
