/** Calendar: whole UTC days, months added with the day of month clamped, cycles on the anchor day (docs/rules.md, Time). */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { addMonthsAt, makeCalendar } from '../../engine/calendar.ts';
import { addMonths, formatDate, parseDate } from '../../engine/index.ts';
import * as B from '../helpers/build.ts';
import { metrics, series } from '../helpers/run.ts';
import { runEngine } from '../reference/engine.ts';

const plus = (date: string, n: number) => formatDate(addMonths(parseDate(date), n));

describe('calendar', () => {
  it('adding a month to Jan 31 clamps to the end of February', () => {
    expect(plus('2026-01-31', 1)).toBe('2026-02-28');
    expect(plus('2024-01-31', 1)).toBe('2024-02-29');
    expect(plus('2026-03-31', -1)).toBe('2026-02-28');
    expect(plus('2026-08-31', 1)).toBe('2026-09-30');
  });

  it('adding months crosses years both ways', () => {
    expect(plus('2025-11-15', 3)).toBe('2026-02-15');
    expect(plus('2026-01-15', -1)).toBe('2025-12-15');
    expect(plus('2024-02-29', 12)).toBe('2025-02-28');
  });

  it('parseDate rejects dates that do not exist and formatDate round-trips', () => {
    expect(parseDate('2026-02-29')).toBeNaN();
    expect(parseDate('2026-13-01')).toBeNaN();
    expect(parseDate('26-01-01')).toBeNaN();
    expect(formatDate(parseDate('2000-02-29'))).toBe('2000-02-29');
    expect(parseDate('1970-01-01')).toBe(0);
  });

  it('the horizon is start + months, exclusive, and periods run from start + k months', () => {
    // Jan 31 2026 + 1 month = Feb 28: the one period is Jan 31 – Feb 27 (28 days); with 2 months the second
    // period is Feb 28 – Mar 30 (31 days). 1 MB/day: usage = days.
    const a1 = B.arm({ start: '2026-01-31', months: 1, profiles: [B.constant(1)], plans: [B.plan({ quotaMB: 1000 })] });
    expect(metrics(a1).usageMB).toBe(28);
    const a2 = { ...a1, months: 2 };
    expect(metrics(a2).usageMB).toBe(59);
    expect(series(a2).online).toEqual([1, 1]);
  });

  it('a card on 6 MB/day with cycles from the 27th stops on Jan 17 and Feb 12', () => {
    // Cycles start on day 0 (Jan 1), Jan 27 (day 26) and Feb 27 (day 57). First cycle: cut on day 16 (1/3
    // down), down days 17–25 (9). Second: usage reset on day 26, cut on day 42 (Feb 12, 1/3), down 43–56 (14).
    // Third: days 57, 58 online. Total 23 2/3.
    const m = runEngine(B.arm({ plans: [B.plan({ autoStop: true })], rules: B.rules({ cycleAnchorDay: 27 }) }), '1').metrics;
    expect(m['stops.overQuota']).toBe(2);
    expect(m['downtime.cardDays']).toBeCloseTo(23 + 2 / 3, 12);
  });

  it('monthly fees follow the cycles, not the periods', () => {
    // Cycles from the 27th over Jan 1 – Feb 28: fees on day 0, Jan 27 and Feb 27: 3 × 10 in 2 periods.
    const arm = B.arm({ plans: [B.plan({ quotaMB: 1000, monthlyFee: 10 })], rules: B.rules({ cycleAnchorDay: 27 }) });
    expect(series(arm)['cost.plan']).toEqual([20, 10]);
  });
});

describe('addMonthsAt (month tables)', () => {
  it('Jan 31 + 1 month from a Jan 15 start is Feb 28, read from the tables', () => {
    const cal = makeCalendar('2026-01-15', 3, 1);
    // Day index 16 is Jan 31; Feb 28 is 44 days after Jan 15.
    expect(addMonthsAt(cal, 16, 1)).toBe(44);
    expect(formatDate(cal.start + addMonthsAt(cal, 16, 13))).toBe('2027-02-28');
  });

  test.prop([fc.date({ min: new Date('1999-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }), fc.integer({ min: 1, max: 40 }), fc.nat({ max: 2000 }), fc.integer({ min: -3, max: 120 })], { numRuns: 300 })(
    'equals addMonths for every day of the horizon and any number of months (inside and past the tables)',
    (date, months, at, n) => {
      const cal = makeCalendar(date.toISOString().slice(0, 10), months, 1);
      const d = at % (cal.days + 10) - 5;
      expect(addMonthsAt(cal, d, n)).toBe(addMonths(cal.start + d, n) - cal.start);
    },
  );
});
