/**
 * Terms, renewal, expiry, retention, cancellation, replacement, manual stops
 * and downtime precedence (docs/rules.md). One card on 6 MB/day with a 1000 MB
 * plan, from Thursday 2026-01-01: day 31 = Feb 1, 59 = Mar 1, 90 = Apr 1, 120 = May 1.
 * A 1-month term bought on day 0 ("fresh") expires on Feb 1 (day 31).
 */
import { describe, expect, it } from 'vitest';
import * as B from '../helpers/build.ts';
import { events, metrics, series, timeline } from '../helpers/run.ts';
import { describeEvent, traceCard, type Action, type ArmConfig, type Renewal } from '../../engine/index.ts';

const fixed = (value: number) => ({ kind: 'fixed' as const, value });
const termPlan = B.plan({ quotaMB: 1000, term: { months: 1, price: 20 } });
const manual = (lag: number, forgetChance = 0): Renewal => ({ kind: 'manual', lagDays: fixed(lag), forgetChance });
const withRenewal = (renewal: Renewal, a: Partial<ArmConfig> = {}): ArmConfig => B.arm({ plans: [termPlan], policies: B.policies({ renewal }), ...a });
const lifecycle = ['stop', 'resume', 'renewal', 'retention', 'cancellation', 'replacement', 'refused'];

describe('terms and renewal', () => {
  it('auto renewal renews on the expiry day with no lapse', () => {
    // Fresh term (20) on day 0; renewals on Feb 1 and Mar 1 (20 each); 3 months: no downtime.
    const arm = withRenewal({ kind: 'auto' }, { months: 3 });
    expect(events(arm, lifecycle)).toEqual(['0 renewal', '31 renewal', '59 renewal']);
    const m = metrics(arm);
    expect(m['cost.plan']).toBe(60);
    expect(m['downtime.cardDays']).toBe(0);
    expect(m['stops.expired']).toBe(0);
  });

  it('a late manual renewal inside the grace restores the card: downtime = the lag, one retention fee', () => {
    // Expires Feb 1 (day 31), retention 5 that day; renewed 5 days late on day 36 (Feb 6), service resumes.
    // New expiry Mar 1 = day 59 = the horizon (2 months). Down days 31–35 (5), reason expired.
    const arm = withRenewal(manual(5));
    // (The timeline notes the resumption in the renewal line.)
    expect(events(arm, lifecycle)).toEqual(['0 renewal', '31 stop expired', '31 retention', '36 renewal']);
    const m = metrics(arm);
    expect(m['downtime.cardDays.expired']).toBe(5);
    expect(m['cost.retention']).toBe(5);
    expect(m['cost.plan']).toBe(40);
    expect(m['stops.expired']).toBe(1);
  });

  it('an early manual renewal extends the term from the old expiry', () => {
    // Renewed 3 days early (day 28): new expiry Feb 1 + 1 month = Mar 1 (day 59), renewed on day 56. Never expired.
    const arm = withRenewal(manual(-3));
    expect(events(arm, lifecycle)).toEqual(['0 renewal', '28 renewal', '56 renewal']);
    expect(metrics(arm)['stops.expired']).toBe(0);
  });

  it('a manual renewal falls at the earliest on the day after the previous renewal (lag −60 days on 1-month terms)', () => {
    // docs/rules.md, Renewal policies: "the renewal day is expiry + lagDays (rounded; negative = early;
    // never before the day after the previous renewal)"; newTermFrom expiry: new expiry = old expiry + term.
    // Day 0 (Jan 1): the fresh term is bought (20), expiring Feb 1 (day 31).
    //   Its renewal: 31 − 60 = −29, before the day after day 0's purchase → day 1 (Jan 2).
    // Day 1: Feb 1 + 1 month = Mar 1 (day 59), after day 1: one term (20). Renewal: 59 − 60 = −1 → day 2.
    // Day 2: Mar 1 + 1 month = Apr 1 (day 90). Renewal: 90 − 60 = 30 (Jan 31), later than day 3: not moved.
    // Day 30: Apr 1 + 1 month = May 1 (day 120). Renewal: 120 − 60 = 60, the horizon (2 months = days 0–58).
    // Four terms, 80; the card never lapses. (Without the rule the overdue renewals of days −29 and −1 would all
    // fall on day 0, or on day 1 twice: the same 80, other days.)
    const arm = withRenewal(manual(-60));
    const bought = traceCard(B.scenario([arm]), { card: 0 }).flatMap((e) => (e.kind === 'renewal' ? [[e.day, e.terms, e.amount, e.expires]] : []));
    expect(bought).toEqual([[0, 1, 20, 31], [1, 1, 20, 59], [2, 1, 20, 90], [30, 1, 20, 120]]);
    const m = metrics(arm);
    expect(m['cost.plan']).toBe(80);
    expect(m['stops.expired']).toBe(0);
    expect(m['downtime.cardDays']).toBe(0);
  });

  it('newTermFrom renewal with a lag longer than the term: the clamp holds every day, one renewal a day', () => {
    // 1-month terms, lag −35, new expiry = renewal day + 1 month. Day 0 (Jan 1) buys a term to Feb 1 (day 31):
    // renewal 31 − 35 = −4 → day 1. A renewal on day k (Jan k+1) expires on Feb k+1 (day 31 + k; from Jan 29 on,
    // Feb 28 = day 58), and its own renewal, 31 + k − 35 = k − 4 (at most 58 − 35 = 23 < k + 1 for k ≥ 28), is moved
    // to day k + 1. So one renewal on each day 1…30 of January (1 month: days 0–30): 31 terms of 20.
    const arm = withRenewal(manual(-35), { months: 1, rules: B.rules({ newTermFrom: 'renewal' }) });
    expect(events(arm, ['renewal'])).toEqual(Array.from({ length: 31 }, (_, d) => `${d} renewal`));
    const last = traceCard(B.scenario([arm]), { card: 0 }).filter((e) => e.kind === 'renewal').at(-1);
    expect(last?.kind === 'renewal' && [last.date, last.expires]).toEqual(['2026-01-31', 58]);
    expect(metrics(arm)['cost.plan']).toBe(31 * 20);
  });

  it('newTermFrom expiry: the new term runs from the old expiry', () => {
    // Lag 10: renewed day 41 (Feb 11), new expiry Mar 1 (day 59); next renewal day 69. 3 months.
    const arm = withRenewal(manual(10), { months: 3 });
    expect(events(arm, ['stop', 'renewal'])).toEqual(['0 renewal', '31 stop expired', '41 renewal', '59 stop expired', '69 renewal']);
    expect(metrics(arm)['downtime.cardDays.expired']).toBe(20);
  });

  it('newTermFrom renewal: the new term runs from the renewal day', () => {
    // Lag 10: renewed day 41 (Feb 11), new expiry Mar 11 (day 69); renewed again day 79.
    const arm = withRenewal(manual(10), { months: 3, rules: B.rules({ newTermFrom: 'renewal' }) });
    expect(events(arm, ['stop', 'renewal'])).toEqual(['0 renewal', '31 stop expired', '41 renewal', '69 stop expired', '79 renewal']);
    expect(metrics(arm)['downtime.cardDays.expired']).toBe(20);
  });

  it('newTermFrom expiry: a renewal long after expiry buys terms until the expiry is after the renewal day', () => {
    // Lag 40: renewed day 71 (Mar 13). Feb 1 + 1 month = Mar 1 (day 59) ≤ 71, so a second term: Apr 1 (day 90).
    // Plan: 20 (day 0) + 2 × 20. Retention Feb 1 and Mar 1 (per started month): 10.
    const arm = withRenewal(manual(40), { months: 3 });
    const m = metrics(arm);
    expect(m['cost.plan']).toBe(60);
    expect(m['cost.retention']).toBe(10);
    expect(m['downtime.cardDays.expired']).toBe(40);
  });

  it('batch renewal renews every card expiring within coverDays on its day of month', () => {
    // Day 25 of each month with 10 days' cover: Jan 25 (day 24) sees expiry Feb 1 (31 ≤ 34): renewed to
    // Mar 1; Feb 25 (day 55): 59 ≤ 65 → Apr 1; Mar 25 (day 83): 90 ≤ 93 → May 1. Never expired.
    const arm = withRenewal({ kind: 'batch', dayOfMonth: 25, coverDays: 10 }, { months: 3 });
    expect(events(arm, lifecycle)).toEqual(['0 renewal', '24 renewal', '55 renewal', '83 renewal']);
    expect(metrics(arm)['cost.plan']).toBe(80);
  });

  it('batch renewal without cover lets cards lapse until the batch day, then renews the expired ones', () => {
    // Expires Feb 1 (day 31); Feb 25 (day 55) renews (new expiry Mar 1); expires Mar 1 (day 59); Mar 25
    // (day 83) renews. Down 31–54 and 59–82: 48 days.
    const arm = withRenewal({ kind: 'batch', dayOfMonth: 25, coverDays: 0 }, { months: 3 });
    expect(events(arm, ['stop', 'renewal'])).toEqual(['0 renewal', '31 stop expired', '55 renewal', '59 stop expired', '83 renewal']);
    expect(metrics(arm)['downtime.cardDays.expired']).toBe(48);
  });

  it('a spread initial term is not charged', () => {
    const arm = withRenewal({ kind: 'auto' }, { months: 1, cohorts: [B.cohort({ termStart: 'spread' })] });
    // The spread expiry falls in days 1..31; a renewal (20) may fall inside January, but never day 0's purchase.
    expect(events(arm, ['renewal'])).not.toContain('0 renewal');
  });
});

describe('expiry, retention and cancellation', () => {
  it('a forgotten renewal is cancelled after 3 months with 3 retention charges, then replaced', () => {
    // Expires Feb 1 (day 31); retention Feb 1, Mar 1, Apr 1 (15); cancelled May 1 (day 120); replaced 2 days
    // later (day 122, May 3): SIM 10 + visit 50, a fresh 20 term expiring Jun 3 (day 153), forgotten again:
    // expired Jun 3 – Jun 30 (28 days), retention 5 on Jun 3. Six months (181 days).
    // Down: expired 31–119 (89) + 153–180 (28) = 117; cancelled 120–121 (2).
    const arm = B.arm({
      months: 6,
      plans: [termPlan],
      policies: B.policies({ renewal: manual(0, 1), replacement: { delayDays: 2, simCost: 10, visitCost: 50 } }),
    });
    expect(events(arm, lifecycle)).toEqual([
      '0 renewal', '31 stop expired', '31 retention', '59 retention', '90 retention', '120 cancellation',
      '122 replacement', '122 renewal', '153 stop expired', '153 retention',
    ]);
    // The new card's term, bought with it (20, to Jun 3): the trace gives each amount of cost.plan (20 on day 0, 20 on day 122).
    const bought = traceCard(B.scenario([arm], { seed: '1' }), { card: 0 }).filter((e) => e.kind === 'renewal');
    expect(bought.map((e) => e.kind === 'renewal' && [e.day, e.initial, e.amount, e.expires])).toEqual([[0, true, 20, 31], [122, true, 20, 153]]);
    const m = metrics(arm);
    expect(m['cost.retention']).toBe(20);
    expect(m['cost.replacement']).toBe(60);
    expect(m['cost.plan']).toBe(40);
    expect(m.cancelled).toBe(1);
    expect(m.replaced).toBe(1);
    expect(m['stops.expired']).toBe(2);
    expect(m['downtime.cardDays.expired']).toBe(117);
    expect(m['downtime.cardDays.cancelled']).toBe(2);
  });

  it("what a cancelled number owed is never invoiced: the replacement's invoice and payment bill its own charges only (trace)", () => {
    // Fee 2 a month, a 2-month term from day 0 never renewed, grace 0, a payer who always forgets, replacement in 7 days.
    // Mar 1 (59): February's invoice of 2 is issued, the term ends and the number is cancelled the same day: that invoice
    // is never invoiced (no arrears stop on Mar 15). The new card (Mar 8) pays March's fee, invoiced Apr 1: 2, not 4.
    const arm = B.arm({
      months: 4,
      plans: [B.plan({ quotaMB: 1000, monthlyFee: 2, term: { months: 2, price: 10 } })],
      payers: [B.payer({ missChance: 1, afterStopDays: fixed(3) })],
      rules: B.rules({ graceMonths: 0 }),
      policies: B.policies({ renewal: manual(0, 1), replacement: { delayDays: 7, simCost: 0, visitCost: 0 } }),
    });
    const trace = traceCard(B.scenario([arm], { seed: '1' }), { card: 0 });
    const money = trace.flatMap((e) => e.kind === 'invoice' || e.kind === 'payment' ? [`${e.date} ${e.kind} ${e.amount}`]
      : e.kind === 'cancellation' ? [`${e.date} cancellation dropped ${e.dropped}`] : []);
    expect(money).toEqual([
      '2026-02-01 invoice 2', '2026-02-18 payment 2',
      '2026-03-01 invoice 2', '2026-03-01 cancellation dropped 2',
      '2026-04-01 invoice 2', '2026-04-18 payment 2',
    ]);
    expect(metrics(arm)['cost.plan']).toBe(10 + 10 + 2 + 2 + 2 + 2);
  });

  it('without replacement a cancelled card stays cancelled to the end of the horizon', () => {
    // Cancelled May 1 (day 120); May and June (61 days) down, reason cancelled.
    const arm = B.arm({ months: 6, plans: [termPlan], policies: B.policies({ renewal: manual(0, 1) }) });
    const m = metrics(arm);
    expect(m['downtime.cardDays.cancelled']).toBe(61);
    expect(series(arm).cancelled).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('retention per whole month is charged on each anniversary, the last on the cancellation day', () => {
    // retentionPerStartedMonth false: Mar 1, Apr 1, May 1 (the cancellation day, before it).
    const arm = B.arm({ months: 5, plans: [termPlan], policies: B.policies({ renewal: manual(0, 1) }), rules: B.rules({ retentionPerStartedMonth: false }) });
    expect(events(arm, ['retention', 'cancellation'])).toEqual(['59 retention', '90 retention', '120 retention', '120 cancellation']);
  });

  describe('anniversaries of an expiry on a 31st (months added with the day clamped)', () => {
    // docs/rules.md: "Adding months clamps the day of month (Jan 31 + 1 month = Feb 28/29)"; the retention fee is
    // charged "on each monthly anniversary" of the expiry, and "on expiry + graceMonths the card is cancelled".
    // Start Wed 2025-12-31 (day 0), 5 months (to May 31 2026, day 151). A fresh 1-month term bought on day 0
    // expires Dec 31 + 1 month = Jan 31 2026 (day 31), never renewed. Its anniversaries are Jan 31 + k months:
    // Feb 28 (day 59), Mar 31 (day 90), Apr 30 (day 120, + 3 months: the cancellation) — each counted from the
    // 31st, not from the clamped day before it (which would give Mar 28 and Apr 28).
    const from31st = (r: Partial<ReturnType<typeof B.rules>> = {}) =>
      withRenewal(manual(0, 1), { start: '2025-12-31', months: 5, rules: B.rules(r) });

    it('per started month: retention on Jan 31, Feb 28 and Mar 31; cancelled Apr 30', () => {
      const arm = from31st();
      expect(events(arm, lifecycle)).toEqual(['0 renewal', '31 stop expired', '31 retention', '59 retention', '90 retention', '120 cancellation']);
      const dates = traceCard(B.scenario([arm]), { card: 0 }).filter((e) => e.kind === 'retention' || e.kind === 'cancellation').map((e) => e.date);
      expect(dates).toEqual(['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30']);
      // Expired days 31–119 (89), cancelled days 120–150 (31), at 6 MB of demand a day.
      const m = metrics(arm);
      expect(m['cost.retention']).toBe(15);
      expect(m['downtime.cardDays.expired']).toBe(89);
      expect(m['downtime.cardDays.cancelled']).toBe(31);
    });

    it('per whole month: retention on Feb 28, Mar 31 and Apr 30, the last on the cancellation day', () => {
      const arm = from31st({ retentionPerStartedMonth: false });
      expect(events(arm, ['retention', 'cancellation'])).toEqual(['59 retention', '90 retention', '120 retention', '120 cancellation']);
    });
  });

  it('graceMonths sets the cancellation day', () => {
    // Grace 2: cancelled Apr 1 (day 90), 2 retention charges.
    const arm = B.arm({ months: 4, plans: [termPlan], policies: B.policies({ renewal: manual(0, 1) }), rules: B.rules({ graceMonths: 2 }) });
    expect(events(arm, ['retention', 'cancellation'])).toEqual(['31 retention', '59 retention', '90 cancellation']);
  });

  it('with one grace month and retention per started month a cancelled card pays one retention fee', () => {
    const arm = B.arm({ months: 3, plans: [termPlan], policies: B.policies({ renewal: manual(0, 1) }), rules: B.rules({ graceMonths: 1 }) });
    expect(events(arm, ['retention', 'cancellation'])).toEqual(['31 retention', '59 cancellation']);
  });

  it('a renewal inside the grace stops further retention charges and the cancellation', () => {
    // Lag 40 (day 71): retention Feb 1 and Mar 1 only; never cancelled (next expiry Apr 1 = the horizon).
    const arm = withRenewal(manual(40), { months: 3 });
    expect(events(arm, ['retention', 'cancellation'])).toEqual(['31 retention', '59 retention']);
  });

  it('a pooled card with replacement delay 0 is replaced on its cancellation day', () => {
    const arm = B.arm({
      months: 6,
      plans: [termPlan],
      cohorts: [B.cohort({ count: 2, poolSize: 2 })],
      policies: B.policies({ renewal: manual(0, 1), replacement: { delayDays: 0, simCost: 10, visitCost: 50 } }),
    });
    expect(events(arm, ['cancellation', 'replacement'])).toEqual(['120 cancellation', '120 replacement']);
  });

  it('an individual card with replacement delay 0 is replaced on its cancellation day', () => {
    const arm = B.arm({
      months: 6,
      plans: [termPlan],
      policies: B.policies({ renewal: manual(0, 1), replacement: { delayDays: 0, simCost: 10, visitCost: 50 } }),
    });
    expect(events(arm, ['cancellation', 'replacement'])).toEqual(['120 cancellation', '120 replacement']);
  });
});

describe('the fee of a card stopped by hand (rules.manualStopFee)', () => {
  const act = (a: Pick<Action, 'do' | 'days'>): Action => ({ cohort: null, from: 0, to: null, fraction: 1, draw: 0, plan: null, ...a });
  const idleFeb = (rules: Parameters<typeof B.rules>[0]) =>
    B.arm({ months: 4, plans: [B.plan({ quotaMB: 1000, monthlyFee: 10 })], profiles: [B.constant(6, { idleMonths: [2] })], policies: B.policies({ idleStop: true }), rules: B.rules(rules) });

  it('monthly (default): a card stopped by hand pays its monthly fee, as the seed has it (a stop saves data, not fees)', () => {
    // Cycles on the 1st: fees Jan, Feb, Mar, Apr; stopped Feb 1 (after the cycle start), resumed Mar 1.
    const m = metrics(idleFeb({}));
    expect(m['cost.plan']).toBe(40);
    expect(m['cost.retention']).toBe(0);
    expect(metrics(idleFeb({ manualStopFee: 'monthly' }))).toEqual(m);
  });

  it('retention (停机保号): a cycle that starts stopped by hand pays the retention fee instead (found by a hand-check hunt: the idle policy never saved anything)', () => {
    // The idle stop on Feb 1 comes before the fee of the cycle starting that day (step 2b): 5 instead of 10.
    const arm = idleFeb({ manualStopFee: 'retention' });
    const m = metrics(arm);
    expect(m['cost.plan']).toBe(30);
    expect(m['cost.retention']).toBe(5);
    expect(m['cost.total']).toBe(35);
    expect(m['stops.manual']).toBe(1);
    const t = traceCard(B.scenario([arm]), { card: 0 }).filter((e) => e.kind === 'retention' || e.kind === 'stop' || e.kind === 'resume');
    expect(t.map((e) => `${e.day} ${e.kind}`)).toEqual(['31 stop', '31 retention', '59 resume']);
    expect(t[1]).toMatchObject({ amount: 5, stopped: true });
  });

  it('retention, cycles on the 15th: the cycle from Feb 15 starts stopped and pays the retention fee; that is its fee, though the card is resumed on Mar 1', () => {
    // No proration: fees day 0 (the cycle under way), Jan 15, [Feb 15: retention 5], Mar 15, Apr 15.
    const whole = metrics(idleFeb({ cycleAnchorDay: 15, manualStopFee: 'retention' }));
    expect([whole['cost.plan'], whole['cost.retention']]).toEqual([40, 5]);
    expect(metrics(idleFeb({ cycleAnchorDay: 15 }))['cost.plan']).toBe(50);
    // Daily proration: day 0 pays Jan 1–14 of the cycle from Dec 15 (14/31 of it), then whole cycles but the one from Feb 15.
    const daily = metrics(idleFeb({ cycleAnchorDay: 15, feeProration: 'daily', manualStopFee: 'retention' }));
    const monthly = metrics(idleFeb({ cycleAnchorDay: 15, feeProration: 'daily' }));
    expect(monthly['cost.plan']).toBeCloseTo((10 * 14) / 31 + 40, 9);
    expect(daily['cost.plan']).toBeCloseTo((10 * 14) / 31 + 30, 9);
    expect(daily['cost.retention']).toBe(5);
  });

  it('retention: a fee that a renewal brings while the card is stopped by hand is the retention fee too', () => {
    // A 1-month term (price 3) renewed automatically on each expiry, the 1st; stopped by an action on Jan 20, resumed on Mar 10.
    // The terms end on cycle starts, so each cycle's fee comes with its renewal: Feb and Mar while stopped (retention 5 each), Apr after the resume.
    const arm = B.arm({
      months: 4,
      plans: [B.plan({ quotaMB: 1000, monthlyFee: 10, term: { months: 1, price: 3 } })],
      cohorts: [B.cohort({ count: 1, termStart: 'fresh' })],
      rules: B.rules({ manualStopFee: 'retention' }),
      actions: [act({ do: 'stop', days: [19] }), act({ do: 'resume', days: [68] })],
    });
    const m = metrics(arm);
    expect(m['cost.retention']).toBe(10);
    // terms Jan 1 (fresh), Feb, Mar, Apr: 12; fees Jan and Apr: 20.
    expect(m['cost.plan']).toBe(32);
    expect(metrics({ ...arm, rules: B.rules() })['cost.plan']).toBe(52);
  });
});

describe('a renewal of an expired card that is also stopped by hand', () => {
  it("says the expiry stop lifts and the card is still stopped, not that service resumes (a verification hunt)", () => {
    // A 1-month term from Jan 1, renewed 5 days late; stopped by an action on Jan 11: expired Feb 1, renewed Feb 6, still stopped.
    const act = (a: Pick<Action, 'do' | 'days'>): Action => ({ cohort: null, from: 0, to: null, fraction: 1, draw: 0, plan: null, ...a });
    const arm = B.arm({
      months: 2,
      plans: [B.plan({ quotaMB: 1000, term: { months: 1, price: 10 } })],
      cohorts: [B.cohort({ count: 1, termStart: 'fresh' })],
      policies: B.policies({ renewal: { kind: 'manual', lagDays: { kind: 'fixed', value: 5 }, forgetChance: 0 } }),
      actions: [act({ do: 'stop', days: [10] })],
    });
    const renewal = traceCard(B.scenario([arm]), { card: 0 }).find((e) => e.kind === 'renewal' && !e.initial)!;
    expect(renewal).toMatchObject({ day: 36, resumes: true, stillStopped: true });
    expect(describeEvent(renewal)).toBe('1 × 1-month term for 10; expires 2026-03-01; the expiry stop lifts (still stopped for another reason)');
  });
});

describe('manual stops (idle policy)', () => {
  const idle = (months: number[]) => B.constant(6, { idleMonths: months });

  it('an idle-month stop is not downtime when demand is 0', () => {
    // February idle: stopped by hand Feb 1, resumed Mar 1. No demand in February, so no downtime.
    const arm = B.arm({ months: 3, plans: [B.plan({ quotaMB: 1000 })], profiles: [idle([2])], policies: B.policies({ idleStop: true }) });
    expect(timeline(arm)).toEqual(['31 stop manual', '59 resume manual']);
    const m = metrics(arm);
    expect(m['stops.manual']).toBe(1);
    expect(m['downtime.cardDays']).toBe(0);
    expect(m.availability).toBe(1);
    expect(series(arm).manual).toEqual([0, 1, 0]);
  });

  it('a scenario starting in an idle month stops on day 0 (the month before counts as not idle)', () => {
    const arm = B.arm({ months: 2, plans: [B.plan({ quotaMB: 1000 })], profiles: [idle([1])], policies: B.policies({ idleStop: true }) });
    expect(timeline(arm)).toEqual(['0 stop manual', '31 resume manual']);
  });

  it('a manual stop is refused while the card is over quota, and counted', () => {
    // 20 MB/day, 100 MB auto-stop, cycles from the 27th: the cycle from Jan 27 (day 26) reaches 100 MB at the
    // end of day 30 (Jan 31). On Feb 1 the idle stop is requested: the card is over quota → refused.
    const arm = B.arm({
      months: 2,
      plans: [B.plan({ autoStop: true })],
      profiles: [B.constant(20, { idleMonths: [2] })],
      policies: B.policies({ idleStop: true }),
      rules: B.rules({ cycleAnchorDay: 27 }),
    });
    expect(events(arm, ['stop', 'refused'])).toEqual(['4 stop overQuota', '30 stop overQuota', '31 refused']);
    const m = metrics(arm);
    expect(m['stops.manualRefused']).toBe(1);
    expect(m['stops.manual']).toBe(0);
  });

  it('a manual stop is refused while the card is in arrears', () => {
    // Fee 10, paid 30 days late: invoice Feb 1, arrears Feb 15 (day 45), paid Mar 3 (day 61). March idle:
    // the request on Mar 1 (day 59) is refused.
    const arm = B.arm({
      months: 3,
      plans: [B.plan({ quotaMB: 1000, monthlyFee: 10 })],
      profiles: [idle([3])],
      payers: [B.payer({ delayDays: fixed(30) })],
      policies: B.policies({ idleStop: true }),
    });
    expect(events(arm, ['refused'])).toEqual(['59 refused']);
    expect(metrics(arm)['stops.manualRefused']).toBe(1);
  });

  it('a manual stop is refused while the card is expired', () => {
    // Forgotten renewal: expired Feb 1; March idle: refused on Mar 1.
    const arm = B.arm({
      months: 3,
      plans: [termPlan],
      profiles: [idle([3])],
      policies: B.policies({ idleStop: true, renewal: manual(0, 1) }),
    });
    expect(events(arm, ['refused'])).toEqual(['59 refused']);
    expect(metrics(arm)['stops.manualRefused']).toBe(1);
  });
});

describe('downtime precedence', () => {
  it('a card both expired and in arrears is down for expiry', () => {
    // Fee 10, invoices forgotten and paid only 100 days after the stop; renewal forgotten.
    // Feb 1 (day 31): invoice, then expiry; Feb 15 (day 45): arrears too. Down days 31–58 (28), all expired.
    const arm = B.arm({
      plans: [B.plan({ quotaMB: 1000, monthlyFee: 10, term: { months: 1, price: 20 } })],
      payers: [B.payer({ missChance: 1, afterStopDays: fixed(100) })],
      policies: B.policies({ renewal: manual(0, 1) }),
    });
    const m = metrics(arm);
    expect(m['downtime.cardDays']).toBe(28);
    expect(m['downtime.cardDays.expired']).toBe(28);
    expect(m['downtime.cardDays.arrears']).toBe(0);
    // The state series count every flag: February expired every day, in arrears half of it (14 of 28).
    const s = series(arm);
    expect(s.expired[1]).toBe(1);
    expect(s.arrears[1]).toBe(0.5);
    expect(s.online[1]).toBe(0);
  });
});

describe("a cohort's own renewal policy", () => {
  it('replaces the scenario policy for that cohort only', async () => {
    // Scenario policy: manual renewal, always forgotten. Cohort "auto" renews on its expiry days;
    // cohort "forgetful" lapses on 2026-02-01 (a fresh 1-month term) and is cancelled 3 months later.
    const { runScenario, traceCard } = await import('../../engine/index.ts');
    const arm = B.arm({
      months: 6,
      plans: [B.plan({ term: { months: 1, price: 10 } })],
      policies: B.policies({ renewal: { kind: 'manual', lagDays: { kind: 'fixed', value: 0 }, forgetChance: 1 } }),
      cohorts: [B.cohort({ name: 'auto', renewal: { kind: 'auto' } }), B.cohort({ name: 'forgetful' })],
    });
    const s = B.scenario([arm]);
    expect(traceCard(s, { card: 0 }).filter((e) => e.kind === 'renewal').map((e) => e.date)).toEqual([
      '2026-01-01', '2026-02-01', '2026-03-01', '2026-04-01', '2026-05-01', '2026-06-01',
    ]);
    expect(traceCard(s, { card: 1 }).filter((e) => e.kind === 'stop' || e.kind === 'cancellation').map((e) => `${e.date} ${e.kind}`)).toEqual([
      '2026-02-01 stop', '2026-05-01 cancellation',
    ]);
    const m = (await runScenario(s)).arms[0].metrics;
    expect(m['stops.expired'].mean).toBe(1);
    expect(m.cancelled.mean).toBe(1);
  });
});
