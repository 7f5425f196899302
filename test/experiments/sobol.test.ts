import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { reportJsonSchema, runExperiment, runScenario, sobolDesign, sobolIndices } from '../../engine/index.ts';
import { analysisKey } from '../../engine/rng.ts';
import { formatExperiments } from '../../cli/experiment-text.ts';
import { parse } from '../scenarios/helpers.ts';
import { handSensitivity } from './hand.ts';

/** The indices of f over [0, 1]^k from a design of n samples. */
function indicesOf(f: (x: number[]) => number, n: number, k: number, seed = 's') {
  const d = sobolDesign(analysisKey(seed, 'sobol'), n, k);
  return sobolIndices(d.a.map(f), d.b.map(f), d.ab.map((rows) => rows.map(f)));
}

describe('Sobol indices (Saltelli first order, Jansen total)', () => {
  it('a linear model 1·x1 + 2·x2 + 0·x3 of uniforms: S = ST = (1/5, 4/5, 0), the unused parameter exactly 0', () => {
    const r = indicesOf((x) => x[0] + 2 * x[1], 4000, 3);
    expect(r.indices[0].first).toBeCloseTo(0.2, 1);
    expect(r.indices[0].total).toBeCloseTo(0.2, 1);
    expect(r.indices[1].first).toBeCloseTo(0.8, 1);
    expect(r.indices[1].total).toBeCloseTo(0.8, 1);
    expect(r.indices[2]).toEqual({ first: 0, total: 0 });
    // Var(x1 + 2 x2) = (1 + 4) / 12
    expect(r.variance).toBeCloseTo(5 / 12, 1);
  });

  it('the Ishigami function (a = 7, b = 0.1): the indices known analytically', () => {
    const a = 7, b = 0.1, pi = Math.PI;
    const f = (u: number[]) => {
      const [x1, x2, x3] = u.map((v) => -pi + 2 * pi * v);
      return Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1);
    };
    // V1 = ½(1 + bπ⁴/5)², V2 = a²/8, V13 = b²π⁸(1/18 − 1/50), V = V1 + V2 + V13 (Ishigami & Homma 1990; Sobol' & Levitan 1999)
    const v1 = 0.5 * (1 + (b * pi ** 4) / 5) ** 2, v2 = a * a / 8, v13 = b * b * pi ** 8 * (1 / 18 - 1 / 50), v = v1 + v2 + v13;
    const r = indicesOf(f, 20000, 3);
    const got = r.indices.map((x) => [x.first!, x.total!]);
    const want = [[v1 / v, (v1 + v13) / v], [v2 / v, v2 / v], [0, v13 / v]];
    console.log(`Ishigami, N = 20,000: first ${got.map((g) => g[0].toFixed(3)).join(', ')} (true ${want.map((w) => w[0].toFixed(3)).join(', ')}); total ${got.map((g) => g[1].toFixed(3)).join(', ')} (true ${want.map((w) => w[1].toFixed(3)).join(', ')})`);
    for (let i = 0; i < 3; i++) {
      expect(Math.abs(got[i][0] - want[i][0])).toBeLessThan(0.04);
      expect(Math.abs(got[i][1] - want[i][1])).toBeLessThan(0.04);
    }
    expect(r.variance).toBeCloseTo(v, 0);
  });

  it('an output that does not move has no indices (null), not 0/0', () => {
    expect(indicesOf(() => 3, 10, 2).indices).toEqual([{ first: null, total: null }, { first: null, total: null }]);
  });

  it('the design: A and B are Latin hypercubes keyed by the seed, and AB_i is A with column i from B', () => {
    const d = sobolDesign(analysisKey('x', 'sobol'), 8, 3);
    for (const m of [d.a, d.b]) for (let i = 0; i < 3; i++) expect(m.map((p) => Math.floor(p[i] * 8)).sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(d.a).not.toEqual(d.b);
    expect(d.ab[1].map((row) => row[1])).toEqual(d.b.map((row) => row[1]));
    expect(d.ab[1].map((row) => [row[0], row[2]])).toEqual(d.a.map((row) => [row[0], row[2]]));
    expect(sobolDesign(analysisKey('x', 'sobol'), 8, 3)).toEqual(d);
  });
});

describe('Sobol indices of a scenario (--sobol)', () => {
  it('by hand: auto-stop on pays only downtime, so its cost moves with the downtime cost alone; auto-stop off with the overage price alone', async () => {
    const config = parse(handSensitivity('Which parameter moves the cost?'));
    const report = await runExperiment(config, runScenario, { sobol: 8 });
    const s = report.sobol!;
    expect(s).toMatchObject({ method: 'saltelli-jansen', objective: 'cost.total', arm: 'auto-stop on', samples: 8, runs: 8 * 4 });
    expect(s.parameters.map((p) => p.path)).toEqual(['downtimeCostPerCardDay', 'plans.basic.overagePerMB']);
    const [dc, price] = s.parameters;
    // the price does not touch auto-stop on: AB_price gives the same cost as A, exactly
    expect(price).toMatchObject({ first: 0, total: 0 });
    expect(dc.total!).toBeGreaterThan(0.5);
    expect(dc.total!).toBeLessThan(1.5);
    expect(dc.first!).toBeGreaterThan(0.5);
    expect(dc.first!).toBeLessThan(1.5);
    const off = (p: typeof dc) => p.arms.find((a) => a.arm === 'auto-stop off')!;
    expect(off(dc)).toEqual({ arm: 'auto-stop off', reached: true, first: 0, total: 0 });
    expect(off(price).total!).toBeGreaterThan(0.5);
    // auto-stop on: downtime card-days × cost per card-day, the cost drawn evenly in 0…3 (any value: it is not an integer field)
    expect(s.variance).toBeGreaterThan(0);
    const validate = new Ajv({ allErrors: true, strict: true }).compile(reportJsonSchema());
    validate(JSON.parse(JSON.stringify(report)));
    expect(validate.errors ?? []).toEqual([]);
    expect((await runExperiment(config, runScenario, { sobol: 8 })).sobol).toEqual(s);
    const text = formatExperiments(report, 80);
    expect(text.replace(/\n/g, ' ')).toContain('Sobol indices, 8 base samples of two Latin hypercubes, 32 runs of every arm');
    expect(text).toMatch(/^downtimeCostPerCardDay +\d\.\d\d +\d\.\d\d$/m);
    expect(text).toMatch(/^plans\.basic\.overagePerMB +0\.00 +0\.00$/m);
  });
});
