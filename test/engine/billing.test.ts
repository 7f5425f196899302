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
import { describeEvent, traceCard } from '../../engine/index.ts';
import { armArb } from '../reference/arbitrary.ts';

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

describe('fee proration (rules.feeProration: daily)', () => {
  const daily = B.rules({ feeProration: 'daily' });
  const lapsing = (rules = daily) => B.arm({
    start: '2026-01-15',
    rules,
    plans: [B.plan({ quotaMB: 1000, monthlyFee: 10, term: { months: 1, price: 20 } })],
    policies: B.policies({ renewal: { kind: 'manual', lagDays: fixed(20), forgetChance: 0 } }),
  });

  it('each valid day of a cycle pays its share of the fee: the lapsing card above pays 5 + 250/31 instead of 30', () => {
    // As the test above, cycles on the 1st. Day 0 (Jan 15): the cycle Jan 1 – Feb 1 (31 days), valid to its end:
    // 17/31 of 10. Feb 1: valid to the expiry, Feb 15: 14 of 28 days, 5. Mar 1: expired, nothing. The renewal on
    // Mar 7 runs to Mar 15: 8 of the 31 days of March. Terms 40.
    const m = metrics(lapsing());
    expect(m['cost.plan']).toBeCloseTo(40 + 170 / 31 + 5 + 80 / 31, 12);
    expect(series(lapsing())['cost.plan'].map((x) => +x.toFixed(9))).toEqual([+(20 + 170 / 31 + 5).toFixed(9), +(20 + 80 / 31).toFixed(9)]);
    // The invoices bill what was charged: Feb 1 January's share, Mar 1 February's.
    const invoices = traceCard(B.scenario([lapsing()]), { card: 0 }).flatMap((e) => (e.kind === 'invoice' ? [+e.amount.toFixed(9)] : []));
    expect(invoices).toEqual([+(170 / 31).toFixed(9), 5 + 5]); // February's: its fee share and the retention fee of Feb 15
    expect(metrics(lapsing(B.rules()))['cost.plan']).toBe(70);
  });

  it('a plan without a term pays the days from the start to the first anchor day, then whole cycles', () => {
    // Start Jan 1 2026, anchor 15, 2 months: day 0 lies in the cycle Dec 15 – Jan 15 (31 days), 14 of them in the run;
    // Jan 15 and Feb 15 start whole cycles (the second one runs past the horizon: charged whole at its start).
    const arm = B.arm({ months: 2, rules: B.rules({ feeProration: 'daily', cycleAnchorDay: 15 }), plans: [B.plan({ quotaMB: 1000, monthlyFee: 10 })] });
    expect(metrics(arm)['cost.plan']).toBeCloseTo(20 + 140 / 31, 12);
  });

  it('a replacement pays from the day it goes live', () => {
    // 1-month term (20) from Jan 1, never renewed, grace 0: cancelled Feb 1 (day 31), replaced 10 days later, Feb 11
    // (a new term to Mar 11, 20): 18 of February's 28 days, 90/14. January 10. Two months.
    const arm = B.arm({
      months: 2,
      rules: B.rules({ feeProration: 'daily', graceMonths: 0 }),
      plans: [B.plan({ quotaMB: 1000, monthlyFee: 10, term: { months: 1, price: 20 } })],
      policies: B.policies({ renewal: { kind: 'manual', lagDays: fixed(0), forgetChance: 1 }, replacement: { delayDays: 10, simCost: 0, visitCost: 0 } }),
    });
    expect(metrics(arm)['cost.plan']).toBeCloseTo(20 + 10 + 20 + 180 / 28, 12);
  });

  test.prop([
    fc.integer({ min: 1, max: 28 }), fc.date({ min: new Date('2024-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }),
    fc.integer({ min: 1, max: 14 }), fc.integer({ min: 1, max: 12 }),
  ], { numRuns: 80 })(
    'a card renewed on time pays the fee × the share of each cycle it is valid, to the last expiry it bought (computed here from dates)',
    (anchor, start, months, termMonths) => {
      const iso = start.toISOString().slice(0, 10);
      const arm = (term: { months: number; price: number } | null) => B.arm({
        start: iso, months,
        rules: B.rules({ feeProration: 'daily', cycleAnchorDay: anchor }),
        plans: [B.plan({ quotaMB: 1000, monthlyFee: 30, term })],
        policies: B.policies({ renewal: { kind: 'auto' } }),
      });
      // Days as UTC day numbers; months added with the day clamped to the month's end (docs/rules.md, Calendar).
      const day = (y: number, m: number, d: number) => Date.UTC(y, m, d) / 864e5;
      const plus = (z: number, n: number) => {
        const t = new Date(z * 864e5), y = t.getUTCFullYear(), m = t.getUTCMonth() + n;
        return day(y, m, Math.min(t.getUTCDate(), new Date(Date.UTC(y, m + 1, 0)).getUTCDate()));
      };
      const z0 = Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate()) / 864e5, end = plus(z0, months);
      // Auto renewal on each expiry day inside the horizon; the last expiry bought lies on or past its end.
      let last = plus(z0, termMonths);
      while (last < end) last = plus(last, termMonths);
      // Cycles from anchor day to anchor day, the first one holding the start.
      const t0 = new Date(z0 * 864e5);
      let from = t0.getUTCDate() >= anchor ? day(t0.getUTCFullYear(), t0.getUTCMonth(), anchor) : day(t0.getUTCFullYear(), t0.getUTCMonth() - 1, anchor);
      let fees = 0;
      for (let to = plus(from, 1); from < end; from = to, to = plus(from, 1)) fees += (30 * (Math.min(to, last) - Math.max(from, z0))) / (to - from);
      const withTerm = metrics(arm({ months: termMonths, price: 0 }))['cost.plan'];
      expect(Math.abs(withTerm - fees)).toBeLessThan(1e-9 * fees);
      // A plan without a term is valid past the horizon: each cycle started in the run is paid whole.
      fees = 0;
      from = t0.getUTCDate() >= anchor ? day(t0.getUTCFullYear(), t0.getUTCMonth(), anchor) : day(t0.getUTCFullYear(), t0.getUTCMonth() - 1, anchor);
      for (let to = plus(from, 1); from < end; from = to, to = plus(from, 1)) fees += (30 * (to - Math.max(from, z0))) / (to - from);
      expect(Math.abs(metrics(arm(null))['cost.plan'] - fees)).toBeLessThan(1e-9 * fees);
    },
  );

  test.prop([armArb, fc.string({ minLength: 1, maxLength: 4 })], { numRuns: 150 })(
    'never more than the whole fee: on random fleets cost.plan with daily proration is at most without, all else equal',
    (generated, seed) => {
      // Cards opened fresh: an in-service card's cycle under way was paid before the run, whole without proration
      // (not a cost of the run), to its expiry with it (a renewal in that cycle then pays the days past it).
      const arm = { ...generated, cohorts: generated.cohorts.map((c) => ({ ...c, opening: 'fresh' as const })) };
      const none = metrics({ ...arm, rules: { ...arm.rules, feeProration: 'none' } }, seed), prorated = metrics({ ...arm, rules: { ...arm.rules, feeProration: 'daily' } }, seed);
      expect(prorated['cost.plan']).toBeLessThanOrEqual(none['cost.plan'] * (1 + 1e-12));
      // Fees change amounts, not events: the same stops, downtime and cancellations.
      for (const k of ['stops.arrears', 'stops.expired', 'cancelled', 'downtime.cardDays'] as const) expect(prorated[k]).toBe(none[k]);
    },
  );
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

  describe('an invoice falling overdue while a restart is pending cancels the restart', () => {
    // docs/rules.md, Billing and arrears: "An invoice falling overdue while a restart is pending cancels the restart:
    // the card stays in arrears until the next payment." Step 5's order: arrears (overdue invoice), payment, restart.
    // Fee 10 a month, every invoice paid 20 days after issue, 3 months (days 0–89):
    //   Feb 1 (day 31) invoice of January's fee → overdue day 45 (arrears stop) → paid day 51 → restart 51 + R.
    //   Mar 1 (day 59) invoice of February's fee → overdue day 73 → paid day 79 → restart 79 + R.
    const withRestart = (R: number) => B.arm({ months: 3, plans: [feePlan], payers: [B.payer({ delayDays: fixed(20) })], rules: B.rules({ reactivationDelayDays: R }) });

    it('R = 25: the restart due on day 76 is cancelled on day 73; after the payment of day 79 it is due on day 104, past the horizon', () => {
      // In arrears from day 45 to the end (day 89): 45 card-days, one stop, no resume.
      const arm = withRestart(25);
      expect(events(arm, billing)).toEqual(['31 invoice', '45 stop arrears', '51 payment', '59 invoice', '79 payment']);
      const m = metrics(arm);
      expect(m['downtime.cardDays.arrears']).toBe(45);
      expect(m['stops.arrears']).toBe(1);
    });

    it('R = 22: a restart due on the very day the next invoice falls overdue (day 73) is cancelled too (arrears comes first)', () => {
      const arm = withRestart(22);
      expect(events(arm, billing)).toEqual(['31 invoice', '45 stop arrears', '51 payment', '59 invoice', '79 payment']);
      expect(metrics(arm)['downtime.cardDays.arrears']).toBe(45);
    });

    it('R = 21: the restart (day 72) comes before the overdue day: online on day 72, stopped again on day 73', () => {
      // Down 45–71 (27) and 73–89 (17; the restart after the payment of day 79 is due on day 100): 44.
      const arm = withRestart(21);
      expect(events(arm, billing)).toEqual(['31 invoice', '45 stop arrears', '51 payment', '59 invoice', '72 resume arrears', '73 stop arrears', '79 payment']);
      const m = metrics(arm);
      expect(m['downtime.cardDays.arrears']).toBe(44);
      expect(m['stops.arrears']).toBe(2);
    });
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

describe('a restart called off', () => {
  it('the trace says so when another invoice falls overdue before the restart after a payment (found by a hand-check hunt: the promised restart just never came)', () => {
    // Fee 10 a month, paid 15 days after each invoice, restart 30 days after payment. Invoice Feb 1 → overdue Feb 15 (day 45),
    // paid Feb 16 → restart planned Mar 18 (day 76); invoice Mar 1 → overdue Mar 15 (day 73), before it: called off.
    const arm = B.arm({ months: 4, plans: [B.plan({ quotaMB: 1000, monthlyFee: 10 })], payers: [B.payer({ delayDays: fixed(15) })], rules: B.rules({ reactivationDelayDays: 30 }) });
    const t = traceCard(B.scenario([arm]), { card: 0 });
    const off = t.filter((e) => e.kind === 'restartCancelled');
    expect(off.map((e) => [e.day, e.kind === 'restartCancelled' && e.plannedFor])).toEqual([[73, 76], [104, 104]]);
    expect(describeEvent(off[0])).toBe('the restart planned for 2026-03-18 is called off: another invoice is overdue, the card stays in arrears');
    // One arrears stop in all: the card never restarted.
    expect(t.filter((e) => e.kind === 'stop').map((e) => e.day)).toEqual([45]);
    expect(metrics(arm)['stops.arrears']).toBe(1);
  });
});
