import type { Redis } from 'ioredis';
import { mergeInOrder, type InOrder, type Job } from '../../engine/index.ts';
import { leaseKey, mergedKey, resultsKey, RUN_TTL_MS, slotField, totalsKey } from './keys.ts';
import { decodeResult } from './store.ts';

/** One (arm, replication) as the coordinator merged it: the same sums as its Collector. */
interface Slot extends InOrder {
  arm: number;
  replication: number;
  /** Each block's batch vectors (the engine's batch-means data, RunSession.split), by block. */
  batches: Float64Array[];
  /** `next` as last written to Redis. */
  saved: number;
}

/** A total to write to Redis: it holds blocks 0 … next−1; blocks from … next−1 are merged since the last checkpoint. */
export interface Checkpoint {
  arm: number;
  replication: number;
  total: Float64Array;
  next: number;
  from: number;
  /** The batch vectors of blocks 0 … next−1. */
  batches: Float64Array[];
}

/**
 * The coordinator's merged totals, kept beside its run session so they can be checkpointed to
 * Redis: per (arm, replication), blocks are added in block order as soon as every block before
 * them is in, by the engine's own mergeInOrder (as its Collector adds them), so a checkpointed
 * total is the Collector's total to the bit. Slots whose jobs the
 * caller's own ResultStore holds are not tracked (their results never come from Redis).
 */
export class MergedTotals {
  private readonly slots = new Map<string, Slot>();
  private readonly ignored = new Set<string>();

  /** `split`: a job's packed result as its layout vector and its batch vectors (RunSession.split); the batch vectors are kept with the totals so that resume gives the same batch-means intervals. */
  constructor(private readonly split: (job: Job, result: Float64Array) => { total: Float64Array; batches: Float64Array }) {}

  /** Leaves the (arm, replication) of `job` out. */
  ignore(job: Pick<Job, 'arm' | 'replication'>): void {
    this.ignored.add(slotField(job));
  }

  /** Whether the (arm, replication) of `job` is tracked. */
  tracks(job: Pick<Job, 'arm' | 'replication'>): boolean {
    return !this.ignored.has(slotField(job));
  }

  /** Starts a slot from a checkpointed total of its first `next` blocks. */
  restore(arm: number, replication: number, next: number, total: Float64Array, batches: Float64Array[]): void {
    this.slots.set(slotField({ arm, replication }), { arm, replication, total, next, early: new Map(), saved: next, batches: [...batches] });
  }

  /** Adds a block's result (a slot's blocks, each once). */
  add(job: Job, result: Float64Array): void {
    const field = slotField(job);
    if (this.ignored.has(field)) return;
    let slot = this.slots.get(field);
    if (!slot) this.slots.set(field, (slot = { arm: job.arm, replication: job.replication, total: null, next: 0, early: new Map(), saved: 0, batches: [] }));
    const { total, batches } = this.split(job, result);
    slot.batches[job.block] = batches;
    slot.early.set(job.block, total);
    mergeInOrder(slot);
  }

  /** The totals merged further since the last call (each then counts as written). */
  take(): Checkpoint[] {
    const out: Checkpoint[] = [];
    for (const s of this.slots.values()) {
      if (s.next === s.saved || s.total === null) continue;
      // A copy: the slot's total keeps growing while the checkpoint is written.
      out.push({ arm: s.arm, replication: s.replication, total: s.total.slice(), next: s.next, from: s.saved, batches: s.batches.slice(0, s.next) });
      s.saved = s.next;
    }
    return out;
  }

  /** Puts back totals that could not be written, to try again. */
  untake(points: Checkpoint[]): void {
    for (const p of points) {
      const s = this.slots.get(slotField(p));
      if (s) s.saved = Math.min(s.saved, p.from);
    }
  }
}

// Guarded by the lease (store.ts, lease.ts): only the run's coordinator writes totals and deletes merged blocks.
const WRITE = `
local v = redis.call('GET', KEYS[1])
if not v or string.sub(v, 1, string.len(ARGV[1])) ~= ARGV[1] then return 0 end
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[2], ARGV[2], ARGV[3])
  redis.call('HSET', KEYS[3], ARGV[2], ARGV[4])
  redis.call('PEXPIRE', KEYS[2], ARGV[5])
  redis.call('PEXPIRE', KEYS[3], ARGV[5])
end
if #ARGV > 5 then redis.call('HDEL', KEYS[4], unpack(ARGV, 6)) end
return 1`;
const DELETE_CHUNK = 500;

/**
 * Writes totals to Redis, each with its block count, then deletes the block results they hold,
 * if `holder` holds the run's lease (false, writing nothing more, as soon as it does not). A
 * total and its count are written in one step; the blocks' deletion may follow in several, so a
 * result below a slot's count can outlive a crash: readers skip it (readCheckpoint, jobState).
 */
export async function writeCheckpoint(redis: Redis, key: string, holder: string, points: Checkpoint[], ttlMs = RUN_TTL_MS): Promise<boolean> {
  const keys = [leaseKey(key), totalsKey(key), mergedKey(key), resultsKey(key)];
  for (const p of points) {
    const slot = slotField(p);
    const fields = Array.from({ length: p.next - p.from }, (_, i) => `${slot}.${p.from + i}`);
    const packed = pack(p.total, p.batches);
    const bytes = Buffer.from(packed.buffer, packed.byteOffset, packed.byteLength);
    for (let i = 0; i === 0 || i < fields.length; i += DELETE_CHUNK) {
      const head = i === 0 ? [slot, bytes, p.next] : [slot, '', ''];
      if ((await redis.eval(WRITE, keys.length, ...keys, `${holder}#`, ...head, ttlMs, ...fields.slice(i, i + DELETE_CHUNK))) !== 1) return false;
    }
  }
  return true;
}

/**
 * A checkpointed value: the total's length, the total, then for each of the `next` blocks the
 * length of its batch vectors and the vectors (a few dozen numbers a batch). They let a resumed
 * run give the same batch-means intervals as an uninterrupted one.
 */
function pack(total: Float64Array, batches: Float64Array[]): Float64Array {
  const out = new Float64Array(1 + total.length + batches.reduce((x, b) => x + 1 + b.length, 0));
  out[0] = total.length;
  out.set(total, 1);
  let at = 1 + total.length;
  for (const b of batches) {
    out[at] = b.length;
    out.set(b, at + 1);
    at += 1 + b.length;
  }
  return out;
}

function unpack(all: Float64Array, next: number): { total: Float64Array; batches: Float64Array[] } {
  const n = all[0];
  const total = all.slice(1, 1 + n);
  const batches: Float64Array[] = [];
  let at = 1 + n;
  for (let k = 0; k < next; k++) {
    const w = all[at];
    batches.push(all.slice(at + 1, at + 1 + w));
    at += 1 + w;
  }
  return { total, batches };
}

/** The checkpointed totals of a run: `arm.replication` → blocks merged, their total and their batch vectors. */
export async function readCheckpoint(redis: Redis, key: string): Promise<Map<string, { next: number; total: Float64Array; batches: Float64Array[] }>> {
  const counts = await redis.hgetall(mergedKey(key));
  const out = new Map<string, { next: number; total: Float64Array; batches: Float64Array[] }>();
  const fields = Object.keys(counts);
  for (let i = 0; i < fields.length; i += 100) {
    const chunk = fields.slice(i, i + 100);
    const totals = await redis.hmgetBuffer(totalsKey(key), ...chunk);
    chunk.forEach((f, j) => {
      const bytes = totals[j];
      if (bytes) out.set(f, { next: Number(counts[f]), ...unpack(decodeResult(bytes), Number(counts[f])) });
    });
  }
  return out;
}
