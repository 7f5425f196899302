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

  it('an override of another kind replaces the whole object: renewal kind, distribution family, profile kind', () => {
    const text = `${MINIMAL.replace('  meters: {}', '  meters: {meanDailyMB: {normal: {mean: 3, sd: 1}}, weekly: [1, 1, 1, 1, 1, 0.5, 0.5]}')}policies:
  renewal: {kind: manual, lagDays: {uniform: [-5, 10]}, forgetChance: 0.05}
arms:
  - name: manual
  - name: batch
    policies: {renewal: {kind: batch, dayOfMonth: 25}}
  - name: manual, forgetful
    policies: {renewal: {forgetChance: 0.5}}
  - name: uniform demand
    profiles: {meters: {meanDailyMB: {uniform: [1, 5]}}}
  - name: constant
    profiles: {meters: {kind: constant, dailyMB: 3}}
  - name: lognormal named
    profiles: {meters: {kind: lognormal, noise: 2}}
`;
    const [manual, batch, forgetful, uniform, constant, named] = parse(text).arms;
    expect(manual.policies.renewal).toEqual({ kind: 'manual', lagDays: { kind: 'uniform', min: -5, max: 10 }, forgetChance: 0.05 });
    expect(batch.policies.renewal).toEqual({ kind: 'batch', dayOfMonth: 25, coverDays: 31 });
    // The same kind (or none named) still merges key by key.
    expect(forgetful.policies.renewal).toEqual({ kind: 'manual', lagDays: { kind: 'uniform', min: -5, max: 10 }, forgetChance: 0.5 });
    expect(uniform.profiles[0].meanDailyMB).toEqual({ kind: 'uniform', min: 1, max: 5 });
    expect(uniform.profiles[0].weekly).toEqual([1, 1, 1, 1, 1, 0.5, 0.5]);
    expect(constant.profiles[0]).toMatchObject({ meanDailyMB: { kind: 'fixed', value: 3 }, weekly: [1, 1, 1, 1, 1, 1, 1] });
    // A profile without kind is lognormal: naming it merges.
    expect(named.profiles[0]).toMatchObject({ meanDailyMB: { kind: 'normal', mean: 3, sd: 1 }, weekly: [1, 1, 1, 1, 1, 0.5, 0.5] });
  });

  it("a silent period in days replaces one in months (an imported fleet's preService, merged by an arm)", async () => {
    const { deepMerge } = await import('../../scenarios/arms.ts');
    const base = { fleet: { csv: 'f.csv', preService: { test: null, silent: { months: 4 } } } };
    expect(deepMerge(base, { fleet: { preService: { silent: { days: 360 } } } })).toEqual({ fleet: { csv: 'f.csv', preService: { test: null, silent: { days: 360 } } } });
    // A term {months, price} still merges key by key.
    expect(deepMerge({ term: { months: 1, price: 10 } }, { term: { months: 12 } })).toEqual({ term: { months: 12, price: 10 } });
  });

  it("a problem in a replaced object is at the arm's own line", () => {
    expect(errorOf(`${MINIMAL}arms:\n  - name: a\n  - name: b\n    policies: {renewal: {kind: batch, dayOfMonth: 31}}\n`)).toBe(
      'test.yaml:14:51: arms[1].policies.renewal.dayOfMonth: expected an integer 1..28, got 31',
    );
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

  it('an override of the same kind that clashes with a field of the scenario is reported under the arm path', () => {
    // (A kind that changes replaces the profile: the scenario's fields do not clash with it.)
    expect(errorOf(MINIMAL.replace('meters: {}', 'meters: {kind: trace, dailyMB: [1, 2]}') + `arms:
  - name: on
  - name: replay
    profiles: {meters: {file: t.csv}}
`, () => '1\n2\n')).toBe('test.yaml:14:25: arms[1].profiles.meters.file: expected dailyMB or file, not both');
  });

  it('a cohort with no payer when a payer is named by a whole number: the first payer cannot be told, so the cohort must name one', () => {
    const text = `${MINIMAL}payers:\n  prompt: {}\n  30: {delayDays: 30}\n`;
    // Before: the default was payer "30" (JavaScript puts whole-number keys first), not "prompt", the first written.
    expect(errorOf(text)).toBe('test.yaml:10:5: cohorts[0]: no payer named, and the default (the first payer) cannot be told: payer names that are whole numbers ("30") are read before the others; name this cohort\'s payer');
    expect(parse(text.replace('profile: meters}', 'profile: meters, payer: prompt}')).arms[0].cohorts[0].payer).toBe('prompt');
    // One payer, or names that are not whole numbers ("030", "net30"), keep the default.
    expect(parse(`${MINIMAL}payers:\n  30: {delayDays: 30}\n`).arms[0].cohorts[0].payer).toBe('30');
    expect(parse(`${MINIMAL}payers:\n  prompt: {}\n  net30: {delayDays: 30}\n  "030": {}\n`).arms[0].cohorts[0].payer).toBe('prompt');
  });

  it('names that look the same in a report are refused: spaces, invisible characters, Unicode form; control and direction characters too', () => {
    const arms = (a: string, b: string) => `${MINIMAL}arms:\n  - name: ${JSON.stringify(a)}\n  - name: ${JSON.stringify(b)}\n`;
    const same = (a: string, b: string, shownB: string, shownA: string) =>
      `test.yaml:13:11: arms[1].name: arm name ${shownB} looks the same as ${shownA} (arms[0]): names that differ only in spaces, invisible characters or Unicode form cannot be told apart in reports`;
    expect(errorOf(arms('on', 'on '))).toBe(same('on', 'on ', '"on "', '"on"'));
    expect(errorOf(arms('auto stop', 'auto  stop'))).toBe(same('', '', '"auto  stop"', '"auto stop"'));
    expect(errorOf(arms('on', 'o\u200bn'))).toBe(same('', '', '"o\\u200Bn"', '"on"'));
    expect(errorOf(arms('caf\u00e9', 'cafe\u0301'))).toBe(same('', '', '"cafe\u0301"', '"caf\u00e9"'));
    expect(errorOf(arms('Ａ', 'A'))).toBe(same('', '', '"A"', '"Ａ"'));
    expect(errorOf(arms('\u202eon', 'no'))).toBe('test.yaml:12:11: arms[0].name: arm name "\\u202Eon" holds a control or text-direction character (U+202E at character 1): names are shown in tables and reports, where it would hide or reverse what follows');
    expect(errorOf(arms('a\u0007', 'b'))).toMatch(/^test\.yaml:12:11: arms\[0\]\.name: arm name "a\\u0007" holds a control/);
    // Case and other letters still tell names apart; Chinese names are fine.
    expect(parse(arms('On', 'on')).arms).toHaveLength(2);
    expect(parse(arms('自动停机', '自动停机 关')).arms).toHaveLength(2);
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
        'test.yaml:14:5: arms[1].months: cannot be overridden by an arm (start, months, seed, replications, blockSize, currency, commonRandomNumbers, stratify are shared by all arms)',
        'test.yaml:15:32: arms[1].cohorts[0].plan: unknown plan "gold"; plans are: basic',
      ].join('\n'),
    );
  });

  it('a problem of the scenario itself is reported once, not once per arm', () => {
    expect(errorOf(MINIMAL.replace('quotaMB: 100', 'quotaMB: -1') + 'arms: [{name: a}, {name: b}]\n')).toBe(
      'test.yaml:6:20: plans.basic.quotaMB: expected a number 0..1000000000, got -1',
    );
  });

  it('an unknown key at the top is reported once, with the keys a scenario file may have, not again for each arm (listed or swept)', () => {
    const ARMS = 'arms:\n  - name: a\n  - name: b\n    plans: {basic: {quotaMB: 5}}\n  - name: c\n';
    // Misspelt keys an arm does not have (decision, sweep, sensitivity are the file's), and a key like none.
    expect(errorOf(`${MINIMAL}decison: {}\n${ARMS}`)).toBe('test.yaml:11:1: decison: unknown key (did you mean decision?)');
    expect(errorOf(`${MINIMAL}sweeep: {}\n${ARMS}`)).toBe('test.yaml:11:1: sweeep: unknown key (did you mean sweep?)');
    expect(errorOf(`${MINIMAL}colour: blue\n${ARMS}`)).toBe(
      'test.yaml:11:1: colour: unknown key; expected one of: name, question, start, months, seed, replications, blockSize, commonRandomNumbers, stratify, currency, downtimeCostPerCardDay, rules, plans, profiles, payers, cohorts, fleet, policies, actions, arms, sweep, decision, sensitivity',
    );
    expect(errorOf(`${MINIMAL}polices: {}\n${ARMS}`)).toBe('test.yaml:11:1: polices: unknown key (did you mean policies?)');
    expect(errorOf(`${MINIMAL}sensitivty: []\nsweep:\n  plans.basic.quotaMB: [100, 200, 300]\n`)).toBe('test.yaml:11:1: sensitivty: unknown key (did you mean sensitivity?)');
    // An arm's own unknown key is still the arm's.
    expect(errorOf(`${MINIMAL}arms:\n  - name: a\n    polices: {}\n`)).toBe('test.yaml:13:5: arms[0].polices: unknown key (did you mean policies?)');
  });
});
