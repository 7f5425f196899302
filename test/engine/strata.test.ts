/** Stratified per-card draws (engine/strata.ts; docs/rules.md, Randomness). */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { Stream, cardKey, replicationKey, uniform } from '../../engine/rng.ts';
import { STRATUM_CARDS, cardDraw, mayDrawAbove, mayDrawBelow, mayDrawPast, permute, stratified } from '../../engine/strata.ts';
import { compileArm } from '../../engine/model.ts';
import { Sim } from '../../engine/sim.ts';
import { StrataCache } from '../../engine/strata-cache.ts';
import { manual } from '../../engine/renewal/manual.ts';
import { makeCalendar } from '../../engine/calendar.ts';
import * as B from '../helpers/build.ts';
import { MINIMAL, errorOf, parse } from '../scenarios/helpers.ts';
import { stratifies, streamSeed } from '../../engine/jobs.ts';

/** Stratum groups of the cohort [c0, c1): its cards in each aligned window of STRATUM_CARDS global indexes. */
function groups(c0: number, c1: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let a = c0; a < c1;) {
    const b = Math.min(c1, (Math.floor(a / STRATUM_CARDS) + 1) * STRATUM_CARDS);
    out.push([a, b]);
    a = b;
  }
  return out;
}

const STREAMS = Object.values(Stream);

describe('strata', () => {
  test.prop([fc.integer(), fc.integer({ min: 1, max: 3000 })], { numRuns: 60 })(
    'permute is a bijection on [0, n)',
    (key, n) => {
      const seen = new Uint8Array(n);
      let outside = 0;
      for (let j = 0; j < n; j++) {
        const p = permute(key, n, j);
        if (p >= 0 && p < n) seen[p]++;
        else outside++;
      }
      expect(outside).toBe(0);
      expect(seen.every((x) => x === 1)).toBe(true);
    },
  );

  test.prop([fc.integer(), fc.nat(3000), fc.integer({ min: 1, max: 2500 }), fc.constantFrom(...STREAMS), fc.integer({ min: -1, max: 40 })], { numRuns: 40 })(
    "each stratum group's draws fall one per cell: floor(u·n) is a permutation of [0, n), u strictly inside (0, 1)",
    (key, c0, count, stream, index) => {
      for (const [a, b] of groups(c0, c0 + count)) {
        const n = b - a, seen = new Uint8Array(n);
        let outside = 0;
        for (let g = a; g < b; g++) {
          const u = stratified(key, true, c0, c0 + count, g, index, stream);
          if (u > 0 && u < 1) seen[Math.floor(u * n)]++;
          else outside++;
        }
        expect(outside).toBe(0);
        expect(seen.every((x) => x === 1)).toBe(true);
      }
    },
  );

  test.prop([fc.integer(), fc.nat(100000), fc.integer({ min: 1, max: 5000 }), fc.constantFrom(...STREAMS), fc.integer({ min: -1, max: 40 })])(
    "with stratify off a draw is the card's plain keyed uniform; on, the same uniform placed in the card's cell",
    (key, c0, count, stream, index) => {
      const g = c0 + (count >> 1);
      const v = uniform(key, g, index, stream);
      expect(stratified(key, false, c0, c0 + count, g, index, stream)).toBe(v);
      const [a, b] = groups(c0, c0 + count).find(([a, b]) => a <= g && g < b)!;
      const u = stratified(key, true, c0, c0 + count, g, index, stream);
      expect(u * (b - a) - Math.floor(u * (b - a))).toBeCloseTo(v, 9);
    },
  );

  it("a card's stratified draw is uniform over replications (mean within 0.01 of 1/2, every tenth 10 % ± 1.5 %), for a lattice draw and a permuted one", () => {
    for (const [stream, index] of [[Stream.mean, 0], [Stream.renewLag, 3]]) {
      const bins = new Array(10).fill(0);
      let sum = 0;
      const R = 20000;
      for (let r = 0; r < R; r++) {
        const u = stratified(replicationKey('uniform', r), true, 100, 400, 217, index, stream);
        sum += u;
        bins[Math.floor(u * 10)]++;
      }
      expect(Math.abs(sum / R - 0.5)).toBeLessThan(0.01);
      for (const x of bins) expect(Math.abs(x / R - 0.1)).toBeLessThan(0.015);
    }
  });

  it('the stratum groups do not depend on the block: the same card gets the same draw however the fleet is cut', () => {
    const key = replicationKey('blocks', 0);
    // Cohort [30, 200) crosses the windows of 64 cards: groups [30, 64), [64, 128), [128, 192), [192, 200).
    expect(STRATUM_CARDS).toBe(64);
    expect(groups(30, 200)).toEqual([[30, 64], [64, 128], [128, 192], [192, 200]]);
    const a = stratified(key, true, 30, 200, 100, 0, Stream.mean);
    // Only the cohort's bounds and the card's global index enter: a cohort ending in another window gives card 100 the same draw.
    expect(stratified(key, true, 30, 150, 100, 0, Stream.mean)).toBe(a);
    expect(stratified(key, true, 30, 120, 100, 0, Stream.mean)).not.toBe(a);
  });

  test.prop([
    fc.array(fc.integer({ min: 1, max: 150 }), { minLength: 1, maxLength: 4 }), fc.nat(200), fc.boolean(),
    fc.array(fc.tuple(fc.nat(1000), fc.constantFrom(-1, 0, 1, 2, 254, 255, 256, 300), fc.constantFrom(...STREAMS)), { minLength: 1, maxLength: 80 }),
  ], { numRuns: 40 })(
    "cardDraw (a block's card, cohort found, group keys, lattice coordinates, shifts and steps cached) is stratified() of the card's global index, in any order of cards, indexes and streams",
    (counts, first, stratify, asks) => {
      const model = compileArm(B.arm({ cohorts: counts.map((count, k) => B.cohort({ name: `c${k}`, count })) }));
      const total = counts.reduce((a, b) => a + b, 0), lo = Math.min(first, total - 1), size = total - lo;
      const s = new Sim(model, { seed: 'draws', stratify }, 0, lo, size);
      for (let i = 0; i < size; i++) s.fleet.key[i] = cardKey(s.key, lo + i);
      for (const [x, index, stream] of asks) {
        const i = x % size, g = lo + i, c = model.cohorts.find((c) => c.start <= g && g < c.end)!;
        expect(cardDraw(s, i, index, stream)).toBe(stratified(s.key, stratify, c.start, c.end, g, index, stream));
      }
    },
  );

  test.prop([
    fc.array(fc.integer({ min: 1, max: 150 }), { minLength: 1, maxLength: 3 }),
    fc.array(fc.tuple(fc.nat(3), fc.nat(1000), fc.constantFrom(0, 1, 2, 36, 255, 256), fc.constantFrom(...STREAMS), fc.constantFrom(0.02, 1 / 64, 0.5, 0.85)), { minLength: 1, maxLength: 60 }),
  ], { numRuns: 40 })(
    "one StrataCache shared by Sims asked one after another (jobs.ts runRange's batches: the same arm and key; or another replication, seed or arm) gives each Sim its own cache's draws and marks",
    (counts, asks) => {
      const cohorts = counts.map((count, k) => B.cohort({ name: `c${k}`, count })), total = counts.reduce((a, b) => a + b, 0);
      const models = [compileArm(B.arm({ cohorts })), compileArm(B.arm({ cohorts: [...cohorts].reverse() }))];
      const shared = new StrataCache();
      // Four Sims: two halves of the fleet (same arm and key), another replication, another arm; each made anew before it is asked.
      const specs = [
        { model: 0, rep: 0, lo: 0, hi: Math.ceil(total / 2) }, { model: 0, rep: 0, lo: Math.floor(total / 2), hi: total },
        { model: 0, rep: 1, lo: 0, hi: total }, { model: 1, rep: 0, lo: 0, hi: total },
      ];
      const make = (k: number, strata?: StrataCache) => {
        const { model, rep, lo, hi } = specs[k], s = new Sim(models[model], { seed: 'shared', stratify: true }, rep, lo, hi - lo, null, strata);
        for (let i = 0; i < hi - lo; i++) s.fleet.key[i] = cardKey(s.key, lo + i);
        return s;
      };
      for (const [k, x, index, stream, chance] of asks) {
        const s = make(k, shared), own = make(k), i = x % s.fleet.size;
        expect(mayDrawPast(s, i, index, 36, stream, chance, Stream.payDelay, chance)).toBe(mayDrawPast(own, i, index, 36, stream, chance, Stream.payDelay, chance));
        expect(mayDrawBelow(s, i, index, stream, chance)).toBe(mayDrawBelow(own, i, index, stream, chance));
        expect(cardDraw(s, i, index, stream)).toBe(cardDraw(own, i, index, stream));
      }
    },
  );

  it("cardDraw's once-per-card lattice draws (index 0: mean, runaway onset, factor and duration, term spread, deploy) are stratified()'s for every card, asked card by card, streams interleaved, and again in reverse", () => {
    // Cohorts [0, 30) and [30, 200): groups of 30, 34, 64, 64 and 8 cards, so the cached coordinate, shifts and steps change with the card, the group and the group's size.
    const model = compileArm(B.arm({ cohorts: [B.cohort({ name: 'a', count: 30 }), B.cohort({ name: 'b', count: 170 })] }));
    const s = new Sim(model, { seed: 'lattice', stratify: true }, 0, 0, 200);
    for (let i = 0; i < 200; i++) s.fleet.key[i] = cardKey(s.key, i);
    const lattice = [Stream.mean, Stream.runOnset, Stream.runFactor, Stream.runDuration, Stream.termSpread, Stream.deploy];
    const cards = Array.from({ length: 200 }, (_, i) => i);
    let asked = 0;
    for (const order of [cards, [...cards].reverse()]) {
      for (const i of order) {
        const c = i < 30 ? [0, 30] : [30, 200];
        for (const stream of lattice) {
          expect(cardDraw(s, i, 0, stream)).toBe(stratified(s.key, true, c[0], c[1], i, 0, stream));
          asked++;
        }
      }
    }
    expect(asked).toBe(2400);
  });

  it('mayDrawBelow marks in a group of 64 cards exactly the cards of the cells a draw below the chance can lie in: 2 for 0.02 (cells 0 and 1, 0.02·64 = 1.28), 1 for exactly 1/64, all 64 above a quarter of the cells', () => {
    const model = compileArm(B.arm({ cohorts: [B.cohort({ count: 64 })] }));
    const s = new Sim(model, { seed: 'low', stratify: true }, 0, 0, 64);
    for (let i = 0; i < 64; i++) s.fleet.key[i] = cardKey(s.key, i);
    const marked = (index: number, chance: number) => {
      const out: number[] = [];
      for (let i = 0; i < 64; i++) if (mayDrawBelow(s, i, index, Stream.payMiss, chance)) out.push(i);
      return out;
    };
    const inCells = (index: number, cells: number) => {
      const out: number[] = [];
      for (let i = 0; i < 64; i++) if (Math.floor(cardDraw(s, i, index, Stream.payMiss) * 64) < cells) out.push(i);
      return out;
    };
    for (const index of [1, 7, 64, 65]) {
      expect(marked(index, 0.02)).toEqual(inCells(index, 2));
      expect(marked(index, 0.02)).toHaveLength(2);
      expect(marked(index, 1 / 64)).toEqual(inCells(index, 1));
      expect(marked(index, 1 / 64)).toHaveLength(1);
      expect(marked(index, 0.3)).toHaveLength(64);
    }
  });

  it('mayDrawAbove marks in a group of 64 cards exactly the cards of the cells a draw above x can lie in: 10 for 0.85 (cells 54–63, 55/64 = 0.859), 1 for 63/64, all 64 below three quarters', () => {
    const model = compileArm(B.arm({ cohorts: [B.cohort({ count: 64 })] }));
    const s = new Sim(model, { seed: 'high', stratify: true }, 0, 0, 64);
    for (let i = 0; i < 64; i++) s.fleet.key[i] = cardKey(s.key, i);
    const marked = (index: number, x: number) => {
      const out: number[] = [];
      for (let i = 0; i < 64; i++) if (mayDrawAbove(s, i, index, Stream.payDelay, x)) out.push(i);
      return out;
    };
    const fromCell = (index: number, cell: number) => {
      const out: number[] = [];
      for (let i = 0; i < 64; i++) if (Math.floor(cardDraw(s, i, index, Stream.payDelay) * 64) >= cell) out.push(i);
      return out;
    };
    for (const index of [1, 7, 64, 65]) {
      expect(marked(index, 0.85)).toEqual(fromCell(index, 54));
      expect(marked(index, 0.85)).toHaveLength(10);
      expect(marked(index, 63 / 64)).toEqual(fromCell(index, 63));
      expect(marked(index, 0.7)).toHaveLength(64);
    }
  });

  test.prop([
    fc.array(fc.integer({ min: 1, max: 150 }), { minLength: 1, maxLength: 4 }), fc.nat(200), fc.boolean(),
    fc.array(fc.tuple(fc.nat(1000), fc.constantFrom(-1, 0, 1, 2, 63, 64, 255, 256), fc.constantFrom(...STREAMS), fc.constantFrom(0.001, 0.02, 1 / 64, 0.05, 0.25, 0.5, 0.85, 63 / 64, 0.99, -1), fc.double({ min: 0, max: 1, noNaN: true })), { minLength: 1, maxLength: 120 }),
  ], { numRuns: 60 })(
    'mayDrawBelow(…) && cardDraw(…) < x is cardDraw(…) < x, and !mayDrawAbove(…) || cardDraw(…) <= x is cardDraw(…) <= x, for any cards, groups, indexes, streams and chances, in any order',
    (counts, first, stratify, asks) => {
      const model = compileArm(B.arm({ cohorts: counts.map((count, k) => B.cohort({ name: `c${k}`, count })) }));
      const total = counts.reduce((a, b) => a + b, 0), lo = Math.min(first, total - 1), size = total - lo;
      const s = new Sim(model, { seed: 'below', stratify }, 0, lo, size);
      for (let i = 0; i < size; i++) s.fleet.key[i] = cardKey(s.key, lo + i);
      for (const [x, index, stream, fixed, any] of asks) {
        const i = x % size;
        for (const chance of [fixed, any]) {
          const below = cardDraw(s, i, index, stream) < chance;
          expect(mayDrawBelow(s, i, index, stream, chance) && cardDraw(s, i, index, stream) < chance).toBe(below);
          const atMost = cardDraw(s, i, index, stream) <= chance;
          expect(!mayDrawAbove(s, i, index, stream, chance) || cardDraw(s, i, index, stream) <= chance).toBe(atMost);
        }
      }
    },
  );

  test.prop([
    fc.array(fc.integer({ min: 1, max: 150 }), { minLength: 1, maxLength: 4 }), fc.nat(200), fc.boolean(), fc.constantFrom(1, 2, 37, 64, 65, 256, 300),
    fc.array(fc.tuple(fc.nat(1000), fc.constantFrom(-1, 0, 1, 2, 31, 32, 36, 63, 64, 255, 256, 299), fc.constantFrom(...STREAMS), fc.constantFrom(...STREAMS),
      fc.constantFrom(0, 0.02, 1 / 64, 0.25, 1, -1), fc.constantFrom(0.85, 63 / 64, 0.5, 1, -1, 0)), { minLength: 1, maxLength: 150 }),
  ], { numRuns: 60 })(
    'mayDrawPast(…) is mayDrawBelow(…) (bit 1) and mayDrawAbove(…) (bit 2) for an index in [0, count) (else 3), and a clear bit means the draw below is at least the chance (the one above at most x), for any cards, groups, indexes, counts, streams and thresholds, in any order',
    (counts, first, stratify, count, asks) => {
      const model = compileArm(B.arm({ cohorts: counts.map((n, k) => B.cohort({ name: `c${k}`, count: n })) }));
      const total = counts.reduce((a, b) => a + b, 0), lo = Math.min(first, total - 1), size = total - lo;
      const s = new Sim(model, { seed: 'either', stratify }, 0, lo, size);
      for (let i = 0; i < size; i++) s.fleet.key[i] = cardKey(s.key, lo + i);
      for (const [x, index, below, above, chance, limit] of asks) {
        const i = x % size;
        const past = mayDrawPast(s, i, index, count, below, chance, above, limit), out = index < 0 || index >= count;
        // Outside [0, count) both bits are set (may: the draws decide).
        expect(past & 1).toBe(out || mayDrawBelow(s, i, index, below, chance) ? 1 : 0);
        expect(past & 2).toBe(out || mayDrawAbove(s, i, index, above, limit) ? 2 : 0);
        if ((past & 1) === 0) expect(cardDraw(s, i, index, below)).toBeGreaterThanOrEqual(chance);
        if ((past & 2) === 0) expect(cardDraw(s, i, index, above)).toBeLessThanOrEqual(limit);
        if (past === 0) {
          expect(cardDraw(s, i, index, below)).toBeGreaterThanOrEqual(chance);
          expect(cardDraw(s, i, index, above)).toBeLessThanOrEqual(limit);
        }
      }
    },
  );

  it("mayDrawPast in a group of 64 cards at the bench payer's thresholds (miss 0.02, quiet 0.85) marks the cards of cells 0–1 and 54–63: 12 cards, and all 64 for an index outside [0, count)", () => {
    const model = compileArm(B.arm({ cohorts: [B.cohort({ count: 64 })] }));
    const s = new Sim(model, { seed: 'either64', stratify: true }, 0, 0, 64);
    for (let i = 0; i < 64; i++) s.fleet.key[i] = cardKey(s.key, i);
    for (const index of [1, 20, 36]) {
      const marked: number[] = [], inCells: number[] = [];
      for (let i = 0; i < 64; i++) {
        if (mayDrawPast(s, i, index, 37, Stream.payMiss, 0.02, Stream.payDelay, 0.85) !== 0) marked.push(i);
        const miss = Math.floor(cardDraw(s, i, index, Stream.payMiss) * 64), pay = Math.floor(cardDraw(s, i, index, Stream.payDelay) * 64);
        if (miss < 2 || pay >= 54) inCells.push(i);
      }
      expect(marked).toEqual(inCells);
      expect(marked.length).toBeGreaterThanOrEqual(10);
      expect(marked.length).toBeLessThanOrEqual(12);
    }
    for (let i = 0; i < 64; i++) expect(mayDrawPast(s, i, 37, 37, Stream.payMiss, 0.02, Stream.payDelay, 0.85)).toBe(3);
    // Each argument is part of the table's stamp: asked in turn with other arguments, the group's answers follow them (mayDrawBelow || mayDrawAbove as the oracle).
    const asked = (index: number, n: number, below: number, chance: number, above: number, x: number) => {
      const out: boolean[] = [];
      for (let i = 0; i < 64; i++) {
        const e = mayDrawPast(s, i, index, n, below, chance, above, x);
        expect(e).toBe(index >= n ? 3 : (mayDrawBelow(s, i, index, below, chance) ? 1 : 0) | (mayDrawAbove(s, i, index, above, x) ? 2 : 0));
        out.push(e !== 0);
      }
      return out.filter(Boolean).length;
    };
    const P = Stream.payMiss, Q = Stream.payDelay, N = Stream.noise;
    expect([asked(5, 37, P, 0.3, Q, 0.85), asked(5, 37, P, 0.02, Q, 0.85), asked(5, 37, P, 0.02, Q, 0.7), asked(5, 37, P, 0.02, Q, 0.85), asked(5, 5, P, 0.02, Q, 0.85)]).toEqual([64, 12, 64, 12, 64].map((k, j) => (k === 12 ? asked(5, 37, P, 0.02, Q, 0.85) : k)));
    asked(5, 37, N, 0.02, Q, 0.85);
    asked(5, 37, P, 0.02, N, 0.85);
    asked(5, 37, P, 0.02, Q, 0.85);
    asked(1, 5, P, 0.3, Q, 0.85);
    asked(1, 5, P, 0.02, Q, 0.85);
    asked(5, 37, P, 0.02, Q, 0.85);
  });

  it('manual renewal draws are keyed on the term index, not the expiry day: the lag is the same for any expiry, and another term draws anew', () => {
    const renewal = { kind: 'manual' as const, lagDays: { kind: 'uniform' as const, min: -1000, max: 1000 }, forgetChance: 0 };
    const model = compileArm(B.arm({
      months: 120,
      plans: [B.plan({ term: { months: 12, price: 50 } })],
      policies: B.policies({ renewal }),
    }));
    const s = new Sim(model, { seed: 'terms', stratify: true }, 0, 0, 1);
    const lag = (expiry: number, term: number) => {
      s.fleet.expiry[0] = expiry;
      s.fleet.term[0] = term;
      return manual.renewalDay(s, 0, -1, renewal) - expiry;
    };
    expect(lag(1500, 2)).toBe(lag(3000, 2));
    const lags = new Set([0, 1, 2, 3, 4, 5].map((t) => lag(2000, t)));
    expect(lags.size).toBeGreaterThan(3);
  });

  it("an invoice's index is its billing cycle: 0 from day 0, +1 at each later anchor day", () => {
    const cal = makeCalendar('2026-01-15', 3, 1);
    // Day 0 is Jan 15; Feb 1 is day 17, Mar 1 is day 45, Apr 1 is day 76.
    expect([cal.cycle[0], cal.cycle[16], cal.cycle[17], cal.cycle[44], cal.cycle[45], cal.cycle[76]]).toEqual([0, 0, 1, 1, 2, 3]);
  });
});

describe('the scenario keys commonRandomNumbers and stratify', () => {
  it('default to true; false loads; another value or an arm override is refused with the field named', () => {
    expect([parse(MINIMAL).commonRandomNumbers, parse(MINIMAL).stratify]).toEqual([true, true]);
    const off = parse(MINIMAL + 'stratify: false\ncommonRandomNumbers: false\n');
    expect([off.commonRandomNumbers, off.stratify]).toEqual([false, false]);
    expect(errorOf(MINIMAL + 'stratify: 1\n')).toBe('test.yaml:11:11: stratify: expected true or false, got 1');
    expect(errorOf(MINIMAL + 'arms:\n  - name: a\n  - name: b\n    stratify: false\n')).toMatch(/^test\.yaml:14:5: arms\[1\]\.stratify: cannot be overridden by an arm/);
  });

  it('each arm draws from the seed, or from its own with commonRandomNumbers off; a pool in any arm turns stratification off for every arm', () => {
    const a = B.arm(), pooled = { ...a, name: 'pooled', cohorts: [B.cohort({ count: 4, poolSize: 2 })] };
    const s = B.scenario([a, a], { seed: 'x' });
    expect([streamSeed(s, 1), streamSeed({ ...s, commonRandomNumbers: false }, 1)]).toEqual([{ seed: 'x', stratify: true }, { seed: 'x#arm1', stratify: true }]);
    expect(stratifies({ ...s, stratify: false })).toBe(false);
    expect(stratifies(B.scenario([a, pooled]))).toBe(false);
  });
});
