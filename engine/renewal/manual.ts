import type { Renewal } from '../config.ts';
import { FIXED, sampleDays } from '../dist.ts';
import { NEVER } from '../fleet.ts';
import { Stream } from '../rng.ts';
import { cardDraw, mayDrawBelow } from '../strata.ts';
import { capDay } from '../sim.ts';
import type { RenewalStrategy } from './strategy.ts';

/**
 * Manual renewal: a person renews each term `lagDays` from its expiry (negative: early), or
 * forgets it (`forgetChance`). Both draws are keyed on the card's term index (Fleet.term), not on
 * the expiry day, so arms of different cadences share them term by term; stratified (strata.ts).
 */
export const manual: RenewalStrategy<Extract<Renewal, { kind: 'manual' }>> = {
  renewalDay(s, i, d, r) {
    const f = s.fleet, e = f.expiry[i], k = f.term[i];
    // Keyed by the term index (strata.ts), so skipping the forget draw at chance 0 moves no other draw; nor
    // does skipping it for a card whose stratified cell lies wholly above the chance (mayDrawBelow: most cards).
    if (r.forgetChance > 0 && mayDrawBelow(s, i, k, Stream.renewForget, r.forgetChance) && cardDraw(s, i, k, Stream.renewForget) < r.forgetChance) return NEVER;
    // A fixed lag needs no draw (its value cannot matter; keyed draws, so none other moves).
    const lag = s.model.renewLag[f.renewal[i]]!;
    const day = e + sampleDays(lag, lag.kind === FIXED ? 0.5 : cardDraw(s, i, k, Stream.renewLag));
    return capDay(day > d ? day : d + 1);
  },
  atExpiry: false,
  markBatchDays: () => {},
  inBatch: () => false,
};
