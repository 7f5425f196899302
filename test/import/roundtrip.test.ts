import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { fleetHeader, fleetLine, type FleetCard } from '../../scenarios/index.ts';
import { luhnDigit } from '../../import/iccid.ts';
import { iccid, importContent } from './helpers.ts';

const START = '2026-01-15';
const day = (offset: number) => new Date(Date.parse(START) + offset * 86_400_000).toISOString().slice(0, 10);
const text = fc.string({ unit: fc.constantFrom(...'AZaz09-_ ,"=+@资费组流量池'.split('')), maxLength: 8 }).map((s) => s.trim());
const volume = fc.integer({ min: 0, max: 10_000_000 }).map((n) => n / 1000);

/** A canonical card consistent with the start (what an import can produce). */
const card: fc.Arbitrary<FleetCard> = fc
  .record({
    body: fc.stringMatching(/^8986\d{15}$/),
    withCheck: fc.boolean(),
    msisdn: fc.oneof(fc.constant(''), fc.stringMatching(/^\+?\d{11,13}$/)),
    kind: fc.constantFrom('online', 'stopped', 'cancelled'),
    reasons: fc.subarray(['manual', 'overQuota', 'arrears', 'expired'] as const, { minLength: 1 }),
    plan: text,
    pool: text,
    activation: fc.option(fc.integer({ min: -2000, max: 0 }).map(day), { nil: null }),
    expiryOffset: fc.option(fc.integer({ min: -200, max: 1500 }), { nil: null }),
    used: volume,
    quota: fc.option(volume, { nil: null }),
    threshold: fc.option(volume, { nil: null }),
    autoRenew: fc.option(fc.boolean(), { nil: null }),
    mean: fc.option(volume, { nil: null }),
    months: fc.integer({ min: 1, max: 1200 }),
  })
  .map((r): FleetCard => {
    const expired = r.kind === 'stopped' && r.reasons.includes('expired');
    let expiry = r.expiryOffset === null ? null : day(r.expiryOffset);
    if (r.kind !== 'cancelled') {
      if (expired) expiry = day(-1 - Math.abs(r.expiryOffset ?? 0));
      // Not expired: an expiry after the start (on the start itself the plan is gone that day: expired).
      else if (r.expiryOffset !== null && r.expiryOffset <= 0) expiry = day(1 - r.expiryOffset);
    }
    return {
      iccid: r.withCheck ? r.body + luhnDigit(r.body) : r.body,
      msisdn: r.msisdn,
      status: r.kind,
      stopReasons: r.kind === 'stopped' ? [...r.reasons] : [],
      plan: r.plan,
      pool: r.pool,
      activationDate: r.activation,
      expiryDate: expiry,
      usedMBThisCycle: r.used,
      quotaMB: r.quota,
      thresholdMB: r.threshold,
      autoRenew: r.autoRenew,
      meanDailyMB: r.mean,
      // The months of history behind a fitted mean (none without one).
      historyMonths: r.mean === null ? 0 : r.months,
      statusRaw: r.kind,
      line: 0,
    };
  });

const CANONICAL = ['iccid', 'msisdn', 'status', 'stopReasons', 'plan', 'pool', 'activationDate', 'expiryDate', 'usedMBThisCycle', 'quotaMB', 'thresholdMB', 'autoRenew', 'meanDailyMB', 'historyMonths'] as const;
const fields = (c: FleetCard) => Object.fromEntries(CANONICAL.map((k) => [k, c[k]]));

test.prop([fc.uniqueArray(card, { selector: (c) => c.iccid, maxLength: 30 })], { numRuns: 40 })(
  'a canonical fleet CSV imports to the same canonical fields (export → import → export)',
  async (cards) => {
    const written = fleetHeader() + cards.map((c, i) => fleetLine({ ...c, line: i + 2 })).join('');
    const { cards: back, summary, repaired } = await importContent(written, { start: START });
    expect(summary.rejected).toBe(0);
    expect(repaired).toEqual([]);
    expect(back.map(fields)).toEqual(cards.map(fields));
  },
);

it('historyMonths comes back as written (README: importing the fleet CSV gives back the same fields)', async () => {
  const cards: FleetCard[] = [
    { iccid: iccid(1), msisdn: '', status: 'online', stopReasons: [], plan: 'P1', pool: '', activationDate: '2025-03-07', expiryDate: null, usedMBThisCycle: 12, quotaMB: 100, thresholdMB: null, autoRenew: null, meanDailyMB: 1.25, historyMonths: 6, statusRaw: '正常', line: 2 },
    { iccid: iccid(2), msisdn: '', status: 'online', stopReasons: [], plan: 'P1', pool: '', activationDate: null, expiryDate: null, usedMBThisCycle: 0, quotaMB: null, thresholdMB: null, autoRenew: null, meanDailyMB: null, historyMonths: 0, statusRaw: '正常', line: 3 },
  ];
  const { cards: back, summary } = await importContent(fleetHeader() + cards.map(fleetLine).join(''), { start: START });
  expect(summary.headers.fields.historyMonths?.header).toBe('historyMonths');
  expect(summary.headers.ignored).toEqual([{ header: 'statusRaw', why: expect.any(String) }, { header: 'line', why: expect.any(String) }]);
  expect(back.map((c) => [c.meanDailyMB, c.historyMonths])).toEqual([[1.25, 6], [null, 0]]);
});

it('a historyMonths cell that is not a whole number of months 0..1200 rejects its row', async () => {
  const header = 'iccid,status,plan,meanDailyMB,historyMonths';
  const { rejected, cards } = await importContent([header, `${iccid(1)},online,P1,1.5,2.5`, `${iccid(2)},online,P1,1.5,-1`, `${iccid(3)},online,P1,1.5,1201`, `${iccid(4)},online,P1,1.5,`].join('\n') + '\n', { start: START });
  expect(rejected.map((r) => [r.line, r.reason])).toEqual([
    ['2', 'historyMonths: expected a whole number of months 0..1200, got "2.5"'],
    ['3', 'historyMonths: expected a whole number of months 0..1200, got "-1"'],
    ['4', 'historyMonths: expected a whole number of months 0..1200, got "1201"'],
  ]);
  expect(cards.map((c) => [c.line, c.historyMonths])).toEqual([[5, 0]]);
});
