/**
 * The slow step's work for one card on one day, shared by the card-by-card loop (kernel.ts), the
 * pooled loop (pool-kernel.ts) and the days before service (preservice.ts): the fleet's boundary
 * work (cycle start, idle-policy month, batch renewal, operator actions), the card's due events,
 * and the usage alert check.
 */
import { Sim } from './sim.ts';
import { W_ACTIONS, W_BATCH, W_CYCLE, W_IDLE } from './model.ts';
import { IDLE, NEVER } from './fleet.ts';
import { CANCELLED, EXPIRED } from './metrics.ts';
import { cycleFee, cycleStart, overdue, payment, reactivate } from './billing.ts';
import { cancel, expire, renew, replace, requestResume, requestStop, retention } from './lifecycle.ts';
import { strategyOf } from './renewal/index.ts';
import { addon, quotaStop, runaway, scheduleAlert } from './usage.ts';
import { applyActions, changePlan } from './actions.ts';

/**
 * Handles every event of card i due on day d, in a fixed order (docs/rules.md, "Order within a day"),
 * and sets its next event day. Most event days have no rare event (Fleet: replacement, retention,
 * cancellation, add-on, lagged stop) due: they look at the six common columns only, and the next
 * event day is the earliest of those and the rare columns' kept minimum. Their handlers keep that
 * minimum as they move rare columns (Fleet.lowerRare, Fleet.nextRare; expiry, renewal, cancellation).
 * (One function, both paths: V8 inlined a smaller events() into runCard, whose optimized code was
 * then thrown away at the fleet's first rare event, and on the reference fleet it ran on as
 * on-stack-replacement code, up to 1.7 times slower.)
 */
export function events(s: Sim, i: number, d: number): void {
  const f = s.fleet;
  if (f.rare[i] <= d) {
    if (f.replace[i] <= d) replace(s, i, d);
    if (f.retNext[i] <= d) retention(s, i, d);
    if (f.cancel[i] <= d) cancel(s, i, d);
    if (f.renew[i] <= d) renew(s, i, d);
    if (f.expiry[i] <= d && !(f.flags[i] & EXPIRED)) expire(s, i, d);
    if (f.due[i] <= d) overdue(s, i, d);
    if (f.pay[i] <= d) payment(s, i, d);
    if (f.react[i] <= d) reactivate(s, i, d);
    if (f.alert[i] <= d) addon(s, i, d);
    if (f.qstop[i] <= d) quotaStop(s, i, d);
    if (f.runAt[i] <= d) runaway(s, i, d);
    f.next(i);
  } else {
    if (f.renew[i] <= d) renew(s, i, d);
    if (f.expiry[i] <= d && !(f.flags[i] & EXPIRED)) expire(s, i, d);
    if (f.due[i] <= d) overdue(s, i, d);
    if (f.pay[i] <= d) payment(s, i, d);
    if (f.react[i] <= d) reactivate(s, i, d);
    if (f.runAt[i] <= d) runaway(s, i, d);
    f.nextCommon(i);
  }
  if (f.audit !== null) f.audit(i, d);
}

/** Whole-fleet work of day d for card i: cycle start (with a pending plan change), idle-policy month start, batch renewal, operator actions (docs/rules.md steps 1–4). */
export function boundary(s: Sim, i: number, d: number): void {
  const w = s.model.dayWork[d];
  if (w === 0) return;
  let fee = false;
  if (w & W_CYCLE) {
    if (s.nextPlan !== null) changePlan(s, i, d);
    fee = cycleStart(s, i, d);
  }
  if (w & W_IDLE && !(s.fleet.flags[i] & CANCELLED)) {
    const m = s.model, f = s.fleet, cal = m.cal;
    const mo = cal.month[d], prev = d === 0 ? 0 : cal.month[d - 1];
    const p = f.profile[i] * 13;
    const now = m.idle[p + mo], before = prev === 0 ? 0 : m.idle[p + prev];
    if (now && !before) requestStop(s, i, d);
    else if (!now && before && f.bits[i] & IDLE) requestResume(s, i, d);
  }
  // Step 2b: the cycle's fee, after the idle policy's requests (a card it stops today starts the cycle stopped).
  if (fee) cycleFee(s, i, d);
  if (w & W_BATCH) {
    const r = s.model.renewals[s.fleet.renewal[i]];
    if (strategyOf(r).inBatch(s, i, d, r)) {
      renew(s, i, d);
      s.fleet.next(i);
    }
  }
  if (w & W_ACTIONS) applyActions(s, i, d);
}

/** Orders an add-on pack if the card's usage is past the alert threshold (docs/rules.md, usage alerts). */
export function checkAlert(s: Sim, i: number, d: number): void {
  const f = s.fleet, m = s.model, a = m.policies.alerts!;
  if (f.alert[i] !== NEVER || f.addons[i] >= a.maxPerCycle || f.flags[i] & CANCELLED) return;
  const pl = f.plan[i];
  // Compared as used × 100 ≥ pct × allowance: exact for whole percentages and MB (0.55 × 100 is not 55).
  // No usage, no alert: on an allowance of 0 (a pay-per-MB plan) 0 ≥ pct × 0 held before any use, and bought a pack every cycle.
  const used = f.used[i];
  if (used > 0 && used * 100 >= a.thresholdPct * (m.quota[pl] + f.addons[i] * m.addonMB[pl])) scheduleAlert(s, i, d);
}
