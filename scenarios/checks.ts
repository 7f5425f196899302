import type { ArmConfig } from '../engine/index.ts';
import { isObject, type RawIssue } from './issues.ts';
import { planChecks } from './plan-checks.ts';
import { actionArmChecks, actionChecks } from './actions.ts';
import { currencyChecks } from './currency.ts';
import { cohortChecks } from './cohort-checks.ts';
import { profileChecks } from './profile-checks.ts';
import { fleetLimits, limitChecks } from './limit-checks.ts';
import { duplicates, keyNames, textChecks } from './name-checks.ts';

/**
 * Rules that span fields, run on the raw (merged) scenario whatever else is wrong, so one
 * load reports every problem. Each check skips values whose shape zod already rejects.
 */
export function crossChecks(raw: Record<string, unknown>): RawIssue[] {
  return [...keyNames(raw), ...textChecks(raw), ...cohortChecks(raw), ...profileChecks(raw), ...planChecks(raw), ...limitChecks(raw), ...actionChecks(raw), ...currencyChecks(raw)];
}

/**
 * Checks of an arm as converted: its actions' card ranges and plan changes against every cohort
 * (scenarios/actions.ts), and the limits with the cohorts an imported fleet adds (`fleet:`).
 */
export function armLimits(arm: ArmConfig): RawIssue[] {
  return [...actionArmChecks(arm), ...fleetLimits(arm)];
}

/** Arm names are unique. */
export function armChecks(raw: Record<string, unknown>): RawIssue[] {
  const arms = Array.isArray(raw.arms) ? raw.arms : [];
  return duplicates(arms.map((a) => (isObject(a) ? a.name : undefined)), 'arms', 'arm');
}
