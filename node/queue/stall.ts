import type { Redis } from 'ioredis';
import type { Job } from '../../engine/index.ts';
import { claimsOf, claimWorker, workerName } from './claim.ts';
import { connectedNames } from './connect.ts';
import { refusedKey } from './keys.ts';

/** What the coordinator knows when no job has completed for a while. */
export interface StallFacts {
  key: string;
  /** Seconds since the last job completed (or since the run's jobs were enqueued). */
  silentS: number;
  done: number;
  total: number;
  /** The first jobs not done, in plan order (the order workers take them), with their arm's name. */
  front: Array<{ job: Job; arm: string }>;
  /** BullMQ's counts for the queue (all runs). */
  counts: Record<string, number>;
  /** The engine id the run needs. */
  engine: string;
}

/** What a stall report found: its lines, and whether every connected worker refused the run (none can serve it). */
export interface StallReport {
  lines: string[];
  noWorkerCanServe: boolean;
}

/**
 * The stall report: which jobs are next and which worker holds or last held each (from their
 * claims), what the queue holds, which workers are connected, and which refused the run.
 */
export async function reportStall(redis: Redis, facts: StallFacts): Promise<StallReport> {
  const [claims, names, refused, now] = await Promise.all([
    claimsOf(redis, facts.key, facts.front.map((f) => f.job)),
    connectedNames(redis),
    redis.hgetall(refusedKey(facts.key)),
    redis.time(),
  ]);
  const nowS = Number(now[0]);
  const workers = names === null ? null : [...names].filter((n) => n.startsWith(workerName(''))).map((n) => n.slice(workerName('').length));
  const connected = (w: string) => (names === null ? '' : names.has(workerName(w)) ? ', still connected' : ', no longer connected');
  const lines = [`stall: no job has completed for ${Math.round(facts.silentS)} s (${facts.done} of ${facts.total} done); the next jobs:`];
  facts.front.forEach(({ job, arm }, i) => {
    const { claim, last } = claims[i];
    const what = `arm "${arm}", replication ${job.replication}, block ${job.block}`;
    if (claim !== null) {
      const since = last && last.value === claim ? ` for ${Math.max(0, nowS - last.at)} s` : '';
      lines.push(`  ${what}: being computed by worker ${claimWorker(claim)}${since}${connected(claimWorker(claim))}`);
    } else if (last !== null) {
      lines.push(`  ${what}: last held by worker ${claimWorker(last.value)} ${Math.max(0, nowS - last.at)} s ago${connected(claimWorker(last.value))}; its claim lapsed (the worker died, stalled or lost Redis): it runs again once BullMQ finds its lock lapsed`);
    } else {
      lines.push(`  ${what}: not started`);
    }
  });
  const c = facts.counts;
  lines.push(
    `  queue: ${c.waiting ?? 0} waiting, ${c.active ?? 0} active, ${c.delayed ?? 0} delayed; ` +
      (workers === null ? 'connected workers unknown (this Redis does not allow CLIENT LIST)' : workers.length === 0 ? 'no worker connected' : `${workers.length} worker${workers.length === 1 ? '' : 's'} connected: ${workers.join(', ')}`),
  );
  const refusers = Object.entries(refused);
  if (refusers.length > 0) lines.push(`  refused by ${refusers.map(([w, e]) => `${w} (engine ${e})`).join(', ')}: the run needs engine ${facts.engine}`);
  const noWorkerCanServe = workers !== null && workers.length > 0 && workers.every((w) => w in refused);
  return { lines, noWorkerCanServe };
}
