/** Counter-based randomness: draws depend only on (seed, replication, card, day, stream) (docs/rules.md, Randomness). */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { compileArm, replicationKey, uniform } from '../../engine/index.ts';
import { bits, cardKey, mix32, uniformOf } from '../../engine/rng.ts';
import { TABLE_BITS } from '../../engine/dist.ts';
import * as B from '../helpers/build.ts';
import { differences, runEngine } from '../reference/engine.ts';
import { armArb } from '../reference/arbitrary.ts';

describe('rng', () => {
  it('the same (seed, replication) always gives the same key, and different replications differ', () => {
    expect(replicationKey('abc', 0)).toBe(replicationKey('abc', 0));
    expect(replicationKey('abc', 0)).not.toBe(replicationKey('abc', 1));
    expect(replicationKey('abc', 0)).not.toBe(replicationKey('abd', 0));
  });

  /** The kernel's day loops' hash (kernel.ts): mix32 without its last step. */
  function loopHash(x: number): number {
    let h = x;
    h ^= h >>> 16; h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
    return h;
  }
  /** The same, as the day loops compute it: mix32's first step done on the card key and the day key apart (Model.noiseDayMix). */
  function splitHash(card: number, day: number): number {
    let h = (card ^ (card >>> 16)) ^ (day ^ (day >>> 16));
    h = Math.imul(h, 0x7feb352d); h ^= h >>> 15; h = Math.imul(h, 0x846ca68b);
    return h;
  }

  it('the noise index (the top TABLE_BITS bits) of the day loops\' hash is mix32\'s: its last step changes only the low 16 bits', () => {
    expect(32 - TABLE_BITS).toBeGreaterThanOrEqual(16);
    // Hand-checked: the last step XORs h's top half into its bottom half.
    expect(mix32(0x12345678) ^ loopHash(0x12345678)).toBe(loopHash(0x12345678) >>> 16);
    for (let k = 0; k < 1 << 16; k++) {
      const x = Math.imul(k, 0x9e3779b1);
      expect(loopHash(x) >>> 20).toBe(mix32(x) >>> 20);
    }
  });

  test.prop([fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })])('mix32 and the day loops\' hash agree on the noise index for any 32-bit input', (x) => {
    expect(loopHash(x) >>> (32 - TABLE_BITS)).toBe(mix32(x) >>> (32 - TABLE_BITS));
    expect((loopHash(x) ^ mix32(x)) >>> 16).toBe(0);
  });

  test.prop([fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 })])(
    'the day loops\' hash of (card key, day key), its first step split between them, is mix32\'s of card ^ day on the noise index',
    (card, day) => {
      expect(splitHash(card, day)).toBe(loopHash(card ^ day));
      expect(splitHash(card, day) >>> 20).toBe(mix32(card ^ day) >>> 20);
    },
  );

  it('Model.noiseDayMix is each day key with mix32\'s first step applied', () => {
    const model = compileArm(B.arm());
    expect(model.noiseDayMix.length).toBe(model.noiseDayKey.length);
    for (let d = 0; d < model.days; d++) expect(model.noiseDayMix[d]).toBe(model.noiseDayKey[d] ^ (model.noiseDayKey[d] >>> 16));
  });

  test.prop([fc.integer(), fc.nat(1_000_000), fc.integer({ min: -1, max: 30000 }), fc.nat(11)])(
    'a draw is a pure function of (key, card, day, stream), strictly inside (0, 1)',
    (key, card, day, stream) => {
      const u = uniform(key, card, day, stream);
      expect(u).toBe(uniform(key, card, day, stream));
      expect(u).toBeGreaterThan(0);
      expect(u).toBeLessThan(1);
      expect(u).toBe((bits(key, card, day, stream) + 0.5) / 2 ** 32);
    },
  );

  it('draws are spread evenly: the mean of 100,000 draws is within 0.005 of 1/2 and every tenth gets 10 % ± 1 %', () => {
    const key = replicationKey('1', 0), bins = new Array(10).fill(0);
    let sum = 0;
    for (let card = 0; card < 1000; card++) for (let day = 0; day < 100; day++) {
      const u = uniform(key, card, day, 0);
      sum += u;
      bins[Math.floor(u * 10)]++;
    }
    expect(Math.abs(sum / 1e5 - 0.5)).toBeLessThan(0.005);
    for (const b of bins) expect(Math.abs(b / 1e5 - 0.1)).toBeLessThan(0.01);
  });

  test.prop([armArb, fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 40 })], { numRuns: 40 })(
    'results do not depend on how cards are cut into blocks (up to the rounding of the block sums)',
    (arm, a, b) => {
      expect(differences(runEngine(arm, 's', 0, a), runEngine(arm, 's', 0, b))).toEqual([]);
    },
  );

  it('a card sees the same draws whatever cards come before it', () => {
    // Card 0 of a lognormal cohort alone, and the same card as card 3 after a 3-card cohort of another
    // profile: its global index differs, so to compare, put the other cohort after it instead.
    const logn = B.constant(1, { name: 'logn', meanDailyMB: { kind: 'lognormal', median: 5, spread: 1 }, noise: { kind: 'lognormal', median: 1, spread: 0.5 } });
    const plans = [B.plan({ quotaMB: 100000 })];
    const alone = B.arm({ plans, profiles: [logn], cohorts: [B.cohort({ profile: 'logn' })] });
    const first = B.arm({ plans, profiles: [logn, B.constant(3)], cohorts: [B.cohort({ profile: 'logn' }), B.cohort({ name: 'd', count: 3, profile: 'const' })] });
    // Usage of `first` = card 0's usage + 3 cards × 3 MB × 59 days.
    expect(runEngine(first, 'x').metrics.usageMB - 3 * 3 * 59).toBeCloseTo(runEngine(alone, 'x').metrics.usageMB, 9);
  });
});

describe('the card key computed once (issue 17)', () => {
  test.prop([fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: 0, max: 2 ** 31 - 2 }), fc.integer({ min: -32768, max: 32767 }), fc.integer({ min: 0, max: 13 })])(
    'uniformOf(cardKey(key, card), day, stream) is uniform(key, card, day, stream)',
    (key, card, day, stream) => {
      expect(uniformOf(cardKey(key, card), day, stream)).toBe(uniform(key, card, day, stream));
    },
  );
});
