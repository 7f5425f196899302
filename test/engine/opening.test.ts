/** Cohorts in service at the start (docs/rules.md, "In-service opening"). */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { addMonths, dayOfMonth, formatDate, parseDate } from '../../engine/calendar.ts';
import { runScenario, traceCard, type ArmConfig, type Cohort } from '../../engine/index.ts';
import { arm, cohort, constant, payer, plan, rules, scenario } from '../helpers/build.ts';
import { runEngine } from '../reference/engine.ts';
import { payerArb } from '../reference/arbitrary.ts';

const inService = (c: Partial<Cohort> = {}): Cohort => cohort({ opening: 'inService', termStart: 'spread', ...c });
const metrics = async (a: ArmConfig) => (await runScenario(scenario([a]))).arms[0].metrics;
const timeline = (a: ArmConfig) => traceCard(scenario([a]), { card: 0 }).map((e) => `${e.date} ${e.kind}`);

describe('a cohort in service at the start', () => {
  it('continues the cycle under way: 84 MB already used on 15 January, cut on the 17th, no fee on day 0', async () => {
    // Start Thu 2026-01-15, cycles on the 1st: 14 days of the cycle are behind (1–14 Jan), 14 × 6 = 84 MB.
    // 15 Jan: 90, 16 Jan: 96, 17 Jan: 102 ≥ 100 → cut, 4 of 6 MB served, down 2/6; down 18–31 Jan (14 days).
    // 1 Feb: new cycle, fee 5 (the only fee of the run: January's was charged on 1 Jan, before it),
    // January's invoice issued and paid at once; 1–14 Feb: 14 × 6 = 84 MB. Horizon: 15 Jan – 14 Feb.
    // Served 6 + 6 + 4 + 84 = 100 MB. A fresh cohort pays 10 (a fee on day 0 and on 1 Feb) and is cut on 31 Jan.
    const a = arm({ start: '2026-01-15', months: 1, plans: [plan({ autoStop: true, monthlyFee: 5 })], cohorts: [inService()] });
    const m = await metrics(a);
    expect(m['cost.plan'].mean).toBe(5);
    expect(m.usageMB.mean).toBe(100);
    expect(m['stops.overQuota'].mean).toBe(1);
    expect(m['downtime.cardDays'].mean).toBeCloseTo(14 + 1 / 3, 7);
    expect(timeline(a)).toEqual(['2026-01-15 opening', '2026-01-17 stop', '2026-02-01 invoice', '2026-02-01 resume', '2026-02-01 payment']);
    const fresh = await metrics({ ...a, cohorts: [cohort({ termStart: 'spread' })] });
    expect(fresh['cost.plan'].mean).toBe(10);
    expect(fresh.usageMB.mean).toBe(100 + 84);
  });

  it('a quota that runs with the term is not replayed: the card starts with its whole quota, fresh term or spread', async () => {
    // 20 MB a 12-month term, 1 MB a day from 15 Jan: cut when the 20th MB is reached, on 3 Feb,
    // not on 20 Jan (14 MB of January's cycle replayed into the term's 20).
    const p = plan({ autoStop: true, quotaMB: 20, quotaPer: 'term', term: { months: 12, price: 10 } });
    for (const termStart of ['fresh', 'spread'] as const) {
      const a = arm({ start: '2026-01-15', months: 1, plans: [p], profiles: [constant(1)], cohorts: [inService({ termStart })] });
      expect(traceCard(scenario([a]), { card: 0 }).find((e) => e.kind === 'stop')?.date, termStart).toBe('2026-02-03');
    }
  });

  it('the previous cycle\'s invoice falls due on day 0 when it was issued arrearsAfterDays earlier', async () => {
    // Issued 1 Jan (day −14) for December's fee; the payer pays 20 days after issue (21 Jan, day 6);
    // unpaid 14 days after issue: arrears stop on 15 Jan (day 0, a stop of the run). Restart 1 day after
    // payment: 22 Jan. Down 15–21 Jan = 7 days. January's invoice (1 Feb) is paid on 21 Feb, after the horizon (14 Feb)
    // and after it falls due on 15 Feb, also after the horizon: no second stop.
    const a = arm({
      start: '2026-01-15', months: 1, plans: [plan({ monthlyFee: 5 })], payers: [payer({ delayDays: { kind: 'fixed', value: 20 } })],
      rules: rules({ arrearsAfterDays: 14, reactivationDelayDays: 1 }), cohorts: [inService()],
    });
    expect(timeline(a)).toEqual(['2026-01-15 opening', '2026-01-15 stop', '2026-01-21 payment', '2026-01-22 resume', '2026-02-01 invoice']);
    const m = await metrics(a);
    expect(m['stops.arrears'].mean).toBe(1);
    expect(m['downtime.cardDays.arrears'].mean).toBe(7);
    expect(m['cost.plan'].mean).toBe(5);
  });

  it('a card whose last invoice was forgotten starts in arrears, and the reminder pays it', async () => {
    // Start 2026-01-20: issued 1 Jan (day −19), forgotten; unpaid on 15 Jan (day −5): arrears before the run
    // (not counted); paid 10 days after the stop, 25 Jan (day 5); restarted 26 Jan. Down 20–25 Jan = 6 days.
    // January's invoice (1 Feb) is forgotten too: arrears on 15 Feb (counted), paid 25 Feb, after the
    // horizon (19 Feb): down 15–19 Feb = 5 days.
    const a = arm({
      start: '2026-01-20', months: 1, plans: [plan({ monthlyFee: 5 })],
      payers: [payer({ missChance: 1, afterStopDays: { kind: 'fixed', value: 10 } })],
      rules: rules({ arrearsAfterDays: 14, reactivationDelayDays: 1 }), cohorts: [inService()],
    });
    expect(timeline(a)).toEqual(['2026-01-20 opening', '2026-01-25 payment', '2026-01-26 resume', '2026-02-01 invoice', '2026-02-15 stop']);
    const m = await metrics(a);
    expect(m['stops.arrears'].mean).toBe(1);
    expect(m['downtime.cardDays.arrears'].mean).toBe(6 + 5);
  });

  it('a card past its quota before the start starts cut (no stop of the run); with auto-stop off it pays overage from day 0', async () => {
    // Start 2026-01-20: 19 days behind, 19 × 6 = 114 MB ≥ 100. Auto-stop on: down 20–31 Jan (12 days), no stop
    // counted, resumed 1 Feb; then 1–16 Feb 96 MB, 17 Feb cut (4 of 6 MB, down 1/3), down 18–19 Feb (horizon ends 19 Feb).
    const on = arm({ start: '2026-01-20', months: 1, plans: [plan({ autoStop: true })], cohorts: [inService()] });
    const m = await metrics(on);
    expect(m['stops.overQuota'].mean).toBe(1);
    expect(m['downtime.cardDays.overQuota'].mean).toBeCloseTo(12 + 1 / 3 + 2, 7);
    expect(timeline(on)).toEqual(['2026-01-20 opening', '2026-02-01 resume', '2026-02-17 stop']);
    // Auto-stop off: every MB of 20–31 Jan is past the quota (72 MB; the 14 MB past it before the start are not the
    // run's), and 1–19 Feb takes 114 MB, 14 past it: 86 MB × 0.29 = 24.94.
    const off = await metrics({ ...on, plans: [plan({ autoStop: false })] });
    expect(off['cost.overage'].mean).toBeCloseTo(24.94, 9);
  });

  it('a pool starts from its members\' usage so far', async () => {
    // Two cards at 6 MB/day share 200 MB. Start 15 Jan: 2 × 84 = 168 MB; 15 Jan 180, 16 Jan 192; 17 Jan: 12 MB asked,
    // 8 MB of room: each member served 2/3, down 1/3, then 18–31 Jan. Both stop: 2 stops, 2 × (14 + 1/3) card-days.
    const a = arm({ start: '2026-01-15', months: 1, plans: [plan({ autoStop: true })], cohorts: [inService({ count: 2, poolSize: 2 })] });
    const m = await metrics(a);
    expect(m['stops.overQuota'].mean).toBe(2);
    expect(m['downtime.cardDays'].mean).toBeCloseTo(2 * (14 + 1 / 3), 7);
  });

  it('removes the day-0 fee that biases anchor days: the 1st and the 27th both pay 12 fees in 2026', async () => {
    // No term, fee 5, one year from 1 Jan. Fresh, the 27th pays a fee on 1 Jan (day 0 starts a cycle) and on the 27th
    // of each month: 13 fees; the 1st pays 12. In service, day 0 is inside the cycle begun on 27 Dec: 12 fees each.
    const year = (anchor: number, opening: 'fresh' | 'inService') =>
      metrics(arm({ months: 12, plans: [plan({ monthlyFee: 5 })], rules: rules({ cycleAnchorDay: anchor }), cohorts: [cohort({ opening, termStart: 'spread' })] }));
    expect((await year(1, 'fresh'))['cost.plan'].mean).toBe(60);
    expect((await year(27, 'fresh'))['cost.plan'].mean).toBe(65);
    expect((await year(1, 'inService'))['cost.plan'].mean).toBe(60);
    expect((await year(27, 'inService'))['cost.plan'].mean).toBe(60);
  });
});

/** Anchor days in [start, start + months): the cycle starts the run sees, day 0 aside. */
function anchorDays(start: string, months: number, anchor: number): number {
  const s = parseDate(start), e = addMonths(s, months);
  let n = 0;
  for (let z = s; z < e; z++) if (dayOfMonth(z) === anchor) n++;
  return n;
}

describe('plan fees of an in-service cohort (property)', () => {
  const FIRST = parseDate('2024-01-01');
  const startArb = fc.integer({ min: 0, max: 4 * 365 }).map((d) => formatDate(FIRST + d));

  test.prop([startArb, fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 4 }), payerArb('p'), fc.constantFrom(1, 5, 12)], { numRuns: 200 })(
    'are fee × the anchor days in the horizon (fresh: one more when day 0 is not an anchor day); fee × months for a start on day 1–28, whatever the anchor',
    (start, months, anchor, count, py, fee) => {
      const base = arm({
        start, months, plans: [plan({ monthlyFee: fee })], payers: [py], profiles: [constant(3)],
        rules: rules({ cycleAnchorDay: anchor }), cohorts: [inService({ count, payer: 'p' })],
      });
      const n = anchorDays(start, months, anchor);
      expect(runEngine(base, 's').metrics['cost.plan']).toBeCloseTo(count * fee * n, 9);
      const fresh = { ...base, cohorts: [cohort({ count, payer: 'p', termStart: 'spread' })] };
      const day0 = dayOfMonth(parseDate(start)) === anchor ? 0 : 1;
      expect(runEngine(fresh, 's').metrics['cost.plan']).toBeCloseTo(count * fee * (n + day0), 9);
      if (dayOfMonth(parseDate(start)) <= 28) expect(n).toBe(months);
    },
  );
});
