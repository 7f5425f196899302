/**
 * Card states a fleet CSV row cannot hold: a date before any SIM card, and an expiry that
 * contradicts the card's status (on the scenario's start). `simlapse import` never writes one:
 * it refuses a year before 1970 and repairs an expiry that contradicts the status on the start
 * (import/values.ts, import/row.ts; README, "Repairs"). So each is a hand edit, and the row is
 * refused rather than simulated as something no platform shows.
 */
import { describeValue } from './issues.ts';

/** The earliest date a fleet CSV's date cell may hold: `simlapse import` refuses a year before 1970 (import/values.ts, FIRST_YEAR). */
export const FIRST_DATE = '1970-01-01';

/** A date cell before FIRST_DATE, as the row's message says it; null when it is not. */
export function tooEarly(column: string, date: string): string | null {
  return date < FIRST_DATE ? `${column}: expected a date from ${FIRST_DATE} on (no SIM card is older; simlapse import refuses earlier years too), got ${describeValue(date)}` : null;
}

/** The fields of a card that its state is read from. */
export interface CardState {
  status: string;
  stopReasons: readonly string[];
  activationDate: string | null;
  expiryDate: string | null;
}

/**
 * What is wrong with a card's expiry for its status. The expiry is the first day without the
 * plan (docs/rules.md), so on the start `start` (`YYYY-MM-DD`):
 * - a card with stop reason `expired` has its expiry on or before the start (the grace period
 *   counts from it; one expired past the grace is cancelled on day 0, as docs/rules.md says);
 * - a card in service and not expired (online, or stopped for another reason) has its expiry
 *   on or after the start (on the start itself: it expires that day);
 * - start or not (the file read alone): a card in service and not expired has its expiry on or
 *   after its activation.
 * - an expired card has an expiry date (the grace period counts from it).
 * Cards cancelled or before service (`test`, `silent`) keep their dates as written: their expiry
 * is not simulated. An expired card's expiry may be before its activation: `simlapse import`
 * dates an expired card with no expiry the day before the start, whatever its activation.
 */
export function expiryProblem(c: CardState, start?: string): string | null {
  if (c.status !== 'online' && c.status !== 'stopped') return null;
  const expired = c.stopReasons.includes('expired');
  if (c.expiryDate === null) {
    // Without a date the grace period has no start: the engine would date the expiry from the term (after the start) or not at all.
    return expired ? 'expiryDate: the card is expired (stop reason expired) but has no expiry date; expected the first day without its plan, on or before the start (the grace period counts from it; simlapse import takes the day before the start)' : null;
  }
  const expiry = c.expiryDate;
  if (expired && start !== undefined && expiry > start) {
    return `expiryDate: the card is expired (stop reason expired) but its plan expires on ${expiry}, after the start ${start}; expected an expiry on or before the start (the first day without the plan: the grace period counts from it), or the card without stop reason expired`;
  }
  if (!expired && start !== undefined && expiry < start) {
    return `expiryDate: the card is ${c.status === 'online' ? 'online' : `stopped (${c.stopReasons.join(', ')})`}, not expired, but its plan expired on ${expiry}, before the start ${start}; expected an expiry on or after the start, or stop reason expired (simlapse import takes such a card as expired)`;
  }
  if (!expired && c.activationDate !== null && expiry < c.activationDate) {
    return `expiryDate: ${expiry} is before the activation date ${c.activationDate}; expected an expiry on or after the activation (a plan's term runs from the activation)`;
  }
  return null;
}
