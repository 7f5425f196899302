/**
 * The reference model's allowance and what a plan does past it (docs/rules.md, "Quota, auto-stop,
 * overage, throttle and stop thresholds"): the usage that stops a card, and what the throttle serves.
 */
import type { Plan } from '../../engine/config.ts';
import type { RefCard } from './card.ts';

export function allowance(c: RefCard): number {
  return c.plan.quotaMB + c.packs * c.plan.addon.sizeMB;
}

/**
 * The usage at which the plan stops a card (or a pool of `members` cards) over quota: the
 * allowance with auto-stop; a stop threshold's % of the allowance; the allowance plus the
 * overage cap's MB (every member's, in a pool); the lowest of these; Infinity: never.
 */
export function stopLevel(plan: Plan, allow: number, members: number): number {
  let lvl = plan.autoStop ? allow : Infinity;
  const t = plan.stopThreshold;
  if (t && t.pct !== null) lvl = Math.min(lvl, allow * (t.pct / 100));
  if (t && t.overageCost !== null && !plan.autoStop && !plan.throttle && plan.overagePerMB > 0) lvl = Math.min(lvl, allow + members * (t.overageCost / plan.overagePerMB));
  return lvl;
}

/** What the plan serves of demand x at usage u: all of it, or past the allowance at most the throttle a day. */
export function servable(plan: Plan, u: number, allow: number, x: number): number {
  const within = Math.max(0, allow - u);
  if (!plan.throttle || x <= within) return x;
  return within + Math.min(x - within, plan.throttle.dailyMB);
}
