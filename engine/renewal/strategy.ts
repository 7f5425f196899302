import type { Calendar } from '../calendar.ts';
import type { Renewal } from '../config.ts';
import type { Sim } from '../sim.ts';

/**
 * A renewal policy (docs/rules.md, "Terms, renewal, expiry and cancellation"): when a card's
 * term is renewed. One file per kind, all behind this signature; the lifecycle and the kernel
 * ask the card's policy and never branch on its kind. `renew` (buying terms) is the
 * lifecycle's; a policy only says when.
 */
export interface RenewalStrategy<R extends Renewal = Renewal> {
  /** The day card i renews the term it has now (which expires on its expiry day), or NEVER. `d`: today. */
  renewalDay(s: Sim, i: number, d: number, r: R): number;
  /** The term is renewed the day it ends: the card never lapses. */
  readonly atExpiry: boolean;
  /** Sets `days[d] = 1` on the days this policy renews cards in a batch (boundary days of the kernel). */
  markBatchDays(cal: Calendar, r: R, days: Uint8Array): void;
  /** On a marked day d: whether card i is renewed in this batch. */
  inBatch(s: Sim, i: number, d: number, r: R): boolean;
}
