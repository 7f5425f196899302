/**
 * The slow reference model: docs/rules.md implemented plainly, one object per
 * card, day by day, card by card. The fast kernel (engine/kernel.ts) must give
 * the same figures; this file is written from the rule book, not the kernel.
 */
import type { ArmConfig, Plan, Renewal } from '../../engine/config.ts';
import { METRICS, SERIES, type DowntimeReason, type MetricName, type SeriesName } from '../../engine/metrics.ts';
import { replicationKey } from '../../engine/rng.ts';
import { quantile } from '../../engine/dist.ts';
import { isOnline, reasonOf, type Flag, type Invoice, type Pool, type RefCard, type RefEvent } from './card.ts';
import { Days, Draws, S, noiseTable } from './days.ts';
import { midCycle, openInService } from './opening.ts';
import { RefActions } from './actions.ts';
import { deployDay, initialPre } from './preservice.ts';

type CostCat = 'plan' | 'overage' | 'addon' | 'retention' | 'replacement';
const STATES = ['online', 'manual', 'overQuota', 'arrears', 'expired', 'cancelled', 'preService'] as const;
/** Lower edges of the per-card downtime histogram (engine report). */
export const HIST_EDGES = [0, 1, 2, 4, 7, 14, 30, 60, 90, 180, 365];

export interface RefResult {
  metrics: Record<MetricName, number>;
  series: Record<SeriesName, number[]>;
  /** Cards by total downtime days (HIST_EDGES bins). */
  histogram: number[];
  /** Per card (global index), its dated events. */
  events: RefEvent[][];
}

export function runReference(arm: ArmConfig, seed: string, replication: number, stratify = true): RefResult {
  return new Reference(arm, seed, replication, stratify).run();
}

class Reference {
  readonly cal: Days;
  readonly draw: Draws;
  readonly cards: RefCard[] = [];
  readonly pools: Pool[] = [];
  day = 0;
  // Tallies.
  readonly cost: Record<CostCat, number[]>;
  readonly downBy: Record<DowntimeReason, number[]>;
  readonly state: Record<(typeof STATES)[number], number[]>;
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
    let g = 0;
    for (const cohort of arm.cohorts) {
      const c0 = g, c1 = g + cohort.count;
      const plan = arm.plans.find((p) => p.name === cohort.plan)!;
      const profile = arm.profiles.find((p) => p.name === cohort.profile)!;
      const payer = arm.payers.find((p) => p.name === cohort.payer)!;
      const noise = noiseTable(profile.noise);
      let pool: Pool | null = null;
      for (let k = 0; k < cohort.count; k++, g++) {
        if (cohort.poolSize > 0 && k % cohort.poolSize === 0) {
          // A pool's allowance is its members' quotas (the cohort's last pool may be smaller).
          pool = { members: [], allowance: Math.min(cohort.poolSize, cohort.count - k) * plan.quotaMB, used: 0 };
          this.pools.push(pool);
        }
        const card: RefCard = {
          g, c0, c1, term: 0, runs: 0, cohort, plan, profile, payer, pool: cohort.poolSize > 0 ? pool : null, noise,
          mean: Math.max(0, quantile(profile.meanDailyMB, this.draw.s(c0, c1, g, 0, S.mean))),
          flags: new Set(), idleStopped: false,
          used: 0, packs: 0, packDay: null, cutDay: null,
          charged: false, feePaid: false, feeUntil: 0, invoices: [], restartDay: null,
          expiry: null, lastRenewal: 0, renewDay: null, retentionDays: [], cancelDay: null, replaceDay: null,
          nextOnset: null, runEnd: null, mult: 1,
          pre: initialPre(cohort, this.cal), deployDay: deployDay(cohort, this.draw, g, c0),
          down: 0, events: [],
        };
        if (card.pool) card.pool.members.push(card);
        if (profile.runaway) card.nextOnset = this.nextOnset(card, -1);
        this.cards.push(card);
      }
    }    this.actions = new RefActions(arm.actions ?? [], this.cards);
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

  // ---- the run ----

  run(): RefResult {
    this.initialTerms();
    openInService(this, this.cards, this.pools);
    for (let d = 0; d < this.cal.days; d++) {
      this.day = d;
      for (const c of this.cards) if (c.pre) this.preServiceStart(c);
      if (this.cal.isCycleStart(d)) this.cycleStart();
      if (this.arm.policies.idleStop && this.cal.isMonthStart(d)) this.monthStart();
      this.batchRenewal();
      this.actions.apply(this, d);
      for (const c of this.cards) this.events(c);
      this.tallyStates();
      for (const c of this.cards) if (!c.pool) this.serveCard(c);
      for (const p of this.pools) this.servePool(p);
      if (this.arm.policies.alerts) for (const c of this.cards) if (!c.pool && !c.pre) this.alertCheck(c);
    }
    return this.result();
  }

  initialTerms(): void {
    for (const c of this.cards) {
      const term = c.plan.term;
      if (!term || c.pre) continue;
      if (c.cohort.termStart === 'fresh') {
        this.book('plan', term.price);
        this.startTerm(c, this.cal.plusMonths(0, term.months), 0);
        this.note(c, 'renewal', 'initial term');
      } else {
        const length = this.cal.plusMonths(0, term.months);
        const expiry = 1 + Math.floor(this.draw.s(c.c0, c.c1, c.g, 0, S.termSpread) * length);
        // No renewal has happened yet: the renewal may fall on day 0.
        this.startTerm(c, expiry, -1);
      }
    }
  }

  /** A term running to `expiry`, bought on `boughtDay`: schedule its renewal. */
  startTerm(c: RefCard, expiry: number, boughtDay: number): void {
    c.expiry = expiry;
    c.lastRenewal = boughtDay;
    c.renewDay = null;
    const r = this.renewalOf(c);
    if (r.kind !== 'manual') return;
    // Keyed on the term index, not the expiry day.
    if (this.draw.s(c.c0, c.c1, c.g, c.term, S.renewForget) < r.forgetChance) return;
    const lag = Math.round(quantile(r.lagDays, this.draw.s(c.c0, c.c1, c.g, c.term, S.renewLag)));
    c.renewDay = Math.max(expiry + lag, boughtDay + 1);
  }

  // ---- steps 1–3 ----

  cycleStart(): void {
    for (const c of this.cards) {
      this.actions.atCycleStart(c);
      if (c.flags.has('cancelled') || c.pre) continue;
      if (this.day === 0 && midCycle(this, c)) continue; // in the cycle under way: day 0 starts none
      if (c.charged) this.issueInvoice(c);
      c.charged = false;
      c.feePaid = false;
      c.feeUntil = this.day;
      // A term-quota plan's data runs with its term: the cycle start leaves it alone.
      if (c.plan.quotaPer === 'cycle') {
        c.used = 0;
        c.packs = 0;
        this.clearFlag(c, 'overQuota');
        c.packDay = null;
        c.cutDay = null;
      }
      // The plan must be valid today: a term ending today leaves the fee to a renewal.
      if (!c.flags.has('expired') && !(c.expiry !== null && c.expiry <= this.day)) this.chargeFee(c);
    }
    for (const p of this.pools) if (!(this.day === 0 && midCycle(this, p.members[0]))) p.used = 0;
  }

  chargeFee(c: RefCard): void {
    if (this.arm.rules.feeProration === 'daily') {
      // Each valid day of the cycle pays its share, once: from today (or the end of what was charged) to the expiry or the cycle's end.
      const { start, end } = this.cal.cycleAround(this.day);
      const until = Math.min(c.expiry ?? Infinity, end), from = Math.max(this.day, c.feeUntil);
      if (until > from) {
        this.postpaid(c, 'plan', (c.plan.monthlyFee * (until - from)) / (end - start));
        c.feeUntil = until;
      }
      return;
    }
    if (c.feePaid) return;
    c.feePaid = true;
    this.postpaid(c, 'plan', c.plan.monthlyFee);
  }

  issueInvoice(c: RefCard): void {
    const d = this.day, payer = c.payer;
    // Keyed on the invoice's cycle index (0 on day 0, +1 at each later cycle start).
    const n = this.cal.cycleIndex(d);
    const missed = this.draw.s(c.c0, c.c1, c.g, n, S.payMiss) < payer.missChance;
    const payDay = missed ? null : d + Math.max(0, Math.round(quantile(payer.delayDays, this.draw.s(c.c0, c.c1, c.g, n, S.payDelay))));
    c.invoices.push({ issued: d, payDay, overdueDay: d + this.arm.rules.arrearsAfterDays });
    this.note(c, 'invoice', missed ? 'forgotten' : `pay on ${payDay}`);
  }

  monthStart(): void {
    const d = this.day;
    for (const c of this.cards) {
      if (c.flags.has('cancelled') || c.pre) continue;
      const idle = c.profile.idleMonths;
      const now = idle.includes(this.cal.month(d));
      const before = d > 0 && idle.includes(this.cal.month(d - 1));
      if (now && !before) this.manualStop(c);
      else if (before && !now && c.idleStopped) {
        c.idleStopped = false;
        this.clearFlag(c, 'manual');
      }
    }
  }

  manualStop(c: RefCard): void {
    if (c.flags.has('manual')) return;
    if (c.flags.has('expired') || c.flags.has('arrears') || c.flags.has('overQuota')) {
      this.stops.manualRefused++;
      this.note(c, 'refused');
      return;
    }
    c.flags.add('manual');
    c.idleStopped = true;
    this.stops.manual++;
    this.note(c, 'stop', 'manual');
  }

  /** Batch renewal day of each card's own renewal policy (its cohort's, or the scenario's). */
  batchRenewal(): void {
    for (const c of this.cards) {
      const r = this.renewalOf(c);
      if (r.kind !== 'batch' || this.cal.dayOfMonth(this.day) !== r.dayOfMonth) continue;
      if (!c.plan.term || c.flags.has('cancelled') || c.expiry === null) continue;
      if (c.expiry <= this.day + r.coverDays) this.renew(c);
    }
  }

  renewalOf(c: RefCard): Renewal {
    return c.cohort.renewal ?? this.arm.policies.renewal;
  }

  /** Buys a term today (docs/rules.md, Renewal). */
  renew(c: RefCard): void {
    const d = this.day, term = c.plan.term!;
    let expiry = c.expiry!, terms = 0;
    if (this.arm.rules.newTermFrom === 'renewal') {
      expiry = this.cal.plusMonths(d, term.months);
      this.book('plan', term.price);
      terms = 1;
    } else {
      do {
        expiry = this.cal.plusMonths(expiry, term.months);
        this.book('plan', term.price);
        terms++;
      } while (expiry <= d);
    }
    if (c.plan.quotaPer === 'term') {
      // Each term bought brings its quota; data left and packs carry over; usage past the
      // allowance (billed as overage, or throttled) does not.
      const allowance = c.plan.quotaMB + c.packs * c.plan.addon.sizeMB;
      c.used = Math.min(c.used, allowance) - (terms * c.plan.quotaMB + c.packs * c.plan.addon.sizeMB);
      c.packs = 0;
      if (c.flags.has('overQuota') && c.used < this.stopLevel(c.plan, c.plan.quotaMB, 1)) this.clearFlag(c, 'overQuota');
    }
    this.note(c, 'renewal', `expires ${expiry}`);
    if (c.flags.has('expired')) {
      this.clearFlag(c, 'expired');
      c.cancelDay = null;
      c.retentionDays = [];
    }
    c.term++;
    this.startTerm(c, expiry, d);
    // After the new expiry is set: a prorated fee runs to it.
    this.chargeFee(c);
  }

  // ---- pre-service (docs/rules.md, "Pre-service cards") ----

  /** Before step 1: the test period's days run out; the silent period ends in a forced activation. */
  preServiceStart(c: RefCard): void {
    const pre = c.pre!, d = this.day;
    if (pre.phase === 'test' && d >= pre.testDays) {
      pre.phase = 'silent';
      this.note(c, 'test over', 'period');
    }
    if (pre.forcedDay !== null && d >= pre.forcedDay) this.activate(c, true);
  }

  /** In service from today: cycle usage from 0, the first term bought today, the fee charged today (by today's cycle start, for a forced activation on one). */
  activate(c: RefCard, forced: boolean): void {
    c.pre = null;
    c.flags = new Set();
    c.used = 0;
    c.packs = 0;
    this.note(c, 'activation', forced ? 'forced' : 'first use');
    const term = c.plan.term;
    if (term) {
      this.book('plan', term.price);
      this.startTerm(c, this.cal.plusMonths(this.day, term.months), this.day);
    }
    if (!forced || !this.cal.isCycleStart(this.day)) this.chargeFee(c);
  }

  // ---- step 4 ----

  events(c: RefCard): void {
    const d = this.day, rules = this.arm.rules;
    if (c.replaceDay !== null && c.replaceDay <= d) this.replace(c);
    while (c.retentionDays.length > 0 && c.retentionDays[0] <= d) {
      c.retentionDays.shift();
      this.postpaid(c, 'retention', rules.retentionFeePerMonth);
      this.note(c, 'retention');
    }
    if (c.cancelDay !== null && c.cancelDay <= d) this.cancel(c);
    if (c.renewDay !== null && c.renewDay <= d) this.renew(c);
    if (c.expiry !== null && c.expiry <= d && !c.flags.has('expired') && !c.flags.has('cancelled')) this.expire(c);
    // Arrears: invoices unpaid arrearsAfterDays after issue.
    // An invoice falling overdue stops the card (again: a pending restart is cancelled), and reminds the
    // payer of every forgotten open invoice: they are paid afterStopDays later.
    if (c.invoices.some((inv) => inv.overdueDay !== null && inv.overdueDay <= d)) {
      for (const inv of c.invoices) if (inv.overdueDay !== null && inv.overdueDay <= d) inv.overdueDay = null;
      this.setFlag(c, 'arrears');
      c.restartDay = null;
      if (c.invoices.some((inv) => inv.payDay === null)) {
        const p = d + this.draw.days(c.payer.afterStopDays, c.g, d, S.payAfterStop);
        for (const inv of c.invoices) if (inv.payDay === null) inv.payDay = p;
      }
    }
    if (c.invoices.some((inv) => inv.payDay !== null && inv.payDay <= d)) {
      c.invoices = [];
      this.note(c, 'payment');
      if (c.flags.has('arrears')) c.restartDay = d + rules.reactivationDelayDays;
    }
    if (c.restartDay !== null && c.restartDay <= d) {
      c.restartDay = null;
      this.clearFlag(c, 'arrears');
    }
    if (c.packDay !== null && c.packDay <= d) {
      c.packDay = null;
      c.packs++;
      this.postpaid(c, 'addon', c.plan.addon.price);
      this.note(c, 'addon');
      if (c.flags.has('overQuota') && c.used < this.stopLevel(c.plan, this.allowance(c), 1)) this.clearFlag(c, 'overQuota');
    }
    if (c.cutDay !== null && c.cutDay <= d) {
      c.cutDay = null;
      if (c.used >= this.stopLevel(c.plan, this.allowance(c), 1)) this.setFlag(c, 'overQuota');
    }
    this.runaway(c);
  }

  expire(c: RefCard): void {
    const r = this.renewalOf(c), rules = this.arm.rules, exp = c.expiry!;
    if (r.kind === 'auto') return this.renew(c);
    this.setFlag(c, 'expired');
    c.renewDay = r.kind === 'manual' ? c.renewDay : null;
    const g = rules.graceMonths;
    c.cancelDay = this.cal.plusMonths(exp, g);
    c.retentionDays = [];
    if (rules.retentionPerStartedMonth) {
      for (let k = 0; k < g; k++) c.retentionDays.push(this.cal.plusMonths(exp, k));
    } else {
      for (let k = 1; k <= g; k++) c.retentionDays.push(this.cal.plusMonths(exp, k));
    }
    // A charge due on the expiry day itself is charged today.
    while (c.retentionDays.length > 0 && c.retentionDays[0] <= this.day) {
      c.retentionDays.shift();
      this.postpaid(c, 'retention', rules.retentionFeePerMonth);
      this.note(c, 'retention');
    }
    if (c.cancelDay <= this.day) this.cancel(c);
  }

  cancel(c: RefCard): void {
    c.flags = new Set(['cancelled']);
    c.idleStopped = false;
    c.cancelDay = null;
    c.renewDay = null;
    c.retentionDays = [];
    c.invoices = [];
    c.restartDay = null;
    c.packDay = null;
    c.cutDay = null;
    c.expiry = null;
    this.cancelled++;
    this.note(c, 'cancellation');
    const rep = this.arm.policies.replacement;
    if (rep) {
      c.replaceDay = this.day + rep.delayDays;
      if (c.replaceDay <= this.day) this.replace(c);
    }
  }

  replace(c: RefCard): void {
    const rep = this.arm.policies.replacement!;
    c.replaceDay = null;
    c.flags = new Set();
    c.idleStopped = false;
    c.used = 0;
    c.packs = 0;
    c.charged = false;
    c.feePaid = false;
    c.feeUntil = this.day;
    c.invoices = [];
    this.book('replacement', rep.simCost + rep.visitCost);
    this.replaced++;
    this.note(c, 'replacement');
    const term = c.plan.term;
    if (term) {
      this.book('plan', term.price);
      c.term++;
      this.startTerm(c, this.cal.plusMonths(this.day, term.months), this.day);
    }
    this.chargeFee(c);
  }

  runaway(c: RefCard): void {
    const spec = c.profile.runaway, d = this.day;
    if (!spec) return;
    if (c.runEnd !== null && c.runEnd <= d) {
      const fixed = c.runEnd;
      c.runEnd = null;
      c.mult = 1;
      c.nextOnset = this.nextOnset(c, fixed);
      this.note(c, 'runaway', 'fixed');
    }
    if (c.nextOnset !== null && c.nextOnset <= d) {
      const s = c.nextOnset;
      c.nextOnset = null;
      // Keyed on the fault's index (faults begun before it); from the 256th fault on, on its day (as 256 + day).
      const early = c.runs < 255;
      c.mult = Math.fround(quantile(spec.factor, early ? this.draw.s(c.c0, c.c1, c.g, c.runs, S.runFactor) : this.draw.u(c.g, 256 + s, S.runFactor)));
      c.runEnd = s + Math.max(1, Math.round(quantile(spec.durationDays, early ? this.draw.s(c.c0, c.c1, c.g, c.runs, S.runDuration) : this.draw.u(c.g, 256 + s, S.runDuration))));
      c.runs = Math.min(255, c.runs + 1);
      this.note(c, 'runaway', 'fault');
    }
  }

  /** The first onset after day x (geometric waiting time). */
  nextOnset(c: RefCard, x: number): number {
    const h = c.profile.runaway!.dailyHazard;
    // ln(1 − h) evaluated accurately as log1p(−h) (the same quantity; plain Math.log(1 − h) loses digits).
    // Keyed on the index of the fault it starts, not on the day x.
    const u = c.runs < 255 ? this.draw.s(c.c0, c.c1, c.g, c.runs, S.runOnset) : this.draw.u(c.g, 256 + x, S.runOnset);
    return x + 1 + Math.floor(Math.log(u) / Math.log1p(-h));
  }

  tallyStates(): void {
    const p = this.cal.period(this.day), days = this.cal.periodStarts[p + 1] - this.cal.periodStarts[p];
    for (const c of this.cards) {
      if (c.pre) { this.state.preService[p] += 1 / days; continue; }
      if (isOnline(c)) this.state.online[p] += 1 / days;
      for (const f of c.flags) this.state[f][p] += 1 / days;
    }
  }

  // ---- step 5 ----

  demand(c: RefCard): number {
    const d = this.day, pr = c.profile;
    if (d < c.deployDay || pr.idleMonths.includes(this.cal.month(d))) return 0;
    const factor = pr.trace ? pr.trace[d % pr.trace.length] : pr.weekly[this.cal.weekday(d)];
    const noise = c.noise[this.draw.noiseIndex(c.g, d)];
    let x = c.mean * noise * factor * c.mult;
    for (const f of pr.firmware) if (d >= f.day && d < f.day + f.days) x += f.mb / f.days;
    return x;
  }

  allowance(c: RefCard): number {
    return c.plan.quotaMB + c.packs * c.plan.addon.sizeMB;
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

  /**
   * The usage at which the plan stops a card (or a pool of `members` cards) over quota: the
   * allowance with auto-stop; a stop threshold's % of the allowance; the allowance plus the
   * overage cap's MB (every member's, in a pool); the lowest of these; Infinity: never.
   */
  stopLevel(plan: Plan, allow: number, members: number): number {
    let lvl = plan.autoStop ? allow : Infinity;
    const t = plan.stopThreshold;
    if (t && t.pct !== null) lvl = Math.min(lvl, allow * (t.pct / 100));
    if (t && t.overageCost !== null && !plan.autoStop && !plan.throttle && plan.overagePerMB > 0) lvl = Math.min(lvl, allow + members * (t.overageCost / plan.overagePerMB));
    return lvl;
  }

  /** What the plan serves of demand x at usage u: all of it, or past the allowance at most the throttle a day. */
  servable(plan: Plan, u: number, allow: number, x: number): number {
    const within = Math.max(0, allow - u);
    if (!plan.throttle || x <= within) return x;
    return within + Math.min(x - within, plan.throttle.dailyMB);
  }

  serveCard(c: RefCard): void {
    const x = this.demand(c);
    if (c.pre && c.pre.phase === 'test') {
      // Test data is free and served in full; the allowance is checked at the end of the day.
      c.pre.testUsed += x;
      this.served(c, x, x);
      if (c.pre.testUsed >= c.pre.testAllowanceMB) {
        c.pre.phase = 'silent';
        this.note(c, 'test over', 'allowance');
      }
      return;
    }
    if (c.pre) {
      if (!(x > 0)) return this.served(c, x, 0);
      this.activate(c, false);
    }
    if (!isOnline(c) || x <= 0) return this.served(c, x, 0);
    const allow = this.allowance(c), u = c.used, plan = c.plan, lag = this.arm.rules.enforcementLagDays;
    const lvl = this.stopLevel(plan, allow, 1), got = this.servable(plan, u, allow, x);
    if (u + got < lvl || lag > 0) {
      // Below the stop level (or the cut waits for the usage data): overage or the throttle.
      if (!plan.throttle) this.postpaid(c, 'overage', Math.max(0, u + got - Math.max(u, allow)) * plan.overagePerMB);
      c.used += got;
      this.served(c, x, got);
      if (got < x) this.addDown(c, 'throttled', (x - got) / x);
      if (u + got >= lvl && c.cutDay === null) c.cutDay = this.day + lag;
      return;
    }
    // Stopped today at the stop level: what is left of the day's demand is over-quota downtime.
    // Usage stops exactly at the level (u + (level − u) can round a hair past it).
    const s = Math.max(0, lvl - u), after = Math.max(u, lvl);
    if (!plan.throttle) this.postpaid(c, 'overage', Math.max(0, after - Math.max(u, allow)) * plan.overagePerMB);
    c.used = after;
    this.served(c, x, s);
    this.setFlag(c, 'overQuota');
    this.addDown(c, 'overQuota', (x - s) / x);
  }

  /**
   * Pooled cards: the online members' demand is settled together. The rule book does not say which
   * member an overage belongs to; every member online that day is invoiced for it (as the engine does).
   */
  servePool(p: Pool): void {
    const xs = p.members.map((c) => this.demand(c));
    const wasOnline = p.members.map(isOnline);
    let total = 0;
    p.members.forEach((_, k) => { if (wasOnline[k]) total += xs[k]; });
    const plan = p.members[0].plan, allow = p.allowance;
    const lvl = this.stopLevel(plan, allow, p.members.length);
    // Throttled: below the allowance each member is served the same fraction, past it at most the throttle.
    let frac = 1;
    if (plan.throttle && total > 0) frac = Math.min(1, Math.max(0, allow - p.used) / total);
    const gots = xs.map((x, k) => (!wasOnline[k] ? 0 : frac < 1 ? x * frac + Math.min(x * (1 - frac), plan.throttle!.dailyMB) : x));
    let got = 0;
    p.members.forEach((_, k) => { if (wasOnline[k]) got += gots[k]; });
    const bill = (mb: number) => {
      if (plan.throttle || mb <= 0) return;
      this.book('overage', mb * plan.overagePerMB);
      p.members.forEach((c, k) => { if (wasOnline[k]) c.charged = true; });
    };
    // Zero demand takes the pool nowhere: only demand that reaches the stop level stops it.
    if (total === 0 || p.used + got < lvl) {
      bill(p.used + total - Math.max(p.used, allow));
      p.used += got;
      p.members.forEach((c, k) => {
        this.served(c, xs[k], gots[k]);
        if (gots[k] < xs[k] && wasOnline[k]) this.addDown(c, 'throttled', (xs[k] - gots[k]) / xs[k]);
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
        this.served(c, x, x * f);
        if (x > 0) this.addDown(c, 'overQuota', 1 - f);
      } else this.served(c, x, 0);
    });
    for (const c of p.members) if (!c.flags.has('cancelled')) this.setFlag(c, 'overQuota');
  }

  alertCheck(c: RefCard): void {
    const a = this.arm.policies.alerts!, d = this.day;
    if (c.flags.has('cancelled') || c.packDay !== null || c.packs >= a.maxPerCycle) return;
    if (c.used * 100 < this.allowance(c) * a.thresholdPct) return;
    c.packDay = d + 1 + this.draw.days(a.reactionDays, c.g, d, S.alertReaction);
    this.note(c, 'alert');
  }

  // ---- result ----

  result(): RefResult {
    const M = this.arm.months, dcost = this.arm.downtimeCostPerCardDay;
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    const costs = { plan: sum(this.cost.plan), overage: sum(this.cost.overage), addon: sum(this.cost.addon), retention: sum(this.cost.retention), replacement: sum(this.cost.replacement) };
    const down = { cancelled: sum(this.downBy.cancelled), expired: sum(this.downBy.expired), arrears: sum(this.downBy.arrears), overQuota: sum(this.downBy.overQuota), manual: sum(this.downBy.manual), throttled: sum(this.downBy.throttled) };
    const downtime = sum(Object.values(down));
    const metrics: Record<MetricName, number> = {
      'cost.total': sum(Object.values(costs)) + downtime * dcost,
      'cost.plan': costs.plan,
      'cost.overage': costs.overage,
      'cost.addon': costs.addon,
      'cost.retention': costs.retention,
      'cost.replacement': costs.replacement,
      'cost.downtime': downtime * dcost,
      'downtime.cardDays': downtime,
      'downtime.cardDays.cancelled': down.cancelled,
      'downtime.cardDays.expired': down.expired,
      'downtime.cardDays.arrears': down.arrears,
      'downtime.cardDays.overQuota': down.overQuota,
      'downtime.cardDays.manual': down.manual,
      'downtime.cardDays.throttled': down.throttled,
      availability: this.demandDays > 0 ? 1 - downtime / this.demandDays : 1,
      usageMB: this.usage,
      unservedMB: this.unserved,
      'stops.manual': this.stops.manual,
      'stops.overQuota': this.stops.overQuota,
      'stops.arrears': this.stops.arrears,
      'stops.expired': this.stops.expired,
      'stops.manualRefused': this.stops.manualRefused,
      cancelled: this.cancelled,
      replaced: this.replaced,
    };
    const series = {} as Record<SeriesName, number[]>;
    for (const s of STATES) series[s] = this.state[s];
    const cats: CostCat[] = ['plan', 'overage', 'addon', 'retention', 'replacement'];
    for (const cat of cats) series[`cost.${cat}`] = this.cost[cat];
    series['downtime.cardDays'] = Array.from({ length: M }, (_, k) => Object.values(this.downBy).reduce((a, r) => a + r[k], 0));
    series['cost.downtime'] = series['downtime.cardDays'].map((x) => x * dcost);
    series['cost.total'] = Array.from({ length: M }, (_, k) => cats.reduce((a, cat) => a + this.cost[cat][k], series['cost.downtime'][k]));
    series.usageMB = this.usageBy;
    series.unservedMB = this.unservedBy;
    const histogram = HIST_EDGES.map(() => 0);
    for (const c of this.cards) {
      let k = HIST_EDGES.length - 1;
      while (k > 0 && c.down < HIST_EDGES[k]) k--;
      histogram[k]++;
    }
    void METRICS;
    void SERIES;
    return { metrics, series, histogram, events: this.cards.map((c) => c.events) };
  }
}
