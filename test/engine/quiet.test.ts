/** The payment draws that leave an invoice quiet, decided without sampling the delay (engine/quiet.ts). */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import type { Dist } from '../../engine/index.ts';
import { compileDist, sampleDays } from '../../engine/dist.ts';
import { monotone, quietBelow } from '../../engine/quiet.ts';
import { compileArm } from '../../engine/model.ts';
import * as B from '../helpers/build.ts';

const delay = (d: Dist, u: number) => Math.max(0, sampleDays(compileDist(d), u));
const nextUp = (x: number) => {
  const a = new Float64Array([x]), b = new BigInt64Array(a.buffer);
  b[0] += 1n;
  return a[0];
};

describe('quietBelow', () => {
  it('a mixture of 2 days and uniform 5–40 days is below 14 days up to u = 0.8 + 0.2 × (13.5 − 5) / 35', () => {
    // Below 14 whole days: the fixed part (u < 0.8) and uniform values < 13.5 (rounded to 13 at most).
    const d: Dist = { kind: 'mixture', weights: [0.8, 0.2], parts: [{ kind: 'fixed', value: 2 }, { kind: 'uniform', min: 5, max: 40 }] };
    const u = quietBelow(compileDist(d), 14);
    expect(u).toBeCloseTo(0.8 + 0.2 * (8.5 / 35), 12);
    expect(delay(d, u)).toBe(13);
    expect(delay(d, nextUp(u))).toBe(14);
  });

  it('an empirical delay of 0 (80 %) or 5–29 days is below 15 days for its first 11 values', () => {
    const values = [0], weights = [0.8];
    for (let k = 5; k < 30; k++) { values.push(k); weights.push(0.2 / 25); }
    const d: Dist = { kind: 'empirical', values, weights };
    const u = quietBelow(compileDist(d), 15);
    expect(u).toBeCloseTo(0.8 + 10 * 0.2 / 25, 12);
    expect(delay(d, u)).toBe(14);
    expect(delay(d, nextUp(u))).toBe(15);
  });

  it('a fixed delay is always or never quiet; a limit of 0 days never is', () => {
    expect(quietBelow(compileDist({ kind: 'fixed', value: 3 }), 4)).toBeGreaterThan(1 - 1e-15);
    expect(quietBelow(compileDist({ kind: 'fixed', value: 4 }), 4)).toBe(-1);
    expect(quietBelow(compileDist({ kind: 'uniform', min: 0, max: 3 }), 0)).toBe(-1);
  });

  it('normal and lognormal delays, descending empirical values and overlapping mixture parts are not decided early', () => {
    expect(quietBelow(compileDist({ kind: 'normal', mean: 5, sd: 2 }), 10)).toBe(-1);
    expect(quietBelow(compileDist({ kind: 'lognormal', median: 5, spread: 1 }), 10)).toBe(-1);
    expect(monotone(compileDist({ kind: 'empirical', values: [9, 1], weights: [1, 1] }))).toBe(false);
    expect(monotone(compileDist({ kind: 'mixture', weights: [1, 1], parts: [{ kind: 'uniform', min: 0, max: 10 }, { kind: 'fixed', value: 5 }] }))).toBe(false);
    expect(monotone(compileDist({ kind: 'mixture', weights: [1, 1], parts: [{ kind: 'uniform', min: 0, max: 5 }, { kind: 'uniform', min: 5, max: 9 }] }))).toBe(true);
  });
});

// Monotone delay distributions: uniform, ascending empirical, and ordered mixtures of those.
const uniformArb = fc.tuple(fc.integer({ min: -5, max: 30 }), fc.integer({ min: 0, max: 40 }))
  .map(([min, w]): Dist => ({ kind: 'uniform', min, max: min + w }));
const empiricalArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 6 })
  .map((xs): Dist => ({ kind: 'empirical', values: xs.map((x) => x[0]).sort((a, b) => a - b), weights: xs.map((x) => x[1] / 10) }));
const mixtureArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 9 })), { minLength: 1, maxLength: 4 })
  .map((xs): Dist => {
    let at = 0;
    const parts: Dist[] = [];
    for (const [gap, w] of xs) {
      parts.push(w === 0 ? { kind: 'fixed', value: at + gap } : { kind: 'uniform', min: at + gap, max: at + gap + w });
      at += gap + w;
    }
    return { kind: 'mixture', weights: xs.map((x) => x[2] / 10), parts };
  });

test.prop([fc.oneof(uniformArb, empiricalArb, mixtureArb), fc.integer({ min: 1, max: 28 }), fc.double({ min: 1e-9, max: 1 - 1e-9, noNaN: true })], { numRuns: 300 })(
  'a draw up to quietBelow has a delay below the limit, and the next double above it does not',
  (d, limit, u) => {
    const sm = compileDist(d), q = quietBelow(sm, limit);
    expect(monotone(sm)).toBe(true);
    if (u <= q) expect(delay(d, u)).toBeLessThan(limit);
    else expect(delay(d, u)).toBeGreaterThanOrEqual(limit);
    if (q >= 0 && q < 1 - Number.EPSILON) expect(delay(d, nextUp(q))).toBeGreaterThanOrEqual(limit);
  },
);

describe("the model's invoice thresholds (Model.invoiceMiss, invoiceQuiet, cycles: billing.ts issueInvoice's quick exit)", () => {
  it('by payer: the miss chance; the quiet limit below min(arrearsAfterDays, 28) days, for a fixed delay 1 (quiet) or −1 (not); cycles: the invoice indexes of the horizon', () => {
    const mixture: Dist = { kind: 'mixture', weights: [0.8, 0.2], parts: [{ kind: 'fixed', value: 2 }, { kind: 'uniform', min: 5, max: 40 }] };
    const payers = [
      B.payer({ name: 'mix', delayDays: mixture, missChance: 0.02 }),
      B.payer({ name: 'two', delayDays: { kind: 'fixed', value: 2 }, missChance: 0 }),
      B.payer({ name: 'late', delayDays: { kind: 'fixed', value: 20 }, missChance: 1 }),
      B.payer({ name: 'normal', delayDays: { kind: 'normal', mean: 3, sd: 1 }, missChance: 0.5 }),
    ];
    const m = compileArm(B.arm({ months: 36, payers, rules: B.rules({ arrearsAfterDays: 14 }) }));
    expect([...m.invoiceMiss]).toEqual([0.02, 0, 1, 0.5]);
    expect([...m.invoiceQuiet]).toEqual([quietBelow(compileDist(mixture), 14), 1, -1, -1]);
    // The quiet limit itself (billing.ts's check of a drawn delay): quietBelow for every payer, fixed ones included.
    expect([...m.quietPay]).toEqual(payers.map((p) => quietBelow(compileDist(p.delayDays), 14)));
    expect(m.quietPay[0]).toBeGreaterThan(0.8);
    // A limit of 14 days: 20 days is not quiet; with arrears after 30 days, 20 is (the limit is then the 28-day cycle).
    expect([...compileArm(B.arm({ payers, rules: B.rules({ arrearsAfterDays: 30 }) })).invoiceQuiet].slice(1, 3)).toEqual([1, 1]);
    // 36 months from an anchor day: cycles 0–35; from Jan 15 for 3 months: day 0 (0), Feb 1 (1), Mar 1 (2), Apr 1 (3).
    expect(m.cycles).toBe(36);
    expect(compileArm(B.arm({ start: '2026-01-15', months: 3 })).cycles).toBe(4);
  });
});
