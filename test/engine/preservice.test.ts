/** Pre-service cards (engine/preservice.ts; docs/rules.md, "Pre-service cards"): hand-worked cases and a property. */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { compileArm, describeEvent, runScenario, traceCard, type ArmConfig, type ImportedCards, type PreService } from '../../engine/index.ts';
import { forcedActivationDay } from '../../engine/preservice.ts';
import { arm, cohort, constant, plan, scenario } from '../helpers/build.ts';
import { armArb, preServiceArb } from '../reference/arbitrary.ts';

const pre = (p: Partial<PreService> = {}): PreService => ({ test: null, silent: { unit: 'months', length: 6 }, deployDays: { kind: 'fixed', value: 0 }, ...p });

describe('pre-service cards, worked on paper', () => {
  it('a test period used up in 3 days, then activation on first use: billing and the quota start that day', async () => {
    // 4 MB/day from 2026-01-01, test 10 MB for 30 days, plan 100 MB auto-stop, fee 10 a month, 3 months.
    // Test: Jan 1–3 serve 4 + 4 + 4 = 12 MB free; 12 ≥ 10 at the end of Jan 3: silent from Jan 4.
    // Jan 4 has demand: activated (fee 10), its 4 MB the first of the cycle. 4 MB × 25 days (Jan 4–28) = 100:
    // cut on Jan 28 with nothing unserved; Jan 29–31 down (3 days, 12 MB). Feb 1: fee 10, Feb 1–25 serve 100,
    // cut Feb 25, Feb 26–28 down (3, 12 MB). Mar 1: fee 10, cut Mar 25, Mar 26–31 down (6, 24 MB).
    // Plan 30; downtime 12 card-days; served 12 + 3 × 100 = 312 MB; unserved 48 MB; 3 over-quota stops;
    // 90 days with demand: availability 1 − 12/90. States in January: pre-service Jan 1–4 (the activation day
    // counts as pre-service: states are tallied before the day's demand), online Jan 5–28, over quota Jan 29–31.
    const s = scenario([arm({
      months: 3,
      plans: [plan({ quotaMB: 100, monthlyFee: 10, autoStop: true })],
      profiles: [constant(4)],
      cohorts: [cohort({ termStart: 'spread', preService: pre({ test: { days: 30, allowanceMB: 10 } }) })],
    })]);
    const t = traceCard(s, { card: 0 });
    expect(t.slice(0, 4).map((e) => `${e.date} ${e.kind}`)).toEqual(['2026-01-01 preService', '2026-01-03 testEnd', '2026-01-04 activation', '2026-01-28 stop']);
    const r = (await runScenario(s)).arms[0];
    expect(r.metrics['cost.plan'].mean).toBe(30);
    expect(r.metrics['downtime.cardDays'].mean).toBe(12);
    expect(r.metrics['downtime.cardDays.overQuota'].mean).toBe(12);
    expect(r.metrics.usageMB.mean).toBe(312);
    expect(r.metrics.unservedMB.mean).toBe(48);
    expect(r.metrics['stops.overQuota'].mean).toBe(3);
    expect(r.metrics.availability.mean).toBeCloseTo(1 - 12 / 90, 9);
    expect(r.series.preService.map((x) => x * 31)[0]).toBeCloseTo(4, 6);
    expect(r.series.online[0] * 31).toBeCloseTo(24, 6);
    expect(r.series.overQuota[0] * 31).toBeCloseTo(3, 6);
    expect(r.series.preService.slice(1)).toEqual([0, 0]);
  });

  it('a card in a drawer is forcibly activated after a 90-day silent period and pays for months before its device is installed', async () => {
    // 2 MB/day device installed on day 200 (2026-07-20: 31 + 28 + 31 + 30 + 31 + 30 = 181 days to Jul 1, + 19).
    // Silent {days: 90}: forced activation on day 90 = 2026-04-01 (31 + 28 + 31), a cycle start: the 12-month
    // term is bought (120) and the cycle start charges the fee (5) once; Apr–Dec: 9 fees = 45. Plan 165.
    // Served: days 200–364, 165 days × 2 = 330 MB; never down. Pre-service: all of Jan, Feb, Mar; none after.
    const s = scenario([arm({
      months: 12,
      plans: [plan({ quotaMB: 100, monthlyFee: 5, term: { months: 12, price: 120 } })],
      profiles: [constant(2)],
      cohorts: [cohort({ termStart: 'spread', preService: pre({ silent: { unit: 'days', length: 90 }, deployDays: { kind: 'fixed', value: 200 } }) })],
    })]);
    const t = traceCard(s, { card: 0 });
    expect(t.slice(0, 3).map((e) => `${e.date} ${e.kind}`)).toEqual(['2026-01-01 preService', '2026-04-01 activation', '2026-04-01 renewal']);
    const r = (await runScenario(s)).arms[0];
    expect(r.metrics['cost.plan'].mean).toBe(165);
    expect(r.metrics.usageMB.mean).toBe(330);
    expect(r.metrics['downtime.cardDays'].mean).toBe(0);
    expect(r.series.preService).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(r.series.online).toEqual([0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
  });

  it('the silent period in months ends on the next 1st (CMCC, CT); in days on that day (CU)', () => {
    const cal = (start: string) => compileArm(arm({ start, months: 24 })).cal;
    const day = (start: string, silent: PreService['silent']) => {
      const c = cal(start);
      return new Date((c.start + forcedActivationDay(c, silent)) * 86400000).toISOString().slice(0, 10);
    };
    expect(day('2026-01-15', { unit: 'months', length: 6 })).toBe('2026-08-01'); // Jul 15, then the 1st of August
    expect(day('2026-01-01', { unit: 'months', length: 6 })).toBe('2026-07-01'); // the 6 months end with June
    expect(day('2026-01-01', { unit: 'days', length: 360 })).toBe('2026-12-27'); // Unicom: after 360 days, the next day
  });

  it('an imported test card continues its test from the data it has used', () => {
    // 25 of 30 test MB used before the start, 3 MB/day: 28 on Jan 1, 31 ≥ 30 on Jan 2; first use on Jan 3.
    const cards: ImportedCards = { id: ['89860000000000000001'], flags: [0], expiryDay: [null], usedMB: [25], meanDailyMB: [null], pool: [null], phase: [1] };
    const s = scenario([arm({ months: 1, profiles: [constant(3)], cohorts: [cohort({ cards, preService: pre({ test: { days: 30, allowanceMB: 30 } }) })] })]);
    const t = traceCard(s, { card: 0 });
    expect(t.map((e) => `${e.date} ${e.kind}`)).toEqual(['2026-01-01 preService', '2026-01-02 testEnd', '2026-01-03 activation']);
    // The trace names the imported card, as an in-service imported card's first event does.
    expect(t[0].kind === 'preService' && t[0].id).toBe('89860000000000000001');
    expect(describeEvent(t[0])).toMatch(/^89860000000000000001: before service, in test/);
  });

  it("a generated pre-service card's first event has no identifier", () => {
    const s = scenario([arm({ months: 1, profiles: [constant(3)], cohorts: [cohort({ preService: pre({ test: { days: 30, allowanceMB: 30 } }) })] })]);
    const first = traceCard(s, { card: 0 })[0];
    expect(first.kind).toBe('preService');
    expect('id' in first && first.id !== undefined).toBe(false);
    expect(describeEvent(first)).toMatch(/^before service/);
  });
});

describe('pre-service property', () => {
  const preArm = fc.tuple(armArb, preServiceArb).map(([a, p]): ArmConfig => ({ ...a, cohorts: [{ ...a.cohorts[0], poolSize: 0, opening: 'fresh', preService: p }, ...a.cohorts.slice(1)] }));

  test.prop([preArm], { numRuns: 150 })('nothing is billed or stopped before activation, which comes by the forced day at the latest', (a) => {
    const s = scenario([a]);
    const forced = forcedActivationDay(compileArm(a).cal, a.cohorts[0].preService!.silent);
    const t = traceCard(s, { card: 0 });
    const k = t.findIndex((e) => e.kind === 'activation');
    for (const e of k < 0 ? t : t.slice(0, k)) expect(['preService', 'testEnd', 'runaway']).toContain(e.kind);
    if (forced < compileArm(a).days) {
      expect(k).toBeGreaterThanOrEqual(0);
      expect(t[k].day).toBeLessThanOrEqual(forced);
    }
  });
});
