/** The card timeline reads its stop spans from typed events, never from their sentences. */
import { describe, expect, it } from 'vitest';
import { describeEvent, traceCard, type TraceEvent } from '../../engine/index.ts';
import { spans, timelineCsv } from '../../viz/charts/timeline.ts';
import * as B from '../helpers/build.ts';

/** A card that goes over quota, expires, falls into arrears, is cancelled and replaced (start 2026-01-01, 181 days). */
const EVENTS: TraceEvent[] = [
  { kind: 'stop', day: 16, date: '2026-01-17', reason: 'overQuota', allowanceMB: 100, pool: false, lagDays: 0, stopMB: 100 },
  { kind: 'stop', day: 31, date: '2026-02-01', reason: 'expired', keptUntil: 120 },
  { kind: 'resume', day: 31, date: '2026-02-01', reason: 'overQuota', by: 'cycle', stillStopped: true },
  { kind: 'renewal', day: 33, date: '2026-02-03', initial: false, terms: 1, termMonths: 1, amount: 10, expires: 59, resumes: false },
  { kind: 'renewal', day: 36, date: '2026-02-06', initial: false, terms: 1, termMonths: 1, amount: 10, expires: 59, resumes: true },
  { kind: 'stop', day: 59, date: '2026-03-01', reason: 'expired', keptUntil: 151 },
  { kind: 'stop', day: 74, date: '2026-03-16', reason: 'arrears', afterDays: 14 },
  { kind: 'cancellation', day: 151, date: '2026-06-01', graceMonths: 3, replacementDue: 158 },
  { kind: 'replacement', day: 158, date: '2026-06-08', simCost: 10, visitCost: 150 },
];

describe('spans', () => {
  it('a stop opens its reason, a resume closes it, a renewal that resumes service closes expired, cancellation closes every reason until a replacement', () => {
    expect(spans(EVENTS, 181).map((s) => [s.reason, s.from, s.to, s.event.day])).toEqual([
      ['overQuota', 16, 31, 16],
      ['expired', 31, 36, 31],
      ['expired', 59, 151, 59],
      ['arrears', 74, 151, 74],
      ['cancelled', 151, 158, 151],
    ]);
  });

  it('a reason still open at the end runs to the horizon', () => {
    expect(spans(EVENTS.slice(0, 1), 59)).toEqual([{ reason: 'overQuota', from: 16, to: 59, event: EVENTS[0] }]);
  });

  it('the hand-check card (6 MB/day, 100 MB, auto-stop) is over quota from 17 January and from 17 February', () => {
    const events = traceCard(B.scenario([B.arm({ plans: [B.plan({ autoStop: true })] })]), { card: 0 });
    expect(spans(events, 59).map((s) => [s.reason, s.from, s.to])).toEqual([['overQuota', 16, 31], ['overQuota', 47, 59]]);
  });
});

describe('timelineCsv', () => {
  it('writes each event and span with its sentence in the detail column', () => {
    const rows = timelineCsv({ events: EVENTS.slice(0, 3), start: '2026-01-01', days: 59, label: 'test' });
    expect(rows).toEqual([
      ['record', 'date', 'day', 'kind', 'toDate', 'days', 'detail'],
      ['event', '2026-01-17', 16, 'stop', '', '', 'overQuota: cycle usage reached the 100 MB allowance (auto-stop)'],
      ['event', '2026-02-01', 31, 'stop', '', '', 'expired: plan term ended without renewal; number kept until 2026-05-01'],
      ['event', '2026-02-01', 31, 'resume', '', '', 'overQuota: new billing cycle (still stopped for another reason)'],
      ['span', '2026-01-17', 16, 'overQuota', '2026-02-01', 15, describeEvent(EVENTS[0])],
      ['span', '2026-02-01', 31, 'expired', '2026-03-01', 28, describeEvent(EVENTS[1])],
    ]);
  });
});
