/**
 * What the sampling design buys, measured (docs/rules.md, Randomness): the paired half-width of
 * a cost difference with common random numbers and stratified per-card draws (the defaults)
 * against plain independent sampling (both off) at the same card-days; and the coverage of the
 * 95 % paired intervals under stratification, over many independent repetitions.
 */
import { describe, expect, it } from 'vitest';
import { compileArm, mergeBlocks, metricsOf, planJobs, runJob, type ArmConfig, type ScenarioConfig } from '../../engine/index.ts';
import { BATCH_WIDTH, batchCards, batchMeans, splitResult } from '../../engine/batches.ts';
import { METRICS } from '../../engine/metrics.ts';
import { t975 } from '../../engine/stats.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import * as B from '../helpers/build.ts';

interface Run {
  /** cost.total of arm 1 minus arm 0, per replication. */
  diffs: number[];
  /** Batch vectors [arm][replication][block] (each block's batches concatenated, engine/batches.ts). */
  batches: Float64Array[][][];
}

const compiled = new WeakMap<ArmConfig[], ReturnType<typeof compileArm>[]>();

/** Runs every job in this thread (each list of arms compiled once). */
function run(s: ScenarioConfig): Run {
  const models = compiled.get(s.arms) ?? s.arms.map(compileArm);
  compiled.set(s.arms, models);
  const blocks: Float64Array[][][] = models.map(() => Array.from({ length: s.replications }, () => []));
  const batches: Float64Array[][][] = models.map(() => Array.from({ length: s.replications }, () => []));
  for (const job of planJobs(s, models)) {
    const r = runJob(s, models[job.arm], job);
    blocks[job.arm][job.replication][job.block] = r;
    batches[job.arm][job.replication][job.block] = splitResult(r, models[job.arm]).batches;
  }
  const cost = blocks.map((reps, a) => reps.map((b) => metricsOf(mergeBlocks(b), models[a])['cost.total']));
  return { diffs: cost[1].map((x, r) => x - cost[0][r]), batches };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** The 95 % Student-t half-width of the mean of xs. */
const halfWidth = (xs: number[]) => {
  const m = mean(xs);
  return t975(xs.length - 1) * Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1) / xs.length);
};

/** Two arms of an example scenario with every cohort resized. */
function example(file: string, arms: [number, number], o: { cards: number; months?: number; pool?: number }): ScenarioConfig {
  const f = loadScenarioFile(`scenarios/examples/${file}`);
  const resize = (a: ArmConfig): ArmConfig => ({
    ...a,
    months: o.months ?? a.months,
    cohorts: a.cohorts.map((c) => ({ ...c, count: o.cards, poolSize: c.poolSize > 0 ? (o.pool ?? c.poolSize) : 0 })),
  });
  return { ...f, arms: arms.map((k) => resize(f.arms[k])) };
}

describe('variance reduction (common random numbers and stratified draws)', () => {
  const cases: Array<[string, [number, number], number]> = [
    // [file, arms compared, the lowest ratio asserted]
    ['alerts.yaml', [0, 2], 5],
    // Auto-stop's difference is driven by runaway faults on heavy users (lognormal spread 1 × a
    // 10–100× factor): the top cell of the volume distribution and the interaction of volume,
    // factor and duration stay random under any per-card stratification. Measured ≈ 2.5×.
    ['auto-stop.yaml', [0, 1], 1.5],
  ];
  for (const [file, arms, floor] of cases) {
    it(`${file}: the paired half-width of the cost difference is several times narrower at the defaults than with plain independent sampling, at the same card-days`, () => {
      const s = { ...example(file, arms, { cards: 500 }), replications: 20 };
      const both = halfWidth(run(s).diffs);
      const plain = halfWidth(run({ ...s, commonRandomNumbers: false, stratify: false }).diffs);
      const crn = halfWidth(run({ ...s, stratify: false }).diffs);
      console.log(`${file}, "${s.arms[1].name}" minus "${s.arms[0].name}", 500 cards × ${s.arms[0].months} months × 20 replications: cost.total difference half-width ` +
        `${both.toFixed(0)} (defaults: common random numbers + stratified), ${crn.toFixed(0)} (common random numbers only), ${plain.toFixed(0)} (both off): ` +
        `${(plain / both).toFixed(1)}× narrower than both off (${(plain / crn).toFixed(1)}× from common random numbers alone)`);
      expect(plain / both).toBeGreaterThan(floor);
      expect(both).toBeLessThan(crn);
    });
  }
});

/** Share of `runs` repetitions whose interval contains `truth`. */
function coverage(runs: number, interval: (i: number) => [number, number], truth: number): number {
  let hits = 0;
  for (let i = 0; i < runs; i++) {
    const [lo, hi] = interval(i);
    if (lo <= truth && truth <= hi) hits++;
  }
  return hits / runs;
}

/** A small auto-stop comparison (on, off) of `cards` cards with lognormal daily use around a 100 MB plan, or individual cards against pools of 16. */
function small(kind: 'auto-stop' | 'pools', cards: number, months: number): ScenarioConfig {
  const base = B.arm({
    months,
    downtimeCostPerCardDay: 3,
    plans: [B.plan({ monthlyFee: 5, quotaMB: 100, overagePerMB: 0.29, autoStop: true })],
    profiles: [B.constant(0, { meanDailyMB: { kind: 'lognormal', median: 3, spread: 0.4 }, noise: { kind: 'lognormal', median: 1, spread: 0.3 } })],
    cohorts: [B.cohort({ count: cards })],
  });
  const other = kind === 'auto-stop'
    ? { ...base, name: 'auto-stop off', plans: [B.plan({ monthlyFee: 5, quotaMB: 100, overagePerMB: 0.29, autoStop: false })] }
    : { ...base, name: 'pools of 16', cohorts: [B.cohort({ count: cards, poolSize: 16 })] };
  return B.scenario([base, other], { blockSize: 64 });
}

describe('coverage of the paired 95 % intervals under stratification (simulation)', () => {
  const RUNS = 300, R = 5;
  for (const kind of ['auto-stop', 'pools'] as const) {
    it(`small ${kind} scenario: the interval over ${R} replications covers the true paired difference of cost.total 93–97 % of the time`, () => {
      const s = small(kind, 64, 2);
      const truth = mean(run({ ...s, seed: 'truth', replications: 1000 }).diffs);
      const c = coverage(RUNS, (i) => {
        const d = run({ ...s, seed: `cov-${i}`, replications: R }).diffs, h = halfWidth(d), m = mean(d);
        return [m - h, m + h];
      }, truth);
      console.log(`small ${kind} (64 cards, 2 months; ${kind === 'pools' ? 'pools: drawn plainly' : 'stratified'}): the paired interval over ${R} replications covers the true difference (${truth.toFixed(1)}) in ${(c * 100).toFixed(1)} % of ${RUNS} runs`);
      expect(c).toBeGreaterThanOrEqual(0.93);
      expect(c).toBeLessThanOrEqual(0.97);
    });
  }

  // One replication, the interval from batch means over the fixed batch grid (engine/batches.ts):
  // 2,048 cards are 32 batches of 64 whatever the block size. With n runs the coverage's standard
  // error is √(0.95 · 0.05 / n) (1.26 points at 300): the band asserted is 0.95 ± 3 standard errors.
  const BM_RUNS = 300, CARDS = 2048, se = Math.sqrt(0.95 * 0.05 / BM_RUNS);
  for (const kind of ['auto-stop', 'pools'] as const) {
    it(`batch means over one replication, small ${kind} scenario (${CARDS} cards: ${CARDS / batchCards(CARDS)} batches): the interval covers the true value of cost.total and of the paired difference about 95 % of the time`, () => {
      const s = small(kind, CARDS, 1);
      const truthRuns = run({ ...s, seed: 'truth', replications: 200, blockSize: 16384 });
      const truthDiff = mean(truthRuns.diffs);
      const truthCost = mean(truthRuns.batches[0].map((bs) => splitSum(bs)));
      let hitDiff = 0, hitCost = 0;
      for (let i = 0; i < BM_RUNS; i++) {
        // Block sizes vary from run to run: the batch grid, hence the interval, does not depend on them.
        const { batches } = run({ ...s, seed: `bm-${i}`, replications: 1, blockSize: [64, 500, 16384][i % 3] });
        const bm = batchMeans(batches[1], batches[0])!;
        const d = bm.diff!['cost.total'], c = batchMeans(batches[0])!.metrics['cost.total'];
        if (d.lo! <= truthDiff && truthDiff <= d.hi!) hitDiff++;
        if (c.lo! <= truthCost && truthCost <= c.hi!) hitCost++;
      }
      const cd = hitDiff / BM_RUNS, cc = hitCost / BM_RUNS;
      console.log(`batch means, small ${kind} ${CARDS} cards × 1 month, 1 replication (${kind === 'pools' ? 'pools of 16: drawn plainly' : 'stratified'}), ${BM_RUNS} runs: ` +
        `the paired difference's interval covers the true difference (${truthDiff.toFixed(1)}) in ${(cd * 100).toFixed(1)} %, ` +
        `the baseline's cost.total interval its true mean (${truthCost.toFixed(1)}) in ${(cc * 100).toFixed(1)} % (band asserted: ${((0.95 - 3 * se) * 100).toFixed(1)}–${((0.95 + 3 * se) * 100).toFixed(1)} %)`);
      for (const c of [cd, cc]) {
        expect(c).toBeGreaterThanOrEqual(0.95 - 3 * se);
        expect(c).toBeLessThanOrEqual(0.95 + 3 * se);
      }
    });
  }
});

const COST = METRICS.indexOf('cost.total');
/** cost.total of one replication from its blocks' batch vectors. */
function splitSum(blocks: Float64Array[]): number {
  let x = 0;
  for (const b of blocks) for (let k = 0; k < b.length; k += BATCH_WIDTH) x += b[k + COST];
  return x;
}
