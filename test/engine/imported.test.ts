import { describe, expect, it } from 'vitest';
import { compileArm, planBlocks, runScenario, traceCard, type ArmConfig, type ImportedCards } from '../../engine/index.ts';
import { arm, cohort, constant, payer, plan, policies, rules, scenario } from '../helpers/build.ts';

const cards = (n: number, c: Partial<ImportedCards> = {}): ImportedCards => ({
  id: Array.from({ length: n }, (_, k) => `8986000000000000${String(k).padStart(3, '0')}`),
  flags: new Array(n).fill(0),
  expiryDay: new Array(n).fill(null),
  usedMB: new Array(n).fill(0),
  meanDailyMB: new Array(n).fill(null),
  pool: new Array(n).fill(null),
  ...c,
});

describe('imported cards start the run as the export shows them', () => {
  it('a card imported mid-cycle with 90 MB used stops the next day and resumes on the 1st', async () => {
    // Start 2026-01-15 (not an anchor day): 90 + 6 = 96 MB on Jan 15, 102 > 100 on Jan 16: cut with 4 MB served.
    const s = scenario([arm({ start: '2026-01-15', months: 1, plans: [plan({ autoStop: true })], cohorts: [cohort({ cards: cards(1, { usedMB: [90] }) })] })]);
    const t = traceCard(s, { card: 0 });
    expect(t.map((e) => `${e.date} ${e.kind}`)).toEqual(['2026-01-15 imported', '2026-01-16 stop', '2026-02-01 resume']);
    const r = (await runScenario(s)).arms[0].metrics;
    // The horizon ends on Feb 14. Down: 2/6 on Jan 16, then Jan 17–31 (15 days); Feb 1–14 serves 84 MB.
    expect(r['stops.overQuota'].mean).toBe(1);
    expect(r['downtime.cardDays'].mean).toBeCloseTo(15 + 1 / 3, 7); // reports round to 10 significant digits
    expect(r.usageMB.mean).toBe(6 + 4 + 84);
  });

  it('a card imported on an anchor day starts a fresh cycle (its old usage belongs to the last one)', () => {
    const s = scenario([arm({ start: '2026-01-01', months: 1, plans: [plan({ autoStop: true })], cohorts: [cohort({ cards: cards(1, { usedMB: [90] }) })] })]);
    expect(traceCard(s, { card: 0 }).find((e) => e.kind === 'stop')?.date).toBe('2026-01-17');
  });

  it('a card expired 40 days before the start is cancelled 3 months after its expiry, paying retention from the next anniversary', async () => {
    // Expiry 2025-11-22 (day −40 from 2026-01-01). Anniversaries: 11-22, 12-22 (before the start), 2026-01-22 (charged).
    // Cancelled on 2026-02-22. Renewal forgotten.
    const s = scenario([
      arm({
        months: 3,
        plans: [plan({ term: { months: 12, price: 96 } })],
        policies: policies({ renewal: { kind: 'manual', lagDays: { kind: 'fixed', value: 0 }, forgetChance: 1 } }),
        cohorts: [cohort({ cards: cards(1, { flags: [8], expiryDay: [-40] }) })],
      }),
    ]);
    const t = traceCard(s, { card: 0 });
    // The retention fee goes on the next invoice (2026-02-01), paid at once by the prompt payer.
    expect(t.map((e) => `${e.date} ${e.kind}`)).toEqual(['2026-01-01 imported', '2026-01-22 retention', '2026-02-01 invoice', '2026-02-01 payment', '2026-02-22 cancellation']);
    const m = (await runScenario(s)).arms[0].metrics;
    expect(m['cost.retention'].mean).toBe(5);
    expect(m.cancelled.mean).toBe(1);
    expect(m['stops.expired'].mean).toBe(0); // the stop happened before the run
    // Down every day: Jan 1 – Feb 21 expired (52 days), Feb 22 – Mar 31 cancelled (38 days).
    expect(m['downtime.cardDays.expired'].mean).toBe(52);
    expect(m['downtime.cardDays.cancelled'].mean).toBe(38);
  });

  it('a card expired before the start is renewed only as a lapsed card: a manual renewal in its grace, a batch day in it; auto renewal does not (it renews at the expiry, before the run)', () => {
    // Expiry 2025-11-22 (day −40); grace 3 months: cancelled on 2026-02-22 unless renewed.
    const run = (renewal: ArmConfig['policies']['renewal']) => traceCard(scenario([
      arm({ months: 3, plans: [plan({ term: { months: 12, price: 96 } })], policies: policies({ renewal }), cohorts: [cohort({ cards: cards(1, { flags: [8], expiryDay: [-40] }) })] }),
    ]), { card: 0 }).filter((e) => e.kind === 'renewal' || e.kind === 'cancellation').map((e) => `${e.date} ${e.kind}`);
    expect(run({ kind: 'auto' })).toEqual(['2026-02-22 cancellation']);
    // Manual, 50 days after the expiry: day 10, 2026-01-11.
    expect(run({ kind: 'manual', lagDays: { kind: 'fixed', value: 50 }, forgetChance: 0 })).toEqual(['2026-01-11 renewal']);
    // Batch on the 15th, covering cards expiring within 30 days (and those expired).
    expect(run({ kind: 'batch', dayOfMonth: 15, coverDays: 30 })).toEqual(['2026-01-15 renewal']);
  });

  it('a card in service whose expiry is day 0 expires in the run: auto renewal renews it that day, a manual one without renewal stops (counted); shown expired, it is expired since day 0', async () => {
    // Expiry day 0 = 2026-01-01, the first day without the plan (an export's 2025-12-31 23:59:59).
    const run = (renewal: ArmConfig['policies']['renewal'], flags = 0) => scenario([
      arm({ months: 1, plans: [plan({ term: { months: 1, price: 10 } })], policies: policies({ renewal }), cohorts: [cohort({ cards: cards(1, { flags: [flags], expiryDay: [0] }) })] }),
    ]);
    const auto = run({ kind: 'auto' });
    expect(traceCard(auto, { card: 0 }).map((e) => `${e.date} ${e.kind}`).slice(0, 2)).toEqual(['2026-01-01 imported', '2026-01-01 renewal']);
    const a = (await runScenario(auto)).arms[0].metrics;
    expect([a['stops.expired'].mean, a['downtime.cardDays'].mean, a['cost.retention'].mean]).toEqual([0, 0, 0]);
    // Manual, renewal forgotten: the stop is the run's (day 0), retention charged on the expiry day.
    const forgot = (await runScenario(run({ kind: 'manual', lagDays: { kind: 'fixed', value: 0 }, forgetChance: 1 }))).arms[0].metrics;
    expect([forgot['stops.expired'].mean, forgot['downtime.cardDays.expired'].mean, forgot['cost.retention'].mean]).toEqual([1, 31, 5]);
    // The export shows it expired: expired since day 0, no stop of the run, and no auto renewal.
    const shown = (await runScenario(run({ kind: 'auto' }, 8))).arms[0].metrics;
    expect([shown['stops.expired'].mean, shown['downtime.cardDays.expired'].mean]).toEqual([0, 31]);
  });

  it('a card in arrears pays after afterStopDays and is restarted after the reactivation delay', () => {
    const s = scenario([
      arm({ months: 1, payers: [payer({ afterStopDays: { kind: 'fixed', value: 3 } })], rules: rules({ reactivationDelayDays: 1 }), cohorts: [cohort({ cards: cards(1, { flags: [4] }) })] }),
    ]);
    expect(traceCard(s, { card: 0 }).map((e) => `${e.date} ${e.kind}`)).toEqual(['2026-01-01 imported', '2026-01-04 payment', '2026-01-05 resume']);
  });

  it('a card cancelled before the start is replaced after the delay when replacement is on', () => {
    const s = scenario([arm({ months: 1, policies: policies({ replacement: { delayDays: 7, simCost: 10, visitCost: 150 } }), cohorts: [cohort({ cards: cards(1, { flags: [16] }) })] })]);
    expect(traceCard(s, { card: 0 }).map((e) => `${e.date} ${e.kind}`)).toEqual(['2026-01-01 imported', '2026-01-08 replacement']);
  });

  it("a card's calibrated mean replaces the profile's draw", () => {
    const s = scenario([arm({ months: 1, profiles: [constant(6)], cohorts: [cohort({ cards: cards(1, { meanDailyMB: [2] }) })] })]);
    return runScenario(s).then((r) => expect(r.arms[0].metrics.usageMB.mean).toBe(62));
  });

  it('cards with the same pool id share one allowance, and blocks never split a pool', async () => {
    // Pools a (2 cards) and b (3 cards), 100 MB each card, 6 MB/day: pool a (200 MB) runs out on Jan 17 (12×17 = 204),
    // pool b (300 MB) on Jan 17 too (18×17 = 306). Every member stops together.
    const c = cohort({ count: 5, plan: 'basic', cards: cards(5, { pool: ['a', 'a', 'b', 'b', 'b'] }) });
    const s = scenario([arm({ months: 1, plans: [plan({ autoStop: true })], cohorts: [c] })], { blockSize: 1 });
    expect(planBlocks(compileArm(s.arms[0]), 1)).toEqual([[0, 2], [2, 5]]);
    const m = (await runScenario(s)).arms[0].metrics;
    expect(m['stops.overQuota'].mean).toBe(5);
    expect(m.usageMB.mean).toBe(500);
    expect(traceCard(s, { card: 3 }).map((e) => `${e.date} ${e.kind}`)).toEqual(['2026-01-01 imported', '2026-01-17 stop']);
  });

  it('a card on a term plan with no expiry (and no activation date to count from) expires within the term, spread as a generated cohort\'s', async () => {
    // 120 cards, 12-month terms never renewed, 13 months: every card expires once, on a day from 1 to 365 (2026-01-02 … 2027-01-01).
    const s = scenario([
      arm({
        months: 13,
        plans: [plan({ term: { months: 12, price: 96 } })],
        policies: policies({ renewal: { kind: 'manual', lagDays: { kind: 'fixed', value: 0 }, forgetChance: 1 } }),
        cohorts: [cohort({ count: 120, cards: cards(120) })],
      }),
    ]);
    const m = (await runScenario(s)).arms[0].metrics;
    expect(m['stops.expired'].mean).toBe(120);
    const days = Array.from({ length: 120 }, (_, k) => {
      const t = traceCard(s, { card: k });
      const first = t[0], expires = first.kind === 'imported' && !first.cancelled ? first.expires : undefined;
      const stop = t.find((e) => e.kind === 'stop' && e.reason === 'expired');
      const day = Math.round((Date.parse(stop!.date) - Date.parse('2026-01-01')) / 86_400_000);
      // The imported event names the expiry day the card then reaches.
      expect(expires).toBe(day);
      return day;
    });
    expect(Math.min(...days)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...days)).toBeLessThanOrEqual(365);
    // Spread over the term: each month of 2026 has some of them (stratified: 10 a month, give or take one).
    const perMonth = new Array(12).fill(0);
    for (const d of days) perMonth[Math.min(11, new Date(Date.parse('2026-01-01') + d * 86_400_000).getUTCMonth() + (d >= 365 ? 12 : 0))]++;
    expect(perMonth.every((n) => n >= 5)).toBe(true);
  });
});
