import type { ScenarioConfig } from './config.ts';
import type { Report } from './report.ts';
import type { RunOptions } from './run.ts';
import { compileArm, type Model } from './model.ts';
import { planJobs, type Job } from './jobs.ts';
import { Collector } from './collect.ts';

/**
 * One run of a scenario, whatever runs its jobs (this thread, a worker pool, a queue): the
 * arms compiled, the jobs planned, results merged by a Collector over the run's store, and
 * `RunOptions` honoured (progress after each result, a partial report each time a
 * replication completes, except the last). The runner only decides where and when jobs run.
 */
export class RunSession {
  /** The compiled arms, by arm index. */
  readonly models: Model[];
  /** Every job of the scenario in plan order, including those already in the store. */
  readonly planned: Job[];
  private readonly collector: Collector;
  private done = 0;
  private total = 0;

  /** `models`: the scenario's arms compiled already (a pool re-running a scenario keeps them). [default: compiled here] */
  constructor(private readonly scenario: ScenarioConfig, private readonly options: RunOptions = {}, models?: Model[]) {
    this.models = models ?? scenario.arms.map(compileArm);
    this.planned = planJobs(scenario, this.models);
    this.collector = new Collector(scenario, this.models, this.planned, options.store);
  }

  /** Whether the job's result is in already (from the store, `reuse` or `accept`). */
  has(job: Job): boolean {
    return this.collector.has(job);
  }

  /** Adds a result found before the run begins (an earlier run's, kept elsewhere): it counts toward no progress and streams no partial. With `batch`, `result` is a bare layout vector and `batch` its block's batch vectors. */
  reuse(job: Job, result: Float64Array, batch?: Float64Array): void {
    this.collector.add(job, result, batch);
  }

  /** A job's packed result split into its layout vector and its batch vectors (what the batch-means intervals are computed from; a checkpoint that merges blocks keeps them). */
  split(job: Job, result: Float64Array): { total: Float64Array; batches: Float64Array } {
    return this.collector.split(job, result);
  }

  /** The jobs still to run, in plan order; their card-days are the progress total. Call once, after any `reuse`. */
  begin(): Job[] {
    const jobs = this.planned.filter((j) => !this.collector.has(j));
    this.total = jobs.reduce((x, j) => x + this.cardDays(j), 0);
    return jobs;
  }

  /** Reports progress on part of a job (a batch of a block run batch by batch) before its block is accepted: `cardDays` done. */
  advance(cardDays: number): void {
    this.done += cardDays;
    this.options.onProgress?.({ done: this.done, total: this.total });
  }

  /** Adds a job's result, reports progress and, when it completes a replication before the last, a partial report. `counted`: card-days of the job already reported with `advance`. [default: 0] */
  accept(job: Job, result: Float64Array, counted = 0): void {
    const more = this.collector.add(job, result);
    this.done += this.cardDays(job) - counted;
    this.options.onProgress?.({ done: this.done, total: this.total });
    const n = this.collector.replicationsDone;
    if (more && this.options.onPartial && n < this.scenario.replications) this.options.onPartial(this.collector.report(n));
  }

  /** The report over every replication. */
  report(): Report {
    return this.collector.report();
  }

  private cardDays(job: Job): number {
    return (job.end - job.start) * this.models[job.arm].days;
  }
}

/** Sets up a run of the scenario: see RunSession. */
export function startRun(scenario: ScenarioConfig, options: RunOptions = {}, models?: Model[]): RunSession {
  return new RunSession(scenario, options, models);
}

/** What an aborted run rejects with: the signal's reason, else an AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The run was aborted', 'AbortError');
}
