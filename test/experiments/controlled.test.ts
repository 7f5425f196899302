/**
 * The control-variate estimates in the report (engine/experiments/controlled.ts): where they
 * appear, the trust rule, determinism, and the coverage of the intervals the rule keeps, over
 * 300 independent repetitions of a small auto-stop and a small pools scenario with runaway faults.
 */
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { compileArm, mergeBlocks, metricsOf, planJobs, reportJsonSchema, runJob, runScenario, type ArmConfig, type MetricName, type ScenarioConfig } from '../../engine/index.ts';
import { controlledDiff, MIN_REPLICATIONS, needed } from '../../engine/experiments/controlled.ts';
import { controlledEstimate, controlsOf, expectedControls } from '../../engine/experiments/control.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import * as B from '../helpers/build.ts';
import { formatReport } from '../../cli/report-text.ts';

const compiled = new WeakMap<ArmConfig[], ReturnType<typeof compileArm>[]>();

/** Every replication's metrics per arm, run job by job in this thread. */
function perRep(s: ScenarioConfig): { models: ReturnType<typeof compileArm>[]; reps: Record<MetricName, number>[][] } {
  const models = compiled.get(s.arms) ?? s.arms.map(compileArm);
  compiled.set(s.arms, models);
  const blocks: Float64Array[][][] = models.map(() => Array.from({ length: s.replications }, () => []));
  for (const job of planJobs(s, models)) blocks[job.arm][job.replication][job.block] = runJob(s, models[job.arm], job);
  return { models, reps: blocks.map((reps, a) => reps.map((b) => metricsOf(mergeBlocks(b), models[a]))) };
}

/** Two arms of an example scenario, every cohort resized (pools to `pool` cards). */
function example(file: string, o: { cards: number; months: number; pool?: number; replications: number }): ScenarioConfig {
  const f = loadScenarioFile(`scenarios/examples/${file}`);
  const resize = (a: ArmConfig): ArmConfig => ({ ...a, months: o.months, cohorts: a.cohorts.map((c) => ({ ...c, count: o.cards, poolSize: c.poolSize > 0 ? (o.pool ?? c.poolSize) : 0 })) });
  return { ...f, arms: [resize(f.arms[0]), resize(f.arms[1])], blockSize: 64, replications: o.replications };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('control variates in the report', () => {
  it('by hand: the rule needs 20 replications, and 10 per control', () => {
    expect(needed(1)).toBe(MIN_REPLICATIONS);
    expect(needed(2)).toBe(20);
    expect(needed(3)).toBe(30);
    expect(needed(4)).toBe(40);
  });

  it('absent without runaway faults and on the baseline; off below the rule\'s replications, with the reason', async () => {
    const quiet = B.scenario([B.arm({ name: 'a' }), B.arm({ name: 'b' })], { replications: 4 });
    const r0 = await runScenario(quiet);
    expect(r0.arms.every((a) => a.controlled === undefined)).toBe(true);
    const s = example('auto-stop.yaml', { cards: 64, months: 2, replications: 6 });
    const r = await runScenario(s);
    expect(r.arms[0].controlled).toBeUndefined();
    const c = r.arms[1].controlled!;
    // Below the rule's 20 replications no control can be trusted: none is replayed.
    expect(c.controls).toEqual([]);
    const t = c.diff['cost.total']!;
    expect(t.trusted).toBe(false);
    if (!t.trusted) expect(t.reason).toBe('6 replications (the rule needs at least 20; none replayed)');
    // 64 cards × 90 days at a daily hazard of 0.001 (3–14-day faults): about 5.7 faults a replication
    const few = await runScenario(example('auto-stop.yaml', { cards: 64, months: 3, replications: 20 }));
    const f = few.arms[1].controlled!.diff['cost.total']!;
    expect(f.trusted).toBe(false);
    expect(formatReport(few, 200)).toMatch(/^total cost, control variates \(CNY\) +off$/m);
    if (!f.trusted) expect(f.reason).toMatch(/^5\.\d runaway faults expected per replication \(the rule needs 20\)$/);
  });

  it('without common random numbers the arm\'s own controls are offered too', () => {
    const s = { ...example('auto-stop.yaml', { cards: 64, months: 2, replications: 20 }), commonRandomNumbers: false };
    const { models, reps } = perRep(s);
    expect(controlledDiff(s, models, reps, 1)!.controls).toEqual(['baseline faultMB', 'arm faultMB']);
  });

  it('the same bytes for any block size (the controls replay keyed draws)', async () => {
    const s = example('auto-stop.yaml', { cards: 192, months: 4, replications: 20 });
    const a = await runScenario({ ...s, blockSize: 192 }), b = await runScenario({ ...s, blockSize: 32 });
    expect(a.arms[1].controlled?.diff['cost.total']?.trusted).toBe(true);
    expect(JSON.stringify(b.arms[1].controlled)).toBe(JSON.stringify(a.arms[1].controlled));
    // and a report holding a trusted estimate validates against report.json's schema
    const validate = new Ajv({ allErrors: true, strict: false }).compile(reportJsonSchema());
    expect(validate(JSON.parse(JSON.stringify(a))), JSON.stringify(validate.errors)).toBe(true);
    // The CLI's paired table shows it under the plain row, with its interval.
    const e = a.arms[1].controlled!.diff['cost.total']!;
    if (!e.trusted) throw new Error('not trusted');
    const line = formatReport(a, 200).split('\n').find((l) => l.startsWith('total cost, control variates'));
    expect(line).toContain(`+${Math.round(e.mean).toLocaleString('en-US')} [+${Math.round(e.lo!).toLocaleString('en-US')}, +${Math.round(e.hi!).toLocaleString('en-US')}]`);
  });
});

/**
 * Coverage over RUNS independent repetitions: a 95 % interval's hit count over 300 is binomial
 * with standard deviation √(300 × .95 × .05) ≈ 3.8 runs (1.26 points), so 93–97 % is ±1.6 of those.
 */
describe('coverage of the controlled 95 % interval of cost.total (300 repetitions each)', () => {
  const RUNS = 300;
  const cases: Array<[string, { cards: number; months: number; pool?: number }, boolean]> = [
    // about 23 runaway faults expected per replication in each; [file, size, whether the rule keeps it]
    ['auto-stop.yaml', { cards: 128, months: 6 }, true],
    ['pools.yaml', { cards: 128, months: 12, pool: 16 }, false],
  ];
  const pc = (k: number, n: number) => `${(k / n * 100).toFixed(1)} %`;
  for (const [file, size, on] of cases) {
    it(`small ${file} (${size.cards} cards × ${size.months} months, ${MIN_REPLICATIONS} replications): ${on ? 'the trusted interval covers 93–97 %' : 'the rule turns off an interval that covers less than 93 %'}`, () => {
      const s = example(file, { ...size, replications: MIN_REPLICATIONS });
      // The truth: the controlled estimate over 3,000 replications. The plain mean over as many has
      // a standard error near the controlled intervals' own half-width at 20 replications on the
      // auto-stop case, which alone would pull the measured coverage to 80-odd %.
      const sb = { ...s, seed: 'truth', replications: 3000 }, big = perRep(sb);
      const mu = expectedControls(big.models[0]).faultMB;
      const bigDiff = big.reps[1].map((m, r) => m['cost.total'] - big.reps[0][r]['cost.total']);
      const t = controlledEstimate(bigDiff, bigDiff.map((_, r) => [controlsOf(sb, 0, big.models[0], r).faultMB]), [mu]);
      const truth = t.mean, plainTruth = mean(bigDiff);
      let hits = 0, trusted = 0, ratio = 0, plainHits = 0, allHits = 0;
      for (let i = 0; i < RUNS; i++) {
        const si = { ...s, seed: `cv-${i}` };
        const { models, reps } = perRep(si);
        const e = controlledDiff(si, models, reps, 1)!.diff['cost.total']!;
        const d = reps[1].map((m, r) => m['cost.total'] - reps[0][r]['cost.total']);
        const m = mean(d), h = 2.093 * Math.sqrt(d.reduce((a, x) => a + (x - m) ** 2, 0) / (d.length - 1) / d.length);
        if (m - h <= truth && truth <= m + h) plainHits++;
        // every run's controlled interval, trusted or not (the test refits it)
        const fit = controlledEstimate(d, reps[0].map((_, r) => [controlsOf(si, 0, models[0], r).faultMB]), [mu]);
        if (fit.lo! <= truth && truth <= fit.hi!) allHits++;
        ratio += fit.varianceRatio ?? 0;
        if (!e.trusted) continue;
        trusted++;
        if (e.lo! <= truth && truth <= e.hi!) hits++;
      }
      console.log(`${file}, ${size.cards} cards × ${size.months} months, ${MIN_REPLICATIONS} replications, true difference ${truth.toFixed(1)} ± ${((t.hi! - t.lo!) / 2).toFixed(1)} (the plain mean of the 3,000 gives ${plainTruth.toFixed(1)}): ` +
        `plain paired t-interval covers ${pc(plainHits, RUNS)}; the controlled interval ${pc(allHits, RUNS)} in all runs (mean variance ratio ${(ratio / RUNS).toFixed(1)}), trusted in ${trusted}/${RUNS} runs, covering ${trusted ? pc(hits, trusted) : '–'} of those`);
      if (on) {
        expect(trusted).toBeGreaterThanOrEqual(0.9 * RUNS); // 279 of 300 at a variance ratio of 3
        expect(hits / trusted).toBeGreaterThanOrEqual(0.93);
        expect(hits / trusted).toBeLessThanOrEqual(0.97);
      } else {
        // the rule turns it off where it does not reach 93 %
        expect(allHits / RUNS).toBeLessThan(0.93);
        expect(trusted).toBeLessThanOrEqual(0.05 * RUNS);
      }
    }, 900_000);
  }
});
