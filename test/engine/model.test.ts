/** compileArm (engine/model.ts): renewal policies deduplicated, and one-byte index columns guarded. */
import { describe, expect, it } from 'vitest';
import * as B from '../helpers/build.ts';
import { compileArm, type Renewal } from '../../engine/index.ts';
import { runEngine } from '../reference/engine.ts';

const manual = (lag: number): Renewal => ({ kind: 'manual', lagDays: { kind: 'fixed', value: lag }, forgetChance: 0 });
const cohorts = (renewals: (Renewal | null)[]) => renewals.map((renewal, i) => B.cohort({ name: `c${i}`, renewal }));

describe('compileArm', () => {
  it('cohorts with equal renewal policies share one index, whatever their key order; a policy equal to the scenario’s shares index 0', () => {
    const reordered = { forgetChance: 0, lagDays: { value: 5, kind: 'fixed' }, kind: 'manual' } as unknown as Renewal;
    const model = compileArm(B.arm({ cohorts: cohorts([manual(5), null, reordered, { kind: 'auto' }, manual(6), manual(5)]) }));
    expect(model.renewals).toEqual([{ kind: 'auto' }, manual(5), manual(6)]);
    expect(model.cohorts.map((c) => c.renewal)).toEqual([1, 0, 1, 0, 2, 1]);
  });

  it('300 cohorts with one policy compile to two policies (the scenario’s and theirs)', () => {
    expect(compileArm(B.arm({ cohorts: cohorts(Array.from({ length: 300 }, () => manual(3))) })).renewals).toHaveLength(2);
  });

  it('255 renewal policies compile; 256 would not fit a one-byte index column and throw', () => {
    const distinct = (n: number) => B.arm({ cohorts: cohorts(Array.from({ length: n - 1 }, (_, i) => manual(i + 1))) });
    expect(compileArm(distinct(255)).renewals).toHaveLength(255);
    expect(() => compileArm(distinct(256))).toThrow(new RangeError('invalid arm "baseline": 256 renewal policies, at most 255 (a card keeps the index in one byte)'));
  });

  it('256 plans, profiles or payers throw a RangeError', () => {
    const many = <T extends { name: string }>(make: (i: number) => T) => Array.from({ length: 256 }, (_, i) => make(i));
    expect(() => compileArm(B.arm({ plans: many((i) => B.plan({ name: i ? `p${i}` : 'basic' })) }))).toThrow(RangeError);
    expect(() => compileArm(B.arm({ profiles: many((i) => B.constant(1, { name: i ? `f${i}` : 'const' })) }))).toThrow('256 profiles, at most 255');
    expect(() => compileArm(B.arm({ payers: many((i) => B.payer({ name: i ? `y${i}` : 'prompt' })) }))).toThrow('256 payers, at most 255');
  });
});

describe('the lean loop\'s tables (issue 17)', () => {
  it('nextAdd: the first day ≥ d with firmware MB, days when none; a firmware day in an idle month adds nothing', () => {
    // January + February 2026: 59 days. Firmware on days 10–12 (January) and 40–41 (February, idle for the second profile).
    const firmware = [{ day: 10, mb: 6, days: 3 }, { day: 40, mb: 2, days: 2 }];
    const m = compileArm(B.arm({ profiles: [B.constant(6, { firmware }), B.constant(6, { name: 'idle', firmware, idleMonths: [2] })] }));
    const D = m.days, at = (p: number, d: number) => m.nextAdd[p * (D + 1) + d];
    expect(D).toBe(59);
    expect([0, 9, 10, 12, 13, 40, 41, 42, 58, 59].map((d) => at(0, d))).toEqual([10, 10, 10, 12, 40, 40, 41, 59, 59, 59]);
    expect([0, 13, 40].map((d) => at(1, d))).toEqual([10, 59, 59]);
  });

  it('flatFactor: 1 only for a profile whose day factor is 1 every day', () => {
    const m = compileArm(B.arm({ profiles: [B.constant(6), B.constant(6, { name: 'weekly', weekly: [1, 1, 1, 1, 1, 0.5, 0.5] }), B.constant(6, { name: 'idle', idleMonths: [2] })] }));
    expect([...m.flatFactor]).toEqual([1, 0, 0]);
  });

  it('noiseMin and factorMin: the least noise quantile and day factor; 0 for an idle month, below 0 for normal noise', () => {
    const normal = { kind: 'normal' as const, mean: 1, sd: 1 }, uniform = { kind: 'uniform' as const, min: 0.5, max: 1.5 };
    const m = compileArm(B.arm({ profiles: [
      B.constant(6),
      B.constant(6, { name: 'weekly', weekly: [1, 1, 1, 1, 1, 0.5, 0.25], noise: uniform }),
      B.constant(6, { name: 'idle', idleMonths: [2], noise: normal }),
    ] }));
    expect([...m.factorMin]).toEqual([1, 0.25, 0]);
    // The table's least entry is the quantile at (0 + 0.5) / 4096.
    expect(m.noiseMin[0]).toBe(1);
    expect(m.noiseMin[1]).toBe(0.5 + 0.5 / 4096);
    expect(m.noiseMin[2]).toBeLessThan(-2);
  });

  it('a firmware day inside a lean run is served with its MB: 31 × 6 + 6 MB in January', () => {
    const arm = B.arm({ months: 1, profiles: [B.constant(6, { firmware: [{ day: 10, mb: 6, days: 1 }] })], plans: [B.plan({ quotaMB: 1000 })] });
    expect(runEngine(arm, '1').metrics.usageMB).toBe(31 * 6 + 6);
  });
});
