/**
 * Billing and arrears (docs/rules.md, "Billing and arrears"). One card on
 * 6 MB/day with a 1000 MB plan (no overage) from Thursday 2026-01-01:
 * day 31 = Feb 1, day 45 = Feb 15, day 59 = Mar 1, day 73 = Mar 15.
 */
import fc from 'fast-check';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import * as B from '../helpers/build.ts';
import { events, metrics, series } from '../helpers/run.ts';
import { traceCard } from '../../engine/index.ts';

const feePlan = B.plan({ quotaMB: 1000, monthlyFee: 10 });
const fixed = (value: number) => ({ kind: 'fixed' as const, value });
const billing = ['invoice', 'payment', 'stop', 'resume'];

describe('fees and invoices', () => {
  it('the monthly fee is charged at each cycle start, in full, and invoiced at the next', () => {
    // Fees on Jan 1, Feb 1, Mar 1: 30. Invoices on Feb 1 and Mar 1 (January's and February's fee).
    const arm = B.arm({ months: 3, plans: [feePlan] });
    expect(metrics(arm)['cost.plan']).toBe(30);
    expect(series(arm)['cost.plan']).toEqual([10, 10, 10]);
    expect(events(arm, ['invoice'])).toEqual(['31 invoice', '59 invoice']);
  });

  it('a plan with no fee and no overage issues no invoice', () => {
    expect(events(B.arm({ months: 3, plans: [B.plan({ quotaMB: 1000 })] }), ['invoice'])).toEqual([]);
  });

  it('a fee is not prorated: a card renewed mid-cycle after lapsing pays the whole fee that day', () => {
    // Start Jan 15 2026, 1-month term bought on day 0 (20), fee 10; cycles on the 1st.
    // Day 0 (Jan 15) fee; day 17 (Feb 1) fee; expiry day 31 (Feb 15), renewed 20 days late on day 51
    // (Mar 7): expired on Mar 1 (day 45) → no fee then; the renewal charges the full fee on Mar 7.
    // New expiry Feb 15 + 1 month = Mar 15 (day 59), after the horizon (Jan 15 + 2 months = day 59).
    // Plan: 20 + 20 (renewal) + 3 × 10 = 70. Retention: 5 on Feb 15 only. Down Feb 15 – Mar 6 = 20 days.
    const arm = B.arm({
      start: '2026-01-15',
      plans: [B.plan({ quotaMB: 1000, monthlyFee: 10, term: { months: 1, price: 20 } })],
      policies: B.policies({ renewal: { kind: 'manual', lagDays: fixed(20), forgetChance: 0 } }),
    });
    const m = metrics(arm);
    expect(m['cost.plan']).toBe(70);
    expect(m['cost.retention']).toBe(5);
    expect(m['downtime.cardDays.expired']).toBe(20);
  });
});

describe('arrears', () => {
  it('an invoice paid 20 days late stops the card on day 14 after issue until the restart the day after payment', () => {
    // Invoice Feb 1 (day 31), paid day 51; arrears at the start of day 45 (Feb 15); restart on day 52.
    // Down days 45–51 (7). Invoice Mar 1 (day 59): arrears day 73, payment day 79, restart day 80: 7 more.
    const arm = B.arm({ months: 3, plans: [feePlan], payers: [B.payer({ delayDays: fixed(20) })] });
    expect(events(arm, billing)).toEqual([
      '31 invoice', '45 stop arrears', '51 payment', '52 resume arrears',
      '59 invoice', '73 stop arrears', '79 payment', '80 resume arrears',
    ]);
    const m = metrics(arm);
    expect(m['stops.arrears']).toBe(2);
    expect(m['downtime.cardDays.arrears']).toBe(14);
  });

  it('a payment on the day the invoice falls overdue comes after the stop', () => {
    // Paid 14 days after issue = the arrears day: stopped on day 45, paid, restarted on day 46: 1 day down.
    const arm = B.arm({ plans: [feePlan], payers: [B.payer({ delayDays: fixed(14) })] });
    expect(events(arm, billing)).toEqual(['31 invoice', '45 stop arrears', '45 payment', '46 resume arrears']);
    expect(metrics(arm)['downtime.cardDays.arrears']).toBe(1);
  });

  it('a restart takes reactivationDelayDays after payment', () => {
    // As above with a 3-day restart: down days 45–47.
    const arm = B.arm({ plans: [feePlan], payers: [B.payer({ delayDays: fixed(14) })], rules: B.rules({ reactivationDelayDays: 3 }) });
    expect(metrics(arm)['downtime.cardDays.arrears']).toBe(3);
  });

  it('a forgotten invoice is paid afterStopDays after the arrears stop', () => {
    // Forgotten invoice of Feb 1: stop day 45, paid 3 days later (day 48), restart day 49: down 45–48 (4).
    // Mar 1 invoice: stop day 73, paid day 76, restart day 77: 4 more.
    const arm = B.arm({ months: 3, plans: [feePlan], payers: [B.payer({ missChance: 1, afterStopDays: fixed(3) })] });
    expect(events(arm, billing)).toEqual([
      '31 invoice', '45 stop arrears', '48 payment', '49 resume arrears',
      '59 invoice', '73 stop arrears', '76 payment', '77 resume arrears',
    ]);
    expect(metrics(arm)['downtime.cardDays.arrears']).toBe(8);
  });

  it('an invoice paid before it falls due never stops the card', () => {
    const arm = B.arm({ months: 3, plans: [feePlan], payers: [B.payer({ delayDays: fixed(13) })] });
    expect(metrics(arm)['stops.arrears']).toBe(0);
  });

  // Seed '3' with missChance 0.5 (draws keyed on the invoice's cycle: 1 on Feb 1, 2 on Mar 1): the Feb 1 invoice is remembered (paid 40 days later, day 71) and the
  // Mar 1 invoice (day 59) is forgotten. With arrearsAfterDays 0 each invoice falls due on its issue day.
  const overlapping = B.arm({
    months: 3,
    plans: [feePlan],
    payers: [B.payer({ delayDays: fixed(40), missChance: 0.5, afterStopDays: fixed(0) })],
    rules: B.rules({ arrearsAfterDays: 0 }),
  });

  it('(setup) under seed 3 the first invoice is remembered and the second forgotten', () => {
    const lines = traceCard(B.scenario([overlapping], { seed: '3' }), { card: 0 }).filter((e) => e.kind === 'invoice');
    expect(lines.map((e) => [e.day, e.paysInDays === null])).toEqual([[31, false], [59, true]]);
  });

  it('a forgotten invoice falling due while the card is already in arrears is still paid afterStopDays after', () => {
    expect(events(overlapping, ['payment'], 0, '3')).toEqual(['59 payment']);
  });
});

describe("the fee follows the plan's validity", () => {
  const lapsing = (p: Partial<ReturnType<typeof B.plan>> = {}) => B.plan({ quotaMB: 1000, monthlyFee: 3, term: { months: 1, price: 10 }, ...p });
  const forgotten = B.policies({ renewal: { kind: 'manual', lagDays: fixed(0), forgetChance: 1 } });

  it('a term bought on Jan 1 and never renewed pays January only: it expires on Feb 1, the first day of a cycle it is never valid in', () => {
    // Term 10 + January's fee 3 = 13 (not 16: February's cycle starts on the expiry day).
    // Retention 5 per started month from Feb 1 is a cost of its own.
    const arm = B.arm({ months: 2, plans: [lapsing()], policies: forgotten });
    const m = metrics(arm);
    expect(m['cost.plan']).toBe(13);
    expect(series(arm)['cost.plan']).toEqual([13, 0]);
    expect(m['cost.retention']).toBe(5);
  });

  it('renewed on its expiry day (auto renewal), the card pays that cycle too, once', () => {
    // Terms on Jan 1, Feb 1, Mar 1 (30) + fees for January, February, March (9) = 39.
    const arm = B.arm({ months: 3, plans: [lapsing()] });
    expect(metrics(arm)['cost.plan']).toBe(39);
    expect(series(arm)['cost.plan']).toEqual([13, 13, 13]);
  });

  it('renewed late within the cycle, the card pays the cycle on its renewal day', () => {
    // Expired Feb 1, renewed by hand 10 days late on Feb 11: term from Feb 1 to Mar 1 (10) and February's fee (3).
    const arm = B.arm({ months: 2, plans: [lapsing()], policies: B.policies({ renewal: { kind: 'manual', lagDays: fixed(10), forgetChance: 0 } }) });
    expect(series(arm)['cost.plan']).toEqual([13, 13]);
  });

  test.prop([
    fc.integer({ min: 0, max: 4 * 365 }).map((k) => new Date(Date.UTC(2024, 0, 1 + k))),
    fc.integer({ min: 1, max: 14 }),
    fc.constantFrom(1, 3, 6, 12),
    fc.integer({ min: 1, max: 28 }),
  ])('plan fees = monthly fee × the cycles with at least one valid day (one term, never renewed)', (date, months, T, anchor) => {
    const start = date.toISOString().slice(0, 10);
    const arm = B.arm({ start, months, plans: [lapsing({ term: { months: T, price: 10 } })], policies: forgotten, rules: B.rules({ cycleAnchorDay: anchor }) });
    // Valid days: [day 0, the term's end). Cycles start on day 0 and on each anchor day after it.
    const day = (d: Date) => Math.round((d.getTime() - date.getTime()) / 86_400_000);
    const plus = (m: number) => {
      const [y, mo, dd] = start.split('-').map(Number);
      const last = new Date(Date.UTC(y, mo - 1 + m + 1, 0)).getUTCDate();
      return new Date(Date.UTC(y, mo - 1 + m, Math.min(dd, last)));
    };
    const expiry = day(plus(T)), horizon = day(plus(months));
    let cycles = 0;
    for (let d = 0; d < horizon; d++) {
      const dom = new Date(date.getTime() + d * 86_400_000).getUTCDate();
      if ((d === 0 || dom === anchor) && d < expiry) cycles++;
    }
    expect(metrics(arm)['cost.plan']).toBeCloseTo(10 + 3 * cycles, 9);
  });
});
