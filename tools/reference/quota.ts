/**
 * The reference model's service of the day's demand (docs/rules.md, "Quota, auto-stop, overage,
 * throttle and stop thresholds", step 6 of the day): a card's or a pool's demand served, billed
 * as overage, throttled or stopped over quota; the add-on pack and the lagged cut; the usage alert.
 */
import { isOnline, type Pool, type RefCard } from './card.ts';
import { S } from './days.ts';
import { allowance, servable, stopLevel } from './allowance.ts';
import { demand } from './demand.ts';
import { activate } from './activation.ts';
import type { Books } from './tally.ts';

/** What the service needs of the reference model. */
export interface ServiceHost extends Books {
  /** Books served and unserved demand; an offline card with demand is down for the day. */
  served(c: RefCard, x: number, served: number): void;
}

// ---- step 5 ----

/** The day's quota events of a card, in the rule book's order: add-on pack arrival, lagged over-quota cut. */
export function quotaEvents(host: Books, c: RefCard): void {
  const d = host.day;
  if (c.packDay !== null && c.packDay <= d) {
    c.packDay = null;
    c.packs++;
    host.postpaid(c, 'addon', c.plan.addon.price);
    host.note(c, 'addon');
    if (c.flags.has('overQuota') && c.used < stopLevel(c.plan, allowance(c), 1)) host.clearFlag(c, 'overQuota');
  }
  if (c.cutDay !== null && c.cutDay <= d) {
    c.cutDay = null;
    if (c.used >= stopLevel(c.plan, allowance(c), 1)) host.setFlag(c, 'overQuota');
  }
}

// ---- step 6 ----

export function serveCard(host: ServiceHost, c: RefCard): void {
  const x = demand(host, c);
  if (c.pre && c.pre.phase === 'test') {
    // Test data is free and served in full; the allowance is checked at the end of the day.
    c.pre.testUsed += x;
    host.served(c, x, x);
    if (c.pre.testUsed >= c.pre.testAllowanceMB) {
      c.pre.phase = 'silent';
      host.note(c, 'test over', 'allowance');
    }
    return;
  }
  if (c.pre) {
    if (!(x > 0)) return host.served(c, x, 0);
    activate(host, c, false);
  }
  if (!isOnline(c) || x <= 0) return host.served(c, x, 0);
  const allow = allowance(c), u = c.used, plan = c.plan, lag = host.arm.rules.enforcementLagDays;
  const lvl = stopLevel(plan, allow, 1), got = servable(plan, u, allow, x);
  if (u + got < lvl || lag > 0) {
    // Below the stop level (or the cut waits for the usage data): overage or the throttle.
    if (!plan.throttle) host.postpaid(c, 'overage', Math.max(0, u + got - Math.max(u, allow)) * plan.overagePerMB);
    c.used += got;
    host.served(c, x, got);
    if (got < x) host.addDown(c, 'throttled', (x - got) / x);
    if (u + got >= lvl && c.cutDay === null) c.cutDay = host.day + lag;
    return;
  }
  // Stopped today at the stop level: what is left of the day's demand is over-quota downtime.
  // Usage stops exactly at the level (u + (level − u) can round a hair past it).
  const s = Math.max(0, lvl - u), after = Math.max(u, lvl);
  if (!plan.throttle) host.postpaid(c, 'overage', Math.max(0, after - Math.max(u, allow)) * plan.overagePerMB);
  c.used = after;
  host.served(c, x, s);
  host.setFlag(c, 'overQuota');
  host.addDown(c, 'overQuota', (x - s) / x);
}

/**
 * Pooled cards: the online members' demand is settled together. The rule book does not say which
 * member an overage belongs to; every member online that day is invoiced for it (as the engine does).
 */
export function servePool(host: ServiceHost, p: Pool): void {
  const xs = p.members.map((c) => demand(host, c));
  const wasOnline = p.members.map(isOnline);
  let total = 0;
  p.members.forEach((_, k) => { if (wasOnline[k]) total += xs[k]; });
  const plan = p.members[0].plan, allow = p.allowance;
  const lvl = stopLevel(plan, allow, p.members.length);
  // Throttled: below the allowance each member is served the same fraction, past it at most the throttle.
  let frac = 1;
  if (plan.throttle && total > 0) frac = Math.min(1, Math.max(0, allow - p.used) / total);
  const gots = xs.map((x, k) => (!wasOnline[k] ? 0 : frac < 1 ? x * frac + Math.min(x * (1 - frac), plan.throttle!.dailyMB) : x));
  let got = 0;
  p.members.forEach((_, k) => { if (wasOnline[k]) got += gots[k]; });
  const bill = (mb: number) => {
    if (plan.throttle || mb <= 0) return;
    host.book('overage', mb * plan.overagePerMB);
    p.members.forEach((c, k) => { if (wasOnline[k]) c.charged = true; });
  };
  // Zero demand takes the pool nowhere: only demand that reaches the stop level stops it.
  if (total === 0 || p.used + got < lvl) {
    bill(p.used + total - Math.max(p.used, allow));
    p.used += got;
    p.members.forEach((c, k) => {
      host.served(c, xs[k], gots[k]);
      if (gots[k] < xs[k] && wasOnline[k]) host.addDown(c, 'throttled', (xs[k] - gots[k]) / xs[k]);
    });
    return;
  }
  const room = Math.max(0, lvl - p.used);
  const f = room / total;
  const after = Math.max(p.used, lvl);
  bill(after - Math.max(p.used, allow));
  p.used = after;
  p.members.forEach((c, k) => {
    const x = xs[k];
    if (wasOnline[k]) {
      host.served(c, x, x * f);
      if (x > 0) host.addDown(c, 'overQuota', 1 - f);
    } else host.served(c, x, 0);
  });
  for (const c of p.members) if (!c.flags.has('cancelled')) host.setFlag(c, 'overQuota');
}

export function alertCheck(host: Books, c: RefCard): void {
  const a = host.arm.policies.alerts!, d = host.day;
  if (c.flags.has('cancelled') || c.packDay !== null || c.packs >= a.maxPerCycle) return;
  // No usage, no alert: on an allowance of 0 (a pay-per-MB plan) 0 ≥ pct × 0 held before any use.
  if (c.used <= 0 || c.used * 100 < allowance(c) * a.thresholdPct) return;
  c.packDay = d + 1 + host.draw.days(a.reactionDays, c.g, d, S.alertReaction);
  host.note(c, 'alert');
}
