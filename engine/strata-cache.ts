import type { Sim } from './sim.ts';
import type { Model } from './model.ts';
import { mix32 } from './rng.ts';
import { LATTICE, STRATUM_CARDS, cellOf, groupKey, latticeCoordinate, latticeShift, latticeStep } from './strata.ts';

/**
 * The scratch behind strata.ts's cardDraw, mayDrawBelow, mayDrawAbove and mayDrawPast: the located
 * card's stratum group, its Feistel round tables per (index, stream), the marks of the cards whose
 * cells a draw below or above a threshold can lie in, and those marks for every index of a pair of
 * draws as per-card bits (mayPast).
 */

/** Indexes (invoice cycle, term, fault number) below this have their group's permutation cached. */
const CACHED_INDEXES = 256;
/** Streams (rng.ts Stream) below this have their group's permutation cached. */
const CACHED_STREAMS = 16;
/** Cache slots: (index mod 64, stream). */
const SLOTS = 64 * CACHED_STREAMS;
/** A slot's round tables: 4 Feistel rounds × 2^h values of the right half (h ≤ 3 in a group of ≤ 64 cards). */
const TABLE = 4 * 8;
/** Indexes held by mayPast's per-card table: 8 words of 32 bits per card of the group and draw. */
const PAST_WORDS = 8;
const PAST_INDEXES = PAST_WORDS * 32;

/**
 * Scratch of cardDraw, owned by a Sim: the stratum group of the last card asked for, and for
 * (index, stream) the Feistel round functions of the group's permutation (permute) tabulated: in
 * a group of n ≤ 64 cards each round maps h ≤ 3 bits, so 4 × 2^h values stand for 4 mix32 per
 * draw. Cards run one after another (kernel.ts), so a group's cards share each table: it is
 * filled once per group, not computed for each card. Each slot is stamped with its group and index.
 */
export class StrataCache {
  /** The block index of the card the group below is for; −1: none yet. */
  card = -1;
  /** The arm and replication key the tables below were made for (bind). */
  private model: Model | null = null;
  private key = 0;
  /** The group's first global card, its size, the card's place in it, and the Feistel half-width of the group (permute). */
  a = 0;
  n = 0;
  j = 0;
  h = 1;
  private readonly rounds = new Uint8Array(SLOTS * TABLE);
  private readonly stamps = new Float64Array(SLOTS).fill(-1);
  /** Per slot, two words: bit j set when the group's j-th card may draw below (or above) marked[slot] (mayLie); stamped like the round tables. */
  private readonly marks = new Uint32Array(SLOTS * 2);
  private readonly markStamps = new Float64Array(SLOTS).fill(-1);
  private readonly marked = new Float64Array(SLOTS);
  private readonly markedAbove = new Uint8Array(SLOTS);
  /** mayPast's table: per card j of the group, PAST_WORDS words of bits `index` set when the draw below may lie below its chance, then PAST_WORDS for the draw above; for the group `pastA` and the arguments below. */
  private readonly past = new Uint32Array(STRATUM_CARDS * 2 * PAST_WORDS);
  private pastA = -1;
  private pastCount = 0;
  private pastBelow = -1;
  private pastChance = NaN;
  private pastAbove = -1;
  private pastX = NaN;
  /** The located card's lattice coordinate (strata.ts latticeCoordinate, shared by every lattice stream); −1 until a lattice draw asks for it. */
  private coord = -1;
  /** Per lattice stream: its keyed shift for the group whose first card is shiftA[stream] (latticeShift), and its step for groups of stepN[stream] cards (latticeStep). */
  private readonly shift = new Int32Array(CACHED_STREAMS);
  private readonly shiftA = new Float64Array(CACHED_STREAMS).fill(-1);
  private readonly step = new Int32Array(CACHED_STREAMS);
  private readonly stepN = new Int32Array(CACHED_STREAMS);

  /**
   * Readies the cache for a Sim of `model` drawing with replication key `key`: no card located; the
   * tables kept when they are for the same model and key (they are stamped with the group's first
   * card, global), else all stale. One cache serves a range's batches one after another (jobs.ts runRange)
   * instead of each batch allocating its own.
   */
  bind(model: Model, key: number): void {
    this.card = -1;
    this.coord = -1;
    if (this.model === model && this.key === key) return;
    this.model = model;
    this.key = key;
    this.stamps.fill(-1);
    this.markStamps.fill(-1);
    this.shiftA.fill(-1);
    this.pastA = -1;
  }

  /** Finds card i's cohort (binary search) and stratum group. */
  locate(s: Sim, i: number): void {
    const g = s.fleet.first + i, cs = s.model.cohorts;
    let lo = 0, hi = cs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (cs[mid].start <= g) lo = mid;
      else hi = mid - 1;
    }
    const c0 = cs[lo].start, c1 = cs[lo].end, w = g - (g % STRATUM_CARDS);
    const a = w > c0 ? w : c0, b = w + STRATUM_CARDS < c1 ? w + STRATUM_CARDS : c1, n = b - a;
    this.card = i;
    this.a = a;
    this.n = n;
    this.j = g - a;
    this.h = n > 4 ? (33 - Math.clz32(n - 1)) >> 1 : 1;
    this.coord = -1;
  }

  /** cellOf(key, a, n, j, index, stream) for the located card. */
  cell(key: number, index: number, stream: number): number {
    if (index < 0 || index >= CACHED_INDEXES || stream >= CACHED_STREAMS || this.h > 3) return cellOf(key, this.a, this.n, this.j, index, stream);
    if (index === 0 && stream < LATTICE.length && LATTICE[stream] !== 0) return this.latticeCell(key, stream);
    const h = this.h, mask = (1 << h) - 1, n = this.n, t = this.rounds;
    const slot = ((index & 63) << 4) | stream, base = slot * TABLE, stamp = this.a * CACHED_INDEXES + index;
    if (this.stamps[slot] !== stamp) this.fill(key, index, stream, slot, stamp);
    let x = this.j;
    do {
      let l = x >>> h, r = x & mask, u = l ^ t[base + r];
      l = r; r = u; u = l ^ t[base + 8 + r];
      l = r; r = u; u = l ^ t[base + 16 + r];
      l = r; r = u; u = l ^ t[base + 24 + r];
      x = (r << h) | u;
    } while (x >= n);
    return x;
  }

  /**
   * cellOf's lattice cell (c·z + shift) mod n for the located card and a lattice stream below
   * CACHED_STREAMS: its coordinate c once per card, the stream's shift once per group and its step
   * once per group size, instead of two group keys, a permutation and a gcd search per draw (kept
   * out of cell, so that cell stays small enough to inline).
   */
  private latticeCell(key: number, stream: number): number {
    const n = this.n, a = this.a;
    if (this.coord < 0) this.coord = latticeCoordinate(key, a, n, this.j);
    if (this.stepN[stream] !== n) {
      this.step[stream] = latticeStep(n, stream);
      this.stepN[stream] = n;
    }
    if (this.shiftA[stream] !== a) {
      this.shift[stream] = latticeShift(key, a, n, stream);
      this.shiftA[stream] = a;
    }
    const z = this.step[stream];
    if (z === 0) return cellOf(key, a, n, this.j, 0, stream);
    return (this.coord * z + this.shift[stream]) % n;
  }

  /** mayDrawBelow (above: false) or mayDrawAbove (true) for the located card: whether its cell is among the lowest (highest) of its group's cells that a draw below (above) x can lie in. */
  mayLie(key: number, index: number, stream: number, x: number, above: boolean): boolean {
    if (this.n <= 1 || index < 0 || index >= CACHED_INDEXES || stream >= CACHED_STREAMS || this.h > 3 || (index === 0 && stream < LATTICE.length && LATTICE[stream] !== 0)) return true;
    const slot = ((index & 63) << 4) | stream, stamp = this.a * CACHED_INDEXES + index, j = this.j;
    if (this.markStamps[slot] !== stamp || this.marked[slot] !== x || this.markedAbove[slot] !== +above) this.mark(key, index, stream, x, above, slot, stamp);
    return ((this.marks[(slot << 1) | (j >>> 5)] >>> (j & 31)) & 1) !== 0;
  }

  /**
   * mayLie(key, index, below, chance, false) (bit 1) and mayLie(key, index, above, x, true) (bit 2)
   * for the located card, for indexes in [0, count) (else 3): the group's answers for every index
   * are tabulated per card when the group (or an argument) changes, so each card reads two table
   * bits, not two stamped slots. Cards run one after another, so a group's table is built once for its cards.
   */
  mayPast(key: number, count: number, index: number, below: number, chance: number, above: number, x: number): number {
    if (this.n <= 1 || index < 0 || index >= count || index >= PAST_INDEXES) return 3;
    if (this.pastA !== this.a || this.pastChance !== chance || this.pastX !== x || this.pastCount !== count || this.pastBelow !== below || this.pastAbove !== above) {
      this.tabulatePast(key, count, below, chance, above, x);
    }
    const at = this.j * 2 * PAST_WORDS + (index >>> 5), b = index & 31, t = this.past;
    return ((t[at] >>> b) & 1) | (((t[at + PAST_WORDS] >>> b) & 1) << 1);
  }

  /** Marks (mark) the located group's cards for (index, stream, x, above) unless its slot holds them already; false for mayLie's cases without marks (every card may). */
  private marksTo(key: number, index: number, stream: number, x: number, above: boolean, stamp: number): boolean {
    if (stream >= CACHED_STREAMS || this.h > 3 || (index === 0 && stream < LATTICE.length && LATTICE[stream] !== 0)) return false;
    const slot = ((index & 63) << 4) | stream;
    if (this.markStamps[slot] !== stamp || this.marked[slot] !== x || this.markedAbove[slot] !== +above) this.mark(key, index, stream, x, above, slot, stamp);
    return true;
  }

  /** Fills mayPast's table for the located card's group: each index's marks (mark) of both draws, turned into per-card bits. */
  private tabulatePast(key: number, count: number, below: number, chance: number, above: number, x: number): void {
    const n = this.n, t = this.past, top = Math.min(count, PAST_INDEXES);
    t.fill(0, 0, n * 2 * PAST_WORDS);
    for (let index = 0; index < top; index++) {
      const w = index >>> 5, bit = 1 << (index & 31);
      let lo = 0xffffffff, hi = 0xffffffff, loA = 0xffffffff, hiA = 0xffffffff;
      // mayLie's cases that answer true without marks (every card may) keep all bits set.
      const stamp = this.a * CACHED_INDEXES + index;
      if (this.marksTo(key, index, below, chance, false, stamp)) {
        const slot = ((index & 63) << 4) | below;
        lo = this.marks[slot << 1];
        hi = this.marks[(slot << 1) | 1];
      }
      if (this.marksTo(key, index, above, x, true, stamp)) {
        const slot = ((index & 63) << 4) | above;
        loA = this.marks[slot << 1];
        hiA = this.marks[(slot << 1) | 1];
      }
      for (let j = 0; j < n; j++) {
        const at = j * 2 * PAST_WORDS + w;
        if (((j < 32 ? lo >>> j : hi >>> (j - 32)) & 1) !== 0) t[at] |= bit;
        if (((j < 32 ? loA >>> j : hiA >>> (j - 32)) & 1) !== 0) t[at + PAST_WORDS] |= bit;
      }
    }
    this.pastA = this.a;
    this.pastCount = count;
    this.pastBelow = below;
    this.pastChance = chance;
    this.pastAbove = above;
    this.pastX = x;
  }

  /**
   * Marks the cards of the located card's group that may draw below x (above: those that may draw
   * above it). A draw (c + v) / n, 0 < v < 1, rounds to at least c / n and at most (c + 1) / n, so
   * a cell c with c / n ≥ x never draws below x, and one with (c + 1) / n ≤ x never above: the
   * other cells are the lowest k (the highest n − k). Each such cell's card is found by walking
   * the permutation backwards (the inverse Feistel rounds, cycle-walked while the value is
   * outside [0, n)). When more than a quarter of the cells may, every card is marked (the draw decides).
   */
  private mark(key: number, index: number, stream: number, x: number, above: boolean, slot: number, stamp: number): void {
    if (this.stamps[slot] !== stamp) this.fill(key, index, stream, slot, stamp);
    const n = this.n, h = this.h, mask = (1 << h) - 1, t = this.rounds, base = slot * TABLE, w = slot << 1;
    let k = 0;
    if (above) while (k < n && (k + 1) / n <= x) k++;
    else while (k < n && k / n < x) k++;
    const from = above ? k : 0, to = above ? n : k;
    if (to - from > n >> 2) {
      this.marks[w] = this.marks[w + 1] = 0xffffffff;
    } else {
      this.marks[w] = this.marks[w + 1] = 0;
      for (let c = from; c < to; c++) {
        let y = c;
        do {
          // Round r maps (l, r) to (r, l ^ T[r]); backwards, (L, R) came from (R ^ T[L], L).
          let l = y >>> h, r = y & mask, u = r ^ t[base + 24 + l];
          r = l; l = u; u = r ^ t[base + 16 + l];
          r = l; l = u; u = r ^ t[base + 8 + l];
          r = l; l = u; u = r ^ t[base + l];
          y = (u << h) | l;
        } while (y >= n);
        this.marks[w | (y >>> 5)] |= 1 << (y & 31);
      }
    }
    this.markStamps[slot] = stamp;
    this.marked[slot] = x;
    this.markedAbove[slot] = +above;
  }

  /** Tabulates permute()'s round function for this group's key, for every value of the right half (once per group, index and stream; kept out of cell so that cell stays small enough to inline). */
  private fill(key: number, index: number, stream: number, slot: number, stamp: number): void {
    const mask = (1 << this.h) - 1, t = this.rounds, base = slot * TABLE;
    const gk = groupKey(key, this.a, index, stream);
    for (let round = 1; round <= 4; round++) {
      for (let r = 0; r <= mask; r++) t[base + (round - 1) * 8 + r] = mix32(r ^ gk ^ Math.imul(round, 0x9e3779b9)) & mask;
    }
    this.stamps[slot] = stamp;
  }
}
