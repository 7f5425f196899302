import { z } from 'zod';
import { mapping, nonEmptyString } from './schema-kit.ts';
import { MAX_ARMS } from './schema-experiment.ts';

/** Arms in a scenario file: what an arm may override, and the shapes arms are checked and documented with. */

/** What an arm may override; everything else is shared by all arms. */
export const ARM_OVERRIDABLE = ['plans', 'profiles', 'payers', 'cohorts', 'fleet', 'policies', 'rules', 'downtimeCostPerCardDay', 'actions'] as const;
/** Top-level fields shared by all arms. */
export const ARM_SHARED = ['start', 'months', 'seed', 'replications', 'blockSize', 'currency', 'commonRandomNumbers', 'stratify'] as const;

/** Arms as validated at load time: overrides are checked after merging, so any value passes here. */
export const looseArm = mapping({
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
export function deepPartial(schema: z.ZodType): z.ZodType {
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

/** At most MAX_ARMS arms in all (a sweep's included: scenarios/sweep.ts): each arm costs its runs, and the ranking and Pareto compare them in pairs. */
export const arms = (arm: z.ZodType) =>
  z.array(arm, { error: 'a list of arms' }).min(1, { error: 'a list of at least one arm' }).max(MAX_ARMS, { error: `a list of at most ${MAX_ARMS} arms` }).optional();
