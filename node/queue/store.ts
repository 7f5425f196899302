import { createHash } from 'node:crypto';
import { endianness } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import type { Redis } from 'ioredis';
import { ENGINE_VERSION, type Job, type ScenarioConfig } from '../../engine/index.ts';

/**
 * What a run keeps in Redis besides BullMQ's own keys (`simlapse:jobs:*`), all under
 * `simlapse:run:<key>:`, where `<key>` is the run's content key:
 * - `scenario`: the scenario (v8 structured clone, as worker threads receive it) and the engine version;
 * - `results`: a hash from `arm.replication.block` to the job's Float64Array, raw bytes.
 * Both expire (TTL refreshed while the run is alive) and are deleted when the run's report is built.
 */
export const PREFIX = 'simlapse';
/** The BullMQ queue every coordinator and worker uses. */
export const QUEUE = 'jobs';
/** How long a run's scenario and results outlive the last sign of life from its coordinator or workers. [3 days] */
export const RUN_TTL_MS = 3 * 24 * 3600 * 1000;

// Results travel as the kernel's Float64Array bytes; every platform Node supports in practice is little-endian.
if (endianness() !== 'LE') throw new Error('simlapse queue: results are stored little-endian; this machine is big-endian');

/** The job data a worker receives: the run's content key and the job. */
export interface QueueJobData extends Job {
  key: string;
}

/** The scenario record workers fetch once per run and cache. */
export interface StoredScenario {
  engine: string;
  scenario: ScenarioConfig;
}

/**
 * The run's content key: sha256 over the engine version and everything in the scenario that
 * a job's bytes depend on (all of it but the replication count, which a job does not depend on),
 * so more replications of the same scenario reuse stored jobs, and any change (seed, an arm,
 * a sensitivity variant that keeps the file's hash) gets its own key.
 */
export function runKey(scenario: ScenarioConfig): string {
  const content = JSON.stringify({ engine: ENGINE_VERSION, scenario: { ...scenario, replications: null } }, (_, v) =>
    typeof v === 'number' && !Number.isFinite(v) ? String(v) : v,
  );
  return createHash('sha256').update(content).digest('hex').slice(0, 32);
}

/** BullMQ job id: the content key and the job (BullMQ forbids `:` in ids). Adding an id twice is a no-op. */
export function jobId(key: string, job: Job): string {
  return `${key}-${job.arm}-${job.replication}-${job.block}`;
}

export const scenarioKey = (key: string) => `${PREFIX}:run:${key}:scenario`;
export const resultsKey = (key: string) => `${PREFIX}:run:${key}:results`;
export const resultField = (job: Pick<Job, 'arm' | 'replication' | 'block'>) => `${job.arm}.${job.replication}.${job.block}`;

/** Stores the scenario for workers (idempotent: same key, same content) and (re)starts its TTL. */
export async function saveScenario(redis: Redis, key: string, scenario: ScenarioConfig, ttlMs = RUN_TTL_MS): Promise<void> {
  const record: StoredScenario = { engine: ENGINE_VERSION, scenario };
  await redis.multi().set(scenarioKey(key), serialize(record), 'PX', ttlMs).pexpire(resultsKey(key), ttlMs).exec();
}

/** The stored scenario, or null when the run was cleaned up or expired. */
export async function fetchScenario(redis: Redis, key: string): Promise<StoredScenario | null> {
  const bytes = await redis.getBuffer(scenarioKey(key));
  return bytes === null ? null : (deserialize(bytes) as StoredScenario);
}

// Only while the run exists: a late duplicate (a job thought stalled that finished anyway) after
// the run was cleaned up must not recreate its results hash.
const STORE_RESULT = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
return 1`;

/** Stores a job's result; false when the run no longer exists. Idempotent: the same job stores the same bytes. */
export async function storeResult(redis: Redis, key: string, job: Job, result: Float64Array, ttlMs = RUN_TTL_MS): Promise<boolean> {
  const bytes = Buffer.from(result.buffer, result.byteOffset, result.byteLength);
  return (await redis.eval(STORE_RESULT, 2, scenarioKey(key), resultsKey(key), resultField(job), bytes, ttlMs)) === 1;
}

/** One stored result, or null. */
export async function fetchResult(redis: Redis, key: string, job: Job): Promise<Float64Array | null> {
  const bytes = await redis.hgetBuffer(resultsKey(key), resultField(job));
  return bytes === null ? null : decodeResult(bytes);
}

/** Every stored result of a run, by field, scanned in batches (never one giant reply). */
export async function* scanResults(redis: Redis, key: string): AsyncGenerator<[string, Float64Array]> {
  let cursor = '0';
  do {
    const [next, flat] = await redis.hscanBuffer(resultsKey(key), cursor, 'COUNT', 500);
    cursor = next.toString();
    for (let i = 0; i < flat.length; i += 2) yield [flat[i].toString(), decodeResult(flat[i + 1])];
  } while (cursor !== '0');
}

/** Number of stored results. */
export function countResults(redis: Redis, key: string): Promise<number> {
  return redis.hlen(resultsKey(key));
}

/** Deletes a run's scenario and results. */
export async function deleteRun(redis: Redis, key: string): Promise<void> {
  await redis.del(scenarioKey(key), resultsKey(key));
}

/** A stored result's bytes as a Float64Array (copied: Redis buffers need not be 8-byte aligned). */
export function decodeResult(bytes: Buffer): Float64Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}
