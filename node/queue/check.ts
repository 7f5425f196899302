import { workerName } from './claim.ts';
import { connectedNames, connectRedis, outOfMemory } from './connect.ts';
import { engineHash } from './engine-hash.ts';
import { leaseKey, QUEUE, WAIT_LIST } from './keys.ts';
import { checkEvictionPolicy, redisFacts } from './policy.ts';
import { listRuns } from './store.ts';
import { parseRedisUrl } from './url.ts';

/** What `simlapse worker --check` found: lines to print, and the problems that keep this worker from serving. */
export interface WorkerCheck {
  lines: string[];
  problems: string[];
}

/**
 * A worker's health check: connects to Redis (a QueueError if it cannot: out of reach, a wrong
 * password, a database it does not have), checks its eviction policy and that it is not full
 * (maxmemory reached: it refuses writes, results included), computes this checkout's engine
 * hash and compares it with every run in Redis. A run that needs another engine is a problem
 * while its coordinator runs (it holds the run's lease): this worker would refuse its jobs. One
 * whose coordinator is gone is only listed: this worker puts its jobs aside (worker.ts).
 */
export async function checkWorker(urlText: string): Promise<WorkerCheck> {
  const url = parseRedisUrl(urlText);
  const redis = await connectRedis(url);
  const lines: string[] = [];
  const problems: string[] = [];
  try {
    const facts = await redisFacts(redis);
    const max = facts.maxMemory > 0 ? ` of maxmemory ${mib(facts.maxMemory)}` : ' (no maxmemory)';
    lines.push(`Redis at ${url.redacted}: reachable, version ${facts.version || 'unknown'}, maxmemory-policy ${facts.policy ?? 'not reported'}, ${mib(facts.usedMemory)} used${max}`);
    await checkEvictionPolicy(redis, url, (line) => lines.push(line)).catch((err: Error) => problems.push(err.message));
    if (facts.maxMemory > 0 && facts.usedMemory >= facts.maxMemory) problems.push(outOfMemory(url).message);
    const engine = engineHash();
    lines.push(`engine ${engine.id}: sha256 ${engine.hash} of the ${engine.files.length} files bundled into the worker threads`);
    const [runs, waiting, names] = await Promise.all([listRuns(redis), redis.llen(WAIT_LIST), connectedNames(redis)]);
    const workers = names === null ? 'unknown' : String([...names].filter((n) => n.startsWith(workerName(''))).length);
    lines.push(`queue ${QUEUE}: ${waiting} job${waiting === 1 ? '' : 's'} waiting (list ${WAIT_LIST}); workers connected: ${workers}`);
    if (runs.length === 0) lines.push('runs in Redis: none');
    for (const r of runs) {
      if (r.engine === engine.id) lines.push(`run ${r.key} ("${r.name}"): engine ${r.engine}, the same: this worker can serve it`);
      else if ((await redis.exists(leaseKey(r.key))) === 0) {
        // Its coordinator is gone (stopped, say before an upgrade): nobody waits for its jobs, and this worker puts them aside.
        lines.push(`run ${r.key} ("${r.name}"): engine ${r.engine}, another, and no coordinator runs it: this worker would put its jobs aside (they expire with the run)`);
      } else problems.push(`run ${r.key} ("${r.name}") needs engine ${r.engine}, this worker runs engine ${engine.id}: it would refuse the run's jobs. Start it from that run's checkout (same commit, npm ci)`);
    }
    return { lines, problems };
  } finally {
    redis.disconnect();
  }
}

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(1)} MiB`;
}
