import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ScenarioError, parseScenario } from '../../scenarios/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { MINIMAL, errorOf } from './helpers.ts';

const BAD = 'test/fixtures/bad';

/** The message loading a bad fixture throws. */
function messageOf(name: string): string {
  try {
    loadScenarioFile(`${BAD}/${name}`);
  } catch (err) {
    expect(err).toBeInstanceOf(ScenarioError);
    expect((err as ScenarioError).code).toBe('E_SCENARIO');
    return (err as Error).message;
  }
  throw new Error(`${name} loaded without error`);
}

describe('bad scenario files: every message names file, line, column, field path, value and expectation', () => {
  it('a missing field points at the mapping it is missing from', () => {
    expect(messageOf('missing-field.yaml')).toBe(`${BAD}/missing-field.yaml:6:3: plans.basic.quotaMB: missing required field; expected a number 0..1000000000`);
  });

  it('a wrong type', () => {
    expect(messageOf('wrong-type.yaml')).toBe(`${BAD}/wrong-type.yaml:4:9: months: expected an integer 1..600, got "twelve"`);
  });

  it('an unknown plan name lists the plans', () => {
    expect(messageOf('unknown-plan.yaml')).toBe(`${BAD}/unknown-plan.yaml:12:11: cohorts[0].plan: unknown plan "basik"; plans are: basic`);
  });

  it('a negative quota', () => {
    expect(messageOf('negative-quota.yaml')).toBe(`${BAD}/negative-quota.yaml:7:14: plans.basic.quotaMB: expected a number 0..1000000000, got -5`);
  });

  it('a date that does not exist', () => {
    expect(messageOf('bad-date.yaml')).toBe(`${BAD}/bad-date.yaml:3:8: start: expected a real date YYYY-MM-DD, got "2026-13-01"`);
  });

  it('a YAML syntax error', () => {
    expect(messageOf('syntax-error.yaml')).toBe(
      `${BAD}/syntax-error.yaml:7:1: yaml: Flow map in block collection must be sufficiently indented and end with a }`,
    );
  });

  it('an empty file', () => {
    expect(messageOf('empty.yaml')).toBe(
      `${BAD}/empty.yaml:1:1: scenario: expected a scenario (a mapping with name, start, months, plans, profiles, cohorts), got an empty file`,
    );
  });

  it('an unknown key suggests the closest known key (and the key it replaces is not also reported missing)', () => {
    expect(messageOf('unknown-key.yaml')).toBe(`${BAD}/unknown-key.yaml:7:5: plans.basic.qutoaMB: unknown key (did you mean quotaMB?)`);
  });

  it('every problem is listed, sorted by line', () => {
    expect(messageOf('many-problems.yaml').split('\n')).toEqual([
      `${BAD}/many-problems.yaml:3:8: start: expected a real date YYYY-MM-DD, got "2026-02-30"`,
      `${BAD}/many-problems.yaml:4:9: months: expected an integer 1..600, got 0`,
      `${BAD}/many-problems.yaml:8:20: plans.basic.term.months: expected an integer 1..120, got 150`,
      `${BAD}/many-problems.yaml:9:5: plans.basic.autoStp: unknown key (did you mean autoStop?)`,
      `${BAD}/many-problems.yaml:11:3: profiles.meters.dailyMB: missing required field; expected a number 0..1000000 (MB per day)`,
      `${BAD}/many-problems.yaml:13:5: profiles.meters.meanDailyMB: not allowed for kind constant (only for lognormal)`,
      `${BAD}/many-problems.yaml:15:13: cohorts[0].count: expected an integer 0..2147483647, got 1.5`,
      `${BAD}/many-problems.yaml:15:40: cohorts[0].profile: unknown profile "meter"; profiles are: meters`,
      `${BAD}/many-problems.yaml:15:54: cohorts[0].payer: unknown payer "nobody"; payers are: prompt`,
    ]);
  });

  it('errors in arms name the arm', () => {
    expect(messageOf('bad-arm.yaml').split('\n')).toEqual([
      `${BAD}/bad-arm.yaml:14:31: arms[1].plans.basic.autoStop: expected true or false, got "no"`,
      `${BAD}/bad-arm.yaml:15:11: arms[2].name: duplicate arm name "on" (also arms[0])`,
      `${BAD}/bad-arm.yaml:16:5: arms[2].months: cannot be overridden by an arm (start, months, seed, replications, blockSize, currency, commonRandomNumbers, stratify are shared by all arms)`,
    ]);
  });

  it('issues carry their parts as data', () => {
    try {
      parseScenario(readFileSync(`${BAD}/negative-quota.yaml`, 'utf8'), { file: 'x.yaml' });
    } catch (err) {
      expect((err as ScenarioError).issues).toEqual([
        { file: 'x.yaml', line: 7, col: 14, path: 'plans.basic.quotaMB', message: 'expected a number 0..1000000000, got -5' },
      ]);
      return;
    }
    throw new Error('expected a ScenarioError');
  });
});

describe('more bad input', () => {
  it('numbers are printed as written', () => {
    expect(errorOf(MINIMAL.replace('quotaMB: 100', 'quotaMB: -1.50e1'))).toBe('test.yaml:6:20: plans.basic.quotaMB: expected a number 0..1000000000, got -1.50e1');
  });

  it('JSON gets line numbers too', () => {
    const json = JSON.stringify(
      { name: 'J', question: 'Q?', start: '2026-02-29', months: 1, plans: { b: { quotaMB: 1 } }, profiles: { p: {} }, cohorts: [{ count: 1, plan: 'b', profile: 'p' }] },
      null,
      2,
    );
    expect(errorOf(json)).toBe('test.yaml:4:12: start: expected a real date YYYY-MM-DD, got "2026-02-29"');
  });

  it('custom tags and duplicate keys are rejected', () => {
    expect(errorOf(`${MINIMAL}seed: !js/function "x"\n`)).toBe('test.yaml:11:7: yaml: custom tags are not allowed (Unresolved tag: !js/function)');
    expect(errorOf(`${MINIMAL}months: 3\n`)).toBe('test.yaml:11:1: yaml: duplicate key (each key may appear once per mapping)');
  });

  it('a firmware date outside the horizon', () => {
    expect(errorOf(MINIMAL.replace('meters: {}', 'meters: {firmware: [{date: 2027-01-01, mb: 5}]}'))).toBe(
      'test.yaml:8:30: profiles.meters.firmware[0].date: expected a date inside the horizon 2026-01-01..2026-12-31, got "2027-01-01"',
    );
  });

  it('a trace file without a file reader, and a bad number in a trace file', () => {
    const text = MINIMAL.replace('meters: {}', 'meters: {kind: trace, file: t.csv}');
    expect(errorOf(text)).toBe(
      'test.yaml:8:31: profiles.meters.file: cannot read trace file "t.csv": no file reader (use loadScenarioFile, or pass readFile to parseScenario)',
    );
    expect(errorOf(text, () => '1\n2,x\n')).toBe('t.csv:2:3: profiles.meters.file: expected a number 0..1000000 (MB per day), got "x"');
    expect(errorOf(text, () => '1\n1e308\n')).toBe('t.csv:2:1: profiles.meters.file: expected a number 0..1000000 (MB per day), got 1e308');
  });

  it('a pool larger than a block', () => {
    expect(errorOf(MINIMAL.replace('profile: meters}', 'profile: meters, pool: 50}') + 'blockSize: 10\n')).toBe(
      'test.yaml:10:53: cohorts[0].pool: expected a pool size ≤ blockSize (10) so that no pool straddles blocks, got 50',
    );
  });

  it('an unknown opening of a cohort', () => {
    expect(errorOf(MINIMAL.replace('profile: meters}', 'profile: meters, opening: in-service}'))).toBe(
      'test.yaml:10:56: cohorts[0].opening: expected "fresh" or "inService", got "in-service"',
    );
  });

  it('pre-service settings: a pooled cohort, months and days together, a test period of 0 days, an unknown key', () => {
    const pre = (settings: string, pool = '') => MINIMAL.replace('profile: meters}', `profile: meters${pool}, preService: ${settings}}`);
    expect(errorOf(pre('{silent: {months: 6}}', ', pool: 5'))).toBe(
      'test.yaml:10:56: cohorts[0].preService: not allowed on a pooled cohort (pool > 0): pooled cards share one allowance day by day, so cards bought in bulk are simulated as individual cards; set pool: 0',
    );
    expect(errorOf(pre('{silent: {months: 6, days: 360}}'))).toBe(
      'test.yaml:10:80: cohorts[0].preService.silent.days: expected a mapping {months} (forced activation on the next 1st) or {days} (forced activation that day), not both',
    );
    expect(errorOf(MINIMAL.replace('profile: meters}', 'profile: meters, opening: inService, preService: {silent: {months: 6}}}'))).toBe(
      'test.yaml:10:56: cohorts[0].opening: expected "fresh" with preService: cards bought in bulk are not yet in service, so there is no cycle under way to open in',
    );
    expect(errorOf(pre('{test: {days: 0}}'))).toBe('test.yaml:10:73: cohorts[0].preService.test.days: expected an integer 1..3650, got 0');
    expect(errorOf(pre('{silent: {month: 6}}'))).toMatch(/cohorts\[0\]\.preService\.silent\.month: unknown key \(did you mean months\?\)/);
  });

  it('a missing scenario file', () => {
    expect(() => loadScenarioFile(`${BAD}/nope.yaml`)).toThrow(`${BAD}/nope.yaml: scenario: cannot read the scenario file: no such file`);
  });
});
