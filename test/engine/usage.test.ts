/**
 * Usage, quota, auto-stop, overage, enforcement lag, add-on packs, pools and
 * demand (docs/rules.md, "Usage" and "Quota, auto-stop and overage").
 * One card on constant usage unless said otherwise; the scenario starts on
 * Thursday 2026-01-01, so day 0 = Jan 1, day 31 = Feb 1, day 59 = Mar 1.
 */
import { describe, expect, it } from 'vitest';
import * as B from '../helpers/build.ts';
import { events, metrics, series, timeline } from '../helpers/run.ts';
import { traceCard, type Action } from '../../engine/index.ts';

const autoStop = B.plan({ autoStop: true });

describe('auto-stop', () => {
  it('a card on 6 MB/day with a 100 MB auto-stop plan stops on day 17 and resumes on the 1st', () => {
    // Usage after day k is 6(k+1): 96 after day 15 (Jan 16). Day 16 (Jan 17): 96 + 6 ≥ 100, served 4,
    // unserved 2 → 2/6 = 1/3 card-day down. Offline Jan 18–31 (14 days); overQuota clears Feb 1.
    // February: the same from day 31 + 16 = 47 (Feb 17): 1/3 + Feb 18–28 (11 days).
    const arm = B.arm({ plans: [autoStop] });
    expect(timeline(arm)).toEqual(['16 stop overQuota', '31 resume overQuota', '47 stop overQuota']);
    const m = metrics(arm);
    expect(m['downtime.cardDays']).toBeCloseTo(1 / 3 + 14 + 1 / 3 + 11, 12);
    expect(m['downtime.cardDays.overQuota']).toBeCloseTo(25 + 2 / 3, 12);
    expect(m['stops.overQuota']).toBe(2);
    expect(m.usageMB).toBe(200);
    expect(m.unservedMB).toBe(2 + 14 * 6 + 2 + 11 * 6);
    expect(m['cost.overage']).toBe(0);
    // 59 days with demand, 25 2/3 of them down.
    expect(m.availability).toBeCloseTo(1 - (25 + 2 / 3) / 59, 12);
  });

  it('a cut on an odd day of the run (the kernel serves days two at a time) stops that day: 94 MB stops on day 15', () => {
    // 90 MB after day 14 (Jan 15); day 15: 90 + 6 ≥ 94, served 4, unserved 2. Offline Jan 17–31 (15 days).
    // February from day 31: 90 after day 45, cut on day 46 (Feb 16), offline Feb 17–28 (12 days).
    const arm = B.arm({ plans: [B.plan({ autoStop: true, quotaMB: 94 })] });
    expect(timeline(arm)).toEqual(['15 stop overQuota', '31 resume overQuota', '46 stop overQuota']);
    const m = metrics(arm);
    expect(m.usageMB).toBe(188);
    expect(m.unservedMB).toBe(2 + 15 * 6 + 2 + 12 * 6);
    expect(m['downtime.cardDays']).toBeCloseTo(1 / 3 + 15 + 1 / 3 + 12, 12);
    expect(m.availability).toBeCloseTo(1 - (27 + 2 / 3) / 59, 12);
  });

  it('a cut day counts as online in the state series; the following days as over quota', () => {
    // January (31 days): online Jan 1–17 (17 days, the cut day included), overQuota Jan 18–31 (14).
    const s = series(B.arm({ plans: [autoStop] }));
    expect(s.online[0]).toBeCloseTo(17 / 31, 12);
    expect(s.overQuota[0]).toBeCloseTo(14 / 31, 12);
  });

  it('served and unserved MB by month: 100 and 2 + 14 × 6 = 86 in January, 100 and 2 + 11 × 6 = 68 in February', () => {
    const s = series(B.arm({ plans: [autoStop] }));
    expect(s.usageMB).toEqual([100, 100]);
    expect(s.unservedMB).toEqual([86, 68]);
  });

  it('a pool books its served and unserved MB by month too', () => {
    // Two cards in a pool of 2 × 100 MB, 6 MB/day each: 12 MB/day, 192 after 16 days, day 16 serves 8 of 12.
    // January: served 200, unserved 4 + 14 × 12 = 172; February (28 days): served 200, unserved 4 + 11 × 12 = 136.
    const s = series(B.arm({ plans: [autoStop], cohorts: [B.cohort({ count: 2, poolSize: 2 })] }));
    expect(s.usageMB).toEqual([200, 200]);
    expect(s.unservedMB).toEqual([172, 136]);
  });

  it('reaching the allowance exactly stops the card with no downtime that day', () => {
    // 10 MB/day, 100 MB: usage reaches 100 at the end of day 9 (Jan 10): stop, nothing unserved.
    // One month: down Jan 11–31 = 21 days.
    const arm = B.arm({ months: 1, plans: [autoStop], profiles: [B.constant(10)] });
    expect(timeline(arm)).toEqual(['9 stop overQuota']);
    expect(metrics(arm)['downtime.cardDays']).toBe(21);
    expect(metrics(arm).usageMB).toBe(100);
  });

  it('auto-stop off serves everything and bills the part past the allowance at overagePerMB', () => {
    // January 31 × 6 = 186 MB: 86 past 100 → 86 × 0.29 = 24.94. February 28 × 6 = 168: 68 → 19.72.
    const m = metrics(B.arm());
    expect(m['cost.overage']).toBeCloseTo(24.94 + 19.72, 10);
    expect(m['downtime.cardDays']).toBe(0);
    expect(m.usageMB).toBe(354);
    expect(m['stops.overQuota']).toBe(0);
  });

  it('with a one-day enforcement lag the cut lands the next morning and the overshoot is billed', () => {
    // Day 16: 96 + 6 = 102 served in full, 2 MB overage; cut at the start of day 17 (Jan 18).
    // Down Jan 18–31 (14) and Feb 18–28 (11); overage 2 + 2 MB × 0.29.
    const arm = B.arm({ plans: [autoStop], rules: B.rules({ enforcementLagDays: 1 }) });
    // The overage is invoiced on Feb 1 (and paid at once by the default payer).
    expect(timeline(arm)).toEqual(['17 stop overQuota', '31 invoice', '31 resume overQuota', '31 payment', '48 stop overQuota']);
    const m = metrics(arm);
    expect(m['downtime.cardDays']).toBe(25);
    expect(m['cost.overage']).toBeCloseTo(4 * 0.29, 12);
    expect(m.usageMB).toBe(204);
  });

  it('with a two-day lag the card overshoots for two days', () => {
    // Day 16: 102 (2 over), day 17: 108 (6 over), cut day 18. One month: overage 8 MB, down Jan 19–31 (13).
    const m = metrics(B.arm({ months: 1, plans: [autoStop], rules: B.rules({ enforcementLagDays: 2 }) }));
    expect(m['cost.overage']).toBeCloseTo(8 * 0.29, 12);
    expect(m['downtime.cardDays']).toBe(13);
  });

  it('a lagged cut due in the next cycle is dropped', () => {
    // 10 MB/day from Jan 22 (trace idle before): usage 100 on Jan 31 (day 30); lag 1 → cut due Feb 1,
    // the next cycle start, which drops it.
    const trace = Array.from({ length: 59 }, (_, d) => (d >= 21 && d <= 30 ? 10 : 0));
    const arm = B.arm({ plans: [autoStop], profiles: [B.constant(1, { trace })], rules: B.rules({ enforcementLagDays: 1 }) });
    expect(metrics(arm)['stops.overQuota']).toBe(0);
    expect(timeline(arm)).toEqual([]);
  });
});

describe('usage alerts and add-on packs', () => {
  const alerts = (thresholdPct: number, reaction = 0, maxPerCycle = 1) =>
    B.policies({ alerts: { thresholdPct, reactionDays: { kind: 'fixed', value: reaction }, maxPerCycle } });

  it('an add-on pack ordered at the cut restores service the next day', () => {
    // Cut on day 16 (1/3 down); the alert at 100 % fires at the end of day 16; the pack (100 MB for 10)
    // arrives at the start of day 17: allowance 200 > usage 100, service resumes. January then uses
    // 100 + 14 × 6 = 184 < 200. Same in February (cut day 47, pack day 48).
    const arm = B.arm({ plans: [autoStop], policies: alerts(100) });
    expect(timeline(arm).filter((l) => !/invoice|payment/.test(l))).toEqual([
      '16 stop overQuota', '16 alert', '17 addon', '17 resume overQuota',
      '47 stop overQuota', '47 alert', '48 addon', '48 resume overQuota',
    ]);
    const m = metrics(arm);
    expect(m['downtime.cardDays']).toBeCloseTo(2 / 3, 12);
    expect(m['cost.addon']).toBe(20);
  });

  it('an alert at 50 % with a 2-day reaction adds the pack before the cut', () => {
    // Usage 54 ≥ 50 at the end of day 8 → pack live on day 8 + 1 + 2 = 11; allowance 200 is not reached
    // in January (186). One month: no stop, one pack.
    const m = metrics(B.arm({ months: 1, plans: [autoStop], policies: alerts(50, 2) }));
    expect(m['stops.overQuota']).toBe(0);
    expect(m['cost.addon']).toBe(10);
    expect(m['downtime.cardDays']).toBe(0);
  });

  it('no more than maxPerCycle packs are bought in a cycle', () => {
    // 20 MB/day, 100 MB, packs of 100, alert at 100 %, two per cycle, one month:
    // cut day 4 (100), pack day 5 (200): cut day 9, pack day 10 (300): cut day 14, no third pack.
    const arm = B.arm({ months: 1, plans: [autoStop], profiles: [B.constant(20)], policies: alerts(100, 0, 2) });
    expect(events(arm, ['addon', 'stop'])).toEqual(['4 stop overQuota', '5 addon', '9 stop overQuota', '10 addon', '14 stop overQuota']);
    expect(metrics(arm)['cost.addon']).toBe(20);
  });

  it('an order still pending at the cycle start is dropped', () => {
    // 10 MB/day from Jan 22: usage 100 at the end of Jan 31 → alert, pack due Feb 1 + 2 days... but the
    // cycle starts Feb 1 and drops the order: no pack is bought.
    const trace = Array.from({ length: 59 }, (_, d) => (d >= 21 && d <= 30 ? 10 : 0));
    const arm = B.arm({ plans: [autoStop], profiles: [B.constant(1, { trace })], policies: alerts(100, 2) });
    expect(metrics(arm)['cost.addon']).toBe(0);
  });

  it('no usage, no alert: on a pay-per-MB plan (quota 0) an idle card buys no pack; one that uses data alerts on its first day of use (found by an extreme-values hunt: a pack every cycle for an idle card)', () => {
    const payg = B.plan({ quotaMB: 0, overagePerMB: 0.29, addon: { sizeMB: 100, price: 10 } });
    const idle = B.arm({ months: 3, plans: [payg], profiles: [B.constant(0)], policies: alerts(80) });
    expect(events(idle, ['alert', 'addon'])).toEqual([]);
    expect(metrics(idle)['cost.addon']).toBe(0);
    // From Jan 10 on, 1 MB a day: the first use (day 9) reaches 80 % of 0; the pack (100 MB) comes the next day.
    const trace = Array.from({ length: 31 }, (_, d) => (d >= 9 ? 1 : 0));
    const waking = B.arm({ months: 1, plans: [payg], profiles: [B.constant(1, { trace })], policies: alerts(80) });
    expect(events(waking, ['alert', 'addon'])).toEqual(['9 alert', '10 addon']);
  });

  it('an alert at 55 % of 100 MB fires on the day usage reaches exactly 55 MB', () => {
    // 5 MB/day: usage 55 at the end of day 10 (Jan 11) → alert on day 10.
    const arm = B.arm({ months: 1, profiles: [B.constant(5)], policies: alerts(55) });
    expect(events(arm, ['alert'])).toEqual(['10 alert']);
  });
});

describe('pools', () => {
  it('pooled cards share N × quota and stop together, each served the same fraction', () => {
    // Two cards of 6 MB/day share 200 MB: 12 MB/day, 192 after day 15; day 16 brings 12 with room 8:
    // each is served 8/12, so each is down 1/3; both stop. One month: each down 1/3 + 14 days.
    const arm = B.arm({ months: 1, plans: [autoStop], cohorts: [B.cohort({ count: 2, poolSize: 2 })] });
    expect(timeline(arm, 0)).toEqual(['16 stop overQuota']);
    expect(timeline(arm, 1)).toEqual(['16 stop overQuota']);
    const m = metrics(arm);
    expect(m['stops.overQuota']).toBe(2);
    expect(m['downtime.cardDays']).toBeCloseTo(2 * (1 / 3 + 14), 12);
    expect(m.usageMB).toBeCloseTo(200, 12);
  });

  it('a pool with auto-stop off bills the pool overshoot as overage', () => {
    // 2 × 6 × 31 = 372 MB against 200: 172 × 0.29.
    const m = metrics(B.arm({ months: 1, cohorts: [B.cohort({ count: 2, poolSize: 2 })] }));
    expect(m['cost.overage']).toBeCloseTo(172 * 0.29, 10);
  });

  it("a partial last pool shares its own members' quotas", () => {
    // One card in a pool of 2: allowance 1 × 100 MB; January: 6 × 31 = 186 MB, 86 MB of overage at 0.29.
    const m = metrics(B.arm({ months: 1, cohorts: [B.cohort({ count: 1, poolSize: 2 })] }));
    expect(m['cost.overage']).toBeCloseTo(86 * 0.29, 9);
  });

  describe('the overage cap of a pool counts once per member', () => {
    // docs/rules.md, Pools: "The pool's stop level is computed as a card's, with A as the allowance and the overage
    // cap counted once per member (A + N × overageCost / overagePerMB)." An overage plan of 100 MB at 0.5 per MB
    // with a cap of 5 (quota-modes.test.ts: a single card stops at 110 MB, on day 18). One month (days 0–30).
    const capped = B.plan({ overagePerMB: 0.5, stopThreshold: { pct: null, overageCost: 5 } });

    it('a pool of 2 stops at 200 + 2 × 5 / 0.5 = 220 MB, its overage capped at 2 × 5 = 10', () => {
      // Two cards of 6 MB/day: pool usage 192 after day 15. Day 16: 204 (4 MB overage); day 17: 216 (12 more);
      // day 18: 216 + 12 ≥ 220: room 4 of the 12 MB wanted, each member served 4/12 (2 of its 6 MB) and down 2/3,
      // overage 216 + 4 − 216 = 4. Overage 20 MB × 0.5 = 10. Both stop; down days 19–30 (12) each.
      // (A cap counted once, 210 MB, would stop the pool on day 17 with an overage of 5.)
      const arm = B.arm({ months: 1, plans: [capped], cohorts: [B.cohort({ count: 2, poolSize: 2 })] });
      expect(timeline(arm, 0)).toEqual(['18 stop overQuota']);
      expect(timeline(arm, 1)).toEqual(['18 stop overQuota']);
      const stop = traceCard(B.scenario([arm]), { card: 1 }).find((e) => e.kind === 'stop');
      expect(stop?.kind === 'stop' && stop.reason === 'overQuota' && [stop.pool, stop.allowanceMB, stop.stopMB]).toEqual([true, 200, 220]);
      const m = metrics(arm);
      expect(m['cost.overage']).toBeCloseTo(10, 12);
      expect(m.usageMB).toBeCloseTo(220, 12);
      expect(m['stops.overQuota']).toBe(2);
      expect(m['downtime.cardDays.overQuota']).toBeCloseTo(2 * (2 / 3 + 12), 12);
    });

    it("a cohort's last, partial pool counts its own members: a pool of 1 stops at 100 + 1 × 10 = 110 MB, as a single card", () => {
      // Three cards in pools of 2: cards 0–1 as above (220 MB, overage 10); card 2 alone: A = 100, level 110:
      // 96 after day 15, 102, 108, then day 18 serves 2 of 6 (down 2/3), overage 10 MB × 0.5 = 5; down days 19–30.
      // (N = the pool size 2 would give it 120 MB: an exact stop on day 19 and an overage of 10.)
      const arm = B.arm({ months: 1, plans: [capped], cohorts: [B.cohort({ count: 3, poolSize: 2 })] });
      expect(timeline(arm, 2)).toEqual(['18 stop overQuota']);
      const m = metrics(arm);
      expect(m['cost.overage']).toBeCloseTo(10 + 5, 12);
      expect(m.usageMB).toBeCloseTo(220 + 110, 12);
      expect(m['downtime.cardDays.overQuota']).toBeCloseTo(3 * (2 / 3 + 12), 12);
    });
  });

  it("a pool's overage is invoiced to the members online that day, in even shares", () => {
    // docs/rules.md, Pools: "Overage is invoiced to every member online that day"; an invoice bills "overage (a
    // pool's: an even share over the members charged)" (engine/events.ts). Two cards of 6 MB/day share 200 MB,
    // overage at 0.29; an operator stops card 1 on Jan 21 (day 20, step 4) for good. January:
    //   days 0–15: 192 MB; day 16: 204, overage 4 MB → 2 each; days 17–19: 12 MB a day → 6 each a day, 18 each;
    //   days 20–30: card 1 is stopped (manual), card 0 alone is online: 6 MB a day of overage, 66, all card 0's.
    // Card 0: 2 + 18 + 66 = 86 MB = 24.94; card 1: 2 + 18 = 20 MB = 5.80; invoiced on Feb 1 (day 31).
    // February: card 0 alone, 28 × 6 = 168 MB < 200, no overage. Total 106 MB × 0.29 = 30.74.
    // (Charged to all members, each would owe 53 MB = 15.37.)
    const stop: Action = { do: 'stop', days: [20], cohort: null, from: 1, to: 1, fraction: 1, draw: 0, plan: null };
    const arm = B.arm({ cohorts: [B.cohort({ count: 2, poolSize: 2 })], actions: [stop] });
    const invoices = (card: number) => traceCard(B.scenario([arm]), { card }).flatMap((e) => (e.kind === 'invoice' ? [[e.day, +e.amount.toFixed(9)]] : []));
    expect(invoices(0)).toEqual([[31, 24.94]]);
    expect(invoices(1)).toEqual([[31, 5.8]]);
    const m = metrics(arm);
    expect(m['cost.overage']).toBeCloseTo(30.74, 10);
    expect(m['downtime.cardDays.manual']).toBe(39);
  });

  it('a pool that reaches its allowance exactly, auto-stop off, issues no invoice', () => {
    // Two cards of 5 MB/day, 200 MB: usage 200 exactly at the end of day 19; no overage until day 20.
    // Trace: 5 MB for 20 days then nothing. No fee, so no charge at all in January.
    const trace = Array.from({ length: 59 }, (_, d) => (d < 20 ? 5 : 0));
    const arm = B.arm({ cohorts: [B.cohort({ count: 2, poolSize: 2 })], profiles: [B.constant(1, { trace })] });
    expect(metrics(arm)['cost.overage']).toBe(0);
    expect(events(arm, ['invoice'])).toEqual([]);
  });
});

describe('demand', () => {
  it('the weekly pattern is Monday first', () => {
    // Only Mondays: Jan 5, 12, 19, 26 of 2026 → 4 × 5 MB.
    const arm = B.arm({ months: 1, plans: [B.plan({ quotaMB: 1000 })], profiles: [B.constant(5, { weekly: [1, 0, 0, 0, 0, 0, 0] })] });
    expect(metrics(arm).usageMB).toBe(20);
  });

  it('a trace is replayed cyclically from day 0', () => {
    // [1, 2, 3] over 31 days: 10 cycles (60 MB) + day 30 (30 mod 3 = 0 → 1 MB) = 61.
    const arm = B.arm({ months: 1, plans: [B.plan({ quotaMB: 1000 })], profiles: [B.constant(1, { trace: [1, 2, 3] })] });
    expect(metrics(arm).usageMB).toBe(61);
  });

  it('idle months have no demand, and firmware adds mb/days per day outside them', () => {
    // 2 MB/day, February idle; firmware 30 MB over 3 days from day 5 (+10 on Jan 6–8) and 40 MB over
    // 4 days from day 29 (Jan 30, 31: +10 each; Feb 1, 2 idle: nothing).
    // January: 31 × 2 + 30 + 20 = 112. February: 0. March 1–2 (3 months of 2026 would be 90 days; use 2 months).
    const arm = B.arm({
      plans: [B.plan({ quotaMB: 1000 })],
      profiles: [B.constant(2, { idleMonths: [2], firmware: [{ day: 5, mb: 30, days: 3 }, { day: 29, mb: 40, days: 4 }] })],
    });
    const m = metrics(arm);
    expect(m.usageMB).toBeCloseTo(112, 12);
  });

  it('a runaway device with hazard 1 is faulty from day 0, fixed after its duration, and faulty again the day after', () => {
    // Hazard 1: onset = x + 1 + floor(ln u / ln 0) = x + 1. Factor 10 for 3 days: days 0–2 × 10,
    // fixed on day 3, next onset day 4: 3 days in 4 are × 10. January: days with d mod 4 = 3 are
    // 3, 7, …, 27 (7 days): 24 × 10 + 7 × 1 = 247 MB.
    const runaway = { dailyHazard: 1, factor: { kind: 'fixed' as const, value: 10 }, durationDays: { kind: 'fixed' as const, value: 3 } };
    const arm = B.arm({ months: 1, plans: [B.plan({ quotaMB: 10000 })], profiles: [B.constant(1, { runaway })] });
    expect(metrics(arm).usageMB).toBeCloseTo(247, 9);
    expect(events(arm, ['runaway']).slice(0, 3)).toEqual(['0 runaway', '3 runaway', '4 runaway']);
  });
});

describe('demand below 0', () => {
  it("counts as none, for a lone card, a pool and the in-service replay alike: noise of −1 or 1 runs as noise of 0 or 1, draw for draw (found by an extreme-values hunt: a pool's usage went down, an auto-stop pool served 310 MB of 100 and never stopped)", () => {
    const noise = (low: number) => B.constant(10, { noise: { kind: 'empirical', values: [low, 1], weights: [1, 1] } });
    const overage = B.plan({ name: 'o', quotaMB: 50, overagePerMB: 1 }), stop = B.plan({ name: 'a', quotaMB: 50, autoStop: true });
    const cohorts = [
      B.cohort({ name: 'lone', count: 2, plan: 'o' }), B.cohort({ name: 'pooled', count: 2, plan: 'o', poolSize: 2 }), B.cohort({ name: 'pooledStop', count: 2, plan: 'a', poolSize: 2 }),
      B.cohort({ name: 'inService', count: 2, plan: 'o', opening: 'inService', termStart: 'spread' }),
    ];
    const run = (low: number) => metrics(B.arm({ start: '2026-01-20', months: 1, plans: [overage, stop], profiles: [noise(low)], cohorts }));
    const negative = run(-1), zero = run(0);
    expect(negative).toEqual(zero);
    // The draws differ in the two runs only where the noise is −1 or 0: some days must have drawn it.
    expect(zero.usageMB).toBeLessThan(8 * 10 * 31);
    expect(zero['stops.overQuota']).toBeGreaterThan(0);
  });
});
