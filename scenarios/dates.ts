/** UTC calendar dates as `YYYY-MM-DD` strings and day indexes counted from a start date. */

const DAY_MS = 86_400_000;

/** Whether `text` is a real calendar date `YYYY-MM-DD` (no 2026-13-01, no 2026-02-30). */
export function isRealDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Whole UTC days from `start` to `date` (negative when `date` is earlier). */
export function dayIndex(start: string, date: string): number {
  return Math.round((toUtc(date) - toUtc(start)) / DAY_MS);
}

/** The date `day` days after `start`. */
export function dateOfDay(start: string, day: number): string {
  return new Date(toUtc(start) + day * DAY_MS).toISOString().slice(0, 10);
}

/**
 * Days in the horizon [start, start + months): the end is the same day of the month
 * `months` later, clamped to that month's last day (2026-01-31 + 1 month = 2026-02-28).
 */
export function horizonDays(start: string, months: number): number {
  const [y, mo, d] = start.split('-').map(Number);
  const total = y * 12 + (mo - 1) + months;
  const endY = Math.floor(total / 12);
  const endMo = (total % 12) + 1;
  const end = Date.UTC(endY, endMo - 1, Math.min(d, daysInMonth(endY, endMo)));
  return Math.round((end - toUtc(start)) / DAY_MS);
}

function toUtc(date: string): number {
  const [y, mo, d] = date.split('-').map(Number);
  return Date.UTC(y, mo - 1, d);
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}
