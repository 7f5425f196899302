/**
 * Real UTC dates as whole-day numbers, without Date objects, so that the
 * kernel can move dates (expiry + 3 months) without allocating.
 * Day numbers count days since 1970-01-01; a scenario's day index is
 * `dayNumber - startDayNumber`.
 */

/** Days since 1970-01-01 of a civil date (month 1–12). Howard Hinnant's days_from_civil. */
export function daysFromCivil(y: number, m: number, d: number): number {
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (m + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * A day number's civil date packed into one integer, year × 512 + month × 32 + day, so that
 * dates move without allocating. Howard Hinnant's civil_from_days.
 */
function civil(z: number): number {
  z += 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return (yoe + era * 400 + (m <= 2 ? 1 : 0)) * 512 + m * 32 + d;
}

/** Year of a day number. */
export function yearOf(z: number): number {
  return Math.floor(civil(z) / 512);
}

/** Month (1–12) of a day number. */
export function monthOf(z: number): number {
  return (civil(z) >> 5) & 15;
}

/** Day of month (1–31) of a day number. */
export function dayOfMonth(z: number): number {
  return civil(z) & 31;
}

/** Weekday of a day number, Monday = 0 … Sunday = 6. */
export function weekdayOf(z: number): number {
  return (((z + 3) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

/** Days in month m (1–12) of year y, Gregorian. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** The day number `n` calendar months after `z`; the day of month is clamped (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(z: number, n: number): number {
  const c = civil(z), y = Math.floor(c / 512), m = (c >> 5) & 15, d = c & 31;
  const t = y * 12 + (m - 1) + n;
  // t − 12·⌊t/12⌋, not t % 12: a month before January of year 0 (t < 0) is December of year −1, not month 0.
  const ny = Math.floor(t / 12), nm = t - ny * 12 + 1;
  return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Parses `YYYY-MM-DD` into a day number, or returns NaN if it is not a real date. */
export function parseDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return NaN;
  const y = +m[1], mo = +m[2], d = +m[3];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return NaN;
  return daysFromCivil(y, mo, d);
}

/** The last date with a four-digit year: a horizon ends by it, and the importer holds "never expires" as it. */
export const LAST_DATE = '9999-12-31';

/** Formats a day number as `YYYY-MM-DD`. */
export function formatDate(z: number): string {
  const c = civil(z), y = Math.floor(c / 512), m = (c >> 5) & 15, d = c & 31;
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

/**
 * The calendar of one scenario: per-day tables the kernel reads instead of
 * computing dates. Periods of the monthly series run from `start + k months`.
 */
export interface Calendar {
  /** Day number of day index 0. */
  start: number;
  /** Days in the horizon. */
  days: number;
  /** Number of monthly periods. */
  months: number;
  /** Period (0-based month of the horizon) of each day index. */
  period: Int32Array;
  /** First day index of each period, plus `days` at the end. */
  periodStart: Int32Array;
  /** 1 where a billing cycle starts (anchor day, and day 0). */
  cycleStart: Uint8Array;
  /** Billing cycle index of each day: 0 from day 0, +1 at each later cycle start (an invoice's index, strata.ts). */
  cycle: Int16Array;
  /** Day 0 is an anchor day (a real cycle start, not just the start of the run). */
  anchorAtStart: boolean;
  /** 1 on the first day of a calendar month (and day 0). */
  monthStart: Uint8Array;
  /** Calendar month 1–12 of each day index. */
  month: Uint8Array;
  dayOfMonth: Uint8Array;
  /** Monday = 0. */
  weekday: Uint8Array;
  /** Calendar months from the start's month (0) to each day index's month (addMonthsAt). */
  monthIndex: Int16Array;
  /** Day index of the first day of each calendar month counted as monthIndex, through MONTHS_AHEAD months past the horizon's last, and one more (the end of the last). */
  monthFirst: Int32Array;
}

/** Months past the horizon that addMonthsAt reads from tables (terms up to 36 months and a grace period fit). */
export const MONTHS_AHEAD = 48;

/**
 * `addMonths(cal.start + d, n) − cal.start` for a day index: read from the calendar's month
 * tables when d is in the horizon and the result's month is tabulated (renewals, expiry, grace
 * and retention dates, per card and term), else computed.
 */
export function addMonthsAt(cal: Calendar, d: number, n: number): number {
  if (d >= 0 && d < cal.days && n >= 0) {
    const t = cal.monthIndex[d] + n;
    if (t + 1 < cal.monthFirst.length) {
      const first = cal.monthFirst[t], len = cal.monthFirst[t + 1] - first, dom = cal.dayOfMonth[d];
      return first + (dom < len ? dom : len) - 1;
    }
  }
  return addMonths(cal.start + d, n) - cal.start;
}

export function makeCalendar(startDate: string, months: number, cycleAnchorDay: number): Calendar {
  const start = parseDate(startDate);
  if (Number.isNaN(start)) throw new RangeError(`invalid start date: ${startDate}`);
  const end = addMonths(start, months);
  const days = end - start;
  const period = new Int32Array(days);
  const periodStart = new Int32Array(months + 1);
  for (let k = 0; k <= months; k++) periodStart[k] = addMonths(start, k) - start;
  const cycleStart = new Uint8Array(days);
  const cycle = new Int16Array(days);
  const monthStart = new Uint8Array(days);
  const month = new Uint8Array(days);
  const dom = new Uint8Array(days);
  const weekday = new Uint8Array(days);
  const monthIndex = new Int16Array(days);
  const first = start - dayOfMonth(start) + 1, nFirst = months + MONTHS_AHEAD + 2;
  const monthFirst = new Int32Array(nFirst);
  for (let j = 0; j < nFirst; j++) monthFirst[j] = addMonths(first, j) - start;
  let k = 0, mi = 0;
  for (let d = 0; d < days; d++) {
    while (monthFirst[mi + 1] <= d) mi++;
    monthIndex[d] = mi;
    while (periodStart[k + 1] <= d) k++;
    period[d] = k;
    const z = start + d;
    dom[d] = dayOfMonth(z);
    month[d] = monthOf(z);
    weekday[d] = weekdayOf(z);
    cycleStart[d] = d === 0 || dom[d] === cycleAnchorDay ? 1 : 0;
    cycle[d] = d === 0 ? 0 : cycle[d - 1] + cycleStart[d];
    monthStart[d] = d === 0 || dom[d] === 1 ? 1 : 0;
  }
  return { start, days, months, period, periodStart, cycleStart, cycle, anchorAtStart: days > 0 && dom[0] === cycleAnchorDay, monthStart, month, dayOfMonth: dom, weekday, monthIndex, monthFirst };
}
