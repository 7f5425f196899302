import { z } from 'zod';
import { DIST_WHAT } from './schema-dist.ts';
import { MAX_BLOCK_SIZE, RANGE, boolean, date, mapping, money, namedMap, nonEmptyString, number } from './schema-kit.ts';
import { decisionSchema, sensitivitySchema, sweepSchema } from './schema-experiment.ts';
import { actionsSchema } from './actions.ts';
import { CURRENCY_WHAT, DEFAULT_CURRENCY, isCurrency } from './currency.ts';
import { plan, rules } from './schema-plan.ts';
import { profile } from './schema-profile.ts';
import { payer, policies } from './schema-policy.ts';
import { cohort, fleet } from './schema-cards.ts';
import { arms, deepPartial, looseArm } from './schema-arm.ts';

/**
 * The scenario file format (FORMAT.md) as zod schemas. Defaults that depend on nothing else live here.
 * The parts are in schema-plan.ts, schema-profile.ts, schema-policy.ts, schema-cards.ts and schema-arm.ts.
 */

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
