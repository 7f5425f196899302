import { z } from 'zod';
import { MAX_BLOCK_SIZE, MAX_CARDS, mapping, nonEmptyString, number, oneOf, string } from './schema-kit.ts';
import { fleetPreServiceSchema, preServiceSchema } from './schema-preservice.ts';
import { RENEWAL_WHAT, renewalObject } from './schema-policy.ts';

/** Where a scenario file's cards come from: generated `cohorts`, or a `fleet` imported from a platform export. */

export const cohort = mapping({
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

const fleetPlan = z.union([string(), mapping({ plan: string(), profile: string().optional(), payer: string().optional() }, 'a mapping {plan, profile, payer}')], {
  error: 'a scenario plan name or {plan, profile, payer}',
});

/** Cards imported from a platform export (`simlapse import` writes the CSV): README, "Importing a fleet". */
export const fleet = mapping(
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
