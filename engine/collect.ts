import type { ScenarioConfig } from './config.ts';
import type { Model } from './model.ts';
import type { Report } from './report.ts';
import type { Job } from './jobs.ts';
import { mergeBlocks, summarize } from './summarize.ts';

/**
 * Block results by arm, replication and block. Give the same store to runs of the same
 * scenario with more replications: the jobs already in it are not run again (a
 * replication's result does not depend on how many are run).
 */
export type ResultStore = Float64Array[][][];

/**
 * Collects job results by (arm, replication, block), whatever order they
 * arrive in, and builds reports: the final one, and partial ones over the
 * replications complete so far (for streaming).
 */
export class Collector {
  private readonly results: ResultStore;
  private readonly missing: number[];
  private complete = 0;

  constructor(private readonly scenario: ScenarioConfig, private readonly models: Model[], jobs: Job[], store?: ResultStore) {
    this.results = store ?? [];
    for (let a = 0; a < models.length; a++) {
      const reps = (this.results[a] ??= []);
      for (let r = 0; r < scenario.replications; r++) reps[r] ??= [];
    }
    this.missing = new Array(scenario.replications).fill(0);
    for (const j of jobs) if (!this.has(j)) this.missing[j.replication]++;
    while (this.complete < this.missing.length && this.missing[this.complete] === 0) this.complete++;
  }

  /** Whether the job's result is already stored (from a run given the same store). */
  has(job: Job): boolean {
    return this.results[job.arm][job.replication][job.block] !== undefined;
  }

  /** Stores a result; returns true when it completes the next whole replication(s) in order. */
  add(job: Job, result: Float64Array): boolean {
    this.results[job.arm][job.replication][job.block] = result;
    this.missing[job.replication]--;
    const before = this.complete;
    while (this.complete < this.missing.length && this.missing[this.complete] === 0) this.complete++;
    return this.complete > before;
  }

  /** Replications complete (every arm, every block), counted from the first. */
  get replicationsDone(): number {
    return this.complete;
  }

  /** The report over the first `n` replications (default: all). */
  report(n: number = this.scenario.replications): Report {
    const totals = this.results.slice(0, this.models.length).map((reps) => reps.slice(0, n).map(mergeBlocks));
    return summarize(n === this.scenario.replications ? this.scenario : { ...this.scenario, replications: n }, this.models, totals);
  }
}
