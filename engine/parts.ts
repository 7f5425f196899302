/**
 * Tail parts: the last blocks of an arm's fleet cut into smaller parts, so that the last jobs of
 * a run balance across workers. A part is scheduling only: the block stays the unit of the merge
 * and of the batch means, and its result is the merge of its parts' results in part order,
 * whoever computes them (runJob in one thread merges them exactly as the pool does). The cuts are
 * a pure function of the arm's fleet and the scenario's blockSize, never of the worker count, so
 * the report's bytes do not depend on it. Cuts fall on the batch grid (engine/batches.ts), so a
 * part holds whole batches and no batch is simulated twice.
 */
import type { Model } from './model.ts';
import { planBatches } from './batches.ts';

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
 * A cut moves back to the batch grid (planBatches: so it never splits a pool), or to the block's
 * start when no grid cut lies between, and never crosses a block boundary.
 */
export function planParts(model: Model, blocks: Array<[number, number]>, blockSize: number, options: PartOptions = {}): number[][] {
  const { factor, minCards, minFraction } = { ...PART_DEFAULTS, ...options };
  const min = Math.max(minCards, Math.ceil(blockSize / minFraction)), grid = planBatches(model);
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
      else cut = gridAtOrBelow(grid, cut, a);
      after += x - cut;
      x = cut;
      cuts.push(cut);
    }
    out[k] = cuts.reverse();
  }
  return out;
}

/** The last grid cut at or before `cut`, or `a` when that is not after `a`. */
function gridAtOrBelow(grid: number[], cut: number, a: number): number {
  let lo = 0, hi = grid.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (grid[mid] <= cut) lo = mid;
    else hi = mid - 1;
  }
  return grid[lo] > a ? grid[lo] : a;
}

/**
 * A block's result from its parts' packed results (engine/batches.ts), in part order: the layout
 * vectors (the first `length` numbers) added element by element onto a zeroed array, then each
 * part's batch vectors in part order. The one merge of parts (runJob and the worker pool).
 */
export function mergeParts(results: Float64Array[], length: number): Float64Array {
  let size = length;
  for (const r of results) size += r.length - length;
  const total = new Float64Array(size);
  let at = length;
  for (const r of results) {
    for (let k = 0; k < length; k++) total[k] += r[k];
    total.set(r.subarray(length), at);
    at += r.length - length;
  }
  return total;
}
