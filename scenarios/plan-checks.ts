import { describeValue, isObject, type RawIssue } from './issues.ts';
import type { Segment } from './source.ts';

/**
 * Rules between a plan's fields (FORMAT.md, "Plans"): what happens past the allowance is one
 * of overage, auto-stop or the throttle; a stop threshold says when to stop, in a way that plan
 * can reach; a term quota needs a term and cannot be pooled. Run on the raw (merged) scenario.
 */
export function planChecks(raw: Record<string, unknown>): RawIssue[] {
  if (!isObject(raw.plans)) return [];
  const issues: RawIssue[] = [];
  for (const [name, plan] of Object.entries(raw.plans)) {
    if (isObject(plan)) issues.push(...onePlan(plan, ['plans', name]));
  }
  const cohorts = Array.isArray(raw.cohorts) ? raw.cohorts : [];
  cohorts.forEach((c, i) => {
    if (!isObject(c) || typeof c.pool !== 'number' || c.pool <= 0 || typeof c.plan !== 'string' || !Object.hasOwn(raw.plans as object, c.plan)) return;
    const plan = (raw.plans as Record<string, unknown>)[c.plan];
    if (isObject(plan) && plan.quotaPer === 'term') {
      issues.push({ path: ['cohorts', i, 'pool'], anchor: 'value', message: `expected 0 (no pool): plan ${describeValue(c.plan)} has quotaPer: term, and a pool shares one allowance per billing cycle` });
    }
  });
  return issues;
}

function onePlan(plan: Record<string, unknown>, at: Segment[]): RawIssue[] {
  const issues: RawIssue[] = [];
  const autoStop = plan.autoStop === true, throttle = isObject(plan.throttle);
  if (autoStop && throttle) {
    issues.push({ path: [...at, 'throttle'], anchor: 'key', message: 'expected throttle or autoStop, not both: past the allowance a plan either stops the card or slows it (set autoStop: false, or throttle: null)' });
  }
  const t = plan.stopThreshold;
  if (isObject(t)) {
    if (t.pct === undefined && t.overageCost === undefined) {
      issues.push({ path: [...at, 'stopThreshold'], anchor: 'value', message: 'expected {pct} or {overageCost} or both (or null for none), got {}' });
    }
    if (typeof t.pct === 'number' && t.pct > 100 && autoStop) {
      issues.push({ path: [...at, 'stopThreshold', 'pct'], anchor: 'value', message: `expected at most 100 with autoStop: true (auto-stop already stops the card at 100 % of its allowance), got ${t.pct}` });
    }
    if (t.overageCost !== undefined && (autoStop || throttle)) {
      issues.push({ path: [...at, 'stopThreshold', 'overageCost'], anchor: 'key', message: `not allowed with ${autoStop ? 'autoStop: true' : 'a throttle'}: an overage cap needs overage billed past the allowance` });
    } else if (t.overageCost !== undefined && plan.overagePerMB === 0) {
      issues.push({ path: [...at, 'stopThreshold', 'overageCost'], anchor: 'key', message: 'not allowed with overagePerMB: 0: overage costs nothing, so the cap is never reached' });
    }
  }
  if (plan.quotaPer === 'term' && (plan.term === undefined || plan.term === null)) {
    issues.push({ path: [...at, 'quotaPer'], anchor: 'value', message: 'expected "cycle": quotaPer: term needs a term ({months, price}) for the quota to cover' });
  }
  return issues;
}
