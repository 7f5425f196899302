/** `actions:` in scenario files: loading, recurring rules, arm overrides, and messages for bad actions. */
import { describe, expect, it } from 'vitest';
import { MINIMAL, errorOf, parse } from './helpers.ts';

const PLANS = MINIMAL.replace('  basic: {quotaMB: 100}\n', '  basic: {quotaMB: 100}\n  big: {quotaMB: 1000}\n  annual: {quotaMB: 100, term: {months: 12, price: 96}}\n');
const withActions = (yaml: string, base = PLANS) => `${base}actions:\n${yaml}`;

describe('loading actions', () => {
  it('a dated stop and resume of a cohort range, with defaults', () => {
    const arm = parse(withActions('  - {do: stop, on: 2026-07-10, cards: {cohort: cohort-0, to: 4}}\n  - {do: resume, on: 2026-09-01}\n')).arms[0];
    expect(arm.actions).toEqual([
      { do: 'stop', days: [190], cohort: 'cohort-0', from: 0, to: 4, fraction: 1, draw: 0, plan: null },
      { do: 'resume', days: [243], cohort: null, from: 0, to: null, fraction: 1, draw: 0, plan: null },
    ]);
  });

  it('every month on a day, between from and until (both included)', () => {
    // 2026-03-10 (day 68) … 2026-06-10 (day 160): Mar, Apr, May, Jun.
    const arm = parse(withActions('  - {do: pay, every: {dayOfMonth: 10, from: 2026-03-10, until: 2026-06-10}, cards: {fraction: 0.5, draw: 2}}\n')).arms[0];
    expect(arm.actions![0].days).toEqual([68, 99, 129, 160]);
    expect(arm.actions![0]).toMatchObject({ fraction: 0.5, draw: 2 });
  });

  it('a scenario without actions converts to an arm without the field (reports stay the same bytes)', () => {
    expect('actions' in parse(PLANS).arms[0]).toBe(false);
  });

  it('arms override the list (lists replace)', () => {
    const text = withActions('  - {do: stop, on: 2026-07-10}\n') + 'arms:\n  - name: stop\n  - name: keep running\n    actions: []\n  - name: plan change\n    actions: [{do: changePlan, on: 2026-02-15, plan: big}]\n';
    const arms = parse(text).arms;
    expect(arms.map((a) => a.actions?.map((x) => x.do) ?? [])).toEqual([['stop'], [], ['changePlan']]);
  });
});

describe('bad actions: the field, the value and what was expected', () => {
  const one = (yaml: string, base = PLANS) => errorOf(withActions(yaml, base));
  it('a date outside the horizon', () => {
    expect(one('  - {do: stop, on: 2027-01-01}\n')).toBe('test.yaml:14:20: actions[0].on: expected a date inside the horizon 2026-01-01..2026-12-31, got "2027-01-01"');
  });
  it('neither on nor every', () => {
    expect(one('  - {do: stop}\n')).toBe('test.yaml:14:5: actions[0].on: missing required field; expected on: YYYY-MM-DD or every: {dayOfMonth, from, until}');
  });
  it('both on and every', () => {
    expect(one('  - {do: stop, on: 2026-02-01, every: {dayOfMonth: 1}}\n')).toBe('test.yaml:14:32: actions[0].every: expected on or every, not both');
  });
  it('an unknown cohort lists the cohorts', () => {
    expect(one('  - {do: stop, on: 2026-02-01, cards: {cohort: trackers}}\n')).toBe('test.yaml:14:48: actions[0].cards.cohort: unknown cohort "trackers"; cohorts are: cohort-0');
  });
  it('from after to', () => {
    expect(one('  - {do: stop, on: 2026-02-01, cards: {from: 5, to: 2}}\n')).toBe('test.yaml:14:53: actions[0].cards.to: expected a card index ≥ from (5), got 2');
  });
  it('a card past the cohort', () => {
    expect(one('  - {do: stop, on: 2026-02-01, cards: {cohort: cohort-0, to: 10}}\n')).toBe('test.yaml:14:62: actions[0].cards.to: expected a card index 0..9 (cohort "cohort-0" has 10 cards), got 10');
  });
  it("a cohort of 0 cards (a sweep or sensitivity case of its count down to 0): any range on it selects none, not an error about a 'from: 0' nobody wrote (found by an extreme-values hunt)", () => {
    const text = `${MINIMAL}actions:\n  - {do: stop, on: 2026-02-01, cards: {cohort: cohort-0, fraction: 0.5}}\n  - {do: stop, on: 2026-02-01, cards: {cohort: cohort-0, to: 9}}\n`.replace(/count: \d+/, 'count: 0');
    expect(text).toContain('count: 0');
    expect(parse(text).arms[0].actions).toHaveLength(2);
  });
  it('a fraction above 1', () => {
    expect(one('  - {do: stop, on: 2026-02-01, cards: {fraction: 1.5}}\n')).toBe('test.yaml:14:50: actions[0].cards.fraction: expected a number 0..1, got 1.5');
  });
  it('an unknown kind', () => {
    expect(one('  - {do: suspend, on: 2026-02-01}\n')).toBe('test.yaml:14:10: actions[0].do: expected "stop", "resume", "renew", "pay" or "changePlan", got "suspend"');
  });
  it('a plan change without a plan, and a plan on another kind', () => {
    expect(one('  - {do: changePlan, on: 2026-02-01}\n  - {do: stop, on: 2026-02-01, plan: big}\n')).toBe(
      'test.yaml:14:5: actions[0].plan: missing required field; expected the name of the plan to change to\n' +
        'test.yaml:15:32: actions[1].plan: not allowed for do: stop (only for changePlan)',
    );
  });
  it('an unknown plan', () => {
    expect(one('  - {do: changePlan, on: 2026-02-01, plan: huge}\n')).toBe('test.yaml:14:44: actions[0].plan: unknown plan "huge"; plans are: basic, big, annual');
  });
  it('a plan change to a plan with a term from one without', () => {
    expect(one('  - {do: changePlan, on: 2026-02-01, plan: annual}\n')).toBe(
      'test.yaml:14:44: actions[0].plan: expected a plan without a term like "basic" of cohort "cohort-0" (a plan change keeps the card\'s expiry), got "annual", which has one',
    );
  });
  it('a plan change of pooled cards', () => {
    const pooled = PLANS.replace('{count: 10, plan: basic, profile: meters}', '{count: 10, plan: basic, profile: meters, pool: 5}');
    expect(one('  - {do: changePlan, on: 2026-02-01, plan: big}\n', pooled)).toBe(
      'test.yaml:14:5: actions[0].cards: a plan change may not select pooled cards (cohort "cohort-0"): a pool shares one allowance of one plan',
    );
  });
  it('a recurring rule with no day inside the horizon, and until before from', () => {
    expect(one('  - {do: pay, every: {dayOfMonth: 5, from: 2026-12-06}}\n  - {do: pay, every: {dayOfMonth: 5, from: 2026-06-01, until: 2026-05-01}}\n')).toBe(
      'test.yaml:14:35: actions[0].every.dayOfMonth: no day 5 of a month falls inside the horizon 2026-01-01..2026-12-31 between 2026-12-06 and its end\n' +
        'test.yaml:15:63: actions[1].every.until: expected a date on or after from (2026-06-01), got "2026-05-01"',
    );
  });
  it("an arm's bad action names the arm's path", () => {
    expect(errorOf(PLANS + 'arms:\n  - name: a\n  - name: b\n    actions: [{do: stop, on: 2030-01-01}]\n')).toMatch(/^test\.yaml:16:30: arms\[1\]\.actions\[0\]\.on: expected a date inside the horizon/);
  });
});
