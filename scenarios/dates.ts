/**
 * Calendar dates as `YYYY-MM-DD` text and day indexes counted from a start date: the engine's
 * calendar (engine/calendar.ts, the one implementation of month arithmetic) on text.
 */
import { addMonths, formatDate, parseDate } from '../engine/index.ts';

/** Whether `text` is a real calendar date `YYYY-MM-DD` (no 2026-13-01, no 2026-02-30). */
export function isRealDate(text: string): boolean {
  return !Number.isNaN(parseDate(text));
}

/** Whole days from `start` to `date` (negative when `date` is earlier). Both real dates. */
export function dayIndex(start: string, date: string): number {
  return parseDate(date) - parseDate(start);
}

/** The date `day` days after `start`. */
export function dateOfDay(start: string, day: number): string {
  return formatDate(parseDate(start) + day);
}

/**
 * Days in the horizon [start, start + months): the end is the same day of the month
 * `months` later, clamped to that month's last day (2026-01-31 + 1 month = 2026-02-28).
 */
export function horizonDays(start: string, months: number): number {
  const s = parseDate(start);
  return addMonths(s, months) - s;
}
