/**
 * The reference model's pre-service days (docs/rules.md, "Pre-service cards", step 0 of the day):
 * the test period running out, and the activation that puts a card in service.
 */
import type { RefCard } from './card.ts';
import { chargeFee } from './billing.ts';
import { startTerm } from './terms.ts';
import type { Books } from './tally.ts';

/** Before step 1: the test period's days run out; the silent period ends in a forced activation. */
export function preServiceStart(host: Books, c: RefCard): void {
  const pre = c.pre!, d = host.day;
  if (pre.phase === 'test' && d >= pre.testDays) {
    pre.phase = 'silent';
    host.note(c, 'test over', 'period');
  }
  if (pre.forcedDay !== null && d >= pre.forcedDay) activate(host, c, true);
}

/** In service from today: cycle usage from 0, the first term bought today, the fee charged today (by today's cycle start, for a forced activation on one). */
export function activate(host: Books, c: RefCard, forced: boolean): void {
  c.pre = null;
  c.flags = new Set();
  c.used = 0;
  c.packs = 0;
  host.note(c, 'activation', forced ? 'forced' : 'first use');
  const term = c.plan.term;
  if (term) {
    host.book('plan', term.price);
    startTerm(host, c, host.cal.plusMonths(host.day, term.months), host.day);
  }
  if (!forced || !host.cal.isCycleStart(host.day)) chargeFee(host, c);
}
