/**
 * The reference model's in-service opening (docs/rules.md, "In-service opening"), written from
 * the rule book: cards of a cohort with `opening: inService` start in the cycle under way.
 */
import type { ArmConfig, Plan } from '../../engine/config.ts';
import type { Invoice, Pool, RefCard } from './card.ts';
import { S, type Days, type Draws } from './days.ts';
import { quantile } from '../../engine/dist.ts';

/** What the opening needs of the reference model. */
export interface OpeningHost {
  readonly arm: ArmConfig;
  readonly cal: Days;
  readonly draw: Draws;
  /** The usage at which a plan stops a card (or a pool of `members`) over quota (docs/rules.md, Quota). */
  stopLevel(plan: Plan, allow: number, members: number): number;
  /** What a plan serves of demand x at usage u (the throttle past the allowance). */
  servable(plan: Plan, u: number, allow: number, x: number): number;
}

/** Cards that start the run in the cycle under way (day 0 is not an anchor day and starts no cycle for them). */
export function midCycle(host: OpeningHost, c: RefCard): boolean {
  return isInService(c) && elapsedDays(host.cal) > 0;
}

function isInService(c: RefCard): boolean {
  return c.cohort.opening === 'inService' && !c.cohort.cards;
}

/** Days from the last anchor day on or before day 0 to day 0. */
export function elapsedDays(cal: Days): number {
  let d = 0;
  while (cal.dayOfMonth(d) !== cal.anchor) d--;
  return -d;
}

/** Opens every in-service card on day 0, before the day's steps: usage of the cycle under way, its fee, the previous cycle's invoice. */
export function openInService(host: OpeningHost, cards: RefCard[], pools: Pool[]): void {
  const k = elapsedDays(host.cal);
  for (const c of cards) {
    if (!isInService(c) || k === 0) continue;
    // The fee of the cycle under way was charged on its first day, before the run: not a cost here.
    c.feePaid = true;
    c.feeUntil = Math.min(c.expiry ?? Infinity, host.cal.cycleAround(0).end);
    if (c.plan.monthlyFee > 0) c.charged = true;
    // A throttled card is served past its quota at most the throttle a day (a pool's throttle is not replayed).
    // A quota that runs with the term is not the cycle's: nothing is replayed (the card starts with its whole quota).
    for (let d = -k; d < 0 && c.plan.quotaPer !== 'term'; d++) {
      const x = demandBefore(host, c, d);
      c.used += c.pool ? x : host.servable(c.plan, c.used, c.plan.quotaMB, x);
    }
    if (c.pool) continue;
    const level = host.stopLevel(c.plan, c.plan.quotaMB, 1);
    if (!c.plan.throttle && Math.min(c.used, level) > c.plan.quotaMB) c.charged = true;
    if (c.used > 0 && c.used >= level) {
      c.used = level;
      c.flags.add('overQuota'); // stopped before the run: not counted
    }
  }
  for (const p of pools) {
    if (!midCycle(host, p.members[0])) continue;
    p.used = p.members.reduce((a, c) => a + c.used, 0);
    const plan = p.members[0].plan;
    const level = host.stopLevel(plan, p.allowance, p.members.length);
    for (const c of p.members) {
      if (p.used > 0 && p.used >= level) c.flags.add('overQuota');
      if (!plan.throttle && Math.min(p.used, level) > p.allowance) c.charged = true;
    }
  }
  for (const c of cards) {
    if (!isInService(c)) continue;
    c.events.push({ day: 0, kind: 'opening', detail: `day ${k + 1} of the cycle, ${c.used} MB used` });
    if (c.plan.monthlyFee > 0) previousInvoice(host, c, -k);
  }
}

/**
 * The previous cycle's invoice (its fee), issued on day e, the first day of the cycle under way.
 * Its days before day 0 are lived through by the billing rules; stops then are not the run's.
 */
function previousInvoice(host: OpeningHost, c: RefCard, e: number): void {
  const { draw, arm } = host, rules = arm.rules;
  // Invoice index −1: the cycle before the run.
  const missed = draw.s(c.c0, c.c1, c.g, -1, S.payMiss) < c.payer.missChance;
  const delay = Math.max(0, Math.round(quantile(c.payer.delayDays, draw.s(c.c0, c.c1, c.g, -1, S.payDelay))));
  const inv: Invoice = { issued: e, payDay: missed ? null : e + delay, overdueDay: e + rules.arrearsAfterDays };
  c.invoices.push(inv);
  for (let d = e; d < 0; d++) {
    if (inv.overdueDay !== null && inv.overdueDay <= d) {
      inv.overdueDay = null;
      c.flags.add('arrears');
      if (inv.payDay === null) inv.payDay = d + draw.days(c.payer.afterStopDays, c.g, d, S.payAfterStop);
    }
    if (inv.payDay !== null && inv.payDay <= d) {
      c.invoices = [];
      inv.payDay = inv.overdueDay = null;
      if (c.flags.has('arrears')) c.restartDay = d + rules.reactivationDelayDays;
    }
    if (c.restartDay !== null && c.restartDay <= d) {
      c.restartDay = null;
      c.flags.delete('arrears');
    }
  }
}

/** A day's demand before day 0: the usual formula without runaway faults or firmware updates. */
function demandBefore(host: OpeningHost, c: RefCard, d: number): number {
  const pr = c.profile, cal = host.cal;
  if (pr.idleMonths.includes(cal.month(d))) return 0;
  const n = pr.trace ? pr.trace.length : 0;
  const factor = pr.trace ? pr.trace[((d % n) + n) % n] : pr.weekly[cal.weekday(d)];
  const x = c.mean * c.noise[host.draw.noiseIndex(c.g, d)] * factor;
  return x > 0 ? x : 0;
}
