import { describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/index.ts';
import { fleetHeader, fleetLine, type FleetCard } from '../../scenarios/index.ts';
import { MINIMAL, errorOf, parse } from './helpers.ts';

/** A card keeps its plan, profile, payer and renewal policy as a one-byte index: at most 255 of each per arm. */

const ONE_COHORT = '  - {count: 10, plan: basic, profile: meters}\n';
/** MINIMAL with one cohort per line of `lines` instead of its own. */
const withCohorts = (lines: string[]) => MINIMAL.replace(ONE_COHORT, lines.map((l) => `  - ${l}\n`).join(''));
/** n cohorts of one card, each with its own manual renewal (lag 0, so they renew like auto) except that the last forgets every term. */
const distinctPolicies = (n: number) =>
  withCohorts(Array.from({ length: n }, (_, i) => `{count: 1, plan: basic, profile: meters, renewal: {kind: manual, lagDays: ${i / 1000}, forgetChance: ${i === n - 1 ? 1 : 0}}}`));

const TERM = 'basic: {quotaMB: 100, term: {months: 1, price: 10}}';
/** Short runs with a one-month term and no grace: a forgotten term is cancelled in the second month. */
const short = (text: string) => `${text.replace('basic: {quotaMB: 100}', TERM).replace('months: 12', 'months: 3')}replications: 1\nrules: {graceMonths: 0}\n`;

describe('plans, profiles, payers and renewal policies fit a one-byte index', () => {
  it('256 plans are refused', () => {
    const plans = Array.from({ length: 256 }, (_, i) => `  p${i}: {quotaMB: 100}`).join('\n');
    expect(errorOf(MINIMAL.replace('  basic: {quotaMB: 100}', plans).replace('plan: basic', 'plan: p0'))).toBe(
      "test.yaml:5:1: plans: expected at most 255 plans (a card keeps its plan's index in one byte), got 256",
    );
  });

  it('256 profiles and 256 payers are refused; 255 of each load', () => {
    const many = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i)).join('\n');
    const text = (n: number) =>
      MINIMAL.replace('  meters: {}', many(n, (i) => `  ${i ? `f${i}` : 'meters'}: {}`)) + `payers:\n${many(n, (i) => `  y${i}: {}`)}\n`;
    expect(errorOf(text(256)).split('\n')).toEqual([
      "test.yaml:7:1: profiles: expected at most 255 profiles (a card keeps its profile's index in one byte), got 256",
      "test.yaml:266:1: payers: expected at most 255 payers (a card keeps its payer's index in one byte), got 256",
    ]);
    expect(parse(text(255)).arms[0].payers).toHaveLength(255);
  });

  it('255 distinct renewal policies (the scenario’s auto and 254 cohorts’ own) run; the last one is the last cohort’s, not wrapped', async () => {
    const report = await runScenario(parse(short(distinctPolicies(254))));
    // Only the last cohort's single card forgets its term; wrapped to index 0 it would renew (auto).
    expect(report.arms[0].metrics.cancelled.mean).toBe(1);
  });

  it('256 distinct renewal policies are refused', () => {
    expect(errorOf(distinctPolicies(255))).toBe(
      "test.yaml:9:1: cohorts: expected at most 255 distinct renewal policies, policies.renewal and cohorts' own (a card keeps its policy's index in one byte), got 256",
    );
  });

  it('equal policies count once, however they are written (auto, {kind: auto}, lagDays 0 or {fixed: 0})', () => {
    const same = ['auto', '{kind: auto}', '{kind: manual}', '{kind: manual, lagDays: 0}', '{kind: manual, lagDays: {fixed: 0}, forgetChance: 0}'];
    const text = withCohorts([...same, ...Array.from({ length: 253 }, (_, i) => `{kind: batch, dayOfMonth: 1, coverDays: ${i}}`)].map((r) => `{count: 1, plan: basic, profile: meters, renewal: ${r}}`));
    expect(parse(text).arms[0].cohorts).toHaveLength(258);
  });

  it('300 cohorts sharing one manual policy give the same figures as one cohort of all their cards with it', async () => {
    const renewal = 'renewal: {kind: manual, lagDays: {uniform: [-3, 20]}, forgetChance: 0.3}';
    // Unstratified: stratum groups are cut by cohort (docs/rules.md, Randomness), so splitting a cohort would change the draws.
    const many = short(withCohorts(Array.from({ length: 300 }, () => `{count: 5, plan: basic, profile: meters, ${renewal}}`))) + '\nstratify: false\n';
    const one = short(withCohorts([`{count: 1500, plan: basic, profile: meters, ${renewal}}`])) + '\nstratify: false\n';
    const [a, b] = await Promise.all([runScenario(parse(many)), runScenario(parse(one))]);
    expect(a.arms[0].metrics.cancelled.mean).toBeGreaterThan(300);
    expect(a.arms[0].metrics).toEqual(b.arms[0].metrics);
    expect(a.arms[0].series).toEqual(b.arms[0].series);
  });
});

describe('an imported fleet counts towards the limits', () => {
  const card: FleetCard = {
    iccid: '8986000000000001000', msisdn: '', status: 'online', stopReasons: [], plan: 'P1', pool: '', activationDate: '2025-03-01', expiryDate: null,
    usedMBThisCycle: 0, quotaMB: null, thresholdMB: null, autoRenew: true, meanDailyMB: null, historyMonths: 0, statusRaw: '正常', line: 2,
  };
  const files = (path: string) => {
    if (path !== 'fleet.csv') throw new Error(`ENOENT: ${path}`);
    return fleetHeader() + fleetLine(card);
  };

  it("its auto-renew cohort is a 256th renewal policy (scenario's manual policy, 254 cohorts' own)", () => {
    const text = `${distinctPolicies(254).replace('months: 12', 'months: 12\npolicies: {renewal: {kind: manual, lagDays: 9}}')}fleet: {csv: fleet.csv, profile: meters, plans: {P1: basic}}\narms:\n  - name: a\n`;
    expect(errorOf(text, files)).toBe(
      "test.yaml:265:1: arms[0].fleet: expected at most 255 distinct renewal policies, policies.renewal and cohorts' own (a card keeps its policy's index in one byte), got 256 with the fleet's auto-renew cohorts",
    );
  });
});

describe('the horizon ends by 9999-12-31 (report dates have four-digit years)', () => {
  const at = (start: string, months: number) => MINIMAL.replace('start: 2026-01-01', `start: ${start}`).replace('months: 12', `months: ${months}`);

  it('a horizon past it is refused at months, naming both', () => {
    expect(errorOf(at('9999-06-01', 24))).toBe(
      'test.yaml:4:9: months: expected a horizon that ends by 9999-12-31 (report dates have four-digit years), got 24 months from 9999-06-01',
    );
    expect(errorOf(at('9999-12-02', 1))).toContain('got 1 month from 9999-12-02');
  });

  it('one that ends on it runs, its month dated 9999-12-01', async () => {
    const report = await runScenario(parse(at('9999-12-01', 1)));
    expect(report.months).toEqual(['9999-12-01']);
  });
});

describe('a scenario file too large to build', () => {
  it('more than 1,000,000 YAML tokens are refused at line 1 before the document is built', () => {
    // 600,000 numbers in a list: about 1.8 million tokens in 1.2 MB (within the 4 MiB a file may hold).
    const text = `${MINIMAL}extra: [${'1,'.repeat(600_000)}1]\n`;
    expect(errorOf(text)).toBe(
      "test.yaml:1:1: yaml: the file holds more than 1,000,000 YAML tokens (keys, values and punctuation); a scenario needs far fewer (a long series of numbers belongs in a trace file that a profile's trace: names)",
    );
  });

  it('a list of 200,000 items under the cap is checked like any other value (it overflowed the call stack before)', () => {
    const text = `${MINIMAL}extra: [${'1,'.repeat(200_000)}1]\n`;
    expect(errorOf(text)).toMatch(/^test\.yaml:\d+:1: extra: unknown key/);
  });
});
