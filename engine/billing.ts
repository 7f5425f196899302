import type { Sim } from './sim.ts';
import { capDay } from './sim.ts';
import { CHARGED, FEE, FORGOT, IMPORTED, NEVER, THROTTLED } from './fleet.ts';
import { ARREARS, CANCELLED, EXPIRED, OVERQUOTA } from './metrics.ts';
import { S_ARREARS } from './layout.ts';
import { chargeFee } from './lifecycle.ts';
import { FIXED, sampleDays } from './dist.ts';
import { Stream, uniformOf } from './rng.ts';
import { MAY_ABOVE, MAY_BELOW, cardDraw, mayDrawPast } from './strata.ts';
import { MIN_CYCLE_DAYS } from './quiet.ts';

/**
 * Postpaid billing and arrears (docs/rules.md, "Billing and arrears"). Charges accrue
 * during a cycle; at the next cycle start one invoice is issued. The payer
 * pays after a drawn delay, or forgets and pays only after the arrears stop.
 * A payment settles the whole balance. An invoice still unpaid
 * `arrearsAfterDays` after issue stops the card; after payment a manual
 * restart takes `reactivationDelayDays`.
 */

/**
 * Cycle start for card i: invoice last cycle's charges, reset the allowance. Returns whether the
 * cycle's fee is due (cycleFee, charged after the day's idle-policy requests): not for a cancelled
 * card, nor for an imported one in the cycle under way on day 0.
 */
export function cycleStart(s: Sim, i: number, d: number): boolean {
  const f = s.fleet, m = s.model;
  const fl = f.flags[i];
  if (fl & CANCELLED) return false;
  let b = f.bits[i];
  // An imported card starts mid-cycle unless the start is an anchor day: this cycle is already under way and billed.
  if (b & IMPORTED && d === 0 && !m.cal.anchorAtStart) return false;
  if (b & CHARGED) {
    issueInvoice(s, i, d);
    b = f.bits[i];
  }
  // The bits are kept in a local and stored once: this runs once per card and cycle.
  b &= ~(CHARGED | FEE);
  const pl = f.plan[i];
  // A term-quota plan's allowance runs with the term, not the cycle (a renewal adds to it).
  if (!m.termQuota[pl]) {
    b &= ~THROTTLED;
    f.used[i] = 0;
    f.addons[i] = 0;
    // The next event day is kept, not rescanned: an invoice only brings events closer (issueInvoice
    // lowers it); a cleared alert or lagged stop may have been the earliest rare one, and then the card's events are rescanned.
    if (f.alert[i] !== NEVER || f.qstop[i] !== NEVER) {
      const r = f.rare[i], rescan = f.alert[i] === r || f.qstop[i] === r;
      f.alert[i] = NEVER;
      f.qstop[i] = NEVER;
      if (rescan) f.next(i);
    }
    if (fl & OVERQUOTA) {
      f.flags[i] = fl & ~OVERQUOTA;
      if (s.log) s.event(i, { kind: 'resume', day: d, reason: 'overQuota', by: 'cycle', stillStopped: f.flags[i] !== 0 });
    }
  }
  f.bits[i] = b;
  return true;
}

/**
 * The cycle's fee of card i, after its cycle start and the day's idle-policy requests (docs/rules.md,
 * step 2b, so that a card the idle policy stops today starts its cycle stopped): due if the plan is
 * valid today; a term ending today (its expiry day is the first day without it) leaves the fee to
 * the renewal or replacement that makes it valid again, if any. The fee's rule (with the retention
 * fee in its place for a card stopped by hand, `manualStopFee: retention`) lives in chargeFee alone.
 */
export function cycleFee(s: Sim, i: number, d: number): void {
  const f = s.fleet;
  if (!(f.flags[i] & EXPIRED) && f.expiry[i] > d) chargeFee(s, i, d);
}

function issueInvoice(s: Sim, i: number, d: number): void {
  const f = s.fleet, m = s.model, pr = f.payer[i];
  // Keyed on the invoice's cycle index (1 for the first cycle after day 0), stratified (strata.ts).
  const n = m.cal.cycle[d];
  // Which of the two draws may lie past its threshold, from the card's stratified cells (strata.ts
  // mayDrawPast, tabulated once per stratum group): the miss draw below the miss chance (MAY_BELOW),
  // the payment draw above the payer's quiet limit (MAY_ABOVE; for a fixed delay, set when it is not quiet).
  const may = mayDrawPast(s, i, n, m.cycles, Stream.payMiss, m.invoiceMiss[pr], Stream.payDelay, m.invoiceQuiet[pr]);
  const quiet = f.due[i] === NEVER && f.pay[i] === NEVER && !(f.bits[i] & FORGOT) && !(f.flags[i] & ARREARS) && s.log === null;
  // The quiet case (drawInvoice) with neither: most cards of the bench fleet, settled here.
  if (quiet && may === 0) return;
  drawInvoice(s, i, d, n, quiet, may);
}

/** issueInvoice past its quick exit: the draws (kept apart, so that the quick exit stays small enough to inline). */
function drawInvoice(s: Sim, i: number, d: number, n: number, quiet: boolean, may: number): void {
  const f = s.fleet, pr = f.payer[i], py = s.model.payers[pr], A = s.model.rules.arrearsAfterDays;
  // A draw whose value cannot matter (a chance of 0 or 1, a fixed delay) is not made: draws are keyed, so no other moves.
  // Most cards' stratified cells lie wholly above a small miss chance: they need no miss draw (MAY_BELOW clear).
  const mc = py.missChance;
  const missed = mc <= 0 ? false : mc >= 1 ? true : (may & MAY_BELOW) !== 0 && cardDraw(s, i, n, Stream.payMiss) < mc;
  if (missed) {
    if (f.due[i] === NEVER) f.due[i] = capDay(d + A);
    if (f.due[i] < f.ev[i]) f.ev[i] = f.due[i];
    f.bits[i] |= FORGOT;
    if (s.log) s.event(i, { kind: 'invoice', day: d, amount: s.invoiced(i), dueInDays: A, paysInDays: null });
    return;
  }
  // The common case settles at once: nothing else open, the card not in arrears, and paid before it
  // falls due and before the next cycle. Its payment would change nothing observable, so no event
  // is scheduled for it (a traced card keeps the event, for its timeline). A draw up to the payer's
  // quietPay is such a delay without sampling it (quiet.ts); a card whose stratified cell lies
  // wholly below quietPay needs no draw at all (MAY_ABOVE clear; for a fixed delay, not drawn, u = 1/2 is
  // quiet exactly when MAY_ABOVE is clear: Model.invoiceQuiet).
  if (quiet && !(may & MAY_ABOVE)) return;
  const fixed = py.delayDays.kind === FIXED, q = s.model.quietPay[pr];
  const u = fixed ? 0.5 : cardDraw(s, i, n, Stream.payDelay);
  if (quiet && u <= q) return;
  const p = capDay(d + Math.max(0, sampleDays(py.delayDays, u)));
  if (quiet && p < d + A && p < d + MIN_CYCLE_DAYS) return;
  if (f.due[i] === NEVER) f.due[i] = capDay(d + A);
  if (p < f.pay[i]) f.pay[i] = p;
  if (f.due[i] < f.ev[i]) f.ev[i] = f.due[i];
  if (f.pay[i] < f.ev[i]) f.ev[i] = f.pay[i];
  if (s.log) s.event(i, { kind: 'invoice', day: d, amount: s.invoiced(i), dueInDays: A, paysInDays: f.pay[i] - d });
}

/**
 * An invoice is overdue: arrears stop. If an open invoice was forgotten, the
 * stop reminds the payer, who pays the balance `afterStopDays` later (or at
 * the payment already planned, if earlier). A restart pending from an earlier
 * payment is cancelled: the card is in arrears again.
 */
export function overdue(s: Sim, i: number, d: number): void {
  const f = s.fleet;
  f.due[i] = NEVER;
  if (!(f.flags[i] & ARREARS)) {
    f.flags[i] |= ARREARS;
    s.acc[s.L.stops + S_ARREARS]++;
    if (s.log) s.event(i, { kind: 'stop', day: d, reason: 'arrears', afterDays: s.model.rules.arrearsAfterDays });
  } else if (s.log && f.react[i] !== NEVER) s.event(i, { kind: 'restartCancelled', day: d, plannedFor: f.react[i] });
  f.react[i] = NEVER;
  if (f.bits[i] & FORGOT) {
    f.bits[i] &= ~FORGOT;
    const py = s.model.payers[f.payer[i]];
    const p = capDay(d + Math.max(0, sampleDays(py.afterStopDays, uniformOf(f.key[i], d, Stream.payAfterStop))));
    if (p < f.pay[i]) f.pay[i] = p;
  }
}

/** The payer pays the balance; a card in arrears is restarted by hand after the delay. */
export function payment(s: Sim, i: number, d: number): void {
  const f = s.fleet;
  f.pay[i] = NEVER;
  f.due[i] = NEVER;
  f.bits[i] &= ~FORGOT;
  if (f.flags[i] & ARREARS) f.react[i] = capDay(d + s.model.rules.reactivationDelayDays);
  if (s.log) s.event(i, { kind: 'payment', day: d, amount: s.paid(i), restartInDays: f.flags[i] & ARREARS ? s.model.rules.reactivationDelayDays : null });
}

/** The manual restart after payment takes effect. */
export function reactivate(s: Sim, i: number, d: number): void {
  const f = s.fleet;
  f.react[i] = NEVER;
  if (!(f.flags[i] & ARREARS)) return;
  f.flags[i] &= ~ARREARS;
  if (s.log) s.event(i, { kind: 'resume', day: d, reason: 'arrears', stillStopped: f.flags[i] !== 0 });
}
