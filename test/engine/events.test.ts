/** Trace events are typed records; describeEvent renders the one sentence a person reads. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { describeEvent, traceCard, type ScenarioConfig, type TraceEvent } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import * as B from '../helpers/build.ts';
import { armArb } from '../reference/arbitrary.ts';

/** Scenario start 2026-01-01: day 31 is 2026-02-01, day 59 is 2026-03-01, day 120 is 2026-05-01. */
const on = (day: number, date: string) => ({ day, date });

describe('describeEvent: one sentence per event', () => {
  it.each(([
    [{ kind: 'renewal', ...on(0, '2026-01-01'), initial: true, terms: 1, termMonths: 12, amount: 96, expires: 365, resumes: false }, '12-month term bought for 96'],
    [{ kind: 'renewal', ...on(36, '2026-02-06'), initial: false, terms: 1, termMonths: 1, amount: 10, expires: 59, resumes: true }, '1 × 1-month term for 10; expires 2026-03-01; service resumes'],
    [{ kind: 'renewal', ...on(31, '2026-02-01'), initial: false, terms: 3, termMonths: 1, amount: 30, expires: null, resumes: false }, '3 × 1-month term for 30; expires after the horizon'],
    [{ kind: 'renewal', ...on(36, '2026-02-06'), initial: false, terms: 1, termMonths: 1, amount: 10, expires: 59, resumes: true, stillStopped: true }, '1 × 1-month term for 10; expires 2026-03-01; the expiry stop lifts (still stopped for another reason)'],
    [{ kind: 'stop', ...on(16, '2026-01-17'), reason: 'overQuota', allowanceMB: 100, pool: false, lagDays: 0, stopMB: 100 }, 'overQuota: cycle usage reached the 100 MB allowance (auto-stop)'],
    [{ kind: 'stop', ...on(14, '2026-01-15'), reason: 'overQuota', allowanceMB: 100, pool: false, lagDays: 0, stopMB: 90 }, 'overQuota: cycle usage reached the plan\'s stop threshold, 90 MB (allowance 100 MB)'],
    [{ kind: 'resume', ...on(31, '2026-02-01'), reason: 'overQuota', by: 'renewal', stillStopped: false }, "overQuota: the renewal's new term brought more data"],
    [{ kind: 'throttle', ...on(20, '2026-01-21'), allowanceMB: 500, dailyMB: 5 }, 'the 500 MB allowance is used up: slowed to 5 MB a day until the next cycle'],
    [{ kind: 'stop', ...on(18, '2026-01-19'), reason: 'overQuota', allowanceMB: 100, pool: false, lagDays: 2, stopMB: 100 }, 'overQuota: usage data shows the 100 MB allowance reached (cut after 2-day lag)'],
    [{ kind: 'stop', ...on(16, '2026-01-17'), reason: 'overQuota', allowanceMB: 300, pool: true, lagDays: 0, stopMB: 300 }, "overQuota: the pool's 300 MB allowance is used up (auto-stop)"],
    [{ kind: 'stop', ...on(45, '2026-02-15'), reason: 'arrears', afterDays: 14 }, 'arrears: invoice unpaid 14 days after issue'],
    [{ kind: 'stop', ...on(31, '2026-02-01'), reason: 'expired', keptUntil: 120 }, 'expired: plan term ended without renewal; number kept until 2026-05-01'],
    [{ kind: 'stop', ...on(31, '2026-02-01'), reason: 'expired', keptUntil: null }, 'expired: plan term ended without renewal; number kept until after the horizon'],
    [{ kind: 'stop', ...on(31, '2026-02-01'), reason: 'manual' }, 'manual: stopped by hand for an idle month'],
    [{ kind: 'resume', ...on(31, '2026-02-01'), reason: 'overQuota', by: 'cycle', stillStopped: false }, 'overQuota: new billing cycle'],
    [{ kind: 'resume', ...on(20, '2026-01-21'), reason: 'overQuota', by: 'addon', stillStopped: true }, 'overQuota: add-on pack restored service (still stopped for another reason)'],
    [{ kind: 'resume', ...on(49, '2026-02-19'), reason: 'arrears', stillStopped: false }, 'arrears: restarted by hand after payment'],
    [{ kind: 'resume', ...on(59, '2026-03-01'), reason: 'manual', stillStopped: true }, 'manual: resumed by hand (still stopped for another reason)'],
    [{ kind: 'refused', ...on(31, '2026-02-01'), reasons: ['arrears'] }, 'manual stop refused: card is in arrears'],
    [{ kind: 'refused', ...on(31, '2026-02-01'), reasons: ['overQuota', 'arrears', 'expired'] }, 'manual stop refused: card is expired and in arrears and over quota'],
    [{ kind: 'invoice', ...on(31, '2026-02-01'), amount: 5, dueInDays: 14, paysInDays: 3 }, 'invoice of 5 issued; due in 14 days; payer pays in 3 days'],
    [{ kind: 'invoice', ...on(31, '2026-02-01'), amount: 8.456, dueInDays: 14, paysInDays: null }, 'invoice of 8.46 issued; due in 14 days; the payer forgets it'],
    [{ kind: 'payment', ...on(34, '2026-02-04'), amount: 5, restartInDays: null }, 'balance of 5 paid'],
    [{ kind: 'payment', ...on(48, '2026-02-18'), amount: 13.5, restartInDays: 1 }, 'balance of 13.50 paid; restart by hand in 1 day'],
    [{ kind: 'payment', ...on(48, '2026-02-18'), amount: null, restartInDays: 2 }, 'balance paid (its amount from before the start is not known); restart by hand in 2 days'],
    [{ kind: 'retention', ...on(31, '2026-02-01'), amount: 5 }, 'number-retention fee 5'],
    [{ kind: 'retention', ...on(31, '2026-02-01'), amount: 5, stopped: true }, 'number-retention fee 5 (stopped by hand: in place of the monthly fee)'],
    [{ kind: 'restartCancelled', ...on(73, '2026-03-15'), plannedFor: 76 }, 'the restart planned for 2026-03-18 is called off: another invoice is overdue, the card stays in arrears'],
    [{ kind: 'stop', ...on(31, '2026-02-01'), reason: 'expired', keptUntil: 31 }, 'expired: plan term ended without renewal; no grace: the number is cancelled the same day'],
    [{ kind: 'cancellation', ...on(120, '2026-05-01'), graceMonths: 3 }, 'number cancelled (expired past the 3-month grace)'],
    [{ kind: 'cancellation', ...on(120, '2026-05-01'), graceMonths: 3, replacementDue: 127 }, 'number cancelled (expired past the 3-month grace); replacement due 2026-05-08'],
    [{ kind: 'cancellation', ...on(120, '2026-05-01'), graceMonths: 3, replacementDue: null }, 'number cancelled (expired past the 3-month grace); replacement due after the horizon'],
    [{ kind: 'cancellation', ...on(120, '2026-05-01'), graceMonths: 3, dropped: 7.5 }, 'number cancelled (expired past the 3-month grace); its unpaid 7.50 leaves with it, never paid (open invoices and charges not yet invoiced; each a cost when charged)'],
    [{ kind: 'cancellation', ...on(120, '2026-05-01'), graceMonths: 3, dropped: null, replacementDue: 127 }, 'number cancelled (expired past the 3-month grace); its unpaid balance (from before the start, amount not known) leaves with it, never paid (open invoices and charges not yet invoiced; each a cost when charged); replacement due 2026-05-08'],
    [{ kind: 'replacement', ...on(127, '2026-05-08'), simCost: 10, visitCost: 150 }, 'new card live (SIM 10 + visit 150)'],
    [{ kind: 'runaway', ...on(3, '2026-01-04'), phase: 'fault', factor: Math.fround(20.3), days: 5 }, 'device fault: demand × 20.3 for 5 days'],
    [{ kind: 'runaway', ...on(8, '2026-01-09'), phase: 'fixed' }, 'device fixed: demand back to normal'],
    [{ kind: 'alert', ...on(13, '2026-01-14'), thresholdPct: 80, liveInDays: 1 }, 'usage alert at 80 %: add-on pack ordered, live tomorrow'],
    [{ kind: 'alert', ...on(13, '2026-01-14'), thresholdPct: 87.5, liveInDays: 3 }, 'usage alert at 87.5 %: add-on pack ordered, live in 3 days'],
    [{ kind: 'addon', ...on(16, '2026-01-17'), sizeMB: 100, amount: 10, allowanceMB: 200 }, 'add-on pack +100 MB for 10; allowance 200 MB'],
    [{ kind: 'imported', ...on(0, '2026-01-01'), id: '8986000000000000001', cancelled: false, reasons: [], usedMB: 90 }, '8986000000000000001: online, 90 MB used this cycle'],
    [{ kind: 'imported', ...on(0, '2026-01-01'), id: 'A', cancelled: false, reasons: ['manual', 'arrears'], usedMB: 12.5, expires: -40 }, 'A: stopped (manual, arrears), 12.5 MB used this cycle, plan expires 2025-11-22'],
    [{ kind: 'imported', ...on(0, '2026-01-01'), id: 'A', cancelled: false, reasons: ['expired'], usedMB: 0, expires: null }, 'A: stopped (expired), 0 MB used this cycle, plan expires after the horizon'],
    [{ kind: 'imported', ...on(0, '2026-01-01'), id: 'A', cancelled: true }, 'A: cancelled before the start'],
    [{ kind: 'imported', ...on(0, '2026-01-01'), id: 'A', cancelled: true, replacementDue: 7 }, 'A: cancelled before the start; replacement due day 7'],
    [{ kind: 'opening', ...on(0, '2026-01-15'), elapsedDays: 14, usedMB: 84, reasons: [], invoice: { day: -14, amount: 5, state: 'paid' } }, "in service, day 15 of the cycle, 84 MB used so far; last cycle's invoice of 5 issued on 2026-01-01, paid"],
    [{ kind: 'opening', ...on(0, '2026-01-15'), elapsedDays: 14, usedMB: 100, reasons: ['overQuota', 'arrears'], invoice: { day: -14, amount: 5, state: 'forgotten' } }, "in service, day 15 of the cycle, 100 MB used so far; stopped (overQuota, arrears); last cycle's invoice of 5 issued on 2026-01-01, forgotten by the payer"],
    [{ kind: 'opening', ...on(0, '2026-01-01'), elapsedDays: 0, usedMB: 0, reasons: [], invoice: { day: 0, amount: 5, state: 'open' } }, "in service, a new cycle starts today; last cycle's invoice of 5 issued today, open"],
    [{ kind: 'opening', ...on(0, '2026-01-15'), elapsedDays: 3, usedMB: 1 / 3, reasons: [], invoice: null }, 'in service, day 4 of the cycle, 0.33 MB used so far'],
  ] satisfies [TraceEvent, string][]).map(([event, sentence]) => ({ kind: event.kind, event, sentence })))('$kind: $sentence', ({ event, sentence }) => {
    expect(describeEvent(event)).toBe(sentence);
  });
});

describe('the kernel records typed events', () => {
  it('the hand-check card (6 MB/day, 100 MB, auto-stop) stops on day 16 over quota and resumes with the new cycle on day 31', () => {
    const arm = B.arm({ plans: [B.plan({ autoStop: true })] });
    const events = traceCard(B.scenario([arm]), { card: 0 });
    expect(events).toContainEqual({ kind: 'stop', day: 16, date: '2026-01-17', reason: 'overQuota', allowanceMB: 100, pool: false, lagDays: 0, stopMB: 100 });
    expect(events).toContainEqual({ kind: 'resume', day: 31, date: '2026-02-01', reason: 'overQuota', by: 'cycle', stillStopped: false });
  });

  it('a forgotten 1-month term expires, is kept 3 months, then cancelled and replaced after 7 days', () => {
    const arm = B.arm({
      months: 6,
      plans: [B.plan({ term: { months: 1, price: 10 } })],
      policies: B.policies({ renewal: { kind: 'manual', lagDays: { kind: 'fixed', value: 0 }, forgetChance: 1 }, replacement: { delayDays: 7, simCost: 10, visitCost: 150 } }),
    });
    const events = traceCard(B.scenario([arm]), { card: 0 });
    expect(events[0]).toEqual({ kind: 'renewal', day: 0, date: '2026-01-01', initial: true, terms: 1, termMonths: 1, amount: 10, expires: 31, resumes: false });
    expect(events).toContainEqual(expect.objectContaining({ kind: 'stop', day: 31, reason: 'expired', keptUntil: 120 }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'cancellation', day: 120, graceMonths: 3, replacementDue: 127 }));
    expect(events).toContainEqual(expect.objectContaining({ kind: 'replacement', day: 127, simCost: 10, visitCost: 150 }));
  });
});

describe('money in the trace', () => {
  it('with a currency, every money event names its amount and the currency', () => {
    const money: [TraceEvent, string][] = [
      [{ kind: 'renewal', ...on(0, '2026-01-01'), initial: true, terms: 1, termMonths: 12, amount: 96, expires: 365, resumes: false }, '12-month term bought for 96 CNY'],
      [{ kind: 'renewal', ...on(36, '2026-02-06'), initial: false, terms: 2, termMonths: 1, amount: 20, expires: 59, resumes: true }, '2 × 1-month term for 20 CNY; expires 2026-03-01; service resumes'],
      [{ kind: 'invoice', ...on(31, '2026-02-01'), amount: 29.94, dueInDays: 14, paysInDays: 3 }, 'invoice of 29.94 CNY issued; due in 14 days; payer pays in 3 days'],
      [{ kind: 'payment', ...on(34, '2026-02-04'), amount: 29.94, restartInDays: null }, 'balance of 29.94 CNY paid'],
      [{ kind: 'retention', ...on(31, '2026-02-01'), amount: 5 }, 'number-retention fee 5 CNY'],
      [{ kind: 'replacement', ...on(127, '2026-05-08'), simCost: 10, visitCost: 150 }, 'new card live (SIM 10 CNY + visit 150 CNY)'],
      [{ kind: 'addon', ...on(16, '2026-01-17'), sizeMB: 100, amount: 10, allowanceMB: 200 }, 'add-on pack +100 MB for 10 CNY; allowance 200 MB'],
      [{ kind: 'opening', ...on(0, '2026-01-15'), elapsedDays: 14, usedMB: 84, reasons: [], invoice: { day: -14, amount: 5, state: 'paid' } }, "in service, day 15 of the cycle, 84 MB used so far; last cycle's invoice of 5 CNY issued on 2026-01-01, paid"],
    ];
    for (const [event, sentence] of money) expect(describeEvent(event, { currency: 'CNY' })).toBe(sentence);
  });

  it("an invoice bills the last cycle's fee and overage; the payment pays it (5 a month, 6 MB/day past 100 MB at 0.29/MB)", () => {
    // January: 186 MB, 86 MB over: 5 + 86 × 0.29 = 29.94, invoiced 1 February; February: 168 MB, 68 over: 5 + 19.72 = 24.72.
    const arm = B.arm({ months: 3, plans: [B.plan({ autoStop: false, monthlyFee: 5 })] });
    const events = traceCard(B.scenario([arm]), { card: 0 });
    const money = events.filter((e) => e.kind === 'invoice' || e.kind === 'payment').map((e) => [e.date, e.kind, +(e as { amount: number }).amount.toFixed(6)]);
    expect(money).toEqual([
      ['2026-02-01', 'invoice', 29.94], ['2026-02-01', 'payment', 29.94],
      ['2026-03-01', 'invoice', 24.72], ['2026-03-01', 'payment', 24.72],
    ]);
  });

  it('a forgotten invoice and the next are paid together after the arrears stop (40 days later)', () => {
    const arm = B.arm({ months: 3, plans: [B.plan({ monthlyFee: 5 })], payers: [B.payer({ missChance: 1, afterStopDays: { kind: 'fixed', value: 40 } })] });
    const events = traceCard(B.scenario([arm]), { card: 0 });
    // January's 29.94 (as above) is forgotten; stopped on 15 February, the card uses 84 MB in February: the fee alone.
    const money = events.filter((e) => e.kind === 'invoice' || e.kind === 'payment').map((e) => [e.date, e.kind, +(e as { amount: number }).amount.toFixed(6)]);
    expect(money).toEqual([['2026-02-01', 'invoice', 29.94], ['2026-03-01', 'invoice', 5], ['2026-03-27', 'payment', 34.94]]);
  });
});

/** Every event of a scenario's first cards, with its sentence. */
function sentences(config: ScenarioConfig, cards: number): [TraceEvent, string][] {
  const out: [TraceEvent, string][] = [];
  config.arms.forEach((arm, k) => {
    const n = Math.min(cards, arm.cohorts.reduce((a, c) => a + c.count, 0));
    for (let card = 0; card < n; card++) for (const e of traceCard(config, { arm: k, card })) out.push([e, describeEvent(e)]);
  });
  return out;
}

/** A sentence made of the event's data: no missing field, no object, no NaN. */
function expectWhole([event, sentence]: [TraceEvent, string]): void {
  expect(sentence, JSON.stringify(event)).not.toMatch(/undefined|null|NaN|\[object/);
  expect(sentence.length, JSON.stringify(event)).toBeGreaterThan(10);
}

describe('every event the kernel emits has a sentence', () => {
  const folder = 'scenarios/examples';
  const examples = readdirSync(folder).filter((f) => /\.ya?ml$/.test(f));

  const traced = new Map<string, [TraceEvent, string][]>();
  const example = (file: string) => traced.get(file) ?? traced.set(file, sentences(loadScenarioFile(`${folder}/${file}`), 12)).get(file)!;

  it.each(examples)('%s (the first 12 cards of each arm)', (file) => {
    const all = example(file);
    expect(all.length).toBeGreaterThan(0);
    for (const s of all) expectWhole(s);
  });

  it('the examples and 60 random fleets (fast-check seed 1) emit every kind of event', () => {
    const random = fc.sample(armArb, { seed: 1, numRuns: 60 }).flatMap((a) => sentences(B.scenario([a]), 12));
    const kinds = new Set([...examples.flatMap(example), ...random].map(([e]) => e.kind));
    expect([...kinds].sort()).toEqual(['action', 'activation', 'addon', 'alert', 'cancellation', 'imported', 'invoice', 'opening', 'payment', 'preService', 'refused', 'renewal', 'replacement', 'restartCancelled', 'resume', 'retention', 'runaway', 'stop', 'testEnd', 'throttle']);
  });

  test.prop([armArb, fc.string({ minLength: 1, maxLength: 6 })], { numRuns: 40 })('on random fleets', (arm, seed) => {
    for (const s of sentences(B.scenario([arm], { seed }), 40)) expectWhole(s);
  });
});
