/** A spreadsheet's cells as an export's text (import/sheet.ts): what read-excel-file gives, read by the same value parsers as a CSV's cells. */
import { describe, expect, it } from 'vitest';
import { sheetRows } from '../../import/sheet.ts';
import { parseDate, parseExpiry } from '../../import/values.ts';

describe('a spreadsheet\'s date cells (sheetRows)', () => {
  it('a date is YYYY-MM-DD; a date with a time keeps the time, so an expiry at 23:59:59 is read as the next day', () => {
    const rows = sheetRows([
      ['iccid', 'expiry'],
      ['89860000000000000001', new Date(Date.UTC(2026, 2, 7))],
      ['89860000000000000002', new Date(Date.UTC(2026, 2, 6, 23, 59, 59))],
      ['89860000000000000003', new Date(Number.NaN)],
    ]);
    const second = rows.map((r) => ('record' in r ? r.record[1] : r.raw));
    expect(second).toEqual(['expiry', '2026-03-07', '2026-03-06 23:59:59.000', '']);
    expect(second.slice(1, 3).map((t) => parseExpiry(t))).toEqual([{ ok: true, value: '2026-03-07' }, { ok: true, value: '2026-03-07' }]);
    expect(parseDate(second[2])).toEqual({ ok: true, value: '2026-03-06' });
  });
});
