import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileArm, jobParts, mergeParts, PART_DEFAULTS, planBlocks, planJobs, planParts, runJob, runKernel } from '../../engine/index.ts';
import { arm, cohort, scenario } from '../helpers/build.ts';
import { benchScenario } from '../../bench/fleet.ts';
import { planBatches } from '../../engine/batches.ts';
import { layout } from '../../engine/layout.ts';

const modelOf = (cards: number, poolSize = 0) => compileArm(arm({ cohorts: [cohort({ count: cards, poolSize })] }));

describe('tail parts', () => {
  it('cut the tail of a 100,000-card fleet (blocks of 16,384) into whole batches, and leave the head of a long fleet whole', () => {
    const model = modelOf(100000);
    const blocks = planBlocks(model, 16384);
    const cuts = planParts(model, blocks, 16384);
    // Batches of 2,048 cards (engine/batches.ts). The last block, 1,696 cards, holds no cut of the
    // grid: it stays whole. In the block before, a part would hold max(512, ⌈cards after ÷ 8⌉) ≤ 2,004
    // cards: each cut moves back to the grid, so every part is one batch.
    expect(cuts[6]).toEqual([98304, 100000]);
    expect(cuts[5]).toEqual(Array.from({ length: 9 }, (_, k) => 81920 + 2048 * k));
    // Before the tail, blocks stay whole: a part there would hold an eighth of the cards after it, more than a block.
    const million = modelOf(1000000);
    const far = planParts(million, planBlocks(million, 16384), 16384);
    expect(far[0]).toEqual([0, 16384]);
    expect(far[40]).toEqual([40 * 16384, 41 * 16384]);
    expect(far[61]).toEqual([999424, 1000000]); // 576 cards: shorter than two parts of 512
  });

  it('grow from the end: each part holds max(min, ⌈cards after it ÷ factor⌉) cards, cut back to the batch grid', () => {
    // 640 cards (batches of 64) in blocks of 320, parts of at least 64, factor 2. Block [320, 640):
    // from the end 64, 64, 64 (⌈64 ÷ 2⌉, ⌈128 ÷ 2⌉ ≤ 64), then ⌈192 ÷ 2⌉ = 96 would leave 32 < 64
    // cards: the rest, 128, is one part. Block [0, 320): ⌈320 ÷ 2⌉ = 160, cut at 160, back to the
    // grid at 128; then ⌈512 ÷ 2⌉ = 256 > what is left: one part of 128.
    const model = modelOf(640);
    expect(planParts(model, planBlocks(model, 320), 320, { factor: 2, minCards: 64, minFraction: 1000 })).toEqual([
      [0, 128, 320],
      [320, 448, 512, 576, 640],
    ]);
  });

  it('never cut a block shorter than two smallest parts', () => {
    const model = modelOf(40);
    expect(planParts(model, planBlocks(model, 9), 9)).toEqual(planBlocks(model, 9).map(([a, b]) => [a, b]));
    expect(PART_DEFAULTS.minCards).toBe(256);
  });

  it('cover every block exactly, in increasing order, cut only on the batch grid, and never split a pool', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 300 }),
        (cards, blockSize, poolSize, factor, minCards) => {
          const model = modelOf(cards, Math.min(poolSize, blockSize));
          const blocks = planBlocks(model, blockSize);
          const cuts = planParts(model, blocks, blockSize, { factor, minCards });
          const pools = new Set(model.cohorts[0].pools?.slice(0, -1) ?? []);
          const grid = new Set(planBatches(model));
          cuts.forEach((c, k) => {
            expect(c[0]).toBe(blocks[k][0]);
            expect(c[c.length - 1]).toBe(blocks[k][1]);
            for (let i = 1; i < c.length; i++) expect(c[i]).toBeGreaterThan(c[i - 1]);
            if (model.cohorts[0].pools) for (const x of c) expect(pools.has(x) || x === cards).toBe(true);
            for (const x of c.slice(1, -1)) expect(grid.has(x)).toBe(true);
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
    const merged = mergeParts(parts.map((p) => runJob(s, model, p)), layout(model.months).length);
    expect(Buffer.from(merged.buffer).equals(Buffer.from(whole.buffer))).toBe(true);
    // A block that is not cut is its own only part.
    const small = scenario([arm({ cohorts: [cohort({ count: 5 })] })], { blockSize: 5 });
    const [job] = planJobs(small);
    expect(jobParts(small, compileArm(small.arms[0]), job)).toEqual([job]);
  });
});

describe('runKernel (bench/ab.ts --like-for-like)', () => {
  it("is the kernel alone on the job's cards: the layout vector, no batch vectors; a job of one batch gets runJob's layout part, bit for bit", () => {
    const s = { ...benchScenario(64, 3), blockSize: 64 };
    const model = compileArm(s.arms[0]), L = layout(model.months).length;
    const [job] = planJobs(s, [model]);
    expect(planBatches(model)).toEqual([0, 64]);
    const k = runKernel(s, model, job), j = runJob(s, model, job);
    expect(k.length).toBe(L);
    expect(j.length).toBeGreaterThan(L);
    expect(Buffer.from(k.buffer).equals(Buffer.from(j.buffer, 0, L * 8))).toBe(true);
  });
});
