/**
 * A block's cards on day "−1", before the kernel runs them (kernel.ts).
 */
import { Sim } from './sim.ts';
import { C_PLAN } from './layout.ts';
import { eventDay } from './events.ts';
import { importCard, scheduleRenewal } from './lifecycle.ts';
import { openInService } from './opening.ts';
import { nextOnset } from './usage.ts';
import { sample } from './dist.ts';
import { Stream, cardKey } from './rng.ts';
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
