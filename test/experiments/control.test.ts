import { describe, expect, it } from 'vitest';
import { fc, test } from '@fast-check/vitest';
import { compileArm, traceCard, type ScenarioConfig } from '../../engine/index.ts';
import { compileDist, normalQuantile } from '../../engine/dist.ts';
import { controlledEstimate, controlsOf, DRAW_RESOLUTION, expectation, expectedControls, expectedFaults, expectedIn, integrate, samplerKey } from '../../engine/experiments/control.ts';
import { MAX_TAIL } from '../../engine/experiments/controlled.ts';
import { uniform } from '../../engine/rng.ts';
import { skewness } from '../../engine/stats.ts';
import * as B from '../helpers/build.ts';

/** 64 cards at a fixed 1 MB/day (so faultMB = Σ factor × days), runaways at `hazard`, over `months`. */
function faulty(hazard: number, months: number, duration = { kind: 'uniform' as const, min: 3, max: 14 }, mean = { kind: 'fixed' as const, value: 1 }): ScenarioConfig {
  const a = B.arm({
    months,
    profiles: [B.constant(0, { meanDailyMB: mean, runaway: { dailyHazard: hazard, factor: { kind: 'uniform', min: 10, max: 100 }, durationDays: duration } })],
    cohorts: [B.cohort({ count: 64 })],
  });
  return B.scenario([a], { blockSize: 64, seed: 'ctl' });
}

/** Φ, the standard normal CDF: 1 − Simpson's rule on the density over [x, x + 40] for x ≥ 0 (a tail of 1e-4 to 6 digits and more). */
function normalCdf(x: number): number {
  if (x < 0) return 1 - normalCdf(-x);
  const n = 200000, h = 40 / n, phi = (t: number) => Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
  let s = phi(x) + phi(x + 40);
  for (let k = 1; k < n; k++) s += (k % 2 ? 4 : 2) * phi(x + k * h);
  return 1 - (s * h) / 3;
}

describe('control variates of the runaway faults', () => {
  it('by hand: hazard 1 and 2-day faults start on days 0, 3, 6 of a 9-day horizon', () => {
    expect(expectedFaults(1, [0, 0, 1], 9)).toBe(3);
    expect(expectedFaults(1, [0, 0, 1], 10)).toBe(4);
    // one day: an onset on day 0 with probability h
    expect(expectedFaults(0.01, [0, 1], 1)).toBeCloseTo(0.01, 15);
    // two days, 1-day faults: day 0 (h), day 1 only without a fault on day 0 (a fault on day 0 is fixed on day 1, the next can start on day 2)
    expect(expectedFaults(0.5, [0, 1], 2)).toBeCloseTo(0.5 + 0.5 * 0.5, 15);
  });

  it('caches the quadratures by the distributions\' content: a recompiled arm gets the same bits, another distribution its own', () => {
    const lognormal = { kind: 'lognormal', median: 2, spread: 1 } as never;
    const a = compileArm(faulty(0.01, 12, undefined, lognormal).arms[0]);
    const first = expectedIn(a, 0, 64);
    // A fresh compile (the page's re-run after a knob) is another object with the same content.
    const again = compileArm(faulty(0.01, 12, undefined, lognormal).arms[0]);
    expect(again).not.toBe(a);
    expect(expectedIn(again, 0, 64)).toEqual(first);
    // The cached mean is the quadrature's own value, bit for bit.
    expect(first.meanMB).toBe(64 * expectation(compileDist(lognormal), (x) => (x > 0 ? x : 0)));
    // Another median, another hazard, other fault lengths: other numbers, not a stale cache entry.
    const other = expectedIn(compileArm(faulty(0.01, 12, undefined, { kind: 'lognormal', median: 3, spread: 1 } as never).arms[0]), 0, 64);
    expect(other.meanMB / first.meanMB).toBeCloseTo(1.5, 12);
    expect(expectedIn(compileArm(faulty(0.02, 12, undefined, lognormal).arms[0]), 0, 64).faults).toBeGreaterThan(first.faults);
    const short = expectedIn(compileArm(faulty(0.01, 12, { kind: 'uniform', min: 1, max: 2 }, lognormal).arms[0]), 0, 64);
    expect(short.faultMB).toBeLessThan(first.faultMB);
    // Keys tell apart what the draws tell apart.
    const keys = [{ kind: 'fixed', value: 1 }, { kind: 'fixed', value: 2 }, { kind: 'uniform', min: 1, max: 2 }, lognormal,
      { kind: 'mixture', weights: [1, 1], parts: [{ kind: 'fixed', value: 1 }, { kind: 'fixed', value: 2 }] },
      { kind: 'mixture', weights: [1, 2], parts: [{ kind: 'fixed', value: 1 }, { kind: 'fixed', value: 2 }] },
      { kind: 'mixture', weights: [1, 1], parts: [{ kind: 'fixed', value: 1 }, { kind: 'fixed', value: 3 }] },
      { kind: 'empirical', values: [1, 2], weights: [1, 1] }, { kind: 'empirical', values: [1, 3], weights: [1, 1] }]
      .map((d) => samplerKey(compileDist(d as never)));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it("a fault that is never fixed (1e9 days) has its expectation without a table of a billion days: the run's controls finish (found by an extreme-values hunt: out of memory after the run)", () => {
    const never = expectedIn(compileArm(faulty(0.01, 1, { kind: 'fixed', value: 1e9 } as never).arms[0]), 0, 64);
    // One fault at most in 31 days: the first onset's chance, 1 − 0.99^31; each lasts 1e9 days at a mean factor of 55 and 1 MB a day.
    expect(never.faults / 64).toBeCloseTo(1 - 0.99 ** 31, 12);
    expect(never.faultMB / never.faults).toBeCloseTo(55 * 1e9, -3);
    // A finite duration inside the horizon is as before: 2-day faults on days 0, 3, 6, … (hazard 1).
    expect(expectedIn(compileArm(faulty(1, 1, { kind: 'fixed', value: 2 } as never).arms[0]), 0, 1).faults).toBe(11);
  });

  it("the share of an expectation past the draws' resolution (u beyond 2⁻³² of either end) is the lognormal's closed form 1 − Φ(z − σ), z = Φ⁻¹(1 − 2⁻³²); the mean is expectation()'s, bit for bit (found by an extreme-values hunt: a controlled difference biased by several half-widths at spread 5)", () => {
    const z = normalQuantile(1 - DRAW_RESOLUTION);
    for (const spread of [0.5, 1, 2, 3, 4, 5]) {
      const sm = compileDist({ kind: 'lognormal', median: 2, spread });
      const { mean, tail } = integrate(sm, (x) => x);
      expect(mean).toBe(expectation(sm, (x) => x));
      // From 5e-9 at spread 0.5 to 0.109 at spread 5; the quadrature's few nodes out there get it within 5 %.
      expect(Math.abs(tail / (1 - normalCdf(z - spread)) - 1)).toBeLessThan(0.1);
    }
    // By hand at spread 5: z ≈ 6.23, 1 − Φ(1.23) ≈ 11 %; at 3, about 0.06 % (under the trust rule's 0.1 %).
    expect(integrate(compileDist({ kind: 'lognormal', median: 1, spread: 5 }), (x) => x).tail).toBeCloseTo(0.11, 1);
    expect(integrate(compileDist({ kind: 'lognormal', median: 1, spread: 3 }), (x) => x).tail).toBeLessThan(MAX_TAIL);
    // A bounded distribution has none; an expectation of 0 has a share of 0.
    expect(integrate(compileDist({ kind: 'uniform', min: 10, max: 100 }), (x) => x).tail).toBeLessThan(1e-9);
    expect(integrate(compileDist({ kind: 'fixed', value: 0 }), (x) => x).tail).toBe(0);
  });

  it('a mixture is its parts\' weighted integrals, whatever their order: a heavy lognormal listed first is neither under-counted nor its tail missed (found by a verification hunt: 17 % low at spread 4, tail 2e-13)', () => {
    const u = { kind: 'uniform' as const, min: 10, max: 100 };
    for (const spread of [1, 4]) {
      const ln = { kind: 'lognormal' as const, median: 10, spread };
      const first = integrate(compileDist({ kind: 'mixture', weights: [1, 1], parts: [ln, u] }), (x) => x);
      const last = integrate(compileDist({ kind: 'mixture', weights: [1, 1], parts: [u, ln] }), (x) => x);
      expect(first).toEqual(last);
      const exact = 0.5 * 10 * Math.exp((spread * spread) / 2) + 0.5 * 55;
      expect(Math.abs(first.mean / exact - 1)).toBeLessThan(1e-4);
      // Half the draws land in the lognormal, so its u resolves to 2⁻³¹: its share past that, weighted by its part of the mean.
      const z = normalQuantile(1 - 2 * DRAW_RESOLUTION), lnMean = 10 * Math.exp((spread * spread) / 2);
      const tail = (0.5 * lnMean * (1 - normalCdf(z - spread))) / exact;
      expect(Math.abs(first.tail / tail - 1)).toBeLessThan(0.1);
    }
    expect(integrate(compileDist({ kind: 'mixture', weights: [1, 1], parts: [{ kind: 'lognormal', median: 10, spread: 4 }, u] }), (x) => x).tail).toBeGreaterThan(MAX_TAIL);
  });

  it('the quadrature gives the lognormal mean median · e^(σ²/2) to 1e-9', () => {
    const e = expectation(compileDist({ kind: 'lognormal', median: 2, spread: 1 }), (x) => x);
    expect(Math.abs(e / (2 * Math.exp(0.5)) - 1)).toBeLessThan(1e-9);
  });

  for (const [name, s] of [['hazard 0.01, 3–14 days, a year', faulty(0.01, 12)], ['hazard 1, 1-day faults, two years (past the 255th fault, keyed on the day)', faulty(1, 24, { kind: 'fixed', value: 1 } as never)]] as const) {
    it(`replays the kernel's fault draws (${name}): Σ factor × days of every card's traced faults`, () => {
      const model = compileArm(s.arms[0]);
      for (const stratify of [true, false]) {
        const sc = { ...s, stratify };
        let traced = 0;
        for (let g = 0; g < 64; g++) {
          for (const e of traceCard(sc, { card: g, replication: 1 })) if (e.kind === 'runaway' && e.phase === 'fault') traced += e.factor * e.days;
        }
        const c = controlsOf(sc, 0, model, 1);
        expect(c.faultMB).toBeGreaterThan(0);
        expect(Math.abs(c.faultMB / traced - 1)).toBeLessThan(1e-6);
      }
    });
  }

  it('the known expectations match the controls\' average over 2,000 replications, stratified and plain (within 4 standard errors)', () => {
    const s = faulty(0.002, 12, undefined, { kind: 'lognormal', median: 2, spread: 1 } as never);
    const model = compileArm(s.arms[0]);
    const mu = expectedControls(model);
    for (const stratify of [true, false]) {
      const xs = Array.from({ length: 2000 }, (_, r) => controlsOf({ ...s, stratify }, 0, model, r));
      for (const k of ['faultMB', 'meanMB'] as const) {
        const v = xs.map((x) => x[k]), m = v.reduce((a, b) => a + b, 0) / v.length;
        const se = Math.sqrt(v.reduce((a, b) => a + (b - m) ** 2, 0) / (v.length - 1) / v.length);
        console.log(`${k} (${stratify ? 'stratified' : 'plain'}): average ${m.toFixed(2)} ± ${se.toFixed(2)}, expected ${mu[k].toFixed(2)}`);
        expect(Math.abs(m - mu[k])).toBeLessThan(4 * se);
      }
    }
  });
});

describe('the control-variate estimate', () => {
  it('by hand: y = 3x + 5 exactly gives 3μ + 5, without spread', () => {
    const x = [1, 2, 4, 7, 11];
    const e = controlledEstimate(x.map((v) => 3 * v + 5), x.map((v) => [v]), [6]);
    expect(e.mean).toBeCloseTo(23, 9);
    expect(e.constant).toBe(true);
    expect(e.controls).toBe(1);
  });

  it('a control that does not vary, or repeats another, is left out; too few replications use fewer controls', () => {
    const ys = [1, 3, 2, 5, 4, 6];
    const plain = controlledEstimate(ys, ys.map(() => [7]), [7]);
    expect(plain.controls).toBe(0);
    const x = [0.5, 1.5, 1, 2.6, 2.2, 3];
    expect(controlledEstimate(ys, x.map((v) => [v, 2 * v]), [1.8, 3.6]).controls).toBe(1);
    expect(controlledEstimate(ys.slice(0, 3), x.slice(0, 3).map((v, i) => [v, i * i]), [1, 1]).controls).toBe(0);
  });

  test.prop([fc.double({ min: -5, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 10, noNaN: true }), fc.integer({ min: 0, max: 1000 })])(
    'with no control used it is the Student-t interval of the mean',
    (shift, scale, seed) => {
      const ys = Array.from({ length: 8 }, (_, r) => shift + scale * uniform(seed, r, 0, 0));
      const e = controlledEstimate(ys, ys.map(() => []), []);
      const m = ys.reduce((a, b) => a + b, 0) / 8, sd = Math.sqrt(ys.reduce((a, b) => a + (b - m) ** 2, 0) / 7);
      expect(e.mean).toBeCloseTo(m, 6);
      expect(e.hi! - e.lo!).toBeCloseTo(2 * 2.364624252 * sd / Math.sqrt(8), 6);
      // no control: worth exactly the replications it has, and the residuals are the centred values
      expect(e.varianceRatio).toBeCloseTo(1, 8);
      expect(e.residualSkewness).toBeCloseTo(skewness(ys)!, 6);
    },
  );

  it('covers the true mean 93–97 % of the time with a heavy-tailed control (1,000 synthetic trials of 10)', () => {
    // y = 2x + normal noise, x lognormal(0, 1) with known mean e^½: E[y] = 2e^½.
    const truth = 2 * Math.exp(0.5);
    const norm = (u: number) => Math.sqrt(-2 * Math.log(u));
    let hits = 0, narrower = 0;
    for (let t = 0; t < 1000; t++) {
      const x: number[] = [], y: number[] = [];
      for (let r = 0; r < 10; r++) {
        const z1 = norm(uniform(t, r, 0, 1)) * Math.cos(2 * Math.PI * uniform(t, r, 1, 1));
        const z2 = norm(uniform(t, r, 2, 1)) * Math.cos(2 * Math.PI * uniform(t, r, 3, 1));
        x.push(Math.exp(z1));
        y.push(2 * x[r] + 0.5 * z2);
      }
      const e = controlledEstimate(y, x.map((v) => [v]), [Math.exp(0.5)]);
      if (e.lo! <= truth && truth <= e.hi!) hits++;
      const m = y.reduce((a, b) => a + b, 0) / 10, sd = Math.sqrt(y.reduce((a, b) => a + (b - m) ** 2, 0) / 9);
      if (e.hi! - e.lo! < 2 * 2.262157163 * sd / Math.sqrt(10)) narrower++;
    }
    console.log(`control-variate interval, y = 2x + N(0, ½²), x lognormal: covers ${(hits / 10).toFixed(1)} % of 1,000 trials of 10; narrower than the plain t-interval in ${(narrower / 10).toFixed(1)} %`);
    expect(hits / 1000).toBeGreaterThanOrEqual(0.93);
    expect(hits / 1000).toBeLessThanOrEqual(0.97);
    expect(narrower / 1000).toBeGreaterThan(0.9);
  });
});
