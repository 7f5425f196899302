import { describe, expect, it } from 'vitest';
import { MINIMAL, errorOf, parse } from './helpers.ts';

const WITH_POLICIES = `${MINIMAL}policies:
  alerts: {thresholdPct: 80, maxPerCycle: 2}
`;

describe('arms', () => {
  it('without arms there is one arm named baseline', () => {
    expect(parse(MINIMAL).arms.map((a) => a.name)).toEqual(['baseline']);
  });

  it('objects merge key by key; the first arm is the baseline', () => {
    const config = parse(`${WITH_POLICIES}arms:
  - name: base
  - name: higher
    plans: {basic: {autoStop: true}}
    policies: {alerts: {thresholdPct: 90}}
    downtimeCostPerCardDay: 3
`);
    const [base, higher] = config.arms;
    expect(base.name).toBe('base');
    expect(base.plans[0]).toMatchObject({ quotaMB: 100, autoStop: false });
    expect(higher.plans[0]).toMatchObject({ quotaMB: 100, autoStop: true });
    expect(higher.policies.alerts).toEqual({ thresholdPct: 90, reactionDays: { kind: 'fixed', value: 1 }, maxPerCycle: 2 });
    expect(higher.downtimeCostPerCardDay).toBe(3);
    expect(base.downtimeCostPerCardDay).toBe(0);
  });

  it('lists and null replace', () => {
    const [, other] = parse(`${WITH_POLICIES}arms:
  - name: base
  - name: other
    cohorts: [{count: 3, plan: basic, profile: meters, pool: 3}]
    policies: {alerts: null}
`).arms;
    expect(other.cohorts).toEqual([{ name: 'cohort-0', count: 3, plan: 'basic', profile: 'meters', payer: 'prompt', poolSize: 3, termStart: 'spread', renewal: null }]);
    expect(other.policies.alerts).toBeNull();
  });

  it('an arm may add a plan and point a cohort at it', () => {
    const [, big] = parse(`${MINIMAL}arms:
  - name: base
  - name: big
    plans: {big: {quotaMB: 500}}
    cohorts: [{count: 10, plan: big, profile: meters}]
`).arms;
    expect(big.plans.map((p) => p.name)).toEqual(['basic', 'big']);
    expect(big.cohorts[0].plan).toBe('big');
  });

  it('an error in an override is reported at the arm, under the arm path', () => {
    expect(errorOf(`${MINIMAL}arms:
  - name: on
  - name: off
    plans: {basic: {autoStop: "no"}}
`)).toBe('test.yaml:14:31: arms[1].plans.basic.autoStop: expected true or false, got "no"');
  });

  it('an error the override causes elsewhere is reported at the scenario node, under the arm path', () => {
    expect(errorOf(MINIMAL.replace('meters: {}', 'meters: {weekly: [1, 1, 1, 1, 1, 0, 0]}') + `arms:
  - name: on
  - name: replay
    profiles: {meters: {kind: trace, dailyMB: [1, 2]}}
`)).toBe('test.yaml:8:12: arms[1].profiles.meters.weekly: not allowed for kind trace (only for lognormal, constant)');
  });

  it('names are unique, shared fields cannot be overridden, unknown plans are named', () => {
    expect(errorOf(`${MINIMAL}arms:
  - name: a
  - name: a
    months: 6
    cohorts: [{count: 1, plan: gold, profile: meters}]
`)).toBe(
      [
        'test.yaml:13:11: arms[1].name: duplicate arm name "a" (also arms[0])',
        'test.yaml:14:5: arms[1].months: cannot be overridden by an arm (start, months, seed, replications, blockSize, currency are shared by all arms)',
        'test.yaml:15:32: arms[1].cohorts[0].plan: unknown plan "gold"; plans are: basic',
      ].join('\n'),
    );
  });

  it('a problem of the scenario itself is reported once, not once per arm', () => {
    expect(errorOf(MINIMAL.replace('quotaMB: 100', 'quotaMB: -1') + 'arms: [{name: a}, {name: b}]\n')).toBe(
      'test.yaml:6:20: plans.basic.quotaMB: expected a number 0..1000000000, got -1',
    );
  });
});
