import type { ScenarioConfig } from './config.ts';
import type { Model } from './model.ts';
import type { Report } from './report.ts';
import type { Job } from './jobs.ts';
import { summarize } from './summarize.ts';
import { layout } from './layout.ts';
import { splitResult } from './batches.ts';

/** Block results merged in block order: the total of blocks 0 … next−1, and those that came early. */
export interface InOrder {
  total: Float64Array | null;
  next: number;
  early: Map<number, Float64Array>;
}

/**
 * Adds to the total every early block that now follows the merged ones, in block order (a zeroed
 * array, then `+=` block by block), so a total's bits do not depend on arrival order. The Collector
 * and the queue's checkpointed totals both merge this way, so their totals are the same to the bit.
 */
export function mergeInOrder(slot: InOrder): void {
  for (let b = slot.early.get(slot.next); b !== undefined; b = slot.early.get(slot.next)) {
    slot.early.delete(slot.next);
    const t = (slot.total ??= new Float64Array(b.length));
    for (let k = 0; k < t.length; k++) t[k] += b[k];
    slot.next++;
  }
}

/** One (arm, replication): the block results merged so far, in block order, and those that came early. */
interface Slot {
  /** Sum of blocks 0 … next−1, added in that order (null before block 0 arrives). */
  total: Float64Array | null;
  next: number;
  /** Blocks that arrived before a block they follow. */
  early: Map<number, Float64Array>;
  /** Each block's batch vectors (engine/batches.ts: those of the batches that start in it, concatenated), by block: what batch-means intervals are computed from. */
  batches: Float64Array[];
}

/**
 * Results of a scenario by arm and replication. Give the same store to runs of the same
 * scenario with more replications: the jobs already in it are not run again (a
 * replication's result does not depend on how many are run). Opaque: create it as `[]`.
 */
export type ResultStore = Slot[][];

/**
 * Collects job results by (arm, replication, block), whatever order they arrive in,
 * and builds reports: the final one, and partial ones over the replications complete
 * so far (for streaming). Blocks are merged as soon as every block before them has
 * arrived, adding in block order exactly as `mergeBlocks` does, so the bytes do not
 * depend on arrival order while memory holds one total per (arm, replication) plus
 * the blocks that arrived early, not every block's result (and, per block, its metric
 * totals: a few dozen numbers, for the batch-means intervals).
 */
export class Collector {
  private readonly results: ResultStore;
  private readonly missing: number[];
  private complete = 0;

  constructor(private readonly scenario: ScenarioConfig, private readonly models: Model[], jobs: Job[], store?: ResultStore) {
    this.results = store ?? [];
    for (let a = 0; a < models.length; a++) {
      const reps = (this.results[a] ??= []);
      for (let r = 0; r < scenario.replications; r++) reps[r] ??= { total: null, next: 0, early: new Map(), batches: [] };
    }
    this.missing = new Array(scenario.replications).fill(0);
    for (const j of jobs) if (!this.has(j)) this.missing[j.replication]++;
    while (this.complete < this.missing.length && this.missing[this.complete] === 0) this.complete++;
  }

  /** Whether the job's result is already in (from this run, or a run given the same store). */
  has(job: Job): boolean {
    const slot = this.results[job.arm][job.replication];
    return job.block < slot.next || slot.early.has(job.block);
  }

  /** A job's packed result (engine/batches.ts) split: its layout vector and its batch vectors (copies: the caller may keep them past the result). */
  split(job: Job, result: Float64Array): { total: Float64Array; batches: Float64Array } {
    const { total, batches } = splitResult(result, this.models[job.arm]);
    return { total: total.length === result.length ? result : total.slice(), batches: batches.slice() };
  }

  /**
   * Stores a job's packed result; returns true when it completes the next whole replication(s) in
   * order. `batch`: the block's batch vectors, when `result` is a bare layout vector that does not
   * hold them (a checkpointed total standing for its blocks).
   */
  add(job: Job, result: Float64Array, batch?: Float64Array): boolean {
    const slot = this.results[job.arm][job.replication];
    const parts = batch ? { total: result, batches: batch } : this.split(job, result);
    slot.batches[job.block] = parts.batches;
    slot.early.set(job.block, parts.total);
    mergeInOrder(slot);
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
    // An arm with no cards has no blocks: its totals are zeros.
    const totals = this.results.slice(0, this.models.length).map((reps, a) => reps.slice(0, n).map((slot) => slot.total ?? new Float64Array(layout(this.models[a].months).length)));
    const batches = this.results.slice(0, this.models.length).map((reps) => reps.slice(0, n).map((slot) => slot.batches));
    return summarize(n === this.scenario.replications ? this.scenario : { ...this.scenario, replications: n }, this.models, totals, batches);
  }
}
