/**
 * The reference model's billing and arrears (docs/rules.md, "Billing and arrears"), written from
 * the rule book: the cycle start (invoice, usage reset, fee), the monthly fee, invoices and
 * what becomes of them (overdue, paid, the restart after payment).
 */
import { quantile } from '../../engine/dist.ts';
import type { Pool, RefCard } from './card.ts';
import { S } from './days.ts';
import { midCycle, type OpeningHost } from './opening.ts';
import type { RefActions } from './actions.ts';
import type { Books } from './tally.ts';

/** What the cycle start needs of the reference model. */
export interface CycleHost extends Books, OpeningHost {
  readonly pools: readonly Pool[];
  readonly actions: RefActions;
}

// ---- step 1 ----

/** Step 1; returns the cards whose cycle's fee is due (cycleFees, step 2b). */
export function cycleStart(host: CycleHost): RefCard[] {
  const due: RefCard[] = [];
  for (const c of host.cards) {
    host.actions.atCycleStart(c);
    if (c.flags.has('cancelled') || c.pre) continue;
    if (host.day === 0 && midCycle(host, c)) continue; // in the cycle under way: day 0 starts none
    if (c.charged) issueInvoice(host, c);
    c.charged = false;
    c.feePaid = false;
    c.feeUntil = host.day;
    // A term-quota plan's data runs with its term: the cycle start leaves it alone.
    if (c.plan.quotaPer === 'cycle') {
      c.used = 0;
      c.packs = 0;
      host.clearFlag(c, 'overQuota');
      c.packDay = null;
      c.cutDay = null;
    }
    due.push(c);
  }
  for (const p of host.pools) if (!(host.day === 0 && midCycle(host, p.members[0]))) p.used = 0;
  return due;
}

// ---- step 2b ----

/** The plan is valid today: not expired, and its term does not end today. */
function valid(host: Books, c: RefCard): boolean {
  return !c.flags.has('expired') && !(c.expiry !== null && c.expiry <= host.day);
}

/** After the idle policy's requests: each card's fee for the cycle, if its plan is valid today (a term ending today leaves it to a renewal). */
export function cycleFees(host: Books, due: RefCard[]): void {
  for (const c of due) if (valid(host, c)) chargeFee(host, c);
}

export function chargeFee(host: Books, c: RefCard): void {
  // 停机保号 (`manualStopFee: retention`): a card stopped by hand pays the retention fee instead, whole, once: the cycle's fee.
  if (host.arm.rules.manualStopFee === 'retention' && c.flags.has('manual') && c.plan.monthlyFee > 0) {
    // The days this piece would have charged are settled (by the retention fee, or by nothing when the
    // cycle has paid already): a renewal after a resume pays only the days it adds past them.
    if (host.arm.rules.feeProration === 'daily') c.feeUntil = Math.max(c.feeUntil, Math.min(c.expiry ?? Infinity, host.cal.cycleAround(host.day).end));
    if (c.feePaid) return;
    c.feePaid = true;
    host.postpaid(c, 'retention', host.arm.rules.retentionFeePerMonth);
    return;
  }
  if (host.arm.rules.feeProration === 'daily') {
    // Each valid day of the cycle pays its share, once: from today (or the end of what was charged) to the expiry or the cycle's end.
    const { start, end } = host.cal.cycleAround(host.day);
    const until = Math.min(c.expiry ?? Infinity, end), from = Math.max(host.day, c.feeUntil);
    if (until > from) {
      host.postpaid(c, 'plan', (c.plan.monthlyFee * (until - from)) / (end - start));
      c.feeUntil = until;
      c.feePaid = true; // a fee of this cycle charged (resumedByHand)
    }
    return;
  }
  if (c.feePaid) return;
  c.feePaid = true;
  host.postpaid(c, 'plan', c.plan.monthlyFee);
}

export function issueInvoice(host: Books, c: RefCard): void {
  const d = host.day, payer = c.payer;
  // Keyed on the invoice's cycle index (0 on day 0, +1 at each later cycle start).
  const n = host.cal.cycleIndex(d);
  const missed = host.draw.s(c.c0, c.c1, c.g, n, S.payMiss) < payer.missChance;
  const payDay = missed ? null : d + Math.max(0, Math.round(quantile(payer.delayDays, host.draw.s(c.c0, c.c1, c.g, n, S.payDelay))));
  c.invoices.push({ issued: d, payDay, overdueDay: d + host.arm.rules.arrearsAfterDays });
  host.note(c, 'invoice', missed ? 'forgotten' : `pay on ${payDay}`);
}

// ---- step 5 ----

/** The day's invoice events of a card, in the rule book's order: arrears (overdue invoice), payment, restart after payment. */
export function invoiceEvents(host: Books, c: RefCard): void {
  const d = host.day, rules = host.arm.rules;
  // Arrears: invoices unpaid arrearsAfterDays after issue.
  // An invoice falling overdue stops the card (again: a pending restart is cancelled), and reminds the
  // payer of every forgotten open invoice: they are paid afterStopDays later.
  if (c.invoices.some((inv) => inv.overdueDay !== null && inv.overdueDay <= d)) {
    for (const inv of c.invoices) if (inv.overdueDay !== null && inv.overdueDay <= d) inv.overdueDay = null;
    host.setFlag(c, 'arrears');
    c.restartDay = null;
    if (c.invoices.some((inv) => inv.payDay === null)) {
      const p = d + host.draw.days(c.payer.afterStopDays, c.g, d, S.payAfterStop);
      for (const inv of c.invoices) if (inv.payDay === null) inv.payDay = p;
    }
  }
  if (c.invoices.some((inv) => inv.payDay !== null && inv.payDay <= d)) {
    c.invoices = [];
    host.note(c, 'payment');
    if (c.flags.has('arrears')) c.restartDay = d + rules.reactivationDelayDays;
  }
  if (c.restartDay !== null && c.restartDay <= d) {
    c.restartDay = null;
    host.clearFlag(c, 'arrears');
  }
}
