/**
 * Past the allowance: the throttle (达量限速), stop thresholds (停机阈值) and whole-term quotas
 * (docs/rules.md, "Quota, auto-stop, overage, throttle and stop thresholds" and "Long terms and
 * whole-term data"). One card on constant usage unless said otherwise; the scenario starts on
 * Thursday 2026-01-01, so day 0 = Jan 1, day 31 = Feb 1, day 59 = Mar 1.
 */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import * as B from '../helpers/build.ts';
import { metrics, series, timeline } from '../helpers/run.ts';
import { armArb } from '../reference/arbitrary.ts';
import { runEngine } from '../reference/engine.ts';
import { runReference } from '../../tools/reference/model.ts';
import { describeEvent, traceCard, type ArmConfig } from '../../engine/index.ts';
import { scenario } from '../helpers/build.ts';

const oneMonth = (plan: Partial<Parameters<typeof B.plan>[0]>, mb = 6) => B.arm({ months: 1, plans: [B.plan(plan)], profiles: [B.constant(mb)] });

describe('the throttle', () => {
  it('6 MB/day on 100 MB throttled to 1 MB/day: full service to day 15, 5 of 6 MB on day 16, 1 of 6 after; no stop, no overage', () => {
    // Usage after day 15 (Jan 16) is 96. Day 16: 4 MB left in the allowance + 1 MB throttled = 5 served, 1 unserved
    // → 1/6 card-day throttled. Days 17–30 (14 days): 1 served, 5 unserved → 14 × 5/6. Throttled downtime 1/6 + 70/6 = 71/6.
    // Served 96 + 5 + 14 = 115 MB, unserved 1 + 70 = 71 MB; 31 days with demand.
    const arm = oneMonth({ throttle: { dailyMB: 1 } });
    expect(timeline(arm)).toEqual(['16 throttle']);
    const m = metrics(arm);
    expect(m['downtime.cardDays.throttled']).toBeCloseTo(71 / 6, 12);
    expect(m['downtime.cardDays']).toBeCloseTo(71 / 6, 12);
    expect(m['downtime.cardDays.overQuota']).toBe(0);
    expect(m.usageMB).toBeCloseTo(115, 12);
    expect(m.unservedMB).toBeCloseTo(71, 12);
    expect(m['cost.overage']).toBe(0);
    expect(m['stops.overQuota']).toBe(0);
    expect(m.availability).toBeCloseTo(1 - 71 / 6 / 31, 12);
    // A throttled card is online: the whole month in the online series.
    expect(series(arm).online[0]).toBe(1);
  });

  it('a new cycle ends the throttle', () => {
    // February repeats January: day 31 + 16 = 47 is the first throttled day of February.
    const arm = B.arm({ months: 2, plans: [B.plan({ throttle: { dailyMB: 1 } })], profiles: [B.constant(6)] });
    expect(timeline(arm).filter((l) => l.endsWith('throttle'))).toEqual(['16 throttle', '47 throttle']);
    // February (28 days): 1/6 on day 47, days 48–58 (11) × 5/6.
    expect(series(arm).usageMB).toEqual([115, 96 + 5 + 11]);
  });

  it('throttled to 3 MB/day with a stop at 120 % of the allowance (China Telecom style): throttled, then stopped at 120 MB', () => {
    // Day 16: 96 + 4 within + min(2, 3) = 102, all served. Days 17–21: 3 of 6 served (½ card-day throttled each):
    // 105, 108, 111, 114, 117. Day 22: 117 + 3 reaches the stop level 120: served 3, stopped; 3 unserved → ½
    // card-day over quota. Days 23–30 (8): stopped. Throttled 2.5, over quota 8.5; served 96 + 6 + 15 + 3 = 120.
    const arm = oneMonth({ throttle: { dailyMB: 3 }, stopThreshold: { pct: 120, overageCost: null } });
    expect(timeline(arm)).toEqual(['17 throttle', '22 stop overQuota']);
    const m = metrics(arm);
    expect(m['downtime.cardDays.throttled']).toBeCloseTo(2.5, 12);
    expect(m['downtime.cardDays.overQuota']).toBeCloseTo(8.5, 12);
    expect(m.usageMB).toBeCloseTo(120, 12);
    expect(m['stops.overQuota']).toBe(1);
  });

  it('a pool of two throttled cards shares the allowance, then each member gets its own daily throttle', () => {
    // Two cards of 6 MB/day share 200 MB: 192 after day 15. Day 16: 8 MB left for 12 MB of demand, f = 8/12;
    // each member 6 × 8/12 = 4 + min(2, 1) = 5 served, 1/6 throttled. Days 17–30: 1 of 6 each (5/6 throttled).
    // Per card as the single card above: served 115, throttled 71/6; the pool twice that.
    const arm = B.arm({ months: 1, plans: [B.plan({ throttle: { dailyMB: 1 } })], profiles: [B.constant(6)], cohorts: [B.cohort({ count: 2, poolSize: 2 })] });
    const m = metrics(arm);
    expect(m.usageMB).toBeCloseTo(230, 12);
    expect(m['downtime.cardDays.throttled']).toBeCloseTo(71 / 3, 12);
    expect(m['stops.overQuota']).toBe(0);
  });
});

describe('stop thresholds', () => {
  it('auto-stop at 90 % of a 100 MB allowance: usage reaches 90 exactly on day 14, stopped from day 15', () => {
    // 6 MB/day: 84 after day 13, 90 after day 14 = the stop level exactly: no downtime that day. Days 15–30 (16) down.
    const arm = oneMonth({ autoStop: true, stopThreshold: { pct: 90, overageCost: null } });
    expect(timeline(arm)).toEqual(['14 stop overQuota']);
    const m = metrics(arm);
    expect(m['downtime.cardDays.overQuota']).toBe(16);
    expect(m.usageMB).toBe(90);
  });

  it('an overage cap of 5 at 0.5 per MB stops the card 10 MB past the allowance', () => {
    // Stop level 100 + 5 / 0.5 = 110. Day 16: 96 → 102 (2 MB overage); day 17: → 108 (6); day 18: 108 + 6 passes 110:
    // served 2 (overage 2), 4 unserved → 2/3 card-day down; days 19–30 (12) stopped. Overage 10 MB × 0.5 = 5, the cap.
    const arm = oneMonth({ overagePerMB: 0.5, stopThreshold: { pct: null, overageCost: 5 } });
    expect(timeline(arm)).toEqual(['18 stop overQuota']);
    const m = metrics(arm);
    expect(m['cost.overage']).toBeCloseTo(5, 12);
    expect(m['downtime.cardDays.overQuota']).toBeCloseTo(2 / 3 + 12, 12);
    expect(m.usageMB).toBeCloseTo(110, 12);
  });

  it('an add-on pack lifts a threshold stop only when usage falls below the new stop level', () => {
    // 90 % of 100 MB: stopped on day 14 at 90 MB (as above). The alert at 80 % fires at the end of day 13 (84 MB);
    // the pack arrives on day 13 + 1 + 3 = 17: allowance 200, stop level 180 > 90 → the card resumes on day 17.
    const arm = B.arm({
      months: 1, plans: [B.plan({ autoStop: true, stopThreshold: { pct: 90, overageCost: null } })], profiles: [B.constant(6)],
      policies: B.policies({ alerts: { thresholdPct: 80, reactionDays: { kind: 'fixed', value: 3 }, maxPerCycle: 1 } }),
    });
    expect(timeline(arm)).toEqual(['13 alert', '14 stop overQuota', '17 addon', '17 resume overQuota']);
    // Down days 15 and 16.
    expect(metrics(arm)['downtime.cardDays.overQuota']).toBe(2);
  });
});

describe('whole-term quotas (quotaPer: term)', () => {
  // A 1-month term of 100 MB at 10, renewed automatically on its expiry (Feb 1, day 31), auto-stop.
  // January at 2 MB/day, February at 6 MB/day (a replayed trace).
  const trace = [...Array<number>(31).fill(2), ...Array<number>(28).fill(6)];
  const termArm = (quotaPer: 'cycle' | 'term') => B.arm({
    plans: [B.plan({ autoStop: true, term: { months: 1, price: 10 }, quotaPer })],
    profiles: [B.constant(1, { trace })],
  });

  it('the data left at a renewal carries over: February has 38 + 100 MB and stops exactly at the end of day 53', () => {
    // January uses 62 MB. The renewal on day 31 credits 100: usage 62 − 100 = −38, so 138 MB are left. At 6 MB/day
    // usage is −38 + 6 × 23 = 100 after day 31 + 22 = 53: stopped with no downtime that day; days 54–58 (5) down.
    const arm = termArm('term');
    expect(timeline(arm).filter((l) => l.includes('stop') || l.includes('resume'))).toEqual(['53 stop overQuota']);
    const m = metrics(arm);
    expect(m['downtime.cardDays.overQuota']).toBe(5);
    expect(m['cost.plan']).toBe(20);
  });

  it('the same card on a per-cycle quota loses January\'s unused data: stopped on day 47', () => {
    // February starts at 0 of 100: 96 after day 46, day 47 serves 4 of 6 (1/3 down), days 48–58 (11) down.
    const m = metrics(termArm('cycle'));
    expect(m['downtime.cardDays.overQuota']).toBeCloseTo(1 / 3 + 11, 12);
  });

  it('an over-quota stop lasts past a cycle start until the renewal brings more data', () => {
    // 100 MB for a 3-month term (expiry Apr 1, day 90), 2 MB/day, auto-stop: 100 MB after day 49 (Feb 19) → stopped
    // exactly, no downtime that day. The cycle start on Mar 1 does not lift it; the renewal on day 90 credits 100
    // (usage 0) and the card resumes. Down days 50–89 = 40; four months (120 days).
    const arm = B.arm({ months: 4, plans: [B.plan({ autoStop: true, term: { months: 3, price: 30 }, quotaPer: 'term' })], profiles: [B.constant(2)] });
    expect(timeline(arm).filter((l) => l.includes('stop') || l.includes('resume'))).toEqual(['49 stop overQuota', '90 resume overQuota']);
    const m = metrics(arm);
    expect(m['downtime.cardDays.overQuota']).toBe(40);
    expect(m['cost.plan']).toBe(60);
    expect(m.usageMB).toBe(100 + 30 * 2);
  });

  it("the trace says the term's usage stopped or throttled the card, not the cycle's, and the throttle lasts until the renewal", () => {
    const stopArm = B.arm({ months: 4, plans: [B.plan({ autoStop: true, term: { months: 3, price: 30 }, quotaPer: 'term' })], profiles: [B.constant(2)] });
    const stop = traceCard(scenario([stopArm], { seed: '1' }), { card: 0 }).find((e) => e.kind === 'stop')!;
    expect(stop).toMatchObject({ day: 49, reason: 'overQuota', term: true });
    expect(describeEvent(stop)).toBe('overQuota: term usage reached the 100 MB allowance (auto-stop)');
    const thrArm = B.arm({ months: 4, plans: [B.plan({ autoStop: false, throttle: { dailyMB: 1 }, term: { months: 3, price: 30 }, quotaPer: 'term' })], profiles: [B.constant(2)] });
    const throttles = traceCard(scenario([thrArm], { seed: '1' }), { card: 0 }).filter((e) => e.kind === 'throttle');
    // Once a term: day 50 (100 MB used after day 49) and not again at the Mar 1 cycle start; the renewal on day 90 brings 100 MB, used up after day 139 (past the horizon of 120 days).
    expect(throttles.map((e) => e.day)).toEqual([50]);
    expect(describeEvent(throttles[0])).toBe('the 100 MB allowance is used up: slowed to 1 MB a day until a renewal brings the next term');
    // A cycle plan's say the cycle, as before.
    const cycle = traceCard(scenario([oneMonth({ autoStop: true, quotaMB: 100 })], { seed: '1' }), { card: 0 }).find((e) => e.kind === 'stop')!;
    expect(cycle).not.toHaveProperty('term');
    expect(describeEvent(cycle)).toBe('overQuota: cycle usage reached the 100 MB allowance (auto-stop)');
  });

  it('usage past the allowance, billed as overage, does not carry over: the renewal brings a whole quota (rules audit)', () => {
    // 500 MB for a 6-month term (Jan 1 – Jul 1, day 181), overage at 0.29, 6 MB/day, renewed automatically, 8 months.
    // Term 1 uses 181 × 6 = 1086 MB: 586 MB of overage (169.94). The renewal on day 181 brings 500 MB whole: July and
    // August use 62 × 6 = 372 MB, no overage. Before, the 586 MB already billed ate the new quota and were billed again.
    const arm = B.arm({ months: 8, plans: [B.plan({ autoStop: false, overagePerMB: 0.29, quotaMB: 500, term: { months: 6, price: 30 }, quotaPer: 'term' })], profiles: [B.constant(6)] });
    const m = metrics(arm);
    expect(m['cost.overage']).toBeCloseTo(586 * 0.29, 9);
    expect(m['cost.plan']).toBe(60);
    expect(m.usageMB).toBe(243 * 6);
  });

  it('each term past its allowance bills its own overage once', () => {
    // The same plan at 4 MB/day over 14 months (to Mar 1, 2027): term 1 (181 days) uses 724 MB, 224 over; term 2
    // (Jul 1 – Jan 1, 184 days) 736 of a whole 500, 236 over; term 3 (59 days) 236, none. Before: 224, 460, 236 + 236.
    const plan = B.plan({ autoStop: false, overagePerMB: 1, quotaMB: 500, term: { months: 6, price: 30 }, quotaPer: 'term' });
    expect(metrics(B.arm({ months: 14, plans: [plan], profiles: [B.constant(4)] }))['cost.overage']).toBeCloseTo(224 + 236, 9);
  });

  it('a 120-month term runs (lifetime bundles): bought once, never renewed inside a 2-year horizon', () => {
    const arm = B.arm({ months: 24, plans: [B.plan({ term: { months: 120, price: 98 }, quotaPer: 'term', quotaMB: 500, autoStop: true })], profiles: [B.constant(1)] });
    const m = metrics(arm);
    expect(m['cost.plan']).toBe(98);
    // 500 MB at 1 MB/day: stopped after day 499, down for the rest of the 730 days.
    expect(m['downtime.cardDays.overQuota']).toBe(730 - 500);
  });
});

/** Random arms whose plans are all changed by `f`. */
const withPlans = (f: (p: ArmConfig['plans'][number]) => ArmConfig['plans'][number]) => armArb.map((a) => ({ ...a, plans: a.plans.map(f) }));

describe('properties', () => {
  test.prop([withPlans((p) => ({ ...p, autoStop: false, stopThreshold: null, throttle: { dailyMB: 2 } })), fc.string({ minLength: 1, maxLength: 4 })], { numRuns: 60 })(
    'a throttle without a stop threshold never stops a card over quota and never bills overage',
    (arm, seed) => {
      const m = runEngine(arm, seed).metrics;
      expect(m['stops.overQuota']).toBe(0);
      expect(m['downtime.cardDays.overQuota']).toBe(0);
      expect(m['cost.overage']).toBe(0);
    },
  );

  test.prop([withPlans((p) => ({ ...p, autoStop: false, throttle: null, stopThreshold: { pct: null, overageCost: 3 } })), fc.string({ minLength: 1, maxLength: 4 })], { numRuns: 60 })(
    'an overage cap bounds the overage: at most the cap per card per cycle (or per pool member), with no usage-data lag, packs or replacements',
    (arm, seed) => {
      // With a lag the overshoot until the cut lands is billed too, and a pack moves the stop level past the overage
      // already billed, and a replacement card starts the cycle's usage afresh (docs/rules.md): the bound holds without them.
      const m = runEngine({ ...arm, rules: { ...arm.rules, enforcementLagDays: 0 }, policies: { ...arm.policies, alerts: null, replacement: null } }, seed).metrics;
      const cards = arm.cohorts.reduce((n, c) => n + c.count, 0);
      // Cycles: at most months + 1 (day 0 starts one, and an anchor day other than the start adds one a month).
      expect(m['cost.overage']).toBeLessThanOrEqual(3 * cards * (arm.months + 1) + 1e-9);
    },
  );

  test.prop([withPlans((p) => ({ ...p, throttle: null, autoStop: false, stopThreshold: null })), fc.string({ minLength: 1, maxLength: 4 })], { numRuns: 40 })(
    'a throttle of 0 MB/day serves exactly what auto-stop serves, counted as throttled instead of over-quota downtime (lag 0, no packs, no manual stops)',
    (arm, seed) => {
      const base = { ...arm, rules: { ...arm.rules, enforcementLagDays: 0 }, policies: { ...arm.policies, alerts: null, idleStop: false }, actions: [] };
      const throttle = runReference({ ...base, plans: base.plans.map((p) => ({ ...p, throttle: { dailyMB: 0 } })) }, seed, 0).metrics;
      const stop = runReference({ ...base, plans: base.plans.map((p) => ({ ...p, autoStop: true })) }, seed, 0).metrics;
      expect(throttle.usageMB).toBeCloseTo(stop.usageMB, 6);
      expect(throttle['downtime.cardDays.throttled']).toBeCloseTo(stop['downtime.cardDays.overQuota'], 6);
    },
  );
});
