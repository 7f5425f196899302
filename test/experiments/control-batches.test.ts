/**
 * The control-variate estimate over batches (engine/experiments/control-pooled.ts and
 * controlled.ts): by hand against the replication-level estimate, and its coverage over 300
 * independent repetitions of small auto-stop and pools scenarios at 1 and at 10 replications.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compileArm, planJobs, runJob, type ArmConfig, type ScenarioConfig } from '../../engine/index.ts';
import { splitResult } from '../../engine/batches.ts';
import { controlledEstimate } from '../../engine/experiments/control.ts';
import { pooledControlled } from '../../engine/experiments/control-pooled.ts';
import { controlledDiff, type ControlOptions } from '../../engine/experiments/controlled.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';

const compiled = new WeakMap<ArmConfig[], ReturnType<typeof compileArm>[]>();

/** The batch vectors [arm][replication][block] of a run of s, every job in this thread. */
function batchesOf(s: ScenarioConfig): { models: ReturnType<typeof compileArm>[]; batches: Float64Array[][][] } {
  const models = compiled.get(s.arms) ?? s.arms.map(compileArm);
  compiled.set(s.arms, models);
  const batches: Float64Array[][][] = models.map(() => Array.from({ length: s.replications }, () => []));
  for (const job of planJobs(s, models)) batches[job.arm][job.replication][job.block] = splitResult(runJob(s, models[job.arm], job), models[job.arm]).batches;
  return { models, batches };
}

/** Two arms of an example scenario, every cohort resized (pools to `pool` cards). */
function example(file: string, o: { cards: number; months: number; pool?: number; replications: number }): ScenarioConfig {
  const f = loadScenarioFile(`scenarios/examples/${file}`);
  const resize = (a: ArmConfig): ArmConfig => ({ ...a, months: o.months, cohorts: a.cohorts.map((c) => ({ ...c, count: o.cards, poolSize: c.poolSize > 0 ? (o.pool ?? c.poolSize) : 0 })) });
  return { ...f, arms: [resize(f.arms[0]), resize(f.arms[1])], blockSize: 16384, replications: o.replications };
}

describe('the pooled estimate by hand', () => {
  it('adding k per card to every batch\'s difference moves the estimate by k × cards per replication and leaves the interval\'s width', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(fc.integer({ min: 1, max: 200 }), fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -50, max: 50, noNaN: true })), { minLength: 6, maxLength: 40 }),
      fc.double({ min: -10, max: 10, noNaN: true }), fc.integer({ min: 1, max: 3 }),
      (rows, k, reps) => {
        const n = rows.map((r) => r[0]), y = rows.map((r) => r[1] * Math.sqrt(r[0]) + r[2]), d = [rows.map((r) => r[2] + r[1] / 3)];
        const a = pooledControlled(y, n, d, reps), b = pooledControlled(y.map((v, i) => v + k * n[i]), n, d, reps);
        const N = n.reduce((x, c) => x + c, 0) / reps, tol = 1e-6 * (1 + Math.abs(a.mean) + Math.abs(k * N) + (a.lo === null ? 0 : a.hi! - a.lo));
        expect(Math.abs(b.mean - (a.mean + k * N))).toBeLessThanOrEqual(tol);
        if (a.lo !== null && b.lo !== null) expect(Math.abs((b.hi! - b.lo!) - (a.hi! - a.lo!))).toBeLessThanOrEqual(tol);
      },
    ), { numRuns: 200 });
  });

  it('with equal batches it is the replication-level estimate on the batches, scaled to a replication', () => {
    const ys = [3, 5, 4, 9, 2, 7, 6], xs = [1, 2, 1.5, 4, 0.5, 3, 2.5], mu = 2;
    // 7 batches of 10 cards in one replication: the fleet total is 7 × the per-batch estimate.
    const pooled = pooledControlled(ys, ys.map(() => 10), [xs.map((x) => x - mu)], 1, false);
    const classic = controlledEstimate(ys, xs.map((x) => [x]), [mu]);
    expect(pooled.mean).toBeCloseTo(7 * classic.mean, 6);
    expect(pooled.lo!).toBeCloseTo(7 * classic.lo!, 6);
    expect(pooled.hi!).toBeCloseTo(7 * classic.hi!, 6);
    // over 7 replications of one batch each, the total is the per-batch estimate itself
    const reps = pooledControlled(ys, ys.map(() => 10), [xs.map((x) => x - mu)], 7, false);
    expect(reps.mean).toBeCloseTo(classic.mean, 9);
  });

  it('with no control, the ratio estimator Σy ÷ Σn × cards per replication; y exactly linear in the control gives no spread', () => {
    const ys = [10, 30, 20], n = [1, 3, 2];
    expect(pooledControlled(ys, n, [], 1).mean).toBe(60);
    // y = 5·n + 2·d exactly: α = 5 per card, 6 cards, d averages 0.5 per replication
    const d = [1, -1, 0.5, 0.5], m = [2, 2, 1, 3];
    const fit = pooledControlled(m.map((k, i) => 5 * k + 2 * d[i]), m, [d], 2);
    expect(fit.mean).toBeCloseTo(5 * 4, 9);
    expect(fit.lo).toBeNull();
  });
});

/**
 * Coverage over RUNS independent repetitions: a 95 % interval's hits over 300 are binomial with
 * standard deviation √(300 × .95 × .05) ≈ 3.8 runs (1.26 points); the band asserted is 0.95 ± 3 of
 * those (91.2–98.8 %), as in test/experiments/stratify.test.ts.
 */
describe('coverage of the batch-level controlled 95 % interval of cost.total (300 repetitions each)', () => {
  const RUNS = 300, se = Math.sqrt(0.95 * 0.05 / RUNS);
  const cases: Array<[string, { cards: number; months: number; pool?: number }, number, boolean]> = [
    // [file, size, replications, whether the rule should keep it]
    ['auto-stop.yaml', { cards: 2048, months: 2 }, 1, true],
    ['auto-stop.yaml', { cards: 256, months: 3 }, 10, true],
    ['pools.yaml', { cards: 2048, months: 2, pool: 16 }, 1, false],
    ['pools.yaml', { cards: 256, months: 6, pool: 16 }, 10, false],
  ];
  const pc = (k: number, n: number) => `${(k / n * 100).toFixed(1)} %`;
  for (const [file, size, R, on] of cases) {
    it(`small ${file} (${size.cards} cards × ${size.months} months, ${R} replication${R > 1 ? 's' : ''}): ${on ? 'trusted in most runs, covering 95 % ± 3 standard errors' : 'the rule keeps it off in most runs'}`, () => {
      const s = example(file, { ...size, replications: R });
      const variants: Array<[string, ControlOptions]> = [['faultMB', {}], ['faultMB + meanMB', { controls: ['faultMB', 'meanMB'] }], ['faultMB, classic variance', { robust: false }]];
      // The truth: the faultMB-controlled estimate over 400 replications (its half-width is printed).
      const big = batchesOf({ ...s, seed: 'truth', replications: 400 });
      const t = controlledDiff(big.models, big.batches, 1)!.diff['cost.total']!;
      const tf = t.trusted ? t : null;
      const truth = tf ? tf.mean : NaN;
      const out: string[] = [];
      const rates: Record<string, { trusted: number; hits: number; all: number }> = {};
      for (const [name] of variants) rates[name] = { trusted: 0, hits: 0, all: 0 };
      for (let i = 0; i < RUNS; i++) {
        const { models, batches } = batchesOf({ ...s, seed: `cvb-${i}` });
        for (const [name, o] of variants) {
          const e = controlledDiff(models, batches, 1, o)!.diff['cost.total']!;
          if (!e.trusted) continue;
          rates[name].trusted++;
          if (e.lo! <= truth && truth <= e.hi!) rates[name].hits++;
        }
      }
      for (const [name] of variants) out.push(`${name}: trusted in ${rates[name].trusted}/${RUNS}, covering ${rates[name].trusted ? pc(rates[name].hits, rates[name].trusted) : '–'}`);
      console.log(`${file}, ${size.cards} cards × ${size.months} months × ${R} replication(s), truth ${truth.toFixed(1)} ± ${tf ? ((tf.hi! - tf.lo!) / 2).toFixed(1) : '–'} (400 replications${t.trusted ? '' : `: ${t.reason}`}): ${out.join('; ')}`);
      const r = rates.faultMB;
      if (on) {
        expect(r.trusted).toBeGreaterThanOrEqual(0.8 * RUNS);
        expect(r.hits / r.trusted).toBeGreaterThanOrEqual(0.95 - 3 * se);
        expect(r.hits / r.trusted).toBeLessThanOrEqual(0.95 + 3 * se);
      } else {
        expect(r.trusted).toBeLessThanOrEqual(0.1 * RUNS);
      }
    }, 900_000);
  }
});
