/** The catalog of states and metrics (engine/metrics.ts): one name, bit and label per thing. */
import fc from 'fast-check';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  ARREARS, CANCELLED, DOWNTIME_REASONS, EXPIRED, FLAG_COMBINATIONS, GROUPS, MANUAL, METRIC, METRICS, OVERQUOTA, PRESERVICE, SERIES, STATE, STATES, STOP_REASONS,
  downtimeMetric, flagsOf, isStopReason, reasonsOf, seriesInfo, unitText,
} from '../../engine/metrics.ts';
import { REASON_OF, R_CANCELLED, R_MANUAL, R_OVERQUOTA } from '../../engine/layout.ts';

describe('the catalog', () => {
  it('each stop reason and cancellation has its own bit; online has none; pre-service is outside the one-byte flags', () => {
    expect(STATES.map((s) => [s.key, s.bit])).toEqual([['online', 0], ['manual', MANUAL], ['overQuota', OVERQUOTA], ['arrears', ARREARS], ['expired', EXPIRED], ['cancelled', CANCELLED], ['preService', PRESERVICE]]);
    expect(PRESERVICE).toBeGreaterThan(255);
    expect([MANUAL, OVERQUOTA, ARREARS, EXPIRED, CANCELLED]).toEqual([1, 2, 4, 8, 16]);
    expect(FLAG_COMBINATIONS).toBe(32);
  });

  test.prop([fc.subarray([...STOP_REASONS])])('reasonsOf(flagsOf(reasons)) gives the reasons back, in flag order', (reasons) => {
    expect(reasonsOf(flagsOf(reasons))).toEqual(STOP_REASONS.filter((r) => reasons.includes(r)));
  });

  it('a stop reason is only one of the four names, never an inherited property', () => {
    expect(STOP_REASONS.every(isStopReason)).toBe(true);
    for (const x of ['constructor', 'valueOf', '__proto__', 'toString', 'online', 'cancelled', '', 1]) expect(isStopReason(x)).toBe(false);
  });

  it('downtime is attributed by precedence: cancelled > expired > arrears > overQuota > manual; then throttled (online cards only)', () => {
    expect(DOWNTIME_REASONS).toEqual(['cancelled', 'expired', 'arrears', 'overQuota', 'manual', 'throttled']);
    expect(REASON_OF[0]).toBe(-1);
    expect(REASON_OF[MANUAL | OVERQUOTA]).toBe(R_OVERQUOTA);
    expect(REASON_OF[MANUAL]).toBe(R_MANUAL);
    expect(REASON_OF[CANCELLED | EXPIRED]).toBe(R_CANCELLED);
  });

  it('every metric has a group, a label, a unit and a scale; labels are unique', () => {
    expect(Object.keys(METRIC)).toEqual([...METRICS]);
    for (const name of METRICS) {
      const m = METRIC[name];
      expect(m.name).toBe(name);
      expect(Object.hasOwn(GROUPS, m.group)).toBe(true);
      expect(m.label.length).toBeGreaterThan(0);
      expect(m.scale).toBeGreaterThan(0);
    }
    const labels = METRICS.map((n) => METRIC[n].label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('a downtime reason and a stop count carry the state label the page and the CLI show', () => {
    expect(METRIC[downtimeMetric('overQuota')]).toMatchObject({ label: 'downtime: over quota', short: 'over quota' });
    expect(METRIC['stops.overQuota'].short).toBe(STATE.overQuota.label);
    expect(METRIC['downtime.cardDays.manual'].short).toBe(STATE.manual.label);
    expect(METRIC['stops.arrears'].count).toBe(true);
    expect(METRIC['cost.plan'].count).toBe(false);
  });

  it('availability is a fraction shown ×100 as %, and its differences in percentage points', () => {
    expect(METRIC.availability).toMatchObject({ unit: 'fraction', scale: 100 });
    expect(unitText('fraction', 'CNY')).toBe('%');
    expect(unitText('fraction', 'CNY', true)).toBe('percentage points');
    expect(unitText('currency', 'EUR')).toBe('EUR');
  });

  it('every series is a state (cards per day) or a metric', () => {
    expect(seriesInfo('overQuota')).toEqual({ label: 'over quota', unit: 'cards' });
    expect(seriesInfo('cancelled')).toEqual({ label: 'cancelled', unit: 'cards' });
    expect(seriesInfo('cost.plan')).toEqual({ label: 'plan fees', unit: 'currency' });
    for (const s of SERIES) expect(seriesInfo(s).label.length).toBeGreaterThan(0);
  });
});
