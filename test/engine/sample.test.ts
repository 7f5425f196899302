/**
 * A first answer from a random sample of the first replication's batches (engine/sample.ts,
 * engine/parallel/sampler.ts): the order is a keyed permutation, a block rebuilt from its batches
 * has runJob's bytes, a sampled pool run reports the same bytes as runScenario, and the
 * provisional interval covers the full replication's value and the true mean at about 95 %.
 */
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileArm, runScenario, type Report, type SampleReport } from '../../engine/index.ts';
import { batchJobs, batchOrder, sampleBlock, sampleReport, sampleable } from '../../engine/sample.ts';
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
  it('reports the same bytes as runScenario and shows provisional answers from a growing sample of every arm, never the whole replication', async () => {
    const s = twoArms(1500, { seed: 'sampled', replications: 2, blockSize: 256 });
    const want = JSON.stringify(await runScenario(s));
    for (const [workers, seed] of [[1, 1], [3, 7]]) {
      const samples: SampleReport[] = [];
      const partials: Report[] = [];
      const progress: number[] = [];
      let total = 0;
      const got = await delayedPool(workers, seed).run(s, {
        sample: { onSample: (x) => samples.push(x), soonMs: 0 }, onPartial: (r) => partials.push(r),
        onProgress: (p) => { progress.push(p.done); total = p.total; },
      });
      // Progress moves batch by batch in the sampled replication, never backwards, and ends at the total.
      expect(progress.length).toBeGreaterThan(2 * 24);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(progress[progress.length - 1]).toBe(total);
      expect(total).toBe(2 * 2 * 1500 * compileArm(s.arms[0]).days);
      expect(JSON.stringify(got) === want).toBe(true);
      expect(samples.length).toBeGreaterThan(1);
      expect(samples[0].batches).toBe(8);
      for (const x of samples) {
        expect(x.of).toBe(planBatches(compileArm(s.arms[0])).length - 1);
        expect(x.batches).toBeLessThan(x.of);
        expect(x.report.arms.map((a) => a.batchMeans?.batches)).toEqual([x.batches, x.batches]);
        expect(x.report.arms[1].diff!['cost.total'].lo).not.toBeNull(); // paired batch by batch
      }
      expect(samples.map((x) => x.batches)).toEqual([...samples.map((x) => x.batches)].sort((a, b) => a - b));
      // Each is built from exactly the first n batches of the order in every arm, whatever order they finished in.
      const models = s.arms.map(compileArm);
      const all = models.map((m, a) => planJobs(s, models).filter((j) => j.arm === a && j.replication === 0).flatMap((j) => batchJobs(s, m, j)!).map((b) => runJob(s, m, b)));
      const order = batchOrder(s.seed, all[0].length);
      for (const x of samples) expect(JSON.stringify(x.report)).toBe(JSON.stringify(sampleReport(s, models, all.map((bs) => order.slice(0, x.batches).map((g) => bs[g])))));
      expect(partials.length).toBe(1);
    }
  });

  it('runs block by block when the block size cuts a batch, with the same bytes', async () => {
    const s = twoArms(1500, { seed: 'cut', replications: 1, blockSize: 100 });
    const samples: SampleReport[] = [];
    const got = await delayedPool(2, 3).run(s, { sample: { onSample: (x) => samples.push(x) } });
    expect(JSON.stringify(got)).toBe(JSON.stringify(await runScenario(s)));
    expect(samples).toEqual([]);
  });
});

describe('the provisional interval', () => {
  it('covers the full replication’s value and the true mean at about 95 % (12 of 40 batches, 120 seeds)', async () => {
    const seeds = 120, n = 12;
    // Arm 'on' has downtime and a fixed cost; arm 'off' has overage and no downtime.
    const metrics = [[1, 'cost.total'], [0, 'downtime.cardDays'], [0, 'availability'], [0, 'usageMB']] as const;
    const base = twoArms(2560, { replications: 1 }, 0, 3);
    const models = base.arms.map(compileArm);
    const runs = await Promise.all(Array.from({ length: seeds }, async (_, i) => {
      const s = { ...base, seed: `cover-${i}` };
      const full = models.map((m, a) => {
        const jobs = planJobs(s, models).filter((j) => j.arm === a);
        const batches = jobs.flatMap((j) => batchJobs(s, m, j)!).map((b) => runJob(s, m, b));
        return batches;
      });
      const order = batchOrder(s.seed, full[0].length);
      const sample = sampleReport(s, models, full.map((bs) => order.slice(0, n).map((g) => bs[g])));
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
      console.log(`${s0(arm)} ${metric}: the interval from ${n} of 40 batches covers the replication's value in ${coversRep}/${seeds}, the mean of ${seeds} replications in ${coversMean}/${seeds}`);
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
