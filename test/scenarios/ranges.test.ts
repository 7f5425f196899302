import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { runScenario, traceCard } from '../../engine/index.ts';
import { MINIMAL, errorOf, parse } from './helpers.ts';

describe('every number has a range, and the message states it', () => {
  it('a lognormal spread of 2^32 (its samples would overflow to Infinity)', () => {
    expect(errorOf(MINIMAL.replace('meters: {}', 'meters: {meanDailyMB: {lognormal: {median: 1, spread: 4294967296}}}'))).toBe(
      'test.yaml:8:57: profiles.meters.meanDailyMB.lognormal.spread: expected a number 0..5, got 4294967296',
    );
  });

  it('a noise median of 1e308', () => {
    expect(errorOf(MINIMAL.replace('meters: {}', 'meters: {noise: {lognormal: {median: 1e308, spread: 0.3}}}'))).toBe(
      'test.yaml:8:40: profiles.meters.noise.lognormal.median: expected a number > 0 and ≤ 1000000000, got 1e308',
    );
  });

  it('a cohort of 1e12 cards', () => {
    expect(errorOf(MINIMAL.replace('count: 10', 'count: 1e12'))).toBe('test.yaml:10:13: cohorts[0].count: expected an integer 0..2147483647, got 1e12');
  });

  it('cohorts each in range but past 2^31 − 1 cards together', () => {
    const text = `${MINIMAL}  - {count: 2000000000, plan: basic, profile: meters}\n  - {count: 147483638, plan: basic, profile: meters}\n`;
    expect(errorOf(text)).toBe(
      "test.yaml:9:1: cohorts: expected at most 2147483647 cards in all (2^31 − 1: a card's index, which keys its random draws, is a signed 32-bit integer), got 2147483648",
    );
  });

  it('exactly 2^31 − 1 cards load', () => {
    const text = `${MINIMAL}  - {count: 2000000000, plan: basic, profile: meters}\n  - {count: 147483637, plan: basic, profile: meters}\n`;
    expect(parse(text).arms[0].cohorts.reduce((n, c) => n + c.count, 0)).toBe(2147483647);
  });

  it('a block size past 2^20', () => {
    expect(errorOf(`${MINIMAL}blockSize: 1048577\n`)).toBe('test.yaml:11:12: blockSize: expected an integer 1..1048576, got 1048577');
  });

  it('more add-on packs per cycle than a byte counts', () => {
    expect(errorOf(`${MINIMAL}policies: {alerts: {thresholdPct: 80, maxPerCycle: 256}}\n`)).toBe(
      'test.yaml:11:52: policies.alerts.maxPerCycle: expected an integer 1..255, got 256',
    );
  });

  it('mixture weights that sum to a subnormal number (the walk over parts could land on a part of weight 0: NaN)', () => {
    expect(errorOf(MINIMAL.replace('meters: {}', 'meters: {noise: {mixture: [{weight: 5e-324, fixed: 1}, {weight: 0, fixed: 2}]}}'))).toBe(
      'test.yaml:8:29: profiles.meters.noise.mixture: expected parts whose weights sum to ≥ 1e-9, got a list of 2',
    );
  });

  it('a price, a daily volume and a delay past their ranges', () => {
    const text = MINIMAL.replace('{quotaMB: 100}', '{quotaMB: 100, overagePerMB: 2e6}').replace('meters: {}', 'meters: {kind: constant, dailyMB: 1e7}') + 'rules: {arrearsAfterDays: 3651}\n';
    expect(errorOf(text).split('\n')).toEqual([
      'test.yaml:6:39: plans.basic.overagePerMB: expected a number 0..1000000, got 2e6',
      'test.yaml:8:37: profiles.meters.dailyMB: expected a number 0..1000000, got 1e7',
      'test.yaml:11:27: rules.arrearsAfterDays: expected an integer 0..3650, got 3651',
    ]);
  });
});

// Valid values, with the bounds themselves drawn often.
const edge = (lo: number, hi: number) => fc.oneof(fc.constantFrom(lo, hi), fc.double({ min: lo, max: hi, noNaN: true }));
const money = edge(0, 1e6);
const allowance = edge(0, 1e9);
const perDay = edge(0, 1e6);
const days = fc.oneof(fc.constantFrom(0, 3650), fc.integer({ min: 0, max: 3650 }));
const value = edge(-1e9, 1e9);
// Weights sum to ≥ 1e-9; tiny and zero weights beside it are the case that once gave NaN.
const weight = fc.oneof(edge(0, 1e12), fc.constantFrom(Number.MIN_VALUE, 1e-9));
const weights = (n: number) => fc.array(weight, { minLength: n, maxLength: n }).map((w) => (w.reduce((a, b) => a + b, 0) >= 1e-9 ? w : [1e-9, ...w.slice(1)]));
const simple = fc.oneof(
  value.map((fixed) => ({ fixed })),
  fc.tuple(value, value).map(([a, b]) => ({ uniform: [Math.min(a, b), Math.max(a, b)] })),
  fc.record({ mean: value, sd: edge(0, 1e9) }).map((normal) => ({ normal })),
  fc.record({ median: fc.oneof(fc.constantFrom(1e9, Number.MIN_VALUE), fc.double({ min: 1e-300, max: 1e9, noNaN: true })), spread: edge(0, 5) }).map((lognormal) => ({ lognormal })),
);
const dist = fc.oneof(
  value,
  simple,
  fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(fc.array(value, { minLength: n, maxLength: n }), weights(n))).map(([v, w]) => ({ empirical: v.map((x, k) => [x, w[k]]) })),
  fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(fc.array(simple, { minLength: n, maxLength: n }), weights(n))).map(([p, w]) => ({ mixture: p.map((part, k) => ({ weight: w[k], ...part })) })),
);
const renewal = fc.oneof(
  fc.constant('auto'),
  fc.record({ kind: fc.constant('manual'), lagDays: dist, forgetChance: edge(0, 1) }),
  fc.record({ kind: fc.constant('batch'), dayOfMonth: fc.integer({ min: 1, max: 28 }), coverDays: days }),
);
const plan = fc.record({
  quotaMB: allowance,
  monthlyFee: money,
  term: fc.option(fc.record({ months: fc.constantFrom(1, 3, 12), price: money })),
  autoStop: fc.boolean(),
  overagePerMB: money,
  addon: fc.record({ sizeMB: allowance, price: money }),
});
const runaway = fc.record({ dailyHazard: edge(0, 1), factor: dist, durationDays: dist });
const shared = { idleMonths: fc.constantFrom([], [1], [2]), firmware: fc.array(fc.record({ date: fc.constantFrom('2026-01-01', '2026-01-20'), mb: perDay, days: fc.oneof(fc.constant(3650), fc.integer({ min: 1, max: 40 })) }), { maxLength: 2 }), runaway: fc.option(runaway) };
const profile = fc.oneof(
  fc.record({ kind: fc.constant('lognormal'), meanDailyMB: dist, noise: dist, weekly: fc.array(edge(0, 1000), { minLength: 7, maxLength: 7 }), ...shared }),
  fc.record({ kind: fc.constant('constant'), dailyMB: perDay, ...shared }),
  fc.record({ kind: fc.constant('trace'), dailyMB: fc.array(perDay, { minLength: 1, maxLength: 3 }), ...shared }),
);
const payer = fc.record({ delayDays: dist, missChance: edge(0, 1), afterStopDays: dist });

const scenario = fc
  .record({
    seed: fc.integer({ min: 0, max: 1e6 }),
    months: fc.integer({ min: 1, max: 2 }),
    replications: fc.integer({ min: 1, max: 2 }),
    downtimeCostPerCardDay: money,
    rules: fc.record({
      cycleAnchorDay: fc.constantFrom(1, 15, 28),
      graceMonths: fc.constantFrom(0, 1, 24),
      retentionFeePerMonth: money,
      retentionPerStartedMonth: fc.boolean(),
      newTermFrom: fc.constantFrom('expiry', 'renewal'),
      reactivationDelayDays: days,
      arrearsAfterDays: days,
      enforcementLagDays: days,
    }),
    plans: fc.tuple(plan, plan),
    profiles: fc.tuple(profile, profile),
    payers: fc.tuple(payer, payer),
    cohorts: fc.array(
      fc.record({ count: fc.integer({ min: 0, max: 3 }), plan: fc.constantFrom('p', 'q'), profile: fc.constantFrom('p', 'q'), payer: fc.constantFrom('p', 'q'), pool: fc.constantFrom(0, 2), termStart: fc.constantFrom('spread', 'fresh'), renewal: fc.option(renewal) }),
      { minLength: 1, maxLength: 3 },
    ),
    policies: fc.record({
      renewal,
      alerts: fc.option(fc.record({ thresholdPct: edge(1, 100), reactionDays: dist, maxPerCycle: fc.constantFrom(1, 255) })),
      idleStop: fc.boolean(),
      replacement: fc.option(fc.record({ delayDays: days, simCost: money, visitCost: money })),
    }),
    arms: fc.option(fc.constant([{ name: 'a' }, { name: 'b', downtimeCostPerCardDay: 1e6, rules: { enforcementLagDays: 3650 } }]), { nil: undefined }),
  })
  .map(({ plans, profiles, payers, ...rest }) => ({
    name: 'Edges',
    question: 'Is every figure finite?',
    start: '2026-01-01',
    blockSize: 2,
    plans: { p: plans[0], q: plans[1] },
    profiles: { p: profiles[0], q: profiles[1] },
    payers: { p: payers[0], q: payers[1] },
    ...rest,
  }));

/** Paths of the numbers in `x` that are NaN or ±Infinity. */
function nonFinite(x: unknown, path: string): string[] {
  if (typeof x === 'number') return Number.isFinite(x) ? [] : [`${path} = ${x}`];
  if (Array.isArray(x)) return x.flatMap((v, k) => nonFinite(v, `${path}[${k}]`));
  if (x !== null && typeof x === 'object') return Object.entries(x).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
  return [];
}

describe('a valid scenario never yields NaN or Infinity', () => {
  it('every bound at once, over 600 months: the largest samples, prices, volumes, delays and add-on packs', async () => {
    const big = '{mixture: [{weight: 1e12, lognormal: {median: 1e9, spread: 5}}, {weight: 1e-9, fixed: 1}]}';
    const text = `name: Worst
question: Does every figure stay finite?
start: 2026-01-01
months: 600
replications: 2
downtimeCostPerCardDay: 1e6
rules: {retentionFeePerMonth: 1e6, reactivationDelayDays: 3650, arrearsAfterDays: 3650, enforcementLagDays: 3650, graceMonths: 24}
plans:
  p: {quotaMB: 1e9, monthlyFee: 1e6, term: {months: 1, price: 1e6}, overagePerMB: 1e6, addon: {sizeMB: 1e9, price: 1e6}}
  q: {quotaMB: 0, overagePerMB: 1e6, autoStop: true}
profiles:
  m:
    meanDailyMB: ${big}
    noise: ${big}
    weekly: [1000, 1000, 1000, 1000, 1000, 1000, 1000]
    firmware: [{date: 2026-01-01, mb: 1e6, days: 3650}]
    runaway: {dailyHazard: 1, factor: ${big}, durationDays: 3650}
payers:
  slow: {delayDays: 1e9, missChance: 1, afterStopDays: 1e9}
cohorts:
  - {count: 3, plan: p, profile: m, renewal: {kind: manual, lagDays: {normal: {mean: 1e9, sd: 1e9}}, forgetChance: 0.5}}
  - {count: 4, plan: q, profile: m, pool: 2}
policies:
  alerts: {thresholdPct: 1, reactionDays: 0, maxPerCycle: 255}
  replacement: {delayDays: 3650, simCost: 1e6, visitCost: 1e6}
arms:
  - name: a
  - name: b
    policies: {idleStop: true}
`;
    const report = await runScenario(parse(text));
    expect(nonFinite(report, 'report')).toEqual([]);
    expect(report.arms[0].metrics['cost.total'].mean).toBeGreaterThan(1e40);
  });

  test.prop([scenario], { numRuns: 60 })('scenarios at the edges of every range: every number of the report and of card 0’s timeline is finite', async (x) => {
    const config = parse(JSON.stringify(x));
    const report = await runScenario(config);
    expect(nonFinite(report, 'report')).toEqual([]);
    if (report.scenario.cards > 0) expect(nonFinite(traceCard(config, { card: 0 }), 'trace')).toEqual([]);
  });
});
