/**
 * Tail parts: the last blocks of an arm's fleet cut into smaller parts, so that the last jobs of
 * a run balance across workers. A part is scheduling only: the block stays the unit of the merge
 * and of the batch means, and its result is the merge of its parts' results in part order,
 * whoever computes them (runJob in one thread merges them exactly as the pool does). The cuts are
 * a pure function of the arm's fleet and the scenario's blockSize, never of the worker count, so
 * the report's bytes do not depend on it.
 */
import type { Model } from './model.ts';
import { poolAround } from './model.ts';

export interface PartOptions {
  /** A tail part holds at most 1/`factor` of the cards after it (the later parts of the fleet), so that with up to about `factor` workers the last parts finish near together. [default: 8] */
  factor?: number;
  /** The smallest part, in cards: max(`minCards`, blockSize ÷ `minFraction`). Blocks shorter than two such parts are never cut. [default: 256] */
  minCards?: number;
  /** [default: 32] */
  minFraction?: number;
}

export const PART_DEFAULTS: Required<PartOptions> = { factor: 8, minCards: 256, minFraction: 32 };

/**
 * Each block's cut points `[start, …, end]` (two entries: the block is not cut). Walking back from
 * the fleet's end, a part holds max(min part, ⌈cards after it ÷ factor⌉) cards, so parts grow
 * geometrically from the end until a part would be a whole block; blocks before that stay whole.
 * A cut never splits a pool (it moves to the pool's start) and never crosses a block boundary.
 */
export function planParts(model: Model, blocks: Array<[number, number]>, blockSize: number, options: PartOptions = {}): number[][] {
  const { factor, minCards, minFraction } = { ...PART_DEFAULTS, ...options };
  const min = Math.max(minCards, Math.ceil(blockSize / minFraction));
  const out: number[][] = blocks.map(([a, b]) => [a, b]);
  let after = 0;
  for (let k = blocks.length - 1; k >= 0; k--) {
    const [a, b] = blocks[k];
    const cuts = [b];
    let x = b;
    while (x > a) {
      const size = Math.max(min, Math.ceil(after / factor));
      let cut = x - size;
      if (cut < a + min) cut = a; // no part smaller than the minimum at the block's start
      else cut = poolStart(model, cut);
      after += x - cut;
      x = cut;
      cuts.push(cut);
    }
    out[k] = cuts.reverse();
  }
  return out;
}

/** The cut moved back to the start of the pool it would split (a pool never straddles parts). */
function poolStart(model: Model, cut: number): number {
  const c = model.cohorts.find((c) => c.start < cut && cut < c.end);
  if (!c || !c.pools) return cut;
  return poolAround(c.pools, cut)[0];
}

/**
 * A block's result from its parts' results, in part order: the first part's array, then each
 * next one added element by element. The one merge of parts (runJob and the worker pool).
 */
export function mergeParts(results: Float64Array[]): Float64Array {
  const total = results[0];
  for (let p = 1; p < results.length; p++) {
    const r = results[p];
    for (let k = 0; k < total.length; k++) total[k] += r[k];
  }
  return total;
}
