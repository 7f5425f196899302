import type { ScenarioConfig } from './config.ts';
import type { Model } from './model.ts';
import type { Report } from './report.ts';
import type { Job } from './jobs.ts';
import { mergeBlocks, summarize } from './summarize.ts';

/**
 * Collects job results by (arm, replication, block), whatever order they
 * arrive in, and builds reports: the final one, and partial ones over the
 * replications complete so far (for streaming).
 */
export class Collector {
  private readonly results: Float64Array[][][];
  private readonly missing: number[];
  private complete = 0;

  constructor(private readonly scenario: ScenarioConfig, private readonly models: Model[], jobs: Job[]) {
    this.results = models.map(() => Array.from({ length: scenario.replications }, () => []));
    this.missing = new Array(scenario.replications).fill(0);
    for (const j of jobs) this.missing[j.replication]++;
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
    const totals = this.results.map((reps) => reps.slice(0, n).map(mergeBlocks));
    return summarize(n === this.scenario.replications ? this.scenario : { ...this.scenario, replications: n }, this.models, totals);
  }
}
