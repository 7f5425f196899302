/**
 * Cross-field checks of `cohorts`: the plan, profile and payer each names, pre-service, pools
 * and names; and whether the default payer (the first one written) can be told.
 */
import { describeValue, isObject, nameList, type RawIssue } from './issues.ts';
import { DEFAULT_PAYERS } from './schema.ts';
import { preServiceChecks } from './schema-preservice.ts';
import { duplicates } from './name-checks.ts';

export function cohortChecks(raw: Record<string, unknown>): RawIssue[] {
  const cohorts = Array.isArray(raw.cohorts) ? raw.cohorts : [];
  const payers = raw.payers === undefined ? DEFAULT_PAYERS : raw.payers;
  const blockSize = typeof raw.blockSize === 'number' ? raw.blockSize : 16384;
  const issues: RawIssue[] = [];
  const unordered = firstPayerUnknown(payers);
  cohorts.forEach((cohort, i) => {
    if (!isObject(cohort)) return;
    if (unordered && cohort.payer === undefined) issues.push({ path: ['cohorts', i], anchor: 'value', message: `no payer named, and the default (the first payer) cannot be told: ${unordered}; name this cohort's payer` });
    for (const [field, names] of [['plan', raw.plans], ['profile', raw.profiles], ['payer', payers]] as const) {
      const name = cohort[field];
      if (typeof name !== 'string' || !isObject(names) || Object.hasOwn(names, name)) continue;
      const known = Object.keys(names);
      issues.push({
        path: ['cohorts', i, field],
        anchor: 'value',
        message: `unknown ${field} ${describeValue(name)}; ${field}s are: ${nameList(known) || '(none)'}`,
      });
    }
    issues.push(...preServiceChecks(['cohorts', i, 'preService'], cohort.preService, typeof cohort.pool === 'number' && cohort.pool > 0));
    if (isObject(cohort.preService) && cohort.opening === 'inService') {
      issues.push({ path: ['cohorts', i, 'opening'], anchor: 'value', message: 'expected "fresh" with preService: cards bought in bulk are not yet in service, so there is no cycle under way to open in' });
    }
    if (typeof cohort.pool === 'number' && cohort.pool > blockSize) {
      issues.push({
        path: ['cohorts', i, 'pool'],
        anchor: 'value',
        message: `expected a pool size ≤ blockSize (${blockSize}) so that no pool straddles blocks, got ${cohort.pool}`,
      });
    }
  });
  const names = cohorts.map((c, i) => (isObject(c) && c.name !== undefined ? c.name : `cohort-${i}`));
  return [...issues, ...duplicates(names, 'cohorts', 'cohort')];
}

/**
 * Why the first payer of the file cannot be known, or null: a payer named by a whole number ("30")
 * is read before the others whatever its place (JavaScript orders such keys first), so the default
 * payer, the first one written, is lost with two payers or more.
 */
export function firstPayerUnknown(payers: unknown): string | null {
  if (!isObject(payers)) return null;
  const names = Object.keys(payers);
  const index = names.find((n) => /^(0|[1-9]\d{0,9})$/.test(n) && Number(n) < 2 ** 32 - 1);
  return names.length > 1 && index !== undefined ? `payer names that are whole numbers (${JSON.stringify(index)}) are read before the others` : null;
}
