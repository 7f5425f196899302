/**
 * A first answer from a random sample of the first replication's batches (engine/sample.ts,
 * engine/parallel/sampler.ts): the order is a keyed permutation, a block rebuilt from its batches
 * has runJob's bytes, a sampled pool run reports the same bytes as runScenario, and the
 * provisional interval covers the full replication's value and the true mean at about 95 %.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { SAMPLE_DEFAULTS, compileArm, runScenario, type Report, type SampleReport } from '../../engine/index.ts';
import { batchJobs, batchOrder, pilotCards, pilotUnits, runUnit, sampleBlock, sampleReport, sampleable, unitGrid } from '../../engine/sample.ts';
import { planBatches } from '../../engine/batches.ts';
import { planJobs, runJob } from '../../engine/jobs.ts';
import { closeDelayedPools, delayedPool, twoArms } from '../helpers/pools.ts';


afterAll(closeDelayedPools);

const s0 = (arm: number) => (arm === 0 ? 'on' : 'off');
const hex = (a: Float64Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex');

describe('the batch order', () => {
  it('is a permutation keyed by the seed and the grid size alone', () => {
    fc.assert(fc.property(fc.string(), fc.integer({ min: 0, max: 300 }), (seed, n) => {
      const o = batchOrder(seed, n);
      expect([...o].sort((a, b) => a - b)).toEqual(Array.from({ length: n }, (_, k) => k));
      expect(batchOrder(seed, n)).toEqual(o);
    }));
    expect(batchOrder('a', 40)).not.toEqual(batchOrder('b', 40));
    expect(batchOrder('a', 40)).not.toEqual(Array.from({ length: 40 }, (_, k) => k));
  });

  it('puts each batch first about equally often (a fair first pick)', () => {
    const n = 8, counts = new Array(n).fill(0);
    for (let s = 0; s < 4000; s++) counts[batchOrder(`s${s}`, n)[0]]++;
    // 500 expected each; binomial sd ≈ 21: 6 sd either side.
    for (const c of counts) expect(Math.abs(c - 500)).toBeLessThan(130);
  });
});

describe('a block rebuilt from its batches', () => {
  it('has runJob’s bytes, whatever the fleet, the pools and the block size (a multiple of the batch size), tail parts included', () => {
    fc.assert(fc.property(fc.integer({ min: 65, max: 6000 }), fc.constantFrom(0, 0, 7, 30), fc.integer({ min: 1, max: 6 }), (cards, poolSize, k) => {
      const base = twoArms(cards, {}, poolSize, 1);
      const model = compileArm(base.arms[0]);
      const size = planBatches(model)[1];
      const s = { ...base, blockSize: Math.max(size * k, 64) };
      if (!sampleable(s, model)) return; // pools moved a cut off the grid: such a run goes block by block
      for (const job of planJobs(s, [model, model]).filter((j) => j.arm === 0)) {
        const batches = batchJobs(s, model, job)!.map((b) => runJob(s, model, b));
        expect(hex(sampleBlock(s, model, job, batches))).toBe(hex(runJob(s, model, job)));
      }
    }), { numRuns: 25 });
  });
});

describe('a sampled pool run', () => {
  for (const cards of [1500, 5000]) {
    const pilot = cards === 5000; // 128-card batches: a pilot of 64-card windows; 64-card batches: none
    it(`reports the same bytes as runScenario and shows provisional answers from a growing sample of every arm, never the whole replication (${cards} cards, ${pilot ? 'a pilot first' : 'no pilot'})`, async () => {
      const s = twoArms(cards, { seed: 'sampled', replications: 2, blockSize: 256 });
      const want = JSON.stringify(await runScenario(s));
      const models = s.arms.map(compileArm);
      const grid = planBatches(models[0]);
      for (const [workers, seed] of [[1, 1], [3, 7]]) {
        const samples: SampleReport[] = [];
        const partials: Report[] = [];
        const progress: number[] = [];
        let total = 0;
        const got = await delayedPool(workers, seed).run(s, {
          sample: { onSample: (x) => samples.push(x), soonMs: 0, growth: 2 }, onPartial: (r) => partials.push(r),
          onProgress: (p) => { progress.push(p.done); total = p.total; },
        });
        // Progress moves batch by batch in the sampled replication, never backwards, and ends at the total (the pilot is not counted).
        expect(progress.length).toBeGreaterThan(2 * 24);
        expect(progress).toEqual([...progress].sort((a, b) => a - b));
        expect(progress[progress.length - 1]).toBe(total);
        expect(total).toBe(2 * 2 * cards * models[0].days);
        expect(JSON.stringify(got) === want).toBe(true);
        expect(samples.length).toBeGreaterThan(1);
        expect(samples[0].units).toBe(8);
        expect(samples[0].pilot).toBe(pilot);
        expect(samples[0].cards).toBe(8 * (pilot ? 64 : grid[1]));
        expect(samples.slice(1).every((x) => !x.pilot)).toBe(true);
        for (const x of samples) {
          expect(x.of).toBe(cards);
          expect(x.cards).toBeLessThan(cards);
          expect(x.report.arms.map((a) => a.batchMeans?.batches)).toEqual([x.units, x.units]);
          expect(x.report.arms[1].diff!['cost.total'].lo).not.toBeNull(); // paired unit by unit
        }
        // Each answer's sample has at least twice the cards of the one before.
        for (let k = 1; k < samples.length; k++) expect(samples[k].cards).toBeGreaterThanOrEqual(2 * samples[k - 1].cards);
        // Each is built from exactly the pilot's windows, or the first n batches of the order in every arm, whatever order they finished in.
        const all = models.map((m, a) => planJobs(s, models).filter((j) => j.arm === a && j.replication === 0).flatMap((j) => batchJobs(s, m, j)!).map((b) => runJob(s, m, b)));
        const order = batchOrder(s.seed, all[0].length);
        for (const x of samples) {
          const from = x.pilot
            ? models.map((m, a) => pilotUnits(s.seed, m, SAMPLE_DEFAULTS.pilotSplit, 8)!.map(([start, end], k) => runUnit(s, m, { arm: a, replication: 0, block: -1, start, end, part: k })))
            : all.map((bs) => order.slice(0, x.units).map((g) => bs[g]));
          expect(JSON.stringify(x.report)).toBe(JSON.stringify(sampleReport(s, models, from)));
        }
        expect(partials.length).toBe(1);
      }
    });
  }

  it('runs block by block when the block size cuts a batch, with the same bytes', async () => {
    const s = twoArms(1500, { seed: 'cut', replications: 1, blockSize: 100 });
    const samples: SampleReport[] = [];
    const got = await delayedPool(2, 3).run(s, { sample: { onSample: (x) => samples.push(x) } });
    expect(JSON.stringify(got)).toBe(JSON.stringify(await runScenario(s)));
    expect(samples).toEqual([]);
  });
});

describe('the pilot', () => {
  const armOf = (cards: number, poolSize = 0) => compileArm(twoArms(cards, {}, poolSize).arms[0]);

  it('has units of a batch ÷ the split in whole 64-card windows, and none when that is not smaller than a batch', () => {
    // 10,000 cards: 256-card batches; 100,000: 2,048; 2,560: 64 (the smallest batch).
    expect(pilotCards(armOf(10_000), 4)).toBe(64);
    expect(pilotCards(armOf(100_000), 4)).toBe(512);
    expect(pilotCards(armOf(100_000), 3)).toBe(640);
    expect(pilotCards(armOf(100_000), 64)).toBe(64);
    expect(pilotCards(armOf(2_560), 4)).toBeNull();
    expect(pilotCards(armOf(10_000), 1)).toBeNull();
    expect(pilotUnits('s', armOf(2_560), 4, 8)).toBeNull();
  });

  it('draws distinct units of its grid at random, keyed by the seed, the same cards in arms with the same fleet', () => {
    fc.assert(fc.property(fc.integer({ min: 4096, max: 40_000 }), fc.constantFrom(0, 0, 7), fc.string(), fc.integer({ min: 2, max: 12 }), (cards, poolSize, seed, count) => {
      const s = twoArms(cards, {}, poolSize);
      const [on, off] = s.arms.map(compileArm);
      const units = pilotUnits(seed, on, 4, count)!;
      const grid = unitGrid(on, pilotCards(on, 4)!);
      expect(units).toHaveLength(count);
      expect(pilotUnits(seed, off, 4, count)).toEqual(units);
      expect(new Set(units.map(([a]) => a)).size).toBe(count);
      for (const [a, b] of units) expect(grid[grid.indexOf(a) + 1]).toBe(b);
      // Whole stratum windows, and no pool cut (a pool's members are consecutive cards of poolSize).
      for (const [a, b] of units) expect(poolSize ? a % poolSize === 0 && (b % poolSize === 0 || b === cards) : a % 64 === 0).toBe(true);
    }), { numRuns: 40 });
    const on = armOf(10_000);
    expect(pilotUnits('a', on, 4, 8)).not.toEqual(pilotUnits('b', on, 4, 8));
  });

  it('runs a unit as its cards alone: a unit that is a batch has the batch’s bytes', () => {
    const s = twoArms(5000, { seed: 'unit' }, 0, 2);
    const models = s.arms.map(compileArm);
    const grid = planBatches(models[0]);
    for (const arm of [0, 1]) for (const g of [0, 7, grid.length - 2]) {
      const job = { arm, replication: 1, block: 0, start: grid[g], end: grid[g + 1], part: g };
      expect(hex(runUnit(s, models[arm], job))).toBe(hex(runJob(s, models[arm], job)));
    }
  });
});

describe('the provisional interval', () => {
  // Batches: 12 of the 40 64-card batches of 2,560 cards. The pilot: 8 of the 64 64-card windows of 4,096 cards (128-card batches).
  for (const [design, cards, n] of [['12 of 40 batches', 2560, 12], ['the pilot, 8 of 64 windows', 4096, 8]] as const) it(`covers the full replication’s value and the true mean at about 95 % (${design}, 120 seeds)`, async () => {
    const seeds = 120;
    // Arm 'on' has downtime and a fixed cost; arm 'off' has overage and no downtime.
    const metrics = [[1, 'cost.total'], [0, 'downtime.cardDays'], [0, 'availability'], [0, 'usageMB']] as const;
    const base = twoArms(cards, { replications: 1 }, 0, 3);
    const models = base.arms.map(compileArm);
    const runs = await Promise.all(Array.from({ length: seeds }, async (_, i) => {
      const s = { ...base, seed: `cover-${i}` };
      let sampled: Float64Array[][];
      if (design.startsWith('the pilot')) {
        sampled = models.map((m, a) => pilotUnits(s.seed, m, 4, n)!.map(([start, end], k) => runUnit(s, m, { arm: a, replication: 0, block: -1, start, end, part: k })));
      } else {
        const full = models.map((m, a) => planJobs(s, models).filter((j) => j.arm === a).flatMap((j) => batchJobs(s, m, j)!).map((b) => runJob(s, m, b)));
        const order = batchOrder(s.seed, full[0].length);
        sampled = full.map((bs) => order.slice(0, n).map((g) => bs[g]));
      }
      const sample = sampleReport(s, models, sampled);
      const whole = await runScenario(s);
      return { sample, whole };
    }));
    for (const [arm, metric] of metrics) {
      // The true mean, estimated by the mean of the full replications (its own error is a tenth of a sample interval's).
      const truth = runs.reduce((x, r) => x + r.whole.arms[arm].replications[metric][0], 0) / seeds;
      let coversRep = 0, coversMean = 0;
      for (const { sample, whole } of runs) {
        const e = sample.arms[arm].metrics[metric];
        const v = whole.arms[arm].replications[metric][0];
        if (e.lo! <= v && v <= e.hi!) coversRep++;
        if (e.lo! <= truth && truth <= e.hi!) coversMean++;
      }
      console.log(`${s0(arm)} ${metric}: the interval from ${design} covers the replication's value in ${coversRep}/${seeds}, the mean of ${seeds} replications in ${coversMean}/${seeds}`);
      // Nominal 95 %: 114 of 120 (binomial sd ≈ 2.4); an interval too narrow by half would cover about 67 %.
      expect(coversMean).toBeGreaterThanOrEqual(104);
      expect(coversRep).toBeGreaterThanOrEqual(104);
    }
    // A sanity check on the scale: the estimate is for the whole fleet, not the sample.
    const r = runs[0];
    expect(r.sample.arms[1].metrics['cost.total'].mean / r.whole.arms[1].metrics['cost.total'].mean).toBeGreaterThan(0.7);
    expect(r.sample.arms[1].metrics['cost.total'].mean / r.whole.arms[1].metrics['cost.total'].mean).toBeLessThan(1.3);
  }, 120_000);
});
