/**
 * A block's cards on day "−1", before the kernel runs them (kernel.ts): generated cohorts' cards,
 * and imported cards as their export shows them (importCard).
 */
import { capDay, type Sim } from './sim.ts';
import { IMPORTED, NEVER } from './fleet.ts';
import { ARREARS, CANCELLED, EXPIRED, MANUAL, OVERQUOTA, reasonsOf } from './metrics.ts';
import type { ImportedCards } from './config.ts';
import { C_PLAN } from './layout.ts';
import { eventDay } from './events.ts';
import { scheduleRenewal } from './lifecycle.ts';
import { openInService } from './opening.ts';
import { nextOnset } from './usage.ts';
import { sample, sampleDays } from './dist.ts';
import { Stream, cardKey, uniform } from './rng.ts';
import { cardDraw } from './strata.ts';
import { initPreService, startsPreService } from './preservice.ts';

/** Sets up every card of the block on day "−1": cohort, mean demand, first runaway, current term. */
export function init(s: Sim): void {
  const f = s.fleet, m = s.model;
  for (const c of m.cohorts) {
    const a = Math.max(c.start, f.first), b = Math.min(c.end, f.first + f.size);
    for (let g = a; g < b; g++) {
      const i = g - f.first;
      f.plan[i] = c.plan;
      f.profile[i] = c.profile;
      f.payer[i] = c.payer;
      f.renewal[i] = c.renewal;
      f.key[i] = cardKey(s.key, g);
      const mean = sample(m.meanDist[c.profile], cardDraw(s, i, 0, Stream.mean));
      f.mean[i] = mean > 0 ? mean : 0;
      f.runAt[i] = nextOnset(s, i, -1);
      if (c.preService !== null && startsPreService(c, g - c.start)) {
        initPreService(s, i, c, g - c.start);
        f.next(i);
        continue;
      }
      if (c.cards) {
        importCard(s, i, c.cards, g - c.start);
        f.next(i);
        continue;
      }
      const T = m.termMonths[c.plan];
      if (T > 0) {
        const termDays = s.addMonths(0, T);
        if (c.termStart === 'fresh') {
          s.cost(C_PLAN, m.termPrice[c.plan]);
          f.expiry[i] = termDays;
          if (s.log) s.event(i, { kind: 'renewal', day: 0, initial: true, terms: 1, termMonths: T, amount: m.termPrice[c.plan], expires: eventDay(termDays), resumes: false });
        } else {
          f.expiry[i] = 1 + Math.floor(cardDraw(s, i, 0, Stream.termSpread) * termDays);
        }
        // A fresh term was bought on day 0: its renewal comes on day 1 at the earliest.
        scheduleRenewal(s, i, c.termStart === 'fresh' ? 0 : -1);
      }
      f.next(i);
    }
    if (c.opening === 'inService' && !c.cards && a < b) openInService(s, c, a, b);
  }
}

/**
 * An imported card starts the run as the export shows it (docs/rules.md,
 * "Imported fleets"): its stop flags, its own expiry (an expiry already past
 * means expired since then, with the grace counted from it), this cycle's
 * usage, its calibrated mean; a card in arrears pays after `afterStopDays`.
 * Stops that happened before the start are not counted as stops of the run.
 */
export function importCard(s: Sim, i: number, cards: ImportedCards, j: number): void {
  const f = s.fleet, m = s.model, rules = m.rules, g = f.first + i;
  const own = cards.meanDailyMB[j];
  if (own !== null) f.mean[i] = own > 0 ? own : 0;
  f.bits[i] |= IMPORTED;
  const flags = cards.flags[j];
  if (flags & CANCELLED) {
    f.flags[i] = CANCELLED;
    const rep = m.policies.replacement;
    f.replace[i] = rep ? capDay(rep.delayDays) : NEVER;
    if (s.log) s.event(i, { kind: 'imported', day: 0, id: cards.id[j], cancelled: true, replacementDue: rep ? f.replace[i] : undefined });
    return;
  }
  f.flags[i] = flags & (MANUAL | OVERQUOTA | ARREARS);
  // A card in arrears owes a balance from before the start that the export does not give.
  if (s.log && flags & ARREARS) s.owe(i, NaN);
  f.used[i] = cards.usedMB[j];
  const e = cards.expiryDay[j];
  if (e !== null && m.termMonths[f.plan[i]] > 0) {
    f.expiry[i] = e < -32000 ? -32000 : capDay(e);
    // A card the export shows in service whose expiry is day 0 expires in the run, at day 0's step 5
    // (an auto-renew card is renewed, a manual renewal due by then comes first, a stop counts); one
    // shown expired, or whose expiry is before day 0, is expired since then.
    if (flags & EXPIRED || e < 0) {
      // Expired since day e: cancellation at e + grace; retention from the next anniversary on.
      f.flags[i] |= EXPIRED;
      f.cancel[i] = rules.graceMonths === 0 ? 0 : Math.max(0, s.addMonths(e, rules.graceMonths));
      let k = rules.retentionPerStartedMonth ? 0 : 1;
      const last = rules.retentionPerStartedMonth ? rules.graceMonths - 1 : rules.graceMonths;
      while (k <= last && s.addMonths(e, k) < 0) k++;
      f.retNext[i] = k <= last ? s.addMonths(e, k) : NEVER;
    }
    scheduleRenewal(s, i, -1);
  } else if (e === null && m.termMonths[f.plan[i]] > 0) {
    // On a term plan with no expiry (nor an activation date: scenarios/fleet-cohorts.ts) the term under way is
    // unknown: its end is spread over the term, as for a generated cohort's `termStart: spread` (card-init.ts init).
    f.expiry[i] = 1 + Math.floor(cardDraw(s, i, 0, Stream.termSpread) * s.addMonths(0, m.termMonths[f.plan[i]]));
    scheduleRenewal(s, i, -1);
  }
  if (flags & ARREARS) {
    const py = m.payers[f.payer[i]];
    f.pay[i] = capDay(Math.max(0, sampleDays(py.afterStopDays, uniform(s.key, g, 0, Stream.payAfterStop))));
  }
  if (s.log) s.event(i, { kind: 'imported', day: 0, id: cards.id[j], cancelled: false, reasons: reasonsOf(f.flags[i]), usedMB: f.used[i], expires: e !== null ? eventDay(e) : f.expiry[i] !== NEVER ? eventDay(f.expiry[i]) : undefined });
}
