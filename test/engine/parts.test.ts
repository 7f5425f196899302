import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileArm, jobParts, mergeParts, PART_DEFAULTS, planBlocks, planJobs, planParts, runJob } from '../../engine/index.ts';
import { arm, cohort, scenario } from '../helpers/build.ts';
import { benchScenario } from '../../bench/fleet.ts';

const modelOf = (cards: number, poolSize = 0) => compileArm(arm({ cohorts: [cohort({ count: cards, poolSize })] }));

describe('tail parts', () => {
  it('cut the last block of a 100,000-card fleet (blocks of 16,384) into parts of 672, 512 and 512 cards, and leave the head of a long fleet whole', () => {
    const model = modelOf(100000);
    const blocks = planBlocks(model, 16384);
    const cuts = planParts(model, blocks, 16384);
    // The smallest part: max(256, 16384 / 32) = 512 cards. From the end: 512, 512, then 160 cards
    // are left, fewer than a part, so they join the block's first part (672).
    expect(cuts[6]).toEqual([98304, 98976, 99488, 100000]);
    // Before the tail, blocks stay whole: a part there would hold an eighth of the cards after it, more than a block.
    const million = modelOf(1000000);
    const far = planParts(million, planBlocks(million, 16384), 16384);
    expect(far[0]).toEqual([0, 16384]);
    expect(far[40]).toEqual([40 * 16384, 41 * 16384]);
    expect(far[61]).toEqual([999424, 1000000]); // 576 cards: shorter than two parts of 512
  });

  it('grow from the end: each part holds max(min, ⌈cards after it ÷ factor⌉) cards', () => {
    // 20 cards in blocks of 10, parts of at least 2, factor 2. Block [10, 20): from the end 2, 2, 2
    // (2 ÷ 2 = 1, 4 ÷ 2 = 2), then ⌈6 ÷ 2⌉ = 3 would leave 1 < 2 cards: the rest, 4, is one part.
    // Block [0, 10): ⌈10 ÷ 2⌉ = 5, then ⌈15 ÷ 2⌉ = 8 > what is left: one part of 5.
    const model = modelOf(20);
    expect(planParts(model, planBlocks(model, 10), 10, { factor: 2, minCards: 2, minFraction: 1000 })).toEqual([
      [0, 5, 10],
      [10, 14, 16, 18, 20],
    ]);
  });

  it('never cut a block shorter than two smallest parts', () => {
    const model = modelOf(40);
    expect(planParts(model, planBlocks(model, 9), 9)).toEqual(planBlocks(model, 9).map(([a, b]) => [a, b]));
    expect(PART_DEFAULTS.minCards).toBe(256);
  });

  it('cover every block exactly, in increasing order, and never split a pool', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 300 }),
        (cards, blockSize, poolSize, factor, minCards) => {
          const model = modelOf(cards, Math.min(poolSize, blockSize));
          const blocks = planBlocks(model, blockSize);
          const cuts = planParts(model, blocks, blockSize, { factor, minCards });
          const pools = new Set(model.cohorts[0].pools?.slice(0, -1) ?? []);
          cuts.forEach((c, k) => {
            expect(c[0]).toBe(blocks[k][0]);
            expect(c[c.length - 1]).toBe(blocks[k][1]);
            for (let i = 1; i < c.length; i++) expect(c[i]).toBeGreaterThan(c[i - 1]);
            if (model.cohorts[0].pools) for (const x of c) expect(pools.has(x) || x === cards).toBe(true);
          });
        },
      ),
    );
  });

  it('do not change a block’s bytes, whoever runs its parts: runJob merges them as the pool does', () => {
    const s = { ...benchScenario(1200, 2), blockSize: 600 };
    const model = compileArm(s.arms[0]);
    const [, last] = planJobs(s, [model]);
    const parts = jobParts(s, model, last);
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((p) => p.part)).toEqual(parts.map((_, k) => k));
    expect(parts[0].start).toBe(last.start);
    expect(parts[parts.length - 1].end).toBe(last.end);
    const whole = runJob(s, model, last);
    const merged = mergeParts(parts.map((p) => runJob(s, model, p)));
    expect(Buffer.from(merged.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
    // A block that is not cut is its own only part.
    const small = scenario([arm({ cohorts: [cohort({ count: 5 })] })], { blockSize: 5 });
    const [job] = planJobs(small);
    expect(jobParts(small, compileArm(small.arms[0]), job)).toEqual([job]);
  });
});
