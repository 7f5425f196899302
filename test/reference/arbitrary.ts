/** fast-check arbitraries for small random fleets and scenarios (engine inputs). */
import fc from 'fast-check';
import type { Action, Alerts, ArmConfig, Cohort, Dist, Payer, Plan, Policies, PreService, Profile, Renewal, Replacement, Rules } from '../../engine/config.ts';
import { addMonths, formatDate, parseDate } from '../../engine/calendar.ts';

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
    term: fc.option(fc.record({ months: fc.constantFrom(1, 1, 3, 6, 12, 60), price: fc.constantFrom(10, 30) }), { freq: 2 }),
    termQuota: fc.boolean(),
    // Past the allowance: overage (twice as likely), auto-stop or the throttle.
    mode: fc.constantFrom('overage', 'overage', 'stop', 'throttle'),
    throttleMB: fc.constantFrom(0, 1, 3),
    overagePerMB: fc.constantFrom(0.29, 0.5, 1),
    stopThreshold: fc.option(
      fc.record({ pct: fc.option(fc.constantFrom(50, 90, 100, 150), { nil: null }), overageCost: fc.option(fc.constantFrom(0, 5, 20), { nil: null }) }),
      { freq: 3, nil: null },
    ),
    addon: fc.record({ sizeMB: fc.constantFrom(20, 50, 100), price: fc.constantFrom(5, 10) }),
  }).map(({ termQuota, mode, throttleMB, stopThreshold, ...p }): Plan => {
    const autoStop = mode === 'stop', throttle = mode === 'throttle' ? { dailyMB: throttleMB } : null;
    // What the loader allows: a % above 100 only without auto-stop, an overage cap only with overage billed.
    const pct = stopThreshold?.pct != null && !(autoStop && stopThreshold.pct > 100) ? stopThreshold.pct : null;
    const overageCost = mode === 'overage' ? stopThreshold?.overageCost ?? null : null;
    return {
      name, ...p, autoStop, throttle,
      quotaPer: termQuota && p.term !== null ? 'term' : 'cycle',
      stopThreshold: pct !== null || overageCost !== null ? { pct, overageCost } : null,
    };
  });

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
  feeProration: fc.constantFrom('none' as const, 'daily' as const),
  manualStopFee: fc.constantFrom('monthly' as const, 'retention' as const),
});

/** Random rules; one grace month with retention per started month is a known engine disagreement (lifecycle.test.ts). */
export const rulesArb: fc.Arbitrary<Rules> = rulesRecord;

const FIRST = parseDate('2024-01-01');
export const startArb: fc.Arbitrary<string> = fc.integer({ min: 0, max: 4 * 365 }).map((d) => formatDate(FIRST + d));

/** A random arm without operator actions: 1–40 cards in 1–3 cohorts over 1–14 months. */
const plainArmArb: fc.Arbitrary<ArmConfig> = fc
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
        opening: fc.constantFrom('fresh' as const, 'inService' as const),
        preService: fc.option(preServiceArb, { freq: 3, nil: null }),
      }).map(({ preService, ...c }): Cohort => ({
        name: `cohort${k}`,
        ...c,
        ...(preService && c.poolSize === 0 ? { preService, opening: 'fresh' as const } : {}),
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
    // A pool shares a cycle's allowance: term-quota plans are not pooled (the loader refuses them).
    const cohorts = a.cohorts.map((c) => (plans.find((p) => p.name === c.plan)!.quotaPer === 'term' ? { ...c, poolSize: 0 } : c));
    return { ...a, plans, profiles: [...a.profiles], payers: [...a.payers], cohorts };
  });

/** A random arm: 1–40 cards in 1–3 cohorts over 1–14 months; two in three have 1–4 operator actions. */
export const armArb: fc.Arbitrary<ArmConfig> = plainArmArb.chain((arm) =>
  fc.option(fc.array(actionArb(arm), { minLength: 1, maxLength: 4 }), { freq: 3, nil: [] }).map((actions): ArmConfig => ({ ...arm, actions })),
);

/** A random arm with 1–6 operator actions. */
export const armWithActionsArb: fc.Arbitrary<ArmConfig> = plainArmArb.chain((arm) =>
  fc.array(actionArb(arm), { minLength: 1, maxLength: 6 }).map((actions): ArmConfig => ({ ...arm, actions })),
);

/**
 * A random operator action of an arm (docs/rules.md, "Operator actions"), as the loader admits it:
 * 1–3 days, often a cycle start (where plan changes and refusals interact); a plan change only
 * for an unpooled cohort, to a plan with a term exactly when the cohort's plan has one.
 */
export function actionArb(arm: ArmConfig): fc.Arbitrary<Action> {
  const start = parseDate(arm.start), days = addMonths(start, arm.months) - start;
  const firsts = Array.from({ length: arm.months }, (_, k) => addMonths(start, k) - start);
  const dayArb = fc.oneof(fc.integer({ min: 0, max: days - 1 }), fc.constantFrom(...firsts));
  const cohorts = arm.cohorts.map((c, k) => ({ c, k }));
  return fc
    .record({
      do: fc.constantFrom('stop' as const, 'resume' as const, 'renew' as const, 'pay' as const, 'changePlan' as const),
      days: fc.uniqueArray(dayArb, { minLength: 1, maxLength: 3 }).map((ds) => ds.sort((x, y) => x - y)),
      cohort: fc.option(fc.constantFrom(...cohorts), { freq: 2, nil: null }),
      from: fc.integer({ min: 0, max: 12 }),
      span: fc.option(fc.integer({ min: 0, max: 12 }), { nil: null }),
      fraction: fc.constantFrom(1, 1, 0.5, 0.2, 0),
      draw: fc.integer({ min: 0, max: 2 }),
      target: fc.nat(),
    })
    .map((r): Action => {
      const size = r.cohort === null ? arm.cohorts.reduce((n, c) => n + c.count, 0) : r.cohort.c.count;
      const from = r.from % size, to = r.span === null ? null : Math.min(size - 1, from + r.span);
      const base = { days: r.days, from, to, fraction: r.fraction, draw: r.draw };
      if (r.do !== 'changePlan') return { ...base, do: r.do, cohort: r.cohort?.c.name ?? null, plan: null };
      const own = r.cohort ?? cohorts[r.target % cohorts.length];
      const termed = arm.plans.find((p) => p.name === own.c.plan)!.term !== null;
      const targets = arm.plans.filter((p) => (p.term !== null) === termed);
      if (own.c.poolSize > 0) return { ...base, do: 'stop', cohort: own.c.name, plan: null };
      const planFrom = r.cohort === null ? { from: 0, to: null } : { from, to };
      return { ...base, ...planFrom, do: 'changePlan', cohort: own.c.name, plan: targets[r.target % targets.length].name };
    });
}
