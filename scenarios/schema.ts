import { z } from 'zod';
import { DIST_WHAT, distSchema } from './schema-dist.ts';
import { MAX_CARDS, MAX_PER_CARD_BYTE, RANGE, boolean, describeRange, mapping, namedMap, nonEmptyString, number, oneOf, string } from './schema-kit.ts';
import { decisionSchema, sensitivitySchema, sweepSchema } from './schema-experiment.ts';
import { actionsSchema } from './actions.ts';
import { fleetPreServiceSchema, preServiceSchema } from './schema-preservice.ts';
import { CURRENCY_WHAT, DEFAULT_CURRENCY, isCurrency } from './currency.ts';

/** The scenario file format (FORMAT.md) as zod schemas. Defaults that depend on nothing else live here. */

const uniform = (a: number, b: number) => ({ uniform: [a, b] as [number, number] });
const date = () => z.iso.date({ error: 'a real date YYYY-MM-DD' });
const dist = (fallback?: number | object) =>
  fallback === undefined ? distSchema : distSchema.default(fallback as z.input<typeof distSchema>);
const money = () => number(RANGE.money);
const days = () => number(RANGE.days);

const OFF = 'false or null (off)';
/** A plan's term: up to ten years (lifetime bundles, domain.md). */
const MAX_TERM_MONTHS = 120;
/** Cards per block: a block's fleet columns are allocated at once (engine/fleet.ts, 62 bytes a card). */
const MAX_BLOCK_SIZE = 1048576;
/** Weekday multipliers of demand. */
const WEEKLY = { min: 0, max: 1000 };
const WEEKLY_WHAT = `a list of 7 numbers ${WEEKLY.min}..${WEEKLY.max} (Monday first)`;
/** MB per day, a constant profile's or a trace's. */
export const DAILY_MB_WHAT = `${describeRange(RANGE.dailyMB)} (MB per day)`;

const rules = mapping({
  cycleAnchorDay: number({ int: true, min: 1, max: 28 }).default(1),
  graceMonths: number({ int: true, min: 0, max: 24 }).default(3),
  retentionFeePerMonth: money().default(5),
  retentionPerStartedMonth: boolean().default(true),
  newTermFrom: oneOf(['expiry', 'renewal']).default('expiry'),
  reactivationDelayDays: days().default(1),
  arrearsAfterDays: days().default(14),
  enforcementLagDays: days().default(0),
  feeProration: oneOf(['none', 'daily']).default('none'),
});

const plan = mapping({
  quotaMB: number(RANGE.allowanceMB),
  monthlyFee: money().default(0),
  term: mapping(
    {
      months: number({ int: true, min: 1, max: MAX_TERM_MONTHS }),
      price: money(),
    },
    'a mapping {months, price} or null',
  )
    .nullable()
    .default(null),
  quotaPer: oneOf(['cycle', 'term']).default('cycle'),
  autoStop: boolean().default(false),
  overagePerMB: money().default(0.29),
  throttle: z
    .union([z.null(), z.literal(false), mapping({ dailyMB: number(RANGE.dailyMB) })], { error: `{dailyMB} or ${OFF}` })
    .default(null),
  stopThreshold: z
    .union([z.null(), z.literal(false), mapping({ pct: number({ min: 1, max: 1000 }).optional(), overageCost: money().optional() })], {
      error: `{pct, overageCost} or ${OFF}`,
    })
    .default(null),
  addon: mapping({ sizeMB: number(RANGE.allowanceMB).default(100), price: money().default(10) }).prefault({}),
});

const runaway = mapping({
  dailyHazard: number({ min: 0, max: 1 }),
  factor: dist(uniform(10, 100)),
  durationDays: dist(uniform(3, 14)),
});

/** One shape for every kind; which fields a kind allows is checked in `checks.ts`. */
const profile = mapping({
  kind: oneOf(['lognormal', 'constant', 'trace']).default('lognormal'),
  meanDailyMB: distSchema.optional(),
  noise: distSchema.optional(),
  dailyMB: z
    .union([number(RANGE.dailyMB), z.array(number(RANGE.dailyMB)).min(1)], {
      error: `${describeRange(RANGE.dailyMB)} (constant) or a non-empty list of numbers ${RANGE.dailyMB.min}..${RANGE.dailyMB.max} (trace)`,
    })
    .optional(),
  file: nonEmptyString('a file path').optional(),
  weekly: z
    .array(number(WEEKLY), { error: WEEKLY_WHAT })
    .length(7, { error: WEEKLY_WHAT })
    .optional(),
  idleMonths: z.array(number({ int: true, min: 1, max: 12 }), { error: 'a list of months 1..12' }).default([]),
  firmware: z
    .array(mapping({ date: date(), mb: number(RANGE.dailyMB), days: number({ ...RANGE.days, min: 1 }).default(1) }), {
      error: 'a list of {date, mb, days}',
    })
    .default([]),
  runaway: runaway.nullable().optional(),
});

const payer = mapping({
  delayDays: dist(0),
  missChance: number({ min: 0, max: 1 }).default(0),
  afterStopDays: dist(3),
});

/** `policies.renewal` and `cohorts[].renewal` share one syntax and one set of messages. */
const RENEWAL_WHAT = '"auto", {kind: auto}, {kind: manual, lagDays, forgetChance} or {kind: batch, dayOfMonth, coverDays}';
const renewalObject = z.discriminatedUnion(
  'kind',
  [
    mapping({ kind: z.literal('auto') }),
    mapping({ kind: z.literal('manual'), lagDays: dist(0), forgetChance: number({ min: 0, max: 1 }).default(0) }),
    mapping({
      kind: z.literal('batch'),
      dayOfMonth: number({ int: true, min: 1, max: 28 }),
      coverDays: days().default(31),
    }),
  ],
  { error: RENEWAL_WHAT },
);

/** A renewal policy as written (`policies.renewal`, a cohort's own). */
export const renewalSchema = z.union([z.literal('auto'), renewalObject], { error: RENEWAL_WHAT });

const cohort = mapping({
  name: nonEmptyString().optional(),
  count: number({ int: true, min: 0, max: MAX_CARDS }),
  plan: string(),
  profile: string(),
  payer: string().optional(),
  pool: number({ int: true, min: 0, max: MAX_BLOCK_SIZE }).default(0),
  termStart: oneOf(['spread', 'fresh']).default('spread'),
  /** fresh: a new cycle and an empty balance on day 0; inService: in the cycle under way (docs/rules.md, "In-service opening"). */
  opening: oneOf(['fresh', 'inService']).default('fresh'),
  /** This cohort's own renewal policy; null: the scenario's `policies.renewal`. */
  renewal: z.union([z.null(), z.literal('auto'), renewalObject], { error: RENEWAL_WHAT }).default(null),
  /** Cards bought in bulk, before service (test, silent period); null: in service from day 0. */
  preService: preServiceSchema.nullable().optional(),
});

const alerts = mapping({
  thresholdPct: number({ min: 1, max: 100 }),
  reactionDays: dist(1),
  maxPerCycle: number({ int: true, min: 1, max: MAX_PER_CARD_BYTE }).default(1),
});
const replacement = mapping({
  delayDays: days(),
  simCost: money(),
  visitCost: money(),
});

const policies = mapping({
  renewal: renewalSchema.default('auto'),
  alerts: z
    .union([z.null(), z.literal(false), alerts], { error: `{thresholdPct, reactionDays, maxPerCycle} or ${OFF}` })
    .default(null),
  idleStop: boolean().default(false),
  replacement: z
    .union([z.null(), z.literal(false), replacement], { error: `{delayDays, simCost, visitCost} or ${OFF}` })
    .default(null),
});

const fleetPlan = z.union([string(), mapping({ plan: string(), profile: string().optional(), payer: string().optional() }, 'a mapping {plan, profile, payer}')], {
  error: 'a scenario plan name or {plan, profile, payer}',
});

/** Cards imported from a platform export (`simlapse import` writes the CSV): README, "Importing a fleet". */
const fleet = mapping(
  {
    csv: nonEmptyString('a file path (a fleet CSV written by simlapse import, relative to the scenario file)'),
    profile: string(),
    payer: string().optional(),
    plans: z.record(z.string(), fleetPlan, { error: "a mapping of the export's plans to scenario plans" }),
    /** platform: cards the export marks auto-renew get cohorts with renewal auto; policy: the export's flag is ignored. */
    autoRenew: oneOf(['platform', 'policy']).default('platform'),
    /** Settings for the export's cards before service (test, silent statuses). */
    preService: fleetPreServiceSchema.prefault({}),
  },
  'a mapping {csv, profile, payer, plans, autoRenew, preService}',
);

/** What an arm may override; everything else is shared by all arms. */
export const ARM_OVERRIDABLE = ['plans', 'profiles', 'payers', 'cohorts', 'fleet', 'policies', 'rules', 'downtimeCostPerCardDay', 'actions'] as const;
/** Top-level fields shared by all arms. */
export const ARM_SHARED = ['start', 'months', 'seed', 'replications', 'blockSize', 'currency', 'commonRandomNumbers', 'stratify'] as const;

/** The payers of a scenario that names none: one, `prompt`, with the payer defaults (FORMAT.md). */
export const DEFAULT_PAYERS: Readonly<Record<string, Record<string, never>>> = { prompt: {} };

const base = {
  name: nonEmptyString(),
  question: nonEmptyString(),
  start: date(),
  months: number({ int: true, min: 1, max: 600 }),
  seed: z.union([nonEmptyString(), number(RANGE.seed)], { error: 'a non-empty string or an integer' }).default('1'),
  replications: number({ int: true, min: 1, max: 10000 }).default(10),
  blockSize: number({ int: true, min: 1, max: MAX_BLOCK_SIZE }).default(16384),
  /** Common random numbers: every arm sees the same draws per card (docs/rules.md, Randomness). */
  commonRandomNumbers: boolean().default(true),
  /** Stratified per-card draws across each cohort (docs/rules.md, Randomness). */
  stratify: boolean().default(true),
  currency: z.string({ error: CURRENCY_WHAT }).regex(/^[A-Z]{3}$/, { error: CURRENCY_WHAT }).refine(isCurrency, { error: CURRENCY_WHAT }).default(DEFAULT_CURRENCY),
  downtimeCostPerCardDay: money().default(0),
  rules: rules.prefault({}),
  plans: namedMap(plan, 'plan'),
  profiles: namedMap(profile, 'profile'),
  payers: namedMap(payer, 'payer').prefault(DEFAULT_PAYERS as never),
  cohorts: z.array(cohort, { error: 'a list of cohorts' }).min(1, { error: 'a list of at least one cohort' }).optional(),
  fleet: fleet.optional(),
  policies: policies.prefault({}),
  /** Dated operator actions (FORMAT.md, "Operator actions"). */
  actions: actionsSchema.default([]),
};

/** Arms as validated at load time: overrides are checked after merging, so any value passes here. */
const looseArm = mapping({
  name: nonEmptyString(),
  ...Object.fromEntries(ARM_OVERRIDABLE.map((k) => [k, z.unknown().optional()])),
});

/**
 * An override as editors see it: every field of every nested mapping optional, each value keeping
 * its type (the page's knobs and editors' completion read them), because an arm merges objects key
 * by key (`policies: {alerts: {reactionDays: 3}}` over the base's alerts), so any part of a nested
 * value may be left out. Keys are still checked (a typo is flagged); lists replace, so they keep
 * their whole form.
 */
function deepPartial(schema: z.ZodType): z.ZodType {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, z.ZodType>;
      return z.strictObject(Object.fromEntries(Object.entries(shape).map(([k, v]) => [k, deepPartial(v).optional()])));
    }
    case 'optional': case 'default': case 'prefault': return deepPartial(def.innerType as z.ZodType).optional();
    case 'nullable': return deepPartial(def.innerType as z.ZodType).nullable();
    // A discriminated union is a oneOf, which a partial branch would match twice: anyOf.
    case 'union': return z.union((def.options as z.ZodType[]).map(deepPartial) as [z.ZodType, z.ZodType, ...z.ZodType[]]);
    case 'record': return z.record(def.keyType as z.ZodString, deepPartial(def.valueType as z.ZodType));
    default: return schema;
  }
}

/** Arms as editors see them (JSON Schema): each override typed, every field at every depth optional. */
const typedArm = mapping({
  name: nonEmptyString(),
  plans: z.record(z.string(), deepPartial(plan)).optional(),
  profiles: z.record(z.string(), deepPartial(profile)).optional(),
  payers: z.record(z.string(), deepPartial(payer)).optional(),
  cohorts: base.cohorts.optional(),
  fleet: deepPartial(fleet).optional(),
  policies: deepPartial(policies).optional(),
  rules: rules.partial().optional(),
  downtimeCostPerCardDay: base.downtimeCostPerCardDay.optional(),
  actions: actionsSchema.optional(),
});

const arms = (arm: z.ZodType) =>
  z.array(arm, { error: 'a list of arms' }).min(1, { error: 'a list of at least one arm' }).optional();

/** What the analyst wants decided (FORMAT.md, "Experiments"); not part of any arm. */
const experiment = {
  sweep: sweepSchema.optional(),
  decision: decisionSchema.optional(),
  sensitivity: sensitivitySchema.optional(),
};

/** One arm's scenario after merging (no `arms`). */
export const armScenarioSchema = mapping(base, 'a scenario mapping');
/** The whole file as loaded. */
export const fileSchema = mapping({ ...base, arms: arms(looseArm), ...experiment }, 'a scenario mapping');
/** The whole file as documented for editors. */
export const editorSchema = mapping({ ...base, arms: arms(typedArm), ...experiment }, 'a scenario mapping');

export type ArmScenario = z.output<typeof armScenarioSchema>;
export type ProfileInput = ArmScenario['profiles'][string];
export { DIST_WHAT };
