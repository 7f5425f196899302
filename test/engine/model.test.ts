/** compileArm (engine/model.ts): renewal policies deduplicated, and one-byte index columns guarded. */
import { describe, expect, it } from 'vitest';
import * as B from '../helpers/build.ts';
import { compileArm, type Renewal } from '../../engine/index.ts';

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
