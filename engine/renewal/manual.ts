import type { Renewal } from '../config.ts';
import { sampleDays } from '../dist.ts';
import { NEVER } from '../fleet.ts';
import { Stream, uniformOf } from '../rng.ts';
import { capDay } from '../sim.ts';
import type { RenewalStrategy } from './strategy.ts';

/**
 * Manual renewal: a person renews each term `lagDays` from its expiry (negative: early), or
 * forgets it (`forgetChance`). Both draws are keyed on the term's expiry day.
 */
export const manual: RenewalStrategy<Extract<Renewal, { kind: 'manual' }>> = {
  renewalDay(s, i, d, r) {
    const f = s.fleet, ck = f.key[i], e = f.expiry[i];
    if (r.forgetChance > 0 && uniformOf(ck, e, Stream.renewForget) < r.forgetChance) return NEVER;
    const day = e + sampleDays(s.model.renewLag[f.renewal[i]]!, uniformOf(ck, e, Stream.renewLag));
    return capDay(day > d ? day : d + 1);
  },
  atExpiry: false,
  markBatchDays: () => {},
  inBatch: () => false,
};
