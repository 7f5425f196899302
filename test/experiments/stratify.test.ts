/**
 * What the sampling design buys, measured (docs/rules.md, Randomness): the paired half-width of
 * a cost difference with common random numbers and stratified per-card draws (the defaults)
 * against plain independent sampling (both off) at the same card-days; and the coverage of the
 * 95 % paired intervals under stratification, over many independent repetitions.
 */
import { describe, expect, it } from 'vitest';
import { compileArm, mergeBlocks, metricsOf, planJobs, runJob, runScenario, type ArmConfig, type ScenarioConfig } from '../../engine/index.ts';
import { BATCH_WIDTH, batchCards, batchMeans, splitResult } from '../../engine/batches.ts';
import { METRICS } from '../../engine/metrics.ts';
import { skewness, t975 } from '../../engine/stats.ts';
import { controlledEstimate, controlsOf, expectedControls } from '../../engine/experiments/control.ts';
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

/** The control-variate interval (engine/experiments/control.ts) of the paired differences of a run of s: the baseline arm's fault controls (faultMB, and with `both` meanMB too). */
function controlled(s: ScenarioConfig, diffs: number[], both = true): [number, number] {
  const model = (compiled.get(s.arms) ?? s.arms.map(compileArm))[0];
  const mu = expectedMemo(model);
  const xs = diffs.map((_, r) => { const c = controlsOf(s, 0, model, r); return both ? [c.faultMB, c.meanMB] : [c.faultMB]; });
  const e = controlledEstimate(diffs, xs, both ? [mu.faultMB, mu.meanMB] : [mu.faultMB]);
  return [e.lo!, e.hi!];
}

const expectations = new WeakMap<object, ReturnType<typeof expectedControls>>();
function expectedMemo(model: ReturnType<typeof compileArm>) {
  const e = expectations.get(model) ?? expectedControls(model);
  expectations.set(model, e);
  return e;
}

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
    // 10–100× factor): whether the card in a stratum group's top volume cell runs away this year,
    // and its volume inside that cell, stay random under any per-card stratification. Measured
    // over 200 replications (docs/rules.md): 2.3× (the 20-replication figure printed here swings
    // between about 2 and 3.5 with the seed); 83 % of the stratified variance is the interaction of
    // volume and faults. The defaults alone do not reach the issue's 5×; the fault control
    // variates over replications (engine/experiments/control.ts) reach it with both controls,
    // asserted below, but need 20 replications; report.json uses them over batches × replications
    // (faultMB alone: both under-cover), which at the example's own 10 replications gives 7.3×
    // (the describe below; docs/statistics.md).
    ['auto-stop.yaml', [0, 1], 1.5],
  ];
  for (const [file, arms, floor] of cases) {
    it(`${file}: the paired half-width of the cost difference is several times narrower at the defaults than with plain independent sampling, at the same card-days`, () => {
      const s = { ...example(file, arms, { cards: 500 }), replications: 20 };
      const both = halfWidth(run(s).diffs);
      const plain = halfWidth(run({ ...s, commonRandomNumbers: false, stratify: false }).diffs);
      const crn = halfWidth(run({ ...s, stratify: false }).diffs);
      const [clo, chi] = controlled(s, run(s).diffs), cv = (chi - clo) / 2;
      const [olo, ohi] = controlled(s, run(s).diffs, false), one = (ohi - olo) / 2;
      console.log(`${file}: with the fault control variates (engine/experiments/control.ts) on top of the defaults: half-width ${cv.toFixed(0)}, ${(plain / cv).toFixed(1)}× narrower than both off; with faultMB alone ${one.toFixed(0)}, ${(plain / one).toFixed(1)}×`);
      if (file === 'auto-stop.yaml') expect(plain / cv).toBeGreaterThanOrEqual(5);
      console.log(`${file}, "${s.arms[1].name}" minus "${s.arms[0].name}", 500 cards × ${s.arms[0].months} months × 20 replications: cost.total difference half-width ` +
        `${both.toFixed(0)} (defaults: common random numbers + stratified), ${crn.toFixed(0)} (common random numbers only), ${plain.toFixed(0)} (both off): ` +
        `${(plain / both).toFixed(1)}× narrower than both off (${(plain / crn).toFixed(1)}× from common random numbers alone)`);
      expect(plain / both).toBeGreaterThan(floor);
      expect(both).toBeLessThan(crn);
    });
  }
});

describe('the issue\'s measurement: the report\'s paired half-width at the examples\' defaults against both off, at the same card-days', () => {
  // The examples as they are (2,000 cards × 12 months, their own 10 replications). "Defaults":
  // common random numbers, stratified draws, and the control variates over batches where the
  // trust rule keeps them (arm.diff then holds them); "both off": neither, and the plain paired
  // difference (arm.controlled.plain where arm.diff holds a controlled one).
  const cases: Array<[string, number, number]> = [['alerts.yaml', 2, 5], ['auto-stop.yaml', 1, 5]];
  for (const [file, other, floor] of cases) {
    it(`${file}: at least ${floor}× narrower`, async () => {
      const f = loadScenarioFile(`scenarios/examples/${file}`);
      const s = { ...f, arms: [f.arms[0], f.arms[other]] };
      const half = (e: { lo: number | null; hi: number | null }) => (e.hi! - e.lo!) / 2;
      const def = (await runScenario(s)).arms[1];
      const offArm = (await runScenario({ ...s, commonRandomNumbers: false, stratify: false })).arms[1];
      const off = offArm.controlled?.plain?.['cost.total'] ?? offArm.diff!['cost.total'];
      const cv = def.controlled?.diff['cost.total'];
      const used = cv?.trusted ? `control variates over batches (variance ratio ${cv.varianceRatio})` : `plain over replications${cv && !cv.trusted ? ` (control variates off: ${cv.reason})` : ''}`;
      const plainDef = def.controlled?.plain?.['cost.total'] ?? def.diff!['cost.total'];
      console.log(`${file}, "${s.arms[1].name}" minus "${s.arms[0].name}", ${s.arms[0].cohorts[0].count} cards × ${s.arms[0].months} months × ${s.replications} replications: ` +
        `cost.total difference half-width ${half(def.diff!['cost.total']).toFixed(0)} at the defaults (${used}; without the controls ${half(plainDef).toFixed(0)}), ` +
        `${half(off).toFixed(0)} with commonRandomNumbers: false, stratify: false: ${(half(off) / half(def.diff!['cost.total'])).toFixed(1)}× narrower`);
      expect(half(off) / half(def.diff!['cost.total'])).toBeGreaterThanOrEqual(floor);
    }, 600_000);
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

/**
 * Hall's (1992) transformation interval for a skewed mean: g(t) = ((1 + a t)³ − 1) ÷ 3a + a/2 with
 * a = G1 ÷ (3√n), G1 the sample skewness m3 ÷ m2^1.5, inverted at ±t975 (a skew-corrected t; measured
 * here as the alternative, not used by the engine).
 */
function hallInterval(xs: number[]): [number, number] {
  const n = xs.length, m = mean(xs);
  let m2 = 0, m3 = 0;
  for (const x of xs) { m2 += (x - m) ** 2; m3 += (x - m) ** 3; }
  const se = Math.sqrt(m2 / (n - 1) / n), q = t975(n - 1), a = m3 / n / (m2 / n) ** 1.5 / (3 * Math.sqrt(n));
  const inv = (x: number) => (Math.abs(a) < 1e-12 ? x : (Math.cbrt(1 + 3 * a * (x - a / 2)) - 1) / a);
  return [m - inv(q) * se, m - inv(-q) * se];
}

describe('coverage on a heavy-tailed profile (auto-stop.yaml\'s own: lognormal spread 1, runaway faults 10–100×)', () => {
  it('the paired t-interval under-covers with plain sampling too (stratified a few points more): the cause is the skewed replication totals', () => {
    const RUNS = 300, R = 10;
    const s = { ...example('auto-stop.yaml', [0, 1], { cards: 64, months: 3 }), blockSize: 64 };
    const out: string[] = [];
    const cov: number[] = [];
    for (const design of [{}, { stratify: false }]) {
      const sd = { ...s, ...design };
      const big = run({ ...sd, seed: 'truth', replications: 3000 }).diffs;
      const truth = mean(big), g = skewness(big)!;
      expect(g).toBeGreaterThan(1);
      let hall = 0, cv = 0, one = 0;
      const c = coverage(RUNS, (i) => {
        const si = { ...sd, seed: `heavy-${i}`, replications: R };
        const d = run(si).diffs, h = halfWidth(d), m = mean(d);
        const [lo, hi] = hallInterval(d);
        if (lo <= truth && truth <= hi) hall++;
        const [clo, chi] = controlled(si, d);
        if (clo <= truth && truth <= chi) cv++;
        const [olo, ohi] = controlled(si, d, false);
        if (olo <= truth && truth <= ohi) one++;
        return [m - h, m + h];
      }, truth);
      cov.push(c);
      out.push(`${'stratify' in design ? 'plain' : 'stratified'}: skewness of the replication totals ${g.toFixed(2)} (Cochran: n > ${Math.ceil(25 * g * g)}), t-interval ${(c * 100).toFixed(1)} %, Hall's skew-corrected interval ${(hall / RUNS * 100).toFixed(1)} %, control variates ${(cv / RUNS * 100).toFixed(1)} % (faultMB alone ${(one / RUNS * 100).toFixed(1)} %)`);
      expect(c).toBeGreaterThan(0.85);
      expect(c).toBeLessThanOrEqual(0.97);
    }
    console.log(`auto-stop.yaml's profile, 64 cards × 3 months, ${R} replications, ${RUNS} runs each: ${out.join('; ')}`);
    expect(cov[1] - cov[0]).toBeLessThanOrEqual(0.06);
  });
});

const COST = METRICS.indexOf('cost.total');
/** cost.total of one replication from its blocks' batch vectors. */
function splitSum(blocks: Float64Array[]): number {
  let x = 0;
  for (const b of blocks) for (let k = 0; k < b.length; k += BATCH_WIDTH) x += b[k + COST];
  return x;
}
