/** Calendar: whole UTC days, months added with the day of month clamped, cycles on the anchor day (docs/rules.md, Time). */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { addMonthsAt, makeCalendar } from '../../engine/calendar.ts';
import { addMonths, formatDate, parseDate } from '../../engine/index.ts';
import * as B from '../helpers/build.ts';
import { events, metrics, series } from '../helpers/run.ts';
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

  it('a month before January of year 0000 is December of year −1, and back (found by an extreme-values hunt: month 0, so a 0000-01-15 start misplaced its cycle under way)', () => {
    expect(addMonths(parseDate('0000-01-15'), -1)).toBe(parseDate('0000-01-15') - 31);
    expect(plus('0000-01-15', -1 + 1)).toBe('0000-01-15');
    expect(addMonths(addMonths(parseDate('0000-03-31'), -14), 14)).toBe(parseDate('0000-03-31'));
    expect(addMonths(parseDate('0000-03-31'), -1)).toBe(parseDate('0000-02-29')); // year 0 is a leap year
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

describe('a fleet starting on a leap day (Thursday 2024-02-29)', () => {
  // docs/rules.md, Time: day 0 is the start; the horizon is start + months, exclusive; months are added with the
  // day of month clamped; periods run from start + k months; a cycle starts on day 0 and on every anchor day (the 1st).
  // Day numbers from Feb 29 2024: Mar 1 = 1, Mar 29 = 29, Apr 29 = 60, Jan 1 2025 = 307, Feb 1 = 338,
  // Feb 28 2025 = 365, Mar 28 = 393, Mar 29 = 394, Apr 28 = 424, Apr 29 = 425, May 28 = 454, May 29 = 455.

  it('12 months run to Feb 28 2025 (365 days), in periods from the 29th; day 0 and Mar 1 both start a cycle', () => {
    // Periods: Feb 29–Mar 28 (29 days), Mar 29–Apr 28 (31), Apr 29–May 28 (30), … Dec 29–Jan 28 (31), Jan 29–Feb 27 (30).
    // 1 MB a day: usage per period = its days. A fee of 2 on day 0 and on each 1st, Mar 1 2024 … Feb 1 2025: 13 fees,
    // two of them (Feb 29 and Mar 1) in the first period.
    const arm = B.arm({ start: '2024-02-29', months: 12, profiles: [B.constant(1)], plans: [B.plan({ quotaMB: 1000, monthlyFee: 2 })] });
    const s = series(arm);
    expect(s.usageMB).toEqual([29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 30]);
    expect(s['cost.plan']).toEqual([4, ...Array<number>(11).fill(2)]);
    expect(metrics(arm).usageMB).toBe(365);
  });

  it('a 12-month term bought on Feb 29 2024 expires Feb 28 2025; its grace and retention count from Feb 28', () => {
    // Fresh term (100) on day 0, fee 2, renewal forgotten, 15 months (to May 29 2025, day 455).
    // Expiry Feb 29 2024 + 12 months = Feb 28 2025 (day 365): expired; retention 5 on Feb 28, Mar 28 (393), Apr 28
    // (424); cancelled on Feb 28 + 3 months = May 28 (day 454). Fees: the 13 cycles from day 0 to Feb 1 2025 (valid on
    // their first day); Mar 1 2025 finds the card expired. By period (from the 29th, except Feb 28 2025):
    // cost.plan 100 + 4, then 2 in each of periods 1–11, 0 after; retention: period 12 (Feb 28–Mar 28 2025,
    // days 365–393) holds Feb 28 and Mar 28 (10), period 13 (Mar 29–Apr 28) Apr 28 (5).
    // At 1 MB a day: expired days 365–453 (89), cancelled day 454 (1).
    const arm = B.arm({
      start: '2024-02-29', months: 15, profiles: [B.constant(1)],
      plans: [B.plan({ quotaMB: 1000, monthlyFee: 2, term: { months: 12, price: 100 } })],
      policies: B.policies({ renewal: { kind: 'manual', lagDays: { kind: 'fixed', value: 0 }, forgetChance: 1 } }),
    });
    expect(events(arm, ['renewal', 'stop', 'retention', 'cancellation'])).toEqual([
      '0 renewal', '365 stop expired', '365 retention', '393 retention', '424 retention', '454 cancellation',
    ]);
    const s = series(arm);
    expect(s['cost.plan']).toEqual([104, ...Array<number>(11).fill(2), 0, 0, 0]);
    expect(s['cost.retention']).toEqual([...Array<number>(12).fill(0), 10, 5, 0]);
    const m = metrics(arm);
    expect(m['cost.plan']).toBe(126);
    expect(m['downtime.cardDays.expired']).toBe(89);
    expect(m['downtime.cardDays.cancelled']).toBe(1);
  });

  it('1-month terms renewed on their expiry run on the 29th until Feb 2025 clamps them to the 28th, where they stay', () => {
    // newTermFrom expiry: new expiry = old expiry + 1 month. Feb 29 → Mar 29 → … → Jan 29 2025 → Feb 28 → Mar 28 →
    // Apr 28 (day 424), all inside 14 months (to Apr 29 2025, day 425): 14 renewals after day 0's purchase, 15 terms.
    // (Expiries counted from the start, start + k months, would give Mar 29 and Apr 29 2025: 14 terms.)
    const arm = B.arm({ start: '2024-02-29', months: 14, plans: [B.plan({ quotaMB: 1000, term: { months: 1, price: 10 } })] });
    expect(events(arm, ['renewal']).map((l) => +l.split(' ')[0])).toEqual([0, 29, 60, 90, 121, 151, 182, 213, 243, 274, 304, 335, 365, 393, 424]);
    expect(metrics(arm)['cost.plan']).toBe(150);
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
