import type { Redis } from 'ioredis';
import type { RunSession } from '../../engine/index.ts';
import { readCheckpoint, type MergedTotals } from './checkpoint.ts';
import { resultField, slotField } from './keys.ts';
import { scanResults } from './store.ts';

/**
 * Reuses what Redis holds of the run: each checkpointed total stands for its replication's first
 * blocks (fed to the session as block 0, the others as zeros: `0 + total` and `total + 0` are
 * exact, and a total is never −0, so the session's sums are the same bits), then the block
 * results not yet merged. Slots the caller's own store holds are left alone.
 */
export async function resume(redis: Redis, key: string, run: RunSession, totals: MergedTotals): Promise<{ merged: number; blocks: number }> {
  for (const j of run.planned) if (run.has(j)) totals.ignore(j);
  const byField = new Map(run.planned.map((j) => [resultField(j), j]));
  const counts = new Map<string, number>();
  let merged = 0;
  for (const [slot, point] of await readCheckpoint(redis, key)) {
    const jobs = Array.from({ length: point.next }, (_, b) => byField.get(`${slot}.${b}`));
    if (jobs.length === 0 || jobs.some((j) => j === undefined || run.has(j) || !totals.tracks(j))) continue;
    const zero = new Float64Array(point.total.length);
    jobs.forEach((j, b) => run.reuse(j!, b === 0 ? point.total : zero, point.batches[b]));
    totals.restore(jobs[0]!.arm, jobs[0]!.replication, point.next, point.total, point.batches);
    counts.set(slot, point.next);
    merged += point.next;
  }
  let blocks = 0;
  for await (const [field, result] of scanResults(redis, key)) {
    const job = byField.get(field);
    // A result below its slot's checkpointed count outlived a crash between a checkpoint's steps: it is in the total.
    if (!job || run.has(job) || job.block < (counts.get(slotField(job)) ?? 0)) continue;
    run.reuse(job, result);
    totals.add(job, result);
    blocks++;
  }
  return { merged, blocks };
}
