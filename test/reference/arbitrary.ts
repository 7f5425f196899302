/** fast-check arbitraries for small random fleets and scenarios (engine inputs). */
import fc from 'fast-check';
import type { Alerts, ArmConfig, Cohort, Dist, Payer, Plan, Policies, PreService, Profile, Renewal, Replacement, Rules } from '../../engine/config.ts';
import { formatDate, parseDate } from '../../engine/calendar.ts';

const days = (min: number, max: number): fc.Arbitrary<Dist> =>
  fc.oneof(
    fc.integer({ min, max }).map((value): Dist => ({ kind: 'fixed', value })),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min: 0, max: max - min })).map(([a, w]): Dist => ({ kind: 'uniform', min: a, max: Math.min(max, a + w) })),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]): Dist => ({
      kind: 'mixture', weights: [0.7, 0.3], parts: [{ kind: 'fixed', value: a }, { kind: 'uniform', min: Math.min(a, b), max: Math.max(a, b) }],
    })),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]): Dist => ({ kind: 'empirical', values: [a, b], weights: [2, 1] })),
  );

export const planArb = (name: string): fc.Arbitrary<Plan> =>
  fc.record({
    quotaMB: fc.constantFrom(30, 50, 100, 150, 300),
    monthlyFee: fc.constantFrom(0, 0, 5, 12),
    term: fc.option(fc.record({ months: fc.constantFrom(1, 1, 3, 6, 12), price: fc.constantFrom(10, 30) }), { freq: 2 }),
    autoStop: fc.boolean(),
    overagePerMB: fc.constantFrom(0.29, 0.5, 1),
    addon: fc.record({ sizeMB: fc.constantFrom(20, 50, 100), price: fc.constantFrom(5, 10) }),
  }).map((p) => ({ name, ...p }));

const noiseArb: fc.Arbitrary<Dist> = fc.oneof(
  fc.constant<Dist>({ kind: 'fixed', value: 1 }),
  fc.double({ min: 0.1, max: 0.8, noNaN: true }).map((spread): Dist => ({ kind: 'lognormal', median: 1, spread })),
  fc.constant<Dist>({ kind: 'mixture', weights: [0.9, 0.1], parts: [{ kind: 'fixed', value: 1 }, { kind: 'uniform', min: 2, max: 5 }] }),
);

export const profileArb = (name: string): fc.Arbitrary<Profile> =>
  fc.record({
    kind: fc.constantFrom('constant', 'lognormal', 'trace'),
    mb: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double({ min: 0, max: 20, noNaN: true })),
    spread: fc.double({ min: 0.2, max: 1.2, noNaN: true }),
    noise: noiseArb,
    weekly: fc.oneof(fc.constant<number[]>([1, 1, 1, 1, 1, 1, 1]), fc.array<number>(fc.constantFrom(0, 0.5, 1, 1.5, 2), { minLength: 7, maxLength: 7 })),
    idleMonths: fc.oneof(fc.constant<number[]>([]), fc.uniqueArray(fc.integer({ min: 1, max: 12 }), { maxLength: 4 })),
    firmware: fc.array(fc.record({ day: fc.integer({ min: 0, max: 400 }), mb: fc.integer({ min: 5, max: 100 }), days: fc.integer({ min: 1, max: 5 }) }), { maxLength: 2 }),
    runaway: fc.option(
      fc.record({
        dailyHazard: fc.double({ min: 0.001, max: 0.2, noNaN: true }),
        factor: fc.oneof(fc.constant<Dist>({ kind: 'uniform', min: 10, max: 100 }), fc.constant<Dist>({ kind: 'fixed', value: 20.3 })),
        durationDays: days(0, 14),
      }),
      { freq: 2 },
    ),
    trace: fc.array(fc.integer({ min: 0, max: 25 }), { minLength: 1, maxLength: 10 }),
  }).map((r): Profile => ({
    name,
    meanDailyMB: r.kind === 'trace' ? { kind: 'fixed', value: 1 } : r.kind === 'constant' ? { kind: 'fixed', value: r.mb } : { kind: 'lognormal', median: Math.max(0.5, r.mb), spread: r.spread },
    noise: r.kind === 'lognormal' ? r.noise : { kind: 'fixed', value: 1 },
    weekly: r.weekly,
    idleMonths: r.idleMonths,
    firmware: r.firmware,
    runaway: r.runaway,
    trace: r.kind === 'trace' ? r.trace : null,
  }));

export const payerArb = (name: string): fc.Arbitrary<Payer> =>
  fc.record({
    // Up to 60 days late: invoices overlap (a second is issued while the first is open).
    delayDays: days(0, 60),
    missChance: fc.constantFrom(0, 0, 0.2, 0.5, 1),
    afterStopDays: days(0, 10),
  }).map((p) => ({ name, ...p }));

const renewalArb: fc.Arbitrary<Renewal> = fc.oneof(
  fc.constant<Renewal>({ kind: 'auto' }),
  fc.record({ lagDays: days(-10, 40), forgetChance: fc.constantFrom(0, 0.2, 1) }).map((r): Renewal => ({ kind: 'manual', ...r })),
  fc.record({ dayOfMonth: fc.integer({ min: 1, max: 28 }), coverDays: fc.integer({ min: 0, max: 40 }) }).map((r): Renewal => ({ kind: 'batch', ...r })),
);

const alertsArb: fc.Arbitrary<Alerts | null> = fc.option(
  // Thresholds whose fraction is exact in binary: others expose a known rounding disagreement (usage.test.ts).
  fc.record({ thresholdPct: fc.constantFrom(50, 55, 62.5, 70, 75, 80, 87.5, 90, 100), reactionDays: days(0, 3), maxPerCycle: fc.integer({ min: 1, max: 3 }) }),
  { freq: 2 },
);

const replacementArb: fc.Arbitrary<Replacement | null> = fc.option(
  // Delay ≥ 1: a same-day replacement of a pooled card is a known disagreement (lifecycle.test.ts).
  fc.record({ delayDays: fc.integer({ min: 0, max: 10 }), simCost: fc.constant(10), visitCost: fc.constant(50) }),
  { freq: 2 },
);

/** Cards bought in bulk (never pooled): a short test period or none, a silent period of months or days that may end inside the horizon, deployment spread over the first months. */
export const preServiceArb: fc.Arbitrary<PreService> = fc.record({
  test: fc.option(fc.record({ days: fc.integer({ min: 1, max: 60 }), allowanceMB: fc.constantFrom(0, 1, 5, 30, 100) }), { nil: null }),
  silent: fc.oneof(
    fc.integer({ min: 0, max: 8 }).map((length) => ({ unit: 'months' as const, length })),
    fc.integer({ min: 0, max: 400 }).map((length) => ({ unit: 'days' as const, length })),
  ),
  deployDays: fc.oneof(fc.constant<Dist>({ kind: 'fixed', value: 0 }), days(0, 300)),
});

export const policiesArb: fc.Arbitrary<Policies> = fc.record({ renewal: renewalArb, alerts: alertsArb, idleStop: fc.boolean(), replacement: replacementArb });

const rulesRecord: fc.Arbitrary<Rules> = fc.record({
  cycleAnchorDay: fc.oneof(fc.constant(1), fc.constant(27), fc.integer({ min: 1, max: 28 })),
  graceMonths: fc.integer({ min: 0, max: 4 }),
  retentionFeePerMonth: fc.constant(5),
  retentionPerStartedMonth: fc.boolean(),
  newTermFrom: fc.constantFrom('expiry' as const, 'renewal' as const),
  reactivationDelayDays: fc.integer({ min: 0, max: 3 }),
  arrearsAfterDays: fc.constantFrom(0, 3, 7, 14, 30),
  enforcementLagDays: fc.integer({ min: 0, max: 2 }),
});

/** Random rules; one grace month with retention per started month is a known engine disagreement (lifecycle.test.ts). */
export const rulesArb: fc.Arbitrary<Rules> = rulesRecord;

const FIRST = parseDate('2024-01-01');
export const startArb: fc.Arbitrary<string> = fc.integer({ min: 0, max: 4 * 365 }).map((d) => formatDate(FIRST + d));

/** A random arm: 1–40 cards in 1–3 cohorts over 1–14 months. */
export const armArb: fc.Arbitrary<ArmConfig> = fc
  .record({
    nPlans: fc.integer({ min: 1, max: 3 }),
    nProfiles: fc.integer({ min: 1, max: 3 }),
    nPayers: fc.integer({ min: 1, max: 2 }),
  })
  .chain(({ nPlans, nProfiles, nPayers }) => {
    const cohortArb = (k: number): fc.Arbitrary<Cohort> =>
      fc.record({
        count: fc.integer({ min: 1, max: 13 }),
        plan: fc.integer({ min: 0, max: nPlans - 1 }).map((i) => `plan${i}`),
        profile: fc.integer({ min: 0, max: nProfiles - 1 }).map((i) => `profile${i}`),
        payer: fc.integer({ min: 0, max: nPayers - 1 }).map((i) => `payer${i}`),
        poolSize: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 2, max: 5 })),
        termStart: fc.constantFrom('spread' as const, 'fresh' as const),
        renewal: fc.option(renewalArb, { freq: 3, nil: null }),
        preService: fc.option(preServiceArb, { freq: 3, nil: null }),
      }).map(({ preService, ...c }): Cohort => ({
        name: `cohort${k}`,
        ...c,
        ...(preService && c.poolSize === 0 ? { preService } : {}),
      }));
    return fc.record({
      name: fc.constant('arm'),
      start: startArb,
      months: fc.integer({ min: 1, max: 14 }),
      currency: fc.constant('CNY'),
      downtimeCostPerCardDay: fc.constantFrom(0, 2),
      plans: fc.tuple(...Array.from({ length: nPlans }, (_, i) => planArb(`plan${i}`))),
      profiles: fc.tuple(...Array.from({ length: nProfiles }, (_, i) => profileArb(`profile${i}`))),
      payers: fc.tuple(...Array.from({ length: nPayers }, (_, i) => payerArb(`payer${i}`))),
      cohorts: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => cohortArb(i)))),
      policies: policiesArb,
      rules: rulesArb,
    });
  })
  .map((a): ArmConfig => {
    const plans = [...a.plans];
    return { ...a, plans, profiles: [...a.profiles], payers: [...a.payers], cohorts: [...a.cohorts] };
  });
