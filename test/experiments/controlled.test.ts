/**
 * The control-variate estimates in the report (engine/experiments/controlled.ts): where they
 * appear, the trust rule, that a trusted one becomes the arm's paired difference, and determinism.
 * Their coverage: test/experiments/control-batches.test.ts.
 */
import { describe, expect, it } from 'vitest';
import Ajv from 'ajv';
import { compileArm, planJobs, reportJsonSchema, runJob, runScenario, type ArmConfig, type ScenarioConfig } from '../../engine/index.ts';
import { splitResult } from '../../engine/batches.ts';
import { round } from '../../engine/stats.ts';
import { controlledDiff, MIN_OBSERVATIONS, needed } from '../../engine/experiments/controlled.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import * as B from '../helpers/build.ts';
import { formatReport } from '../../cli/report-text.ts';

/** The batch vectors [arm][replication][block] of a run, every job in this thread. */
function batchesOf(s: ScenarioConfig): { models: ReturnType<typeof compileArm>[]; batches: Float64Array[][][] } {
  const models = s.arms.map(compileArm);
  const batches: Float64Array[][][] = models.map(() => Array.from({ length: s.replications }, () => []));
  for (const job of planJobs(s, models)) batches[job.arm][job.replication][job.block] = splitResult(runJob(s, models[job.arm], job), models[job.arm]).batches;
  return { models, batches };
}

/** Two arms of an example scenario, every cohort resized. */
function example(file: string, o: { cards: number; months: number; replications: number }): ScenarioConfig {
  const f = loadScenarioFile(`scenarios/examples/${file}`);
  const resize = (a: ArmConfig): ArmConfig => ({ ...a, months: o.months, cohorts: a.cohorts.map((c) => ({ ...c, count: o.cards })) });
  return { ...f, arms: [resize(f.arms[0]), resize(f.arms[1])], blockSize: 64, replications: o.replications };
}

describe('control variates in the report', () => {
  it('by hand: the rule needs 20 observations (batches × replications), and 10 per control', () => {
    expect(needed(1)).toBe(MIN_OBSERVATIONS);
    expect(needed(2)).toBe(20);
    expect(needed(3)).toBe(30);
    expect(needed(4)).toBe(40);
  });

  it('absent without runaway faults and on the baseline; off with too few batches or faults, with the reason', async () => {
    const quiet = B.scenario([B.arm({ name: 'a' }), B.arm({ name: 'b' })], { replications: 4 });
    const r0 = await runScenario(quiet);
    expect(r0.arms.every((a) => a.controlled === undefined)).toBe(true);
    // 64 cards: one batch per replication, 6 observations
    const r = await runScenario(example('auto-stop.yaml', { cards: 64, months: 2, replications: 6 }));
    expect(r.arms[0].controlled).toBeUndefined();
    const t = r.arms[1].controlled!.diff['cost.total']!;
    expect(t.trusted).toBe(false);
    if (!t.trusted) expect(t.reason).toBe('6 batches × replications (with 1 control the rule needs 20)');
    expect(r.arms[1].controlled!.plain).toBeUndefined();
    // 64 cards × 90 days at a daily hazard of 0.001 (3–14-day faults): about 5.7 faults a replication
    const few = await runScenario(example('auto-stop.yaml', { cards: 64, months: 3, replications: 20 }));
    const f = few.arms[1].controlled!.diff['cost.total']!;
    expect(f.trusted).toBe(false);
    if (!f.trusted) expect(f.reason).toMatch(/^5\.\d runaway faults expected per replication \(the rule needs 20\)$/);
    // the paired row is then the plain one, with no row below it; the note says why
    const text = formatReport(few, 200);
    expect(text).not.toMatch(/without control variates/);
    expect(text).toMatch(/^Total cost: plain; control variates off where they may cover less than 95 % \(docs\/statistics\.md, "Control variates": "auto-stop off": 5\.\d runaway faults expected per replication \(the rule needs 20\)\)\.$/m);
    const d = few.arms[1].replications['cost.total'].map((x, r) => x - few.arms[0].replications['cost.total'][r]);
    expect(few.arms[1].diff!['cost.total'].mean).toBeCloseTo(d.reduce((x, y) => x + y, 0) / d.length, 1);
  });

  it("off where the controls' expectations lean on tails the draws do not reach (a lognormal factor of spread 5), not at spread 3 (found by an extreme-values hunt: biased by about 5 half-widths)", () => {
    const heavy = (spread: number): ScenarioConfig => {
      const s = example('auto-stop.yaml', { cards: 128, months: 2, replications: 2 });
      const arms = s.arms.map((a) => ({ ...a, profiles: a.profiles.map((p) => ({ ...p, runaway: { ...p.runaway!, factor: { kind: 'lognormal' as const, median: 10, spread } } })) }));
      return { ...s, arms };
    };
    const five = batchesOf(heavy(5)), three = batchesOf(heavy(3));
    // The same tail inside a mixture, listed first (a verification hunt: it was trusted, variance ratio 46.6).
    const mixed = example('auto-stop.yaml', { cards: 128, months: 2, replications: 2 });
    const inMixture = batchesOf({ ...mixed, arms: mixed.arms.map((a) => ({ ...a, profiles: a.profiles.map((p) => ({ ...p, runaway: { ...p.runaway!, factor: { kind: 'mixture' as const, weights: [1, 1], parts: [{ kind: 'lognormal' as const, median: 10, spread: 5 }, { kind: 'uniform' as const, min: 10, max: 100 }] } } })) })) });
    const m = controlledDiff(inMixture.models, inMixture.batches, 1)!.diff['cost.total']!;
    expect(m.trusted).toBe(false);
    if (!m.trusted) expect(m.reason).toMatch(/lies in the tails/);
    for (const metric of ['cost.total', 'cost.downtime'] as const) {
      const e = controlledDiff(five.models, five.batches, 1)!.diff[metric]!;
      expect(e.trusted).toBe(false);
      if (!e.trusted) expect(e.reason).toMatch(/^1[01] % of the controls' expected value lies in the tails of the runaway factor or mean volume that the draws do not reach \(the rule allows 0\.1 %\)/);
      const t = controlledDiff(three.models, three.batches, 1)!.diff[metric]!;
      if (!t.trusted) expect(t.reason).not.toMatch(/tails/);
    }
  });

  it('without common random numbers the arm\'s own controls are offered too', () => {
    const s = { ...example('auto-stop.yaml', { cards: 128, months: 2, replications: 2 }), commonRandomNumbers: false };
    const { models, batches } = batchesOf(s);
    expect(controlledDiff(models, batches, 1)!.controls).toEqual(['baseline faultMB', 'arm faultMB']);
    expect(controlledDiff(models, batches, 1, { controls: ['faultMB', 'meanMB'] })!.controls).toEqual(['baseline faultMB', 'baseline meanMB', 'arm faultMB', 'arm meanMB']);
  });

  it('one replication of 32 batches is enough; a trusted estimate is the arm\'s paired difference, the same bytes for any block size', async () => {
    const s = example('auto-stop.yaml', { cards: 2048, months: 3, replications: 1 });
    const a = await runScenario({ ...s, blockSize: 2048 }), b = await runScenario({ ...s, blockSize: 96 });
    const e = a.arms[1].controlled!.diff['cost.total']!;
    expect(e.trusted).toBe(true);
    expect(JSON.stringify(b.arms[1].controlled)).toBe(JSON.stringify(a.arms[1].controlled));
    expect(JSON.stringify(b.arms[1].diff)).toBe(JSON.stringify(a.arms[1].diff));
    if (!e.trusted) throw new Error('not trusted');
    // arm.diff holds it; controlled.plain the batch-means interval it replaced
    expect(a.arms[1].diff!['cost.total']).toEqual({ mean: e.mean, lo: e.lo, hi: e.hi });
    // (its interval; its mean is the difference of the rounded replication values, as every diff's: the batch means' to 10 digits)
    const plain = a.arms[1].controlled!.plain!['cost.total']!, bm = a.arms[1].batchMeans!.diff!['cost.total'];
    expect([plain.lo, plain.hi]).toEqual([bm.lo, bm.hi]);
    expect(plain.mean).toBe(round(a.arms[1].replications['cost.total'][0] - a.arms[0].replications['cost.total'][0]));
    expect(Math.abs(plain.mean - bm.mean) / Math.abs(bm.mean)).toBeLessThan(1e-9);
    expect(e.hi! - e.lo!).toBeLessThan(a.arms[1].batchMeans!.diff!['cost.total'].hi! - a.arms[1].batchMeans!.diff!['cost.total'].lo!);
    // and a report holding a trusted estimate validates against report.json's schema
    const validate = new Ajv({ allErrors: true, strict: false }).compile(reportJsonSchema());
    expect(validate(JSON.parse(JSON.stringify(a))), JSON.stringify(validate.errors)).toBe(true);
    // The CLI's paired table shows it as the total cost row, the plain one under it.
    const f = (x: number) => `+${Math.round(x).toLocaleString('en-US')}`;
    const text = formatReport(a, 200).split('\n');
    expect(text.find((l) => l.startsWith('total cost (CNY)  '))).toContain(`${f(e.mean)} [${f(e.lo!)}, ${f(e.hi!)}]`);
    const p = a.arms[1].controlled!.plain!['cost.total']!;
    expect(text.find((l) => l.startsWith('total cost, without control variates'))).toContain(`${f(p.mean)} [${f(p.lo!)}, ${f(p.hi!)}]`);
  });
});
