import { endianness } from 'node:os';
import { deserialize, serialize } from 'node:v8';
import type { Redis } from 'ioredis';
import { ENGINE_VERSION, type Job, type ScenarioConfig } from '../../engine/index.ts';
import type { EngineHash } from './engine-hash.ts';
import {
  claimKey, holdersKey, leaseKey, mergedKey, resultField, resultsKey, RUN_TTL_MS, runKeys, RUNS, scenarioKey, slotField,
} from './keys.ts';

// Results travel as the kernel's Float64Array bytes; every platform Node supports in practice is little-endian.
if (endianness() !== 'LE') throw new Error('simlapse queue: results are stored little-endian; this machine is big-endian');

/** The job data a worker receives: the run's content key, the engine id that must compute it, and the job. */
export interface QueueJobData extends Job {
  key: string;
  /** EngineHash.id of the coordinator that planned the job. */
  engine: string;
}

/** The scenario record workers fetch once per run and cache. */
export interface StoredScenario {
  /** ENGINE_VERSION of the coordinator. */
  engine: string;
  /** EngineHash.hash of the coordinator. */
  engineHash: string;
  scenario: ScenarioConfig;
}

/** An entry of the `simlapse:runs` hash. */
export interface RunEntry {
  /** EngineHash.id the run needs. */
  engine: string;
  /** The scenario's name. */
  name: string;
  /** When its coordinator started, ms since the epoch. */
  since: number;
}

/** Stores the scenario for workers (idempotent: same key, same content), lists the run, and (re)starts its keys' TTL. */
export async function saveScenario(redis: Redis, key: string, scenario: ScenarioConfig, engine: EngineHash, ttlMs = RUN_TTL_MS): Promise<void> {
  const record: StoredScenario = { engine: ENGINE_VERSION, engineHash: engine.hash, scenario };
  const entry: RunEntry = { engine: engine.id, name: scenario.name ?? '', since: Date.now() };
  await redis.multi().set(scenarioKey(key), serialize(record), 'PX', ttlMs).hset(RUNS, key, JSON.stringify(entry)).exec();
  await touchRun(redis, key, ttlMs);
}

/** Restarts the TTL of every key of the run. */
export async function touchRun(redis: Redis, key: string, ttlMs = RUN_TTL_MS): Promise<void> {
  const m = redis.multi();
  for (const k of runKeys(key)) m.pexpire(k, ttlMs);
  await m.exec();
}

/** The stored scenario, or null when the run was cleaned up or expired. */
export async function fetchScenario(redis: Redis, key: string): Promise<StoredScenario | null> {
  const bytes = await redis.getBuffer(scenarioKey(key));
  return bytes === null ? null : (deserialize(bytes) as StoredScenario);
}

/** The runs listed in Redis whose scenario is still there (an expired run's entry is skipped). */
export async function listRuns(redis: Redis): Promise<Array<{ key: string } & RunEntry>> {
  const all = await redis.hgetall(RUNS);
  const keys = Object.keys(all);
  if (keys.length === 0) return [];
  const live = await Promise.all(keys.map((k) => redis.exists(scenarioKey(k))));
  return keys.filter((_, i) => live[i] === 1).map((key) => ({ key, ...(JSON.parse(all[key]) as RunEntry) }));
}

/** What a worker finds before computing a job. */
export type JobState = 'gone' | 'done' | 'todo';

// gone: the run no longer exists (built and cleaned up, or expired); done: stored, or merged into a checkpointed total.
const JOB_STATE = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 2 end
if tonumber(ARGV[3]) < tonumber(redis.call('HGET', KEYS[3], ARGV[2]) or '0') then return 2 end
return 1`;

/** Whether a job is still to compute. */
export async function jobState(redis: Redis, key: string, job: Job): Promise<JobState> {
  const r = await redis.eval(JOB_STATE, 3, scenarioKey(key), resultsKey(key), mergedKey(key), resultField(job), slotField(job), job.block);
  return r === 0 ? 'gone' : r === 2 ? 'done' : 'todo';
}

// Stores only while the run exists and the block is not merged into a checkpointed total: a late
// duplicate (a job thought stalled that finished anyway) must not recreate a deleted result.
// Releases the worker's claim (if still its own) and clears the job's holder, in the same step.
const STORE_RESULT = `
local function release()
  if redis.call('GET', KEYS[4]) == ARGV[6] then redis.call('DEL', KEYS[4]) end
  redis.call('HDEL', KEYS[5], ARGV[1])
end
if redis.call('EXISTS', KEYS[1]) == 0 then release() return 0 end
if tonumber(ARGV[5]) < tonumber(redis.call('HGET', KEYS[3], ARGV[4]) or '0') then release() return 2 end
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
release()
return 1`;

/**
 * Stores a job's result and releases `claim` (the value this worker claimed the job with):
 * 'stored', 'merged' (already in a checkpointed total: nothing stored) or 'gone' (the run no
 * longer exists). Idempotent: the same job stores the same bytes.
 */
export async function storeResult(redis: Redis, key: string, job: Job, result: Float64Array, claim: string, ttlMs = RUN_TTL_MS): Promise<'stored' | 'merged' | 'gone'> {
  const bytes = Buffer.from(result.buffer, result.byteOffset, result.byteLength);
  const r = await redis.eval(
    STORE_RESULT, 5, scenarioKey(key), resultsKey(key), mergedKey(key), claimKey(key, job), holdersKey(key),
    resultField(job), bytes, ttlMs, slotField(job), job.block, claim,
  );
  return r === 1 ? 'stored' : r === 2 ? 'merged' : 'gone';
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

/** Number of stored block results (those not yet merged into a checkpointed total). */
export function countResults(redis: Redis, key: string): Promise<number> {
  return redis.hlen(resultsKey(key));
}

// Only the coordinator holding the run's lease deletes it.
const DELETE_RUN = `
local v = redis.call('GET', KEYS[1])
if not v or string.sub(v, 1, string.len(ARGV[1])) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1], unpack(KEYS, 3))
redis.call('HDEL', KEYS[2], ARGV[2])
return 1`;

/**
 * Deletes a run's keys and its entry in `simlapse:runs`, if the lease is held by `holder`
 * (lease.ts: its value starts `holder#`); false, deleting nothing, if another holds it.
 */
export async function deleteRun(redis: Redis, key: string, holder: string): Promise<boolean> {
  const keys = [leaseKey(key), RUNS, ...runKeys(key)];
  return (await redis.eval(DELETE_RUN, keys.length, ...keys, `${holder}#`, key)) === 1;
}

/** A stored result's bytes as a Float64Array (copied: Redis buffers need not be 8-byte aligned). */
export function decodeResult(bytes: Buffer): Float64Array {
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float64Array(copy.buffer);
}
