import { z } from 'zod';
import { OFF, RANGE, boolean, days, mapping, money, number, oneOf } from './schema-kit.ts';

/** The carrier's terms in a scenario file: `rules` (billing and lifecycle rules) and each of `plans`. */

/** A plan's term: up to ten years (lifetime bundles, domain.md). */
const MAX_TERM_MONTHS = 120;

export const rules = mapping({
  cycleAnchorDay: number({ int: true, min: 1, max: 28 }).default(1),
  graceMonths: number({ int: true, min: 0, max: 24 }).default(3),
  retentionFeePerMonth: money().default(5),
  retentionPerStartedMonth: boolean().default(true),
  newTermFrom: oneOf(['expiry', 'renewal']).default('expiry'),
  reactivationDelayDays: days().default(1),
  arrearsAfterDays: days().default(14),
  enforcementLagDays: days().default(0),
  feeProration: oneOf(['none', 'daily']).default('none'),
  manualStopFee: oneOf(['monthly', 'retention']).default('monthly'),
});

export const plan = mapping({
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
