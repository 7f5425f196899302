/**
 * Batch means on a fixed grid of batches (engine/batches.ts): the grid is a function of the fleet
 * alone, and the report's batch-means intervals are the same bytes for any block size and any
 * number of workers finishing in any order.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileArm, planBlocks, runScenario, type Report } from '../../engine/index.ts';
import { BATCH_CARDS, BATCH_CONTROLS, BATCH_START, BATCH_WIDTH, batchCards, planBatches, splitResult } from '../../engine/batches.ts';
import { sample, sampleDays } from '../../engine/dist.ts';
import { replicationKey, Stream, uniformOf, cardKey } from '../../engine/rng.ts';
import { stratified } from '../../engine/strata.ts';
import { streamSeed } from '../../engine/jobs.ts';
import type { Model } from '../../engine/model.ts';
import { runJob, planJobs } from '../../engine/jobs.ts';
import { STRATUM_CARDS } from '../../engine/strata.ts';
import { arm, cohort } from '../helpers/build.ts';
import { closeDelayedPools, delayedPool, twoArms } from '../helpers/pools.ts';



afterAll(closeDelayedPools);

/** The batch-means intervals, the control-variate estimates over batches (their controls travel in the batch vectors) and the paired differences. */
const batchBytes = (r: Report) => JSON.stringify(r.arms.map((a) => [a.batchMeans, a.controlled, a.diff]));

describe('the batch grid', () => {
  it('takes the largest batch of 64 × 2^k cards that still gives 32 batches, from 64 up to 16,384', () => {
    expect(batchCards(100)).toBe(64);
    expect(batchCards(2048)).toBe(64); // 2048 ÷ 128 = 16 < 32
    expect(batchCards(4096)).toBe(128); // 4096 ÷ 128 = 32
    expect(batchCards(10_000)).toBe(256); // 10,000 ÷ 512 = 19.5 < 32 ≤ 10,000 ÷ 256 = 39.1
    expect(batchCards(100_000)).toBe(2048); // 48.8 batches
    expect(batchCards(1_000_000)).toBe(16384); // 61.0 batches
    expect(batchCards(10_000_000)).toBe(16384); // the largest: a divisor of the default block size
  });

  it('cuts every batch size cards, a cut inside a pool moved to the pool’s end', () => {
    expect(planBatches(compileArm(arm({ cohorts: [cohort({ count: 200 })] })))).toEqual([0, 64, 128, 192, 200]);
    // Pools of 30: 64 falls in [60, 90), 128 in [120, 150), 192 in [180, 210).
    expect(planBatches(compileArm(arm({ cohorts: [cohort({ count: 200, poolSize: 30 })] })))).toEqual([0, 90, 150, 200]);
  });

  it('covers the fleet in increasing cuts, holds whole stratum groups where no pool moves a cut, and never splits a pool', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 0, max: 100 }), (cards, poolSize) => {
      const model = compileArm(arm({ cohorts: [cohort({ count: cards, poolSize })] }));
      const cuts = planBatches(model);
      expect(cuts[0]).toBe(0);
      expect(cuts[cuts.length - 1]).toBe(cards);
      for (let k = 1; k < cuts.length; k++) expect(cuts[k]).toBeGreaterThan(cuts[k - 1]);
      const pools = model.cohorts[0].pools;
      for (const c of cuts.slice(1, -1)) {
        if (pools) expect(pools.includes(c)).toBe(true);
        else expect(c % STRATUM_CARDS).toBe(0);
      }
    }));
  });
});

describe('batch vectors travel with job results', () => {
  it('a job returns, after its layout vector, the vectors of the batches that start in its cards', () => {
    const s = twoArms(200, { blockSize: 100 });
    const model = compileArm(s.arms[0]);
    const [first, second] = planJobs(s, [model]).filter((j) => j.arm === 0);
    // Blocks [0, 100) and [100, 200); batches [0, 64), [64, 128), [128, 192), [192, 200).
    expect(splitResult(runJob(s, model, first), model).batches.length).toBe(2 * BATCH_WIDTH);
    expect(splitResult(runJob(s, model, second), model).batches.length).toBe(2 * BATCH_WIDTH);
    expect(planBlocks(model, 100)).toEqual([[0, 100], [100, 200]]);
  });
});

describe('batch-means intervals are the same bytes', () => {
  it('for any block size (one thread)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 1, max: 400 }), fc.constantFrom(0, 0, 7, 25), fc.integer({ min: 1, max: 500 }), fc.integer({ min: 1, max: 500 }), fc.boolean(),
      async (cards, poolSize, b1, b2, stratify) => {
        const s = twoArms(cards, { seed: `bm-${cards}`, stratify }, poolSize);
        const one = await runScenario({ ...s, blockSize: Math.max(b1, poolSize) });
        const two = await runScenario({ ...s, blockSize: Math.max(b2, poolSize) });
        expect(batchBytes(two)).toBe(batchBytes(one));
        expect(one.intervals.headline).toBe(cards > planBatches(compileArm(s.arms[0]))[1] ? 'batchMeans' : 'none');
      },
    ), { numRuns: 25 });
  });

  it('for any number of workers finishing in any order, and across replications', async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 65, max: 400 }), fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 2 ** 30 }), fc.integer({ min: 1, max: 3 }),
      async (cards, blockSize, workers, seed, replications) => {
        const s = twoArms(cards, { seed: `w-${cards}`, replications, blockSize });
        const alone = await runScenario({ ...s, blockSize: 16384 });
        const pooled = await delayedPool(workers, seed).run(s);
        expect(batchBytes(pooled)).toBe(batchBytes(alone));
        expect(pooled.arms[0].batchMeans!.blocks).toBe(planBatches(compileArm(s.arms[0])).length - 1);
        expect(pooled.arms[1].batchMeans!.diff).not.toBeNull();
      },
    ), { numRuns: 15 });
  });
});

/**
 * The fault controls of cards [a, b), replayed draw by draw with stratified() (the slow
 * reference of engine/experiments/control-draws.ts, which computes the lattice draws once per
 * card and group): Σ mean⁺ × factor × days over the faults begun before the horizon, and Σ mean⁺.
 */
function referenceControls(model: Model, seed: string, stratify: boolean, replication: number, a: number, b: number): [number, number] {
  const key = replicationKey(seed, replication);
  let faultMB = 0, meanMB = 0;
  for (const c of model.cohorts) {
    const spec = model.runaway[c.profile]!, h = spec.dailyHazard;
    for (let g = Math.max(a, c.start); g < Math.min(b, c.end); g++) {
      const m = Math.max(0, sample(model.meanDist[c.profile], stratified(key, stratify, c.start, c.end, g, 0, Stream.mean)));
      meanMB += m;
      if (m === 0) continue;
      let after = -1;
      for (let k = 0; ; k++) {
        const u = (s: number, day: number) => (k < 255 ? stratified(key, stratify, c.start, c.end, g, k, s) : uniformOf(cardKey(key, g), day, s));
        const on = after + 1 + Math.floor(Math.log(u(Stream.runOnset, 256 + after)) / Math.log1p(-h));
        if (on >= model.days) break;
        const d = Math.max(1, sampleDays(spec.durationDays, u(Stream.runDuration, 256 + on)));
        faultMB += m * sample(spec.factor, u(Stream.runFactor, 256 + on)) * d;
        after = on + d;
      }
    }
  }
  return [faultMB, meanMB];
}

describe('batch vectors carry their fault controls', () => {
  it('the controls of each batch are those of its own cards\' draws (a slow replay), whatever the block size; its first card and cards travel with them', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 300 }), fc.constantFrom(0, 0, 7, 25), fc.integer({ min: 1, max: 400 }), fc.boolean(), fc.boolean(), fc.integer({ min: 0, max: 2 }),
      (cards, poolSize, blockSize, stratify, crn, replication) => {
        const s = twoArms(cards, { seed: `ctl-${cards}`, stratify, commonRandomNumbers: crn, replications: 3, blockSize: Math.max(blockSize, poolSize) }, poolSize, 3);
        for (let arm = 0; arm < 2; arm++) {
          const model = compileArm(s.arms[arm]), grid = planBatches(model), draws = streamSeed(s, arm);
          const vectors: Float64Array[] = [];
          for (const job of planJobs(s, [model, model]).filter((j) => j.arm === arm && j.replication === replication)) {
            const b = splitResult(runJob(s, model, job), model).batches;
            for (let k = 0; k < b.length; k += BATCH_WIDTH) vectors.push(b.subarray(k, k + BATCH_WIDTH));
          }
          expect(vectors.length).toBe(grid.length - 1);
          vectors.forEach((v, k) => {
            expect(v[BATCH_START]).toBe(grid[k]);
            expect(v[BATCH_CARDS]).toBe(grid[k + 1] - grid[k]);
            const [f, m] = referenceControls(model, draws.seed, draws.stratify, replication, grid[k], grid[k + 1]);
            expect(v[BATCH_CONTROLS]).toBe(f);
            expect(v[BATCH_CONTROLS + 1]).toBe(m);
          });
        }
      },
    ), { numRuns: 30 });
  });
});
