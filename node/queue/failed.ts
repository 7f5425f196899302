/** A run's failed jobs: finding them in BullMQ's failed set, saying how often one ran, and taking a failed run's jobs off the queue. */
import type { Job as BullJob, Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { FAILED_SET } from './keys.ts';

/**
 * This run's jobs in BullMQ's failed set, found by their ids (they start with the run key) over
 * the whole set: the set holds every run's failures of the last 24 h, and a page of it (the
 * newest 100, as read before) can miss this run's.
 */
export async function failedIds(redis: Redis, key: string): Promise<string[]> {
  const ids = new Set<string>();
  let cursor = '0';
  do {
    const [next, flat] = await redis.zscan(FAILED_SET, cursor, 'MATCH', `${key}-*`, 'COUNT', 1000);
    cursor = next;
    for (let i = 0; i < flat.length; i += 2) ids.add(flat[i]);
  } while (cursor !== '0');
  return [...ids];
}

/** BullMQ's reason for a job failed for stalling more than its workers' maxStalledCount. */
const STALLED = 'job stalled more than allowable limit';

/**
 * How many times a failed job ran, from BullMQ's counts: `attemptsMade` counts the runs that
 * threw, plus, for a job failed for stalling, the pickup that only failed it; `stalledCounter`
 * the runs whose worker died or fell silent (they use up no attempt: maxStalledCount bounds them).
 */
export function attemptsText(job: BullJob | undefined): string {
  if (!job) return 'on the queue';
  const stalls = job.stalledCounter ?? 0;
  const runs = Math.max(0, job.attemptsMade - (job.failedReason === STALLED ? 1 : 0)) + stalls;
  const which = stalls === 0 ? '' : `, ${stalls === runs ? (runs === 1 ? 'it' : 'each') : `${stalls} of them`} stalled: its worker died or was silent past its lock`;
  return `after ${runs} attempt${runs === 1 ? '' : 's'} on the queue${which}`;
}

export async function removeWaiting(queue: Queue, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += 500) await Promise.all(ids.slice(i, i + 500).map((id) => queue.remove(id)));
}
