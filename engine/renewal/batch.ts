import type { Renewal } from '../config.ts';
import { NEVER } from '../fleet.ts';
import { CANCELLED } from '../metrics.ts';
import type { RenewalStrategy } from './strategy.ts';

/** Batch renewal: on `dayOfMonth`, every card that has expired or expires within `coverDays` is renewed. */
export const batch: RenewalStrategy<Extract<Renewal, { kind: 'batch' }>> = {
  renewalDay: () => NEVER,
  atExpiry: false,
  markBatchDays(cal, r, days) {
    for (let d = 0; d < cal.days; d++) if (cal.dayOfMonth[d] === r.dayOfMonth) days[d] = 1;
  },
  inBatch(s, i, d, r) {
    const f = s.fleet, m = s.model;
    return m.cal.dayOfMonth[d] === r.dayOfMonth && m.termMonths[f.plan[i]] > 0 && !(f.flags[i] & CANCELLED) && f.expiry[i] <= d + r.coverDays;
  },
};
