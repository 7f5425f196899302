import { z } from 'zod';
import type { PreService } from '../engine/index.ts';
import { distSchema } from './schema-dist.ts';
import { RANGE, mapping, number } from './schema-kit.ts';
import { toDist } from './normalize-dist.ts';
import { isObject, type RawIssue } from './issues.ts';
import type { Segment } from './source.ts';

/**
 * `preService:` of a cohort or of an imported fleet (FORMAT.md; docs/rules.md, "Pre-service
 * cards"): cards bought in bulk, in a free test period, then silent until first use or the
 * forced activation.
 */

/** Defaults, with their sources in domain.md: a test period of 1–6 months with 1–30 MB (China Telecom [S3]), the silent period of 6 months (CMCC, CT [S2, S9]). */
export const PRESERVICE_DEFAULTS = { testDays: 30, testAllowanceMB: 30, silentMonths: 6 } as const;

const SILENT_WHAT = 'a mapping {months} (forced activation on the next 1st) or {days} (forced activation that day)';

const test = mapping(
  {
    days: number({ ...RANGE.days, min: 1 }).default(PRESERVICE_DEFAULTS.testDays),
    allowanceMB: number(RANGE.allowanceMB).default(PRESERVICE_DEFAULTS.testAllowanceMB),
  },
  'a mapping {days, allowanceMB} or null (no test period)',
).nullable();

const shape = {
  silent: mapping({ months: number({ int: true, min: 0, max: 120 }).optional(), days: number(RANGE.days).optional() }, SILENT_WHAT).prefault({}),
  deployDays: distSchema.default(0),
};
const WHAT = 'a mapping {test, silent, deployDays}';

/** A cohort's: no test period unless one is written (the cards start silent). */
export const preServiceSchema = mapping({ test: test.default(null), ...shape }, WHAT);
/** An imported fleet's: its cards with status test are in a test period, 30 days and 30 MB unless written. */
export const fleetPreServiceSchema = mapping({ test: test.prefault({}), ...shape }, WHAT);

export type PreServiceInput = z.output<typeof preServiceSchema>;

/** The written settings as the engine's. */
export function toPreService(p: PreServiceInput): PreService {
  return {
    test: p.test ? { days: p.test.days, allowanceMB: p.test.allowanceMB } : null,
    silent: p.silent.days !== undefined ? { unit: 'days', length: p.silent.days } : { unit: 'months', length: p.silent.months ?? PRESERVICE_DEFAULTS.silentMonths },
    deployDays: toDist(p.deployDays),
  };
}

/** `silent` takes months or days, not both; a pooled cohort cannot start before service. */
export function preServiceChecks(at: Segment[], written: unknown, pooled: boolean): RawIssue[] {
  if (!isObject(written)) return [];
  const issues: RawIssue[] = [];
  if (pooled) {
    issues.push({ path: at, anchor: 'key', message: 'not allowed on a pooled cohort (pool > 0): pooled cards share one allowance day by day, so cards bought in bulk are simulated as individual cards; set pool: 0' });
  }
  const silent = written.silent;
  if (isObject(silent) && silent.months !== undefined && silent.days !== undefined) {
    issues.push({ path: [...at, 'silent', 'days'], anchor: 'key', message: `expected ${SILENT_WHAT}, not both` });
  }
  return issues;
}
