/**
 * The reference model's terms (docs/rules.md, "Terms, renewal, expiry and cancellation"), written
 * from the rule book: the run's first terms, renewal (manual, batch or auto), expiry and the grace
 * months' retention fees, cancellation, and the replacement card that may follow it.
 */
import type { Renewal } from '../../engine/config.ts';
import { quantile } from '../../engine/dist.ts';
import type { RefCard } from './card.ts';
import { S } from './days.ts';
import { stopLevel } from './allowance.ts';
import { chargeFee } from './billing.ts';
import type { Books } from './tally.ts';

/** What the terms need of the reference model. */
export interface TermHost extends Books {
  cancelled: number;
  replaced: number;
}

export function initialTerms(host: Books): void {
  for (const c of host.cards) {
    const term = c.plan.term;
    if (!term || c.pre) continue;
    if (c.cohort.termStart === 'fresh') {
      host.book('plan', term.price);
      startTerm(host, c, host.cal.plusMonths(0, term.months), 0);
      host.note(c, 'renewal', 'initial term');
    } else {
      const length = host.cal.plusMonths(0, term.months);
      const expiry = 1 + Math.floor(host.draw.s(c.c0, c.c1, c.g, 0, S.termSpread) * length);
      // No renewal has happened yet: the renewal may fall on day 0.
      startTerm(host, c, expiry, -1);
    }
  }
}

/** A term running to `expiry`, bought on `boughtDay`: schedule its renewal. */
export function startTerm(host: Books, c: RefCard, expiry: number, boughtDay: number): void {
  c.expiry = expiry;
  c.lastRenewal = boughtDay;
  c.renewDay = null;
  const r = renewalOf(host, c);
  if (r.kind !== 'manual') return;
  // Keyed on the term index, not the expiry day.
  if (host.draw.s(c.c0, c.c1, c.g, c.term, S.renewForget) < r.forgetChance) return;
  const lag = Math.round(quantile(r.lagDays, host.draw.s(c.c0, c.c1, c.g, c.term, S.renewLag)));
  c.renewDay = Math.max(expiry + lag, boughtDay + 1);
}

/** Batch renewal day of each card's own renewal policy (its cohort's, or the scenario's). */
export function batchRenewal(host: Books): void {
  for (const c of host.cards) {
    const r = renewalOf(host, c);
    if (r.kind !== 'batch' || host.cal.dayOfMonth(host.day) !== r.dayOfMonth) continue;
    if (!c.plan.term || c.flags.has('cancelled') || c.expiry === null) continue;
    if (c.expiry <= host.day + r.coverDays) renew(host, c);
  }
}

export function renewalOf(host: Books, c: RefCard): Renewal {
  return c.cohort.renewal ?? host.arm.policies.renewal;
}

/** Buys a term today (docs/rules.md, Renewal). */
export function renew(host: Books, c: RefCard): void {
  const d = host.day, term = c.plan.term!;
  let expiry = c.expiry!, terms = 0;
  if (host.arm.rules.newTermFrom === 'renewal') {
    expiry = host.cal.plusMonths(d, term.months);
    host.book('plan', term.price);
    terms = 1;
  } else {
    do {
      expiry = host.cal.plusMonths(expiry, term.months);
      host.book('plan', term.price);
      terms++;
    } while (expiry <= d);
  }
  if (c.plan.quotaPer === 'term') {
    // Each term bought brings its quota; data left and packs carry over; usage past the
    // allowance (billed as overage, or throttled) does not.
    const allowance = c.plan.quotaMB + c.packs * c.plan.addon.sizeMB;
    c.used = Math.min(c.used, allowance) - (terms * c.plan.quotaMB + c.packs * c.plan.addon.sizeMB);
    c.packs = 0;
    if (c.flags.has('overQuota') && c.used < stopLevel(c.plan, c.plan.quotaMB, 1)) host.clearFlag(c, 'overQuota');
  }
  host.note(c, 'renewal', `expires ${expiry}`);
  if (c.flags.has('expired')) {
    host.clearFlag(c, 'expired');
    c.cancelDay = null;
    c.retentionDays = [];
  }
  c.term++;
  startTerm(host, c, expiry, d);
  // After the new expiry is set: a prorated fee runs to it.
  chargeFee(host, c);
}

export function expire(host: TermHost, c: RefCard): void {
  const r = renewalOf(host, c), rules = host.arm.rules, exp = c.expiry!;
  if (r.kind === 'auto') return renew(host, c);
  host.setFlag(c, 'expired');
  c.renewDay = r.kind === 'manual' ? c.renewDay : null;
  const g = rules.graceMonths;
  c.cancelDay = host.cal.plusMonths(exp, g);
  c.retentionDays = [];
  if (rules.retentionPerStartedMonth) {
    for (let k = 0; k < g; k++) c.retentionDays.push(host.cal.plusMonths(exp, k));
  } else {
    for (let k = 1; k <= g; k++) c.retentionDays.push(host.cal.plusMonths(exp, k));
  }
  // A charge due on the expiry day itself is charged today.
  while (c.retentionDays.length > 0 && c.retentionDays[0] <= host.day) {
    c.retentionDays.shift();
    host.postpaid(c, 'retention', rules.retentionFeePerMonth);
    host.note(c, 'retention');
  }
  if (c.cancelDay <= host.day) cancel(host, c);
}

export function cancel(host: TermHost, c: RefCard): void {
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
  host.cancelled++;
  host.note(c, 'cancellation');
  const rep = host.arm.policies.replacement;
  if (rep) {
    c.replaceDay = host.day + rep.delayDays;
    if (c.replaceDay <= host.day) replace(host, c);
  }
}

export function replace(host: TermHost, c: RefCard): void {
  const rep = host.arm.policies.replacement!;
  c.replaceDay = null;
  c.flags = new Set();
  c.idleStopped = false;
  c.used = 0;
  c.packs = 0;
  c.charged = false;
  c.feePaid = false;
  c.feeUntil = host.day;
  c.invoices = [];
  host.book('replacement', rep.simCost + rep.visitCost);
  host.replaced++;
  host.note(c, 'replacement');
  const term = c.plan.term;
  if (term) {
    host.book('plan', term.price);
    c.term++;
    startTerm(host, c, host.cal.plusMonths(host.day, term.months), host.day);
  }
  chargeFee(host, c);
}
