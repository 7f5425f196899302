import { describe, expect, it } from 'vitest';
import { ARM_OVERRIDABLE } from '../../scenarios/schema-arm.ts';
import { MINIMAL, errorOf, parse } from './helpers.ts';
import { parseConstraint } from '../../scenarios/decision.ts';

describe('experiment sections: exact messages', () => {
  it('an unknown sweep path names the field and suggests the closest', () => {
    expect(errorOf(`${MINIMAL}sweep:\n  policies.alerts.thresholdPc: [50, 60]\n  plans.basik.quotaMB: [1, 2]\n`).split('\n')).toEqual([
      'test.yaml:12:3: sweep["policies.alerts.thresholdPc"]: unknown path: policies.alerts has no field "thresholdPc" (did you mean thresholdPct?)',
      'test.yaml:13:3: sweep["plans.basik.quotaMB"]: unknown path: no plan "basik" in plans; plans are: basic',
    ]);
  });

  it('a path outside what an arm may set', () => {
    expect(errorOf(`${MINIMAL}sweep:\n  months: [1, 2]\n`)).toBe(
      `test.yaml:12:3: sweep.months: unknown path: it must start with one of ${ARM_OVERRIDABLE.join(', ')} (what an arm may set)`,
    );
  });

  it('an empty range, a range without a step, a bad step', () => {
    expect(errorOf(`${MINIMAL}sweep:\n  plans.basic.quotaMB: {from: 50, to: 40, step: 5}\n  plans.basic.monthlyFee: {from: 1, to: 5}\n`).split('\n')).toEqual([
      'test.yaml:12:24: sweep["plans.basic.quotaMB"]: expected a range with from ≤ to, got from 50, to 40',
      'test.yaml:13:27: sweep["plans.basic.monthlyFee"]: missing step; expected a range {from, to, step} (only a sample: {method: lhs} draws from a range without a step)',
    ]);
    expect(errorOf(`${MINIMAL}sweep:\n  plans.basic.overagePerMB: {from: 0, to: 1, step: 0}\n`)).toBe(
      'test.yaml:12:52: sweep["plans.basic.overagePerMB"].step: expected a number > 0 and ≤ 1000000000000, got 0',
    );
  });

  it('too many arms', () => {
    expect(errorOf(`${MINIMAL}sweep:\n  plans.basic.quotaMB: {from: 1, to: 100, step: 1}\n  plans.basic.monthlyFee: {from: 0, to: 10, step: 1}\n`)).toBe(
      'test.yaml:11:1: sweep: expected at most 1000 arms in all, got 1100 (100 × 11 = 1100 grid points); sweep fewer values or use sample: {method: lhs, count: N}',
    );
    // One axis: its count, not "1000 = 1000 grid points".
    expect(errorOf(`${MINIMAL}arms:\n  - name: a\n  - name: b\nsweep:\n  plans.basic.quotaMB: {from: 1, to: 1000, step: 1}\n`)).toMatch(/sweep: expected at most 1000 arms in all, got 1002 \(2 arms \+ 1000 swept values\)/);
    // Listed arms are held to the same cap without a sweep (each runs, and the ranking compares them in pairs).
    const many = Array.from({ length: 1001 }, (_, k) => `  - name: a${k}\n`).join('');
    expect(errorOf(`${MINIMAL}arms:\n${many}`)).toMatch(/^test\.yaml:\d+:\d+: arms: expected a list of at most 1000 arms, got a list of 1001$/);
    expect(parse(`${MINIMAL}arms:\n${many.split('\n').slice(0, 1000).join('\n')}\n`).arms).toHaveLength(1000);
  });

  it('a label template fills every {} with the value (only the first was filled)', () => {
    const s = parse(`${MINIMAL}sweep:\n  plans.basic.quotaMB: {values: [10, 20], label: "{} MB ({} MB)"}\n`);
    expect(s.arms.map((a) => a.name)).toEqual(['10 MB (10 MB)', '20 MB (20 MB)']);
  });

  it('a swept value the field does not accept', () => {
    expect(errorOf(`${MINIMAL}sweep:\n  plans.basic.quotaMB: [100, -5]\n`)).toBe(
      'test.yaml:12:24: sweep["plans.basic.quotaMB"]: a swept value is invalid: expected a number 0..1000000000, got -5',
    );
  });

  it('an empty values list and a wrong number of labels', () => {
    expect(errorOf(`${MINIMAL}sweep:\n  plans.basic.quotaMB: []\n`)).toBe(
      'test.yaml:12:24: sweep["plans.basic.quotaMB"]: expected a non-empty list of values, got an empty list',
    );
    expect(errorOf(`${MINIMAL}sweep:\n  plans.basic.monthlyFee: {values: [1, 2], labels: [a]}\n`)).toBe(
      'test.yaml:12:52: sweep["plans.basic.monthlyFee"].labels: expected 2 labels, one per value, got 1',
    );
  });

  it('decision: unknown metrics and a constraint that does not parse', () => {
    expect(errorOf(`${MINIMAL}decision:\n  objective: cost.totl\n  constraints: ["availabilty >= 0.99", "availability => 0.99"]\n`).split('\n')).toEqual([
      'test.yaml:12:14: decision.objective: unknown metric "cost.totl" (did you mean cost.total?)',
      'test.yaml:13:17: decision.constraints[0]: unknown metric "availabilty" (did you mean availability?)',
      'test.yaml:13:40: decision.constraints[1]: expected a constraint "<metric> <op> <number>" such as "availability >= 0.995" (op: >=, <=, ==, >, <), got "availability => 0.99"',
    ]);
  });

  it('decision: a constraint with a 1 MB number that fails at its end is refused at once (no backtracking over its digits), and not echoed back whole', () => {
    const long = `availability >= ${'9'.repeat(2 ** 20)}x`;
    expect(errorOf(`${MINIMAL}decision:\n  constraints: ["${long}"]\n`)).toBe(`test.yaml:12:17: decision.constraints[0]: expected a constraint "<metric> <op> <number>" such as "availability >= 0.995" (op: >=, <=, ==, >, <), got "availability >= ${'9'.repeat(44)}…" (1,048,593 characters)`);
  });

  it('decision: 200,000 tabs before a stray end are refused at once; spaces around % still read', () => {
    expect(parseConstraint(`cancelled ≥ 0${'\t'.repeat(200_000)}>0`)).toMatch(/^expected a constraint/);
    expect(parseConstraint('availability >= 99.5  %  ')).toEqual({ metric: 'availability', op: '>=', value: 0.995 });
  });

  it('decision: a bound no arm can be judged by is refused: availability past 1 (a % forgotten), % on a total, a bound past the largest number', () => {
    expect(parseConstraint('availability >= 99.5')).toBe('availability is a share from 0 to 1 (0 % to 100 %): write 99.5 % or 0.995, got "availability >= 99.5"');
    expect(parseConstraint('availability >= 150 %')).toBe('availability is a share from 0 to 1 (0 % to 100 %): write a percentage from 0 % to 100 %, got "availability >= 150 %"');
    // Out of range as a percentage too: no "write -1 %" suggested.
    expect(parseConstraint('availability >= -1')).toBe('availability is a share from 0 to 1 (0 % to 100 %): write a share from 0 to 1, or a percentage from 0 % to 100 %, got "availability >= -1"');
    expect(parseConstraint('availability >= 250')).toBe('availability is a share from 0 to 1 (0 % to 100 %): write a share from 0 to 1, or a percentage from 0 % to 100 %, got "availability >= 250"');
    expect(parseConstraint('cost.total <= 5 %')).toBe('a % bound is for availability only (cost.total is not a share), got "cost.total <= 5 %"');
    expect(parseConstraint('cost.total <= 1e400')).toBe('the bound 1e400 is past the largest number (about 1.8e308): expected a finite bound, got "cost.total <= 1e400"');
    // The edges are kept.
    expect(parseConstraint('availability >= 100 %')).toEqual({ metric: 'availability', op: '>=', value: 1 });
    expect(parseConstraint('availability > 0')).toEqual({ metric: 'availability', op: '>', value: 0 });
    expect(parseConstraint('cost.total <= 1e300')).toEqual({ metric: 'cost.total', op: '<=', value: 1e300 });
    expect(errorOf(`${MINIMAL}decision:\n  constraints: ["availability >= 99.5"]\n`)).toBe('test.yaml:12:17: decision.constraints[0]: availability is a share from 0 to 1 (0 % to 100 %): write 99.5 % or 0.995, got "availability >= 99.5"');
  });

  it('sensitivity: entries × arms past 1000 are refused before any arm is built for them (each entry builds every arm twice)', () => {
    const paths = [
      ['plans.basic.quotaMB', 1, 50], ['plans.basic.monthlyFee', 0, 5], ['plans.basic.addon.price', 1, 20], ['plans.basic.addon.sizeMB', 10, 200],
      ['rules.graceMonths', 1, 3], ['rules.retentionFeePerMonth', 1, 10], ['rules.reactivationDelayDays', 0, 5], ['rules.arrearsAfterDays', 7, 30],
      ['rules.cycleAnchorDay', 1, 28], ['downtimeCostPerCardDay', 1, 5], ['rules.enforcementLagDays', 0, 2],
    ];
    const entries = paths.map(([path, low, high]) => `  - {path: ${path}, low: ${low}, high: ${high}}`).join('\n');
    const text = `${MINIMAL}sweep:\n  plans.basic.overagePerMB: {from: 0.01, to: 1, step: 0.01}\nsensitivity:\n${entries}\n`;
    expect(errorOf(text)).toBe('test.yaml:13:1: sensitivity: expected at most 1000 entries × arms, got 11 entries × 100 arms (each entry runs every arm at its low and its high): fewer entries, or fewer arms');
    // 10 entries × 100 arms is the most.
    expect(parse(text.replace('\n  - {path: rules.enforcementLagDays, low: 0, high: 2}', '')).sensitivity).toHaveLength(10);
  });

  it('a sweep or sensitivity path may name the default payer of a scenario that names none (payers.prompt)', () => {
    const swept = parse(`${MINIMAL}sweep:\n  payers.prompt.missChance: [0, 0.1]\n`);
    expect(swept.arms.map((a) => a.payers.map((p) => [p.name, p.missChance]))).toEqual([[['prompt', 0]], [['prompt', 0.1]]]);
    const sens = parse(`${MINIMAL}sensitivity:\n  - {path: payers.prompt.missChance, low: 0, high: 0.2}\n`);
    expect(sens.sensitivity![0].highArms[0].payers[0]).toMatchObject({ name: 'prompt', missChance: 0.2 });
    expect(errorOf(`${MINIMAL}sweep:\n  payers.late.missChance: [0, 0.1]\n`)).toBe('test.yaml:12:3: sweep["payers.late.missChance"]: unknown path: no payer "late" in payers; payers are: prompt');
  });

  it('decision: constraints with ≥ and percentages parse', () => {
    expect(parse(`${MINIMAL}decision:\n  constraints: ["availability ≥ 99.5 %", "cancelled == 0", "cost.total<1e6"]\n`).decision).toEqual({
      objective: 'cost.total',
      direction: 'minimize',
      constraints: [
        { metric: 'availability', op: '>=', value: 0.995 },
        { metric: 'cancelled', op: '==', value: 0 },
        { metric: 'cost.total', op: '<', value: 1e6 },
      ],
    });
  });

  it('sensitivity: unknown path, high not above low, a value the field does not accept', () => {
    expect(errorOf(`${MINIMAL}sensitivity:\n  - {path: rules.graceMonth, low: 1, high: 2}\n  - {path: plans.basic.overagePerMB, low: 0.5, high: 0.2}\n`).split('\n')).toEqual([
      'test.yaml:12:12: sensitivity[0].path: unknown path: rules has no field "graceMonth" (did you mean graceMonths?)',
      'test.yaml:13:54: sensitivity[1].high: expected high > low (0.5), got 0.2',
    ]);
    expect(errorOf(`${MINIMAL}sensitivity:\n  - {path: plans.basic.quotaMB, low: -5, high: 100}\n`)).toBe(
      'test.yaml:12:38: sensitivity[0].low: low -5 makes arm "baseline" invalid: plans.basic.quotaMB: expected a number 0..1000000000, got -5',
    );
  });

  it('sensitivity cases hold every arm at low and at high; arms that override the path keep their value', () => {
    const c = parse(`${MINIMAL}arms:\n  - name: a\n  - name: b\n    plans: {basic: {overagePerMB: 1}}\nsensitivity:\n  - {path: plans.basic.overagePerMB, low: 0.2, high: 0.5}\n`);
    const [s] = c.sensitivity!;
    expect(s.lowArms.map((a) => a.plans[0].overagePerMB)).toEqual([0.2, 1]);
    expect(s.highArms.map((a) => a.plans[0].overagePerMB)).toEqual([0.5, 1]);
    expect(s.reached).toEqual([true, false]);
    // Sweep arms that set the path are not reached either; arm "whole", setting both fields, by neither entry.
    const w = parse(`${MINIMAL}arms:\n  - name: a\n  - name: whole\n    plans: {basic: {quotaMB: 100, overagePerMB: 1}}\nsweep:\n  plans.basic.overagePerMB: [0.1, 0.3]\nsensitivity:\n  - {path: plans.basic.overagePerMB, low: 0.2, high: 0.5}\n  - {path: plans.basic.quotaMB, low: 50, high: 200}\n`);
    expect(w.arms.map((a) => a.name)).toHaveLength(4);
    expect(w.sensitivity!.map((c) => c.reached)).toEqual([[true, false, false, false], [true, false, true, true]]);
  });
});

describe('sensitivity and sweep paths that cannot work', () => {
  it('a sensitivity parameter every arm sets itself is refused at its entry: its low and high would reach no arm (swing 0 that reads as robust)', () => {
    const text = `${MINIMAL}arms:
  - name: a
    plans: {basic: {overagePerMB: 1}}
  - name: b
    plans: {basic: {overagePerMB: 2, autoStop: true}}
sensitivity:
  - {path: downtimeCostPerCardDay, low: 0, high: 2}
  - {path: plans.basic.overagePerMB, low: 0.2, high: 0.5}
`;
    expect(errorOf(text)).toBe(
      'test.yaml:18:12: sensitivity[1].path: every arm sets plans.basic.overagePerMB itself (or replaces what holds it), so low 0.2 and high 0.5 at scenario level reach no arm and every run would be the same (swing 0); expected a field some arm takes from the scenario: vary it in the arms or a sweep instead, or remove this entry',
    );
    // Only some arms setting it is allowed: the others take low and high.
    expect(parse(text.replace('    plans: {basic: {overagePerMB: 1}}\n', '')).sensitivity!.map((c) => c.path)).toEqual(['downtimeCostPerCardDay', 'plans.basic.overagePerMB']);
  });

  it('an arm that replaces what holds the parameter (alerts: null) sets it too; a sweep over the same field sets it in every arm it generates', () => {
    const alerts = `${MINIMAL}policies:
  alerts: {thresholdPct: 80}
arms:
  - name: no alerts
    policies: {alerts: null}
  - name: alert at 90 %
    policies: {alerts: {thresholdPct: 90}}
sensitivity:
  - {path: policies.alerts.thresholdPct, low: 60, high: 95}
`;
    expect(errorOf(alerts)).toBe(
      'test.yaml:19:12: sensitivity[0].path: every arm sets policies.alerts.thresholdPct itself (or replaces what holds it), so low 60 and high 95 at scenario level reach no arm and every run would be the same (swing 0); expected a field some arm takes from the scenario: vary it in the arms or a sweep instead, or remove this entry',
    );
    const swept = `${MINIMAL}sweep:\n  plans.basic.overagePerMB: [0.1, 0.3]\nsensitivity:\n  - {path: plans.basic.overagePerMB, low: 0.2, high: 0.5}\n`;
    expect(errorOf(swept)).toMatch(/^test\.yaml:14:12: sensitivity\[0\]\.path: every arm sets plans\.basic\.overagePerMB itself /);
    // An explicit arm that does not set it takes low and high: allowed.
    expect(parse(swept.replace('sweep:', 'arms:\n  - name: base\nsweep:')).sensitivity).toHaveLength(1);
  });

  it('sensitivity paths naming the same field, or one inside the other, are refused naming both entries', () => {
    const text = `${MINIMAL}sensitivity:
  - {path: plans.basic.overagePerMB, low: 0.2, high: 0.5}
  - {path: 'plans["basic"].overagePerMB', low: 0.1, high: 0.3}
  - {path: policies.alerts.thresholdPct, low: 60, high: 90}
  - {path: policies.alerts, low: 1, high: 2}
  - {path: plans.basic.overagePerMB, low: 0.3, high: 0.4}
`;
    expect(errorOf(text).split('\n')).toEqual([
      'test.yaml:13:12: sensitivity[1].path: the same field as sensitivity[0].path ("plans.basic.overagePerMB"): expected each field once',
      'test.yaml:15:12: sensitivity[3].path: holds sensitivity[2].path ("policies.alerts.thresholdPct"), so each would set the other: expected separate fields, neither inside the other',
      'test.yaml:16:12: sensitivity[4].path: the same field as sensitivity[0].path ("plans.basic.overagePerMB"): expected each field once',
    ]);
  });

  it('sweep paths naming the same field, or one inside the other, are refused naming both', () => {
    const text = `${MINIMAL}sweep:
  plans.basic.monthlyFee: [1, 2]
  'plans["basic"].monthlyFee': [3, 4]
  policies.alerts.thresholdPct: [60, 90]
  policies.alerts: [null, {thresholdPct: 80}]
`;
    expect(errorOf(text).split('\n')).toEqual([
      'test.yaml:13:3: sweep["plans[\\"basic\\"].monthlyFee"]: the same field as sweep["plans.basic.monthlyFee"]: expected each field swept once',
      'test.yaml:15:3: sweep["policies.alerts"]: holds sweep["policies.alerts.thresholdPct"], so each would set the other: expected separate fields, neither inside the other',
    ]);
  });
});
