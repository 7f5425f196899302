import type { ScenarioConfig } from './config.ts';
import type { Report } from './report.ts';
import { compileArm } from './model.ts';
import { planJobs, runJob } from './jobs.ts';
import { Collector, type ResultStore } from './collect.ts';

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
  const models = scenario.arms.map(compileArm);
  const planned = planJobs(scenario, models);
  const collector = new Collector(scenario, models, planned, options.store);
  const jobs = planned.filter((j) => !collector.has(j));
  const total = jobs.reduce((x, j) => x + (j.end - j.start) * models[j.arm].days, 0);
  let done = 0;
  for (const job of jobs) {
    if (options.signal?.aborted) throw options.signal.reason ?? new DOMException('The run was aborted', 'AbortError');
    const more = collector.add(job, runJob(scenario, models[job.arm], job));
    done += (job.end - job.start) * models[job.arm].days;
    options.onProgress?.({ done, total });
    if (more && options.onPartial && collector.replicationsDone < scenario.replications) options.onPartial(collector.report(collector.replicationsDone));
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return collector.report();
}
