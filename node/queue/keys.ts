import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { ENGINE_VERSION, type Job, type ScenarioConfig } from '../../engine/index.ts';

/**
 * Every key simlapse keeps in Redis. BullMQ's own are `simlapse:blocks:*`; a run's are under
 * `simlapse:run:<key>:`, where `<key>` is the run's content key (runKey):
 * - `scenario`: the scenario record workers fetch (store.ts);
 * - `results`: hash `arm.replication.block` → a job's Float64Array, only for blocks not yet
 *   merged into a checkpointed total;
 * - `totals`: hash `arm.replication` → the merged total of that replication's first blocks;
 *   `merged`: hash `arm.replication` → how many blocks that total holds (checkpoint.ts);
 * - `claim:<arm.replication.block>`: which worker computes the job now (SET NX PX, claim.ts);
 *   `holders`: hash `arm.replication.block` → the worker that last claimed it and when, until stored;
 * - `refused`: hash worker → the engine it runs, for workers that refused the run (worker.ts);
 * - `lease`: the coordinator that owns the run (lease.ts).
 * All expire (TTL refreshed while the run is alive) and are deleted when the report is built
 * (with runOnQueue's `keep`, by deleteQueueRuns: the CLI's once its outputs are written).
 * `simlapse:runs` is a hash of the runs in Redis (key → engine id and scenario name), for `worker --check`.
 */
export const PREFIX = 'simlapse';
/**
 * The BullMQ queue of every coordinator and worker. Renamed from `jobs` when workers began
 * checking the engine hash: a worker from before cannot check it, so it must not see these jobs.
 */
export const QUEUE = 'blocks';
/** The BullMQ list of waiting jobs (its length is what an autoscaler watches). */
export const WAIT_LIST = `${PREFIX}:${QUEUE}:wait`;
/** BullMQ's sorted set of failed jobs (all runs': a failed job stays 24 h), scored by when each failed. */
export const FAILED_SET = `${PREFIX}:${QUEUE}:failed`;
/** How long a run's keys outlive the last sign of life from its coordinator or workers. [3 days] */
export const RUN_TTL_MS = 3 * 24 * 3600 * 1000;
/** The hash of runs in Redis. */
export const RUNS = `${PREFIX}:runs`;

/**
 * The run's content key: sha256 over the engine's code hash (engine-hash.ts), the engine
 * version and everything in the scenario that a job's bytes depend on (all of it but the
 * replication count and the file's hash, which covers the text as written, replications and
 * comments included: a job depends on neither), so more replications of the same scenario,
 * given with --replications or written in the file, reuse stored jobs, and any change (seed, an
 * arm, the engine's code) gets its own key.
 */
export function runKey(scenario: ScenarioConfig, engineHash: string): string {
  const content = JSON.stringify({ engine: ENGINE_VERSION, engineHash, scenario: { ...scenario, replications: null, hash: null } }, (_, v) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
  return createHash('sha256').update(content).digest('hex').slice(0, 32);
}

/** BullMQ job id: the content key and the job (BullMQ forbids `:` in ids). Adding an id twice is a no-op. */
export function jobId(key: string, job: Pick<Job, 'arm' | 'replication' | 'block'>): string {
  return `${key}-${job.arm}-${job.replication}-${job.block}`;
}

const runPart = (key: string, part: string) => `${PREFIX}:run:${key}:${part}`;
export const scenarioKey = (key: string) => runPart(key, 'scenario');
export const resultsKey = (key: string) => runPart(key, 'results');
export const totalsKey = (key: string) => runPart(key, 'totals');
export const mergedKey = (key: string) => runPart(key, 'merged');
export const holdersKey = (key: string) => runPart(key, 'holders');
export const refusedKey = (key: string) => runPart(key, 'refused');
export const leaseKey = (key: string) => runPart(key, 'lease');
export const claimKey = (key: string, job: Pick<Job, 'arm' | 'replication' | 'block'>) => runPart(key, `claim:${resultField(job)}`);
/** The keys that hold a run's data (claims expire on their own within their TTL). */
export const runKeys = (key: string) => [scenarioKey(key), resultsKey(key), totalsKey(key), mergedKey(key), holdersKey(key), refusedKey(key)];

/** A job's field: `arm.replication.block`. */
export const resultField = (job: Pick<Job, 'arm' | 'replication' | 'block'>) => `${job.arm}.${job.replication}.${job.block}`;
/** An (arm, replication)'s field: `arm.replication`. */
export const slotField = (job: Pick<Job, 'arm' | 'replication'>) => `${job.arm}.${job.replication}`;

/** A name for this process in Redis (`CLIENT SETNAME`: no spaces) and in messages: host, pid and a random tag. */
export function processId(host: string, pid: number, tag: string): string {
  return `${host}:${pid}:${tag}`.replace(/[^\w.:-]/g, '_');
}

/** Random bytes in a process's tag: 48 bits, so that two processes never share an id. */
export const TAG_BYTES = 6;

/**
 * A new id for a coordinator or worker: this host, this pid and a random tag of TAG_BYTES. The
 * tag tells apart processes of the same host and pid (every container's first process is pid 1,
 * and pods may share a hostname): a coordinator whose id another had would take that one's lease
 * as its own, and two would run the same run. 16 bits (the tag before) collided among 100 such
 * processes with a chance of 7 %; 48 bits, about 2 in 10^11.
 */
export function newProcessId(): string {
  return processId(hostname(), process.pid, randomBytes(TAG_BYTES).toString('hex'));
}
