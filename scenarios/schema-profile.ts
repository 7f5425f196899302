import { z } from 'zod';
import { dist, distSchema, uniform } from './schema-dist.ts';
import { RANGE, date, describeRange, mapping, nonEmptyString, number, oneOf } from './schema-kit.ts';

/** Usage profiles in a scenario file (`profiles`): how much data a card uses per day. */

/** Weekday multipliers of demand. */
const WEEKLY = { min: 0, max: 1000 };
const WEEKLY_WHAT = `a list of 7 numbers ${WEEKLY.min}..${WEEKLY.max} (Monday first)`;
/** MB per day, a constant profile's or a trace's. */
export const DAILY_MB_WHAT = `${describeRange(RANGE.dailyMB)} (MB per day)`;

const runaway = mapping({
  dailyHazard: number({ min: 0, max: 1 }),
  factor: dist(uniform(10, 100)),
  durationDays: dist(uniform(3, 14)),
});

/** One shape for every kind; which fields a kind allows is checked in `profile-checks.ts`. */
export const profile = mapping({
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
