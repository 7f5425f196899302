import type { Sim } from './sim.ts';
import { capDay } from './sim.ts';
import { CHARGED, FEE, IDLE, NEVER, RUNAWAY, THROTTLED } from './fleet.ts';
import { stopLevel } from './usage.ts';
import { ARREARS, CANCELLED, EXPIRED, MANUAL, OVERQUOTA, reasonsOf } from './metrics.ts';
import { eventDay, type CancellationEvent } from './events.ts';
import { C_PLAN, C_REPLACEMENT, C_RETENTION, S_EXPIRED, S_MANUAL, S_REFUSED, T_CANCELLED, T_REPLACED } from './layout.ts';
import { monthOf, yearOf } from './calendar.ts';
import { strategyOf } from './renewal/index.ts';

/**
 * The card lifecycle (docs/rules.md, "Terms, renewal, expiry and
 * cancellation" and "Manual stops"): terms, renewal,
 * expiry with a grace period and a retention fee, irreversible cancellation,
 * replacement, and manual stop requests.
 */

/** Renews card i on day d: buys as many terms as needed to pass d; clears the expiry stop. */
export function renew(s: Sim, i: number, d: number): void {
  const f = s.fleet, m = s.model, pl = f.plan[i];
  const T = m.termMonths[pl];
  if (T === 0 || f.flags[i] & CANCELLED) return;
  const e = f.expiry[i];
  let ne: number, terms = 1;
  if (m.rules.newTermFrom === 'renewal') ne = s.addMonths(d, T);
  else {
    ne = s.addMonths(e, T);
    while (ne <= d) { ne = s.addMonths(ne, T); terms++; }
  }
  s.cost(C_PLAN, terms * m.termPrice[pl]);
  f.expiry[i] = ne;
  const wasExpired = (f.flags[i] & EXPIRED) !== 0;
  if (wasExpired) {
    f.flags[i] &= ~EXPIRED;
    f.retNext[i] = NEVER;
    f.cancel[i] = NEVER;
    f.nextRare(i);
  }
  if (m.termQuota[pl]) addTermQuota(s, i, d, terms);
  // The plan is valid today: a postpaid fee not yet charged this cycle is due (prorated: the days past the old expiry).
  chargeFee(s, i, d, e > d ? e : d);
  if (s.log) {
    const e = { kind: 'renewal', day: d, initial: false, terms, termMonths: T, amount: terms * m.termPrice[pl], expires: eventDay(ne), resumes: wasExpired } as const;
    s.event(i, wasExpired && f.flags[i] !== 0 ? { ...e, stillStopped: true } : e);
  }
  f.term[i]++;
  scheduleRenewal(s, i, d);
}

/**
 * A term-quota plan's renewal brings each new term's quota: the data left carries over (usage is
 * credited, so it may go below 0), packs bought fold into it, and an over-quota stop lifts if
 * usage is below the stop level again. Usage past the allowance does not carry over: it was
 * billed as overage or served throttled, and the new term's quota is whole.
 */
function addTermQuota(s: Sim, i: number, d: number, terms: number): void {
  const f = s.fleet, m = s.model, pl = f.plan[i], packs = f.addons[i] * m.addonMB[pl];
  const allow = m.quota[pl] + packs, used = f.used[i] < allow ? f.used[i] : allow;
  f.used[i] = used - (terms * m.quota[pl] + packs);
  f.addons[i] = 0;
  f.bits[i] &= ~THROTTLED;
  if (f.flags[i] & OVERQUOTA && f.used[i] < stopLevel(m, pl, m.quota[pl])) {
    f.flags[i] &= ~OVERQUOTA;
    f.qstop[i] = NEVER;
    f.nextRare(i);
    if (s.log) s.event(i, { kind: 'resume', day: d, reason: 'overQuota', by: 'renewal', stillStopped: f.flags[i] !== 0 });
  }
}

/** Schedules the renewal of the card's current term, as its renewal policy says (engine/renewal/). */
export function scheduleRenewal(s: Sim, i: number, d: number): void {
  const r = s.model.renewals[s.fleet.renewal[i]];
  s.fleet.renew[i] = strategyOf(r).renewalDay(s, i, d, r);
}

/** The term ends on day d with no renewal: expiry stop, retention, cancellation scheduled. */
export function expire(s: Sim, i: number, d: number): void {
  const f = s.fleet, m = s.model, rules = m.rules;
  if (strategyOf(m.renewals[f.renewal[i]]).atExpiry) { renew(s, i, d); return; }
  f.flags[i] |= EXPIRED;
  s.acc[s.L.stops + S_EXPIRED]++;
  if (s.log) s.event(i, { kind: 'stop', day: d, reason: 'expired', keptUntil: eventDay(s.addMonths(d, rules.graceMonths)) });
  if (rules.graceMonths === 0) { cancel(s, i, d); return; }
  f.cancel[i] = s.addMonths(d, rules.graceMonths);
  f.lowerRare(i, f.cancel[i]);
  if (rules.retentionPerStartedMonth) chargeRetention(s, i, d);
  const last = rules.retentionPerStartedMonth ? rules.graceMonths - 1 : rules.graceMonths;
  f.retNext[i] = last >= 1 ? s.addMonths(d, 1) : NEVER;
  f.lowerRare(i, f.retNext[i]);
}

/** Monthly retention fee while expired (seed: 5 per month). */
export function retention(s: Sim, i: number, d: number): void {
  const f = s.fleet, rules = s.model.rules;
  if (!(f.flags[i] & EXPIRED)) { f.retNext[i] = NEVER; return; }
  chargeRetention(s, i, d);
  const e = f.expiry[i];
  const k = yearOf(s.model.cal.start + d) * 12 + monthOf(s.model.cal.start + d) - (yearOf(s.model.cal.start + e) * 12 + monthOf(s.model.cal.start + e)) + 1;
  const last = rules.retentionPerStartedMonth ? rules.graceMonths - 1 : rules.graceMonths;
  f.retNext[i] = k <= last ? s.addMonths(e, k) : NEVER;
}

/** The retention fee: monthly while expired, or for a cycle a card starts stopped by hand (`stopped`; `manualStopFee: retention`, billing.ts cycleFee). */
export function chargeRetention(s: Sim, i: number, d: number, stopped = false): void {
  const fee = s.model.rules.retentionFeePerMonth;
  s.cost(C_RETENTION, fee);
  s.fleet.bits[i] |= CHARGED;
  if (s.log) {
    s.billed(i, fee);
    s.event(i, stopped ? { kind: 'retention', day: d, amount: fee, stopped: true } : { kind: 'retention', day: d, amount: fee });
  }
}

/** Grace over: the number is cancelled for good. */
export function cancel(s: Sim, i: number, d: number): void {
  const f = s.fleet, rep = s.model.policies.replacement;
  f.flags[i] = CANCELLED;
  f.bits[i] &= RUNAWAY;
  f.used[i] = 0;
  f.addons[i] = 0;
  f.expiry[i] = f.renew[i] = f.retNext[i] = f.cancel[i] = NEVER;
  f.pay[i] = f.due[i] = f.react[i] = f.alert[i] = f.qstop[i] = NEVER;
  s.acc[s.L.totals + T_CANCELLED]++;
  f.replace[i] = rep ? capDay(d + rep.delayDays) : NEVER;
  // Every other rare column is cleared: the replacement is the earliest.
  f.rare[i] = f.replace[i];
  if (s.log) {
    const dropped = s.dropBalance(i);
    const e: Omit<CancellationEvent, 'date'> = { kind: 'cancellation', day: d, graceMonths: s.model.rules.graceMonths, replacementDue: rep ? eventDay(f.replace[i]) : undefined };
    if (dropped !== 0) e.dropped = dropped;
    s.event(i, e);
  }
}

/** A new card for a cancelled one: new SIM and a site visit; a fresh term. */
export function replace(s: Sim, i: number, d: number): void {
  const f = s.fleet, m = s.model, rep = m.policies.replacement!, pl = f.plan[i];
  f.replace[i] = NEVER;
  if (!(f.flags[i] & CANCELLED)) return;
  f.flags[i] = 0;
  s.cost(C_REPLACEMENT, rep.simCost + rep.visitCost);
  s.acc[s.L.totals + T_REPLACED]++;
  if (s.log) s.event(i, { kind: 'replacement', day: d, simCost: rep.simCost, visitCost: rep.visitCost });
  if (m.termMonths[pl] > 0) {
    s.cost(C_PLAN, m.termPrice[pl]);
    f.expiry[i] = s.addMonths(d, m.termMonths[pl]);
    f.term[i]++;
    // The new card's term, bought with it: shown as a fresh term is on day 0, so the trace gives every amount of cost.plan.
    if (s.log) s.event(i, { kind: 'renewal', day: d, initial: true, terms: 1, termMonths: m.termMonths[pl], amount: m.termPrice[pl], expires: eventDay(f.expiry[i]), resumes: false });
    scheduleRenewal(s, i, d);
  }
  chargeFee(s, i, d);
}

/**
 * Charges the postpaid monthly fee of the plan valid on day d (docs/rules.md, "Billing").
 * `rules.feeProration: none` (default): once per cycle, whole: any valid day pays the month.
 * `daily`: the days from `from` (≥ d: a renewal before its expiry adds the days past the old
 * expiry) to the plan's expiry or the cycle's end, whichever comes first, each 1 ÷ the cycle's
 * days of the fee; the days before `from` in this cycle were charged when they became valid.
 */
export function chargeFee(s: Sim, i: number, d: number, from = d): void {
  const f = s.fleet, m = s.model, fc = m.feeCycle, fee = m.monthlyFee[f.plan[i]];
  if (fee <= 0) return;
  // Under `manualStopFee: retention` (停机保号) a fee due while the card is stopped by hand is the
  // retention fee, whole, and it is the cycle's fee: none more in the cycle, even after a resume.
  if (m.stopRetention && f.flags[i] & MANUAL) {
    if (f.bits[i] & FEE) return;
    f.bits[i] |= FEE;
    chargeRetention(s, i, d, true);
    return;
  }
  if (fc === null) {
    if (f.bits[i] & FEE) return;
    s.cost(C_PLAN, fee);
    f.bits[i] |= FEE | CHARGED;
    if (s.log) s.billed(i, fee);
    return;
  }
  const end = fc.end[d], to = f.expiry[i] < end ? f.expiry[i] : end;
  if (to <= from) return;
  const amount = fee * (to - from) * fc.perDay[d];
  s.cost(C_PLAN, amount);
  f.bits[i] |= FEE | CHARGED;
  if (s.log) s.billed(i, amount);
}

/**
 * A manual stop request (seed rule 1): accepted only while the plan is valid, not in arrears and not over quota.
 * `byAction`: an operator action's, not the idle policy's (the idle policy resumes only its own stops).
 */
export function requestStop(s: Sim, i: number, d: number, byAction = false): void {
  const f = s.fleet, fl = f.flags[i];
  if (fl & (CANCELLED | MANUAL)) return;
  if (fl & (EXPIRED | ARREARS | OVERQUOTA)) {
    s.acc[s.L.stops + S_REFUSED]++;
    if (s.log) s.event(i, { kind: 'refused', day: d, reasons: reasonsOf(fl & (EXPIRED | ARREARS | OVERQUOTA)) });
    return;
  }
  f.flags[i] |= MANUAL;
  if (!byAction) f.bits[i] |= IDLE;
  s.acc[s.L.stops + S_MANUAL]++;
  if (s.log) s.event(i, byAction ? { kind: 'stop', day: d, reason: 'manual', by: 'action' } : { kind: 'stop', day: d, reason: 'manual' });
}

/** A manual resume request: clears the manual stop (other reasons keep the card stopped). */
export function requestResume(s: Sim, i: number, d: number): void {
  const f = s.fleet;
  if (!(f.flags[i] & MANUAL)) return;
  f.flags[i] &= ~MANUAL;
  f.bits[i] &= ~IDLE;
  if (s.log) s.event(i, { kind: 'resume', day: d, reason: 'manual', stillStopped: f.flags[i] !== 0 });
}
