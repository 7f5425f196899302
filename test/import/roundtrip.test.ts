import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { expect } from 'vitest';
import { fleetHeader, fleetLine, type FleetCard } from '../../scenarios/index.ts';
import { luhnDigit } from '../../import/iccid.ts';
import { importContent } from './helpers.ts';

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
      historyMonths: 0,
      statusRaw: r.kind,
      line: 0,
    };
  });

const CANONICAL = ['iccid', 'msisdn', 'status', 'stopReasons', 'plan', 'pool', 'activationDate', 'expiryDate', 'usedMBThisCycle', 'quotaMB', 'thresholdMB', 'autoRenew', 'meanDailyMB'] as const;
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
