/**
 * Names are looked up only among the names the file defines: a JavaScript built-in
 * (`constructor`, `valueOf`, `__proto__`, …) is an unknown plan, profile, payer, field,
 * metric or path like any other typo, never silently the first plan or a crash later.
 */
import fc from 'fast-check';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { MINIMAL, errorOf, parse } from './helpers.ts';

/** Every property name an object inherits, and a few more that have bitten JavaScript code. */
const BUILT_INS = [...new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype', 'length', 'name', 'toJSON', 'then'])];

const cohort = (plan: string, profile: string, payer?: string) =>
  MINIMAL.replace('  - {count: 10, plan: basic, profile: meters}', `  - {count: 10, plan: ${JSON.stringify(plan)}, profile: ${JSON.stringify(profile)}${payer ? `, payer: ${JSON.stringify(payer)}` : ''}}`);

describe('built-in names are unknown names', () => {
  test.prop([fc.constantFrom(...BUILT_INS)])('a cohort whose plan is a built-in name is an unknown plan', (name) => {
    expect(errorOf(cohort(name, 'meters'))).toBe(`test.yaml:10:23: cohorts[0].plan: unknown plan ${JSON.stringify(name)}; plans are: basic`);
  });

  test.prop([fc.constantFrom(...BUILT_INS)])('a cohort whose profile or payer is a built-in name is an unknown profile or payer', (name) => {
    expect(errorOf(cohort('basic', name))).toMatch(new RegExp(`cohorts\\[0\\]\\.profile: unknown profile ${JSON.stringify(name).replace(/[$()*+.?[\\\]^{|}]/g, '\\$&')}; profiles are: meters$`));
    expect(errorOf(cohort('basic', 'meters', name))).toMatch(/cohorts\[0\]\.payer: unknown payer .*; payers are: prompt$/);
  });

  it('a built-in name is an unknown field in an arm, a sweep path, a sensitivity path and a constraint metric', () => {
    expect(errorOf(`${MINIMAL}arms:\n  - name: a\n  - name: b\n    plans: {basic: {constructor: 1}}\n`)).toBe(
      'test.yaml:14:21: arms[1].plans.basic.constructor: unknown key; expected one of: quotaMB, monthlyFee, term, quotaPer, autoStop, overagePerMB, throttle, stopThreshold, addon',
    );
    expect(errorOf(`${MINIMAL}sweep:\n  plans.basic.constructor: {values: [1, 2]}\n`)).toBe(
      'test.yaml:12:3: sweep["plans.basic.constructor"]: unknown path: plans.basic has no field "constructor"; its fields are: quotaMB, monthlyFee, term, quotaPer, autoStop, overagePerMB, throttle, stopThreshold, addon',
    );
    expect(errorOf(`${MINIMAL}sensitivity:\n  - {path: plans.basic.toString, low: 1, high: 2}\n`)).toBe(
      'test.yaml:12:12: sensitivity[0].path: unknown path: plans.basic has no field "toString"; its fields are: quotaMB, monthlyFee, term, quotaPer, autoStop, overagePerMB, throttle, stopThreshold, addon',
    );
    expect(errorOf(`${MINIMAL}decision:\n  constraints: ["valueOf >= 1"]\n`)).toMatch(/^test\.yaml:12:17: decision\.constraints\[0\]: unknown metric "valueOf"; metrics are: cost\.total, /);
  });
});

describe('plan, profile and payer names', () => {
  it('an empty key, ~ or spaces name nothing: refused at the key, in the scenario and in an arm', () => {
    const text = MINIMAL.replace('  basic: {quotaMB: 100}\n', '  basic: {quotaMB: 100}\n  ~: {quotaMB: 5}\n').replace('  meters: {}\n', '  meters: {}\n  "  ": {}\n');
    expect(errorOf(text).split('\n')).toEqual([
      'test.yaml:7:3: plans[""]: expected a plan name with a character other than a space, got an empty one (a key "" or ~): cohorts, arms and reports name the plan by it',
      'test.yaml:10:3: profiles["  "]: expected a profile name with a character other than a space, got "  ": cohorts, arms and reports name the profile by it',
    ]);
    expect(errorOf(`${MINIMAL}payers:\n  "": {delayDays: 1}\n`)).toMatch(/^test\.yaml:12:3: payers\[""\]: expected a payer name /);
    expect(errorOf(`${MINIMAL}arms:\n  - name: a\n  - name: b\n    plans: {"": {quotaMB: 5}}\n`)).toMatch(/plans\[""\]: expected a plan name with a character other than a space/);
  });
});

describe('a sweep\'s arm names', () => {
  it('are held to the listed names\' rules: no control or text-direction character, no look-alike of another (listed or swept)', () => {
    expect(errorOf(`${MINIMAL}sweep:\n  plans.basic.quotaMB: {values: [1, 2], labels: ["a", "a "]}\n`)).toBe(
      'test.yaml:11:1: sweep: arm "a ": scenario: arm name "a " looks the same as "a": names that differ only in spaces, invisible characters or Unicode form cannot be told apart in reports',
    );
    expect(errorOf(`${MINIMAL}sweep:\n  plans.basic.quotaMB: {values: [1, 2], labels: ["a\\u001b", "b"]}\n`)).toMatch(/arm name "a\\u001b" holds a control or text-direction character/);
    expect(errorOf(`${MINIMAL}arms:\n  - name: "quotaMB\\u00a01"\nsweep:\n  plans.basic.quotaMB: [1, 2]\n`)).toMatch(/arm name "quotaMB 1" looks the same as "quotaMB\u00a01"/);
    // A label that clashes with the number a repeated one gets blames the sweep, not an arms: list there is none of.
    expect(errorOf(`${MINIMAL}sweep:\n  plans.basic.quotaMB: {values: [1, 2, 3], labels: [x, x, "x (2)"]}\n`)).toBe(
      'test.yaml:11:1: sweep: arm "x (2)": scenario: arm name "x (2)" is taken by another arm of the sweep (a repeated name is numbered: "x", "x (2)")',
    );
    // Names apart by more than that are fine.
    expect(parse(`${MINIMAL}sweep:\n  plans.basic.quotaMB: {values: [1, 2], labels: ["a", "b"]}\n`).arms.map((a) => a.name)).toEqual(['a', 'b']);
  });
});

describe('control and text-direction characters in names and the question', () => {
  it('the scenario name, plan, profile and payer names (in the scenario and in an arm) and cohort names are refused, naming the field, the character\'s place and its code point', () => {
    const text = MINIMAL.replace('name: Minimal', 'name: "Min\\aimal"')
      .replace('  basic: {quotaMB: 100}', '  "ba\\u202Esic": {quotaMB: 100}\n  basic: {quotaMB: 100}')
      .replace('  meters: {}', '  "me\\x85ters": {}\n  meters: {}')
      .replace('  - {count: 10, plan: basic, profile: meters}', '  - {name: "c\\u2066", count: 10, plan: basic, profile: meters}');
    expect(errorOf(`${text}payers:\n  "pa\\x1by": {delayDays: 1}\n  prompt: {}\n`).split('\n')).toEqual([
      'test.yaml:1:7: name: scenario name "Min\\u0007imal" holds a control or text-direction character (U+0007 at character 4): names are shown in tables and reports, where it would hide or reverse what follows',
      'test.yaml:6:3: plans["ba\\u202Esic"]: plan name "ba\\u202Esic" holds a control or text-direction character (U+202E at character 3): names are shown in tables and reports, where it would hide or reverse what follows',
      'test.yaml:9:3: profiles["me\\u0085ters"]: profile name "me\\u0085ters" holds a control or text-direction character (U+0085 at character 3): names are shown in tables and reports, where it would hide or reverse what follows',
      'test.yaml:12:12: cohorts[0].name: cohort name "c\\u2066" holds a control or text-direction character (U+2066 at character 2): names are shown in tables and reports, where it would hide or reverse what follows',
      'test.yaml:14:3: payers["pa\\u001by"]: payer name "pa\\u001by" holds a control or text-direction character (U+001B at character 3): names are shown in tables and reports, where it would hide or reverse what follows',
    ]);
    expect(errorOf(`${MINIMAL}arms:\n  - name: a\n  - name: b\n    plans: {"x\\x7f": {quotaMB: 5}}\n`)).toBe(
      'test.yaml:14:13: arms[1].plans["x\u007f"]: plan name "x\\u007F" holds a control or text-direction character (U+007F at character 2): names are shown in tables and reports, where it would hide or reverse what follows',
    );
  });

  it('the question may hold line breaks and tabs, no other control or text-direction character; the place is counted in characters, past what the message shows', () => {
    expect(parse(MINIMAL.replace('question: What are the defaults?', 'question: "What are\\n\\tthe defaults?"')).question).toBe('What are\n\tthe defaults?');
    expect(parse(MINIMAL.replace('question: What are the defaults?', 'question: |\n  What are\n  the defaults?')).question).toBe('What are\nthe defaults?\n');
    expect(errorOf(MINIMAL.replace('question: What are the defaults?', 'question: "What\\r are\\nthe defaults?"'))).toBe(
      'test.yaml:2:11: question: question "What\\r are\\nthe defaults?" holds a control or text-direction character (U+000D at character 5): the question is shown on terminals and in reports, where it would hide or reverse what follows (line breaks and tabs are allowed)',
    );
    const long = `${'ä'.repeat(70)}\\u200F`;
    expect(errorOf(MINIMAL.replace('question: What are the defaults?', `question: "${long}"`))).toBe(
      `test.yaml:2:11: question: question "${'ä'.repeat(60)}…" (71 characters) holds a control or text-direction character (U+200F at character 71): the question is shown on terminals and in reports, where it would hide or reverse what follows (line breaks and tabs are allowed)`,
    );
    // Printable text of any script, and invisible format characters that only a look-alike check concerns, are fine.
    expect(parse(MINIMAL.replace('name: Minimal', 'name: "自动停机 — o\\u200Bn"')).name).toBe('自动停机 — o\u200Bn');
  });
});
