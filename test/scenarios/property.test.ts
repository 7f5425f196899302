import { fc, test } from '@fast-check/vitest';
import { stringify } from 'yaml';
import { describe, expect } from 'vitest';
import { parse } from './helpers.ts';

const name = fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/);
const amount = fc.double({ min: 0, max: 1e4, noNaN: true, noDefaultInfinity: true });
const factor = fc.double({ min: 0, max: 1000, noNaN: true });
const dist = fc.oneof(
  amount,
  amount.map((fixed) => ({ fixed })),
  fc.tuple(amount, amount).map(([a, b]) => ({ uniform: [Math.min(a, b), Math.max(a, b)] })),
  fc.record({ mean: amount, sd: amount }).map((normal) => ({ normal })),
  fc.record({ median: fc.double({ min: 0.01, max: 100, noNaN: true }), spread: fc.double({ min: 0, max: 3, noNaN: true }) }).map((lognormal) => ({ lognormal })),
  fc.array(fc.tuple(amount, fc.double({ min: 0.1, max: 10, noNaN: true })), { minLength: 1, maxLength: 3 }).map((empirical) => ({ empirical })),
  fc.array(fc.tuple(fc.double({ min: 0.1, max: 1, noNaN: true }), amount), { minLength: 1, maxLength: 3 }).map((parts) => ({
    mixture: parts.map(([weight, fixed]) => ({ weight, fixed })),
  })),
);

const plan = fc.record(
  {
    quotaMB: amount,
    monthlyFee: amount,
    term: fc.option(fc.record({ months: fc.constantFrom(1, 3, 6, 12, 24, 36, 60, 120), price: amount })),
    autoStop: fc.boolean(),
    overagePerMB: amount,
    addon: fc.record({ sizeMB: amount, price: amount }, { requiredKeys: [] }),
  },
  { requiredKeys: ['quotaMB'] },
);

const profile = fc.oneof(
  fc.record(
    {
      kind: fc.constant('lognormal'),
      meanDailyMB: dist,
      noise: dist,
      weekly: fc.array(factor, { minLength: 7, maxLength: 7 }),
      idleMonths: fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 3 }),
      firmware: fc.array(fc.record({ date: fc.constantFrom('2026-01-01', '2026-02-28', '2026-06-30'), mb: amount, days: fc.integer({ min: 1, max: 9 }) }), { maxLength: 2 }),
      runaway: fc.option(fc.record({ dailyHazard: fc.double({ min: 0, max: 1, noNaN: true }), factor: dist, durationDays: dist }, { requiredKeys: ['dailyHazard'] })),
    },
    { requiredKeys: [] },
  ),
  fc.record({ kind: fc.constant('constant'), dailyMB: amount }),
  fc.record({ kind: fc.constant('trace'), dailyMB: fc.array(amount, { minLength: 1, maxLength: 5 }) }),
);

const scenario = fc
  .record({
    plans: fc.dictionary(name, plan, { minKeys: 1, maxKeys: 3 }),
    profiles: fc.dictionary(name, profile, { minKeys: 1, maxKeys: 3 }),
    payers: fc.option(fc.dictionary(name, fc.record({ delayDays: dist, missChance: fc.double({ min: 0, max: 1, noNaN: true }), afterStopDays: dist }, { requiredKeys: [] }), { minKeys: 1, maxKeys: 2 }), { nil: undefined }),
    seed: fc.oneof(fc.integer({ min: 0, max: 1e9 }), name),
    months: fc.integer({ min: 6, max: 600 }),
    counts: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 3 }),
    renewal: fc.oneof(
      fc.constant('auto'),
      fc.record({ kind: fc.constant('manual'), lagDays: dist, forgetChance: fc.double({ min: 0, max: 1, noNaN: true }) }),
      fc.record({ kind: fc.constant('batch'), dayOfMonth: fc.integer({ min: 1, max: 28 }) }),
    ),
  })
  .map(({ plans, profiles, payers, seed, months, counts, renewal }) => ({
    name: 'Generated',
    question: 'Does any valid scenario load?',
    start: '2026-01-01',
    months,
    seed,
    plans,
    profiles,
    ...(payers ? { payers } : {}),
    cohorts: counts.map((count, i) => ({
      count,
      plan: Object.keys(plans)[i % Object.keys(plans).length],
      profile: Object.keys(profiles)[i % Object.keys(profiles).length],
    })),
    policies: { renewal },
  }));

describe('generated valid scenarios', () => {
  test.prop([scenario])('dumped to YAML, they load without error, and loading is stable', (x) => {
    const yaml = stringify(x);
    const once = parse(yaml);
    expect(parse(yaml)).toEqual(once);
    expect(parse(JSON.stringify(x))).toEqual(once);
    // Key order matters to the config (the first payer is the default) but not to the hash.
    expect(parse(stringify(x, { sortMapEntries: true })).hash).toBe(once.hash);
  });
});
