/**
 * The slow reference model: docs/rules.md implemented plainly, one object per
 * card, day by day, card by card. The fast kernel (engine/kernel.ts) must give
 * the same figures; this file is written from the rule book, not the kernel.
 * This file is the model's public entry and its day loop; each step is written
 * in the file of its concept (billing.ts, terms.ts, quota.ts, …).
 */
import type { ArmConfig, Plan } from '../../engine/config.ts';
import type { DowntimeReason } from '../../engine/metrics.ts';
import { replicationKey } from '../../engine/rng.ts';
import { isOnline, reasonOf, type Flag, type Pool, type RefCard } from './card.ts';
import { Days, Draws } from './days.ts';
import { fleetOf } from './fleet.ts';
import { openInService } from './opening.ts';
import { RefActions } from './actions.ts';
import { preServiceStart } from './activation.ts';
import { cycleFees, cycleStart, invoiceEvents } from './billing.ts';
import { monthStart } from './idle.ts';
import { batchRenewal, cancel, expire, initialTerms, renew, replace } from './terms.ts';
import { runaway } from './demand.ts';
import { servable, stopLevel } from './allowance.ts';
import { alertCheck, quotaEvents, serveCard, servePool } from './quota.ts';
import { result, tallyStates, type CostCat, type RefResult, type State } from './tally.ts';

export { HIST_EDGES, type RefResult } from './tally.ts';

export function runReference(arm: ArmConfig, seed: string, replication: number, stratify = true): RefResult {
  return new Reference(arm, seed, replication, stratify).run();
}

class Reference {
  readonly cal: Days;
  readonly draw: Draws;
  readonly cards: RefCard[];
  readonly pools: Pool[];
  day = 0;
  // Tallies.
  readonly cost: Record<CostCat, number[]>;
  readonly downBy: Record<DowntimeReason, number[]>;
  readonly state: Record<State, number[]>;
  readonly stops = { manual: 0, overQuota: 0, arrears: 0, expired: 0, manualRefused: 0 };
  usage = 0;
  unserved = 0;
  /** MB served and not served, by month. */
  readonly usageBy: number[];
  readonly unservedBy: number[];
  demandDays = 0;
  cancelled = 0;
  replaced = 0;
  readonly actions: RefActions;

  constructor(readonly arm: ArmConfig, seed: string, replication: number, stratify: boolean) {
    this.cal = new Days(arm.start, arm.months, arm.rules.cycleAnchorDay);
    // Members of a pool are independent draws: with a pool, no stratification (docs/rules.md, Randomness).
    this.draw = new Draws(replicationKey(seed, replication), stratify && !arm.cohorts.some((c) => c.poolSize > 0));
    const zeros = () => new Array<number>(arm.months).fill(0);
    this.cost = { plan: zeros(), overage: zeros(), addon: zeros(), retention: zeros(), replacement: zeros() };
    this.downBy = { cancelled: zeros(), expired: zeros(), arrears: zeros(), overQuota: zeros(), manual: zeros(), throttled: zeros() };
    this.state = { online: zeros(), manual: zeros(), overQuota: zeros(), arrears: zeros(), expired: zeros(), cancelled: zeros(), preService: zeros() };
    this.usageBy = zeros();
    this.unservedBy = zeros();
    const fleet = fleetOf(arm, this.cal, this.draw);
    this.cards = fleet.cards;
    this.pools = fleet.pools;
    this.actions = new RefActions(arm.actions ?? [], this.cards);
  }

  // ---- bookkeeping ----

  note(c: RefCard, kind: string, detail = ''): void {
    c.events.push({ day: this.day, kind, detail });
  }
  book(cat: CostCat, amount: number): void {
    this.cost[cat][this.cal.period(this.day)] += amount;
  }
  /** A postpaid charge: booked now, invoiced at the next cycle start. */
  postpaid(c: RefCard, cat: CostCat, amount: number): void {
    this.book(cat, amount);
    if (amount > 0) c.charged = true;
  }
  addDown(c: RefCard, reason: DowntimeReason, amount: number): void {
    this.downBy[reason][this.cal.period(this.day)] += amount;
    c.down = Math.fround(c.down + amount);
  }
  setFlag(c: RefCard, f: Exclude<Flag, 'cancelled' | 'manual'>): void {
    if (c.flags.has(f)) return;
    c.flags.add(f);
    this.stops[f]++;
    this.note(c, 'stop', f);
  }
  clearFlag(c: RefCard, f: Flag): void {
    if (c.flags.delete(f)) this.note(c, 'resume', f);
  }

  /** Books served and unserved demand; an offline card with demand is down for the day. */
  served(c: RefCard, x: number, served: number): void {
    if (x > 0) this.demandDays++;
    this.usage += served;
    this.unserved += x - served;
    const p = this.cal.period(this.day);
    this.usageBy[p] += served;
    this.unservedBy[p] += x - served;
    if (!isOnline(c) && x > 0) this.addDown(c, reasonOf(c), 1);
  }

  // ---- for the actions (ActionHost) and the opening (OpeningHost) ----

  renew(c: RefCard): void {
    renew(this, c);
  }
  stopLevel(plan: Plan, allow: number, members: number): number {
    return stopLevel(plan, allow, members);
  }
  servable(plan: Plan, u: number, allow: number, x: number): number {
    return servable(plan, u, allow, x);
  }

  // ---- the run ----

  run(): RefResult {
    initialTerms(this);
    openInService(this, this.cards, this.pools);
    for (let d = 0; d < this.cal.days; d++) {
      this.day = d;
      for (const c of this.cards) if (c.pre) preServiceStart(this, c);
      const due = this.cal.isCycleStart(d) ? cycleStart(this) : [];
      if (this.arm.policies.idleStop && this.cal.isMonthStart(d)) monthStart(this);
      cycleFees(this, due);
      batchRenewal(this);
      this.actions.apply(this, d);
      for (const c of this.cards) this.events(c);
      tallyStates(this);
      for (const c of this.cards) if (!c.pool) serveCard(this, c);
      for (const p of this.pools) servePool(this, p);
      if (this.arm.policies.alerts) for (const c of this.cards) if (!c.pool && !c.pre) alertCheck(this, c);
    }
    return result(this);
  }

  // ---- step 5 (docs/rules.md, Order within a day) ----

  /** The events due today for a card, in the rule book's order. */
  events(c: RefCard): void {
    const d = this.day, rules = this.arm.rules;
    if (c.replaceDay !== null && c.replaceDay <= d) replace(this, c);
    while (c.retentionDays.length > 0 && c.retentionDays[0] <= d) {
      c.retentionDays.shift();
      this.postpaid(c, 'retention', rules.retentionFeePerMonth);
      this.note(c, 'retention');
    }
    if (c.cancelDay !== null && c.cancelDay <= d) cancel(this, c);
    if (c.renewDay !== null && c.renewDay <= d) renew(this, c);
    if (c.expiry !== null && c.expiry <= d && !c.flags.has('expired') && !c.flags.has('cancelled')) expire(this, c);
    invoiceEvents(this, c);
    quotaEvents(this, c);
    runaway(this, c);
  }
}
