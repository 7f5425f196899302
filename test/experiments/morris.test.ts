import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema, runExperiment, runScenario, type ScenarioConfig } from '../../engine/index.ts';
import { latinHypercube, morrisPoints } from '../../engine/experiments/morris.ts';
import { checkDesigns } from '../../engine/experiments/sequence.ts';
import { analysisKey } from '../../engine/rng.ts';
import { parse } from '../scenarios/helpers.ts';
import { handSensitivity, JOINT_RANGES } from './hand.ts';

const HAND = handSensitivity('Which parameter moves the cost?');

describe('Morris elementary effects', () => {
  it('by hand: the cost is linear in both parameters, so every effect is the slope times the range and σ is 0', async () => {
    const config = parse(HAND);
    const report = await runExperiment(config, runScenario, { morris: 4 });
    const m = report.morris!;
    const down = report.arms[1].metrics['downtime.cardDays'].mean;
    expect(m).toMatchObject({ method: 'morris-radial', objective: 'cost.total', arm: 'auto-stop on', trajectories: 4, runs: 4 * 3 });
    // auto-stop on (the main best) pays only downtime: downtime card-days × 3 over the range of downtimeCostPerCardDay, nothing for overage
    expect(m.parameters.map((p) => p.path)).toEqual(['downtimeCostPerCardDay', 'plans.basic.overagePerMB']);
    const [dc, price] = m.parameters;
    expect(dc.muStar).toBeCloseTo(down * 3, 6);
    expect(dc.mu).toBeCloseTo(down * 3, 6);
    expect(dc.sigma).toBeCloseTo(0, 6);
    expect(price).toMatchObject({ muStar: 0, mu: 0, sigma: 0 });
    // auto-stop off: 154 MB × (0.5 − 0.2) over the overage range, no downtime
    const off = price.arms.find((a) => a.arm === 'auto-stop off')!;
    expect(off.muStar).toBeCloseTo(154 * 0.3, 6);
    expect(dc.arms.find((a) => a.arm === 'auto-stop off')!.muStar).toBe(0);
    expect(m.bestChanges).toBeGreaterThanOrEqual(0);
    expect(m.bestChanges).toBeLessThanOrEqual(1);
    const validate = new Ajv({ allErrors: true, strict: true }).compile(reportJsonSchema());
    validate(JSON.parse(JSON.stringify(report)));
    expect(validate.errors ?? []).toEqual([]);
    // keyed by the seed: the same design and figures again
    expect((await runExperiment(config, runScenario, { morris: 4 })).morris).toEqual(m);
  });

  it('the design points are the base points of the Latin hypercube, each followed by one point per parameter moved half its range', () => {
    const a = latinHypercube(analysisKey('s', 'morris'), 3, 2), points = morrisPoints('s', 3, 2);
    expect(points).toEqual(a.flatMap((x) => [x, [(x[0] + 0.5) % 1, x[1]], [x[0], (x[1] + 0.5) % 1]]));
  });

  it('a design point that makes an arm invalid is refused before the first run, as the scenario error at sensitivity:', async () => {
    const config = parse(JOINT_RANGES);
    let runs = 0;
    const runner = (s: Parameters<typeof runScenario>[0]) => { runs++; return runScenario(s); };
    for (const design of [{ morris: 4 }, { sobol: 4 }]) {
      await expect(runExperiment(config, runner, design)).rejects.toMatchObject({
        code: 'E_SCENARIO',
        message: expect.stringMatching(/^test\.yaml:20:1: sensitivity: the design point cohorts\[0\]\.count = \d+, actions\[0\]\.cards\.to = \d+ makes arm "a" invalid: /),
      });
    }
    expect(runs).toBe(0);
    // Without a design, the one-at-a-time ranges are run as before.
    expect((await runExperiment(config, runner, {})).sensitivity).toBeDefined();
    expect(runs).toBeGreaterThan(0);
  });

  it('design values follow the field\'s type in the schema: a money field with whole low and high takes fractional values, a card count stays whole', async () => {
    // downtimeCostPerCardDay (a number) 0–3 and plans.basic.overagePerMB (a number) 0.2–0.5: neither is an integer field.
    const config = parse(HAND);
    expect(config.sensitivity!.map((c) => c.integer)).toEqual([false, false]);
    const costs: number[] = [];
    const runner = (s: ScenarioConfig) => {
      costs.push(s.arms[0].downtimeCostPerCardDay);
      return runScenario(s);
    };
    await runExperiment(config, runner, { morris: 4, sobol: 4 });
    // main + 2 × 2 one-at-a-time runs (0 and 3), then 4 × 3 Morris and 4 × 4 Sobol design points
    const design = costs.slice(5);
    expect(design).toHaveLength(4 * 3 + 4 * 4);
    expect(design.filter((x) => !Number.isInteger(x)).length).toBeGreaterThan(design.length / 2);
    for (const x of design) expect(x >= 0 && x <= 3).toBe(true);
    // cohorts[0].count and actions[0].cards.to are integers in the schema: every design point has whole values.
    const joint = parse(JOINT_RANGES);
    expect(joint.sensitivity!.map((c) => c.integer)).toEqual([true, true]);
    const seen: number[][] = [];
    checkDesigns({ ...joint, armsAt: (values) => (seen.push(values), []) }, 4, 4);
    expect(seen.length).toBeGreaterThan(0);
    for (const v of seen) expect(v.every(Number.isInteger)).toBe(true);
  });

  it('a Latin hypercube puts one point in each of r strata of every dimension', () => {
    const pts = latinHypercube(analysisKey('s', 'morris'), 8, 3);
    for (let i = 0; i < 3; i++) expect(pts.map((p) => Math.floor(p[i] * 8)).sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });
});
