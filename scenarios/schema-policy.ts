import { z } from 'zod';
import { dist } from './schema-dist.ts';
import { MAX_PER_CARD_BYTE, OFF, boolean, days, mapping, money, number } from './schema-kit.ts';

/** How cards are paid for and looked after in a scenario file: `payers`, renewal, and `policies`. */

export const payer = mapping({
  delayDays: dist(0),
  missChance: number({ min: 0, max: 1 }).default(0),
  afterStopDays: dist(3),
});

/** `policies.renewal` and `cohorts[].renewal` share one syntax and one set of messages. */
export const RENEWAL_WHAT = '"auto", {kind: auto}, {kind: manual, lagDays, forgetChance} or {kind: batch, dayOfMonth, coverDays}';
export const renewalObject = z.discriminatedUnion(
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

export const policies = mapping({
  renewal: renewalSchema.default('auto'),
  alerts: z
    .union([z.null(), z.literal(false), alerts], { error: `{thresholdPct, reactionDays, maxPerCycle} or ${OFF}` })
    .default(null),
  idleStop: boolean().default(false),
  replacement: z
    .union([z.null(), z.literal(false), replacement], { error: `{delayDays, simCost, visitCost} or ${OFF}` })
    .default(null),
});
