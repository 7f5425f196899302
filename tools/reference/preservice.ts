/**
 * The reference model's pre-service cards (docs/rules.md, "Pre-service cards"), written from
 * the rule book: when the silent period forces activation, the device's deployment day, and
 * the state a card bought in bulk starts in.
 */
import type { Cohort } from '../../engine/config.ts';
import { Days, Draws, S } from './days.ts';
import { quantile } from '../../engine/dist.ts';

export interface RefPre {
  phase: 'test' | 'silent';
  /** Test data used so far, MB. */
  testUsed: number;
  testDays: number;
  testAllowanceMB: number;
  /** Day of the forced activation; null: after the horizon. */
  forcedDay: number | null;
}

/** The forced activation: `days` n → day n; `months` m → the first 1st of a month on or after start + m months. */
export function forcedDay(cal: Days, silent: { unit: 'months' | 'days'; length: number }): number | null {
  let d: number;
  if (silent.unit === 'days') d = silent.length;
  else {
    d = cal.plusMonths(0, silent.length);
    while (d < cal.days && cal.dayOfMonth(d) !== 1) d++;
  }
  return d < cal.days ? d : null;
}

/** A generated card of a pre-service cohort (never pooled): its starting phase, or null for cards in service. */
export function initialPre(cohort: Cohort, cal: Days): RefPre | null {
  const p = cohort.preService;
  if (!p || cohort.poolSize > 0) return null;
  return {
    phase: p.test ? 'test' : 'silent',
    testUsed: 0,
    testDays: p.test ? p.test.days : 0,
    testAllowanceMB: p.test ? p.test.allowanceMB : 0,
    forcedDay: forcedDay(cal, p.silent),
  };
}

/** The day the device is deployed: 0 for cohorts in service; drawn for pre-service ones. */
export function deployDay(cohort: Cohort, draw: Draws, g: number, c0: number): number {
  const p = cohort.preService;
  if (!p || cohort.poolSize > 0) return 0;
  return Math.max(0, Math.round(quantile(p.deployDays, draw.s(c0, c0 + cohort.count, g, 0, S.deploy))));
}
