import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseDate, parseExpiry, parseVolume, parseYesNo } from '../../import/values.ts';
import { RANGE } from '../../scenarios/index.ts';

describe('dates as exports write them', () => {
  it.each([
    ['2026-01-05', '2026-01-05'],
    ['2026/1/5', '2026-01-05'],
    ['2026/01/05', '2026-01-05'],
    ['2026.1.5', '2026-01-05'],
    ['20260105', '2026-01-05'],
    ['2026-01-05 08:30:00', '2026-01-05'],
    ['2026/1/5 8:30', '2026-01-05'],
    ['2026-01-05T08:30:00Z', '2026-01-05'],
    ['2026-01-05T08:30:00+08:00', '2026-01-05'],
    ['2026年1月5日', '2026-01-05'],
    ['20260105 083000', '2026-01-05'],
    ['', null],
    ['-', null],
  ])('%j → %j', (text, date) => {
    expect(parseDate(text)).toEqual({ ok: true, value: date });
  });

  it('a spreadsheet date serial is read back and reported as a repair', () => {
    expect(parseDate('46027')).toEqual({ ok: true, value: '2026-01-05', repair: 'spreadsheet date serial 46027 read as 2026-01-05' });
  });

  it.each(['2026-02-30', '2026-13-01', '2026/1/32'])('%s is not a real date', (text) => {
    expect(parseDate(text)).toEqual({ ok: false, error: `not a real date: ${JSON.stringify(text)}` });
  });

  it('any four-digit year from 1970 is taken: 9999-12-31 is how platforms write "never expires"', () => {
    expect(parseDate('9999-12-31')).toEqual({ ok: true, value: '9999-12-31' });
    expect(parseDate('2201-01-01')).toEqual({ ok: true, value: '2201-01-01' });
    expect(parseExpiry('9999-12-31')).toEqual({ ok: true, value: '9999-12-31' });
    // The day after has no four-digit year: a time on the last day keeps that day.
    expect(parseExpiry('9999-12-31 23:59:59')).toEqual({ ok: true, value: '9999-12-31' });
  });

  it.each(['1969-12-31', '0000-01-01', '19000101'])('%s is refused, naming the earliest year', (text) => {
    expect(parseDate(text)).toEqual({ ok: false, error: `expected a year from 1970 on (no SIM card is older), got ${JSON.stringify(text)}` });
  });

  it.each(['05/01/2026', 'yesterday', '2026-1'])('%s is not a date format', (text) => {
    expect(parseDate(text).ok).toBe(false);
  });

  it.each(['2026-01-05 25:00', '2026-01-05 08:61', '2026-01-05 24:00:01', '20260105 300000'])('%s is not a real time of day', (text) => {
    expect(parseDate(text)).toEqual({ ok: false, error: `not a real time of day: ${JSON.stringify(text)}` });
    expect(parseExpiry(text).ok).toBe(false);
  });
});

describe('an expiry cell is the first day without the plan (the canonical expiryDate)', () => {
  it.each([
    // A bare date, or one at midnight: that day (platforms stop a card on its expiry date).
    ['2026-03-07', '2026-03-07'],
    ['2026-03-07 00:00:00', '2026-03-07'],
    ['2026/3/7 0:00', '2026-03-07'],
    ['20260307', '2026-03-07'],
    ['20260307 000000', '2026-03-07'],
    // A time after midnight leaves that day to the plan: the first day without it is the next.
    ['2026-03-06 23:59:59', '2026-03-07'],
    ['有效期至 is not a date', null],
    ['2026年3月6日 23:59', '2026-03-07'],
    ['2026-03-06T12:00:00+08:00', '2026-03-07'],
    ['2026-03-06 00:00:00.5', '2026-03-07'],
    ['2026-03-06 24:00:00', '2026-03-07'],
    ['20260306 235959', '2026-03-07'],
    // Across a month and a year's end, and past a leap day.
    ['2026-01-31 23:59:59', '2026-02-01'],
    ['2026-12-31 23:59:59', '2027-01-01'],
    ['2028-02-28 23:59:59', '2028-02-29'],
    ['', null],
  ])('%j → %j', (text, first) => {
    const r = parseExpiry(text);
    if (first === null && text !== '') expect(r.ok).toBe(false);
    else expect(r).toEqual({ ok: true, value: first });
  });

  it('a spreadsheet serial with a fraction of a day is a time of that day', () => {
    expect(parseExpiry('46087')).toEqual({ ok: true, value: '2026-03-06', repair: 'spreadsheet date serial 46087 read as 2026-03-06' });
    expect(parseExpiry('46087.9999884')).toEqual({ ok: true, value: '2026-03-07', repair: 'spreadsheet date serial 46087.9999884 read as 2026-03-06, a time of that day: the plan holds it, so it expires 2026-03-07' });
  });

  it('is parseDate\'s day, or the day after exactly when a time after midnight is given (fast-check)', () => {
    fc.assert(fc.property(fc.integer({ min: 1970, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }), fc.integer({ min: 0, max: 59 }), (y, mo, d, h, mi, se) => {
      const text = `${y}-${mo}-${d} ${h}:${String(mi).padStart(2, '0')}:${String(se).padStart(2, '0')}`;
      const day = parseDate(text), first = parseExpiry(text);
      if (!day.ok || !first.ok) throw new Error(text);
      const next = new Date(Date.UTC(y, mo - 1, d + 1)).toISOString().slice(0, 10);
      expect(first.value).toBe(h + mi + se === 0 ? day.value : next);
    }), { numRuns: 1000 });
  });
});

describe('volumes in KB, MB or GB (1 GB = 1024 MB = 1024² KB)', () => {
  it.each([
    ['12.5', 'MB', 12.5],
    ['2048', 'KB', 2],
    ['1.5', 'GB', 1536],
    ['1.5GB', 'MB', 1536],
    ['512 KB', 'MB', 0.5],
    ['300M', 'KB', 300],
    ['1G', 'MB', 1024],
    ['1,024.5', 'MB', 1024.5],
    ['0', 'MB', 0],
    ['', 'MB', 0],
    ['3e2', 'MB', 300],
  ] as const)('%j in a %s column → %d MB', (text, unit, mb) => {
    expect(parseVolume(text, unit)).toEqual({ ok: true, value: mb });
  });

  it('rejects negative volumes, unknown units and words', () => {
    expect(parseVolume('-5', 'MB')).toEqual({ ok: false, error: 'negative volume "-5"' });
    expect(parseVolume('2e9', 'MB')).toEqual({ ok: false, error: 'volume "2e9" is past 1000000000 MB (about 1 PB), the most a card\'s cycle holds in the simulator' });
    expect(parseVolume('5 TB', 'MB')).toEqual({ ok: false, error: 'unknown unit "TB" in "5 TB" (expected KB, MB or GB)' });
    expect(parseVolume('lots', 'MB').ok).toBe(false);
  });

  it('keeps 6 decimals of a MB', () => {
    expect(parseVolume('1', 'KB')).toEqual({ ok: true, value: 0.000977 });
  });
});

describe('yes/no', () => {
  it.each([['是', true], ['否', false], ['Y', true], ['no', false], ['TRUE', true], ['0', false], ['开启', true], ['', null]] as const)('%j → %j', (text, v) => {
    expect(parseYesNo(text)).toEqual({ ok: true, value: v });
  });
  it('rejects anything else', () => {
    expect(parseYesNo('maybe').ok).toBe(false);
  });
});

describe('against plain references (fast-check)', () => {
  it('a date is real exactly when the calendar (Date) has that day', () => {
    fc.assert(fc.property(fc.integer({ min: 1970, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (y, m, d) => {
      const real = new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d;
      const r = parseDate(`${y}/${m}/${d}`);
      expect(r.ok).toBe(real);
      if (r.ok) expect(r.value).toBe(`${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    }), { numRuns: 2000 });
  });

  it('a plain decimal in the header\'s unit is that number in MB, rounded to 6 decimals, as with thousands separators or a unit of its own', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.option(fc.integer({ min: 0, max: 999_999 }), { nil: undefined }), fc.constantFrom('KB', 'MB', 'GB'), (whole, frac, unit) => {
      const t = frac === undefined ? String(whole) : `${whole}.${frac}`;
      const r = parseVolume(t, unit as 'KB');
      const mb = Math.round(Number(t) * { KB: 1 / 1024, MB: 1, GB: 1024 }[unit]! * 1e6) / 1e6;
      const value = (x: ReturnType<typeof parseVolume>) => (x.ok ? x.value : 'past the range');
      expect(value(r)).toBe(mb > RANGE.allowanceMB.max ? 'past the range' : mb);
      // The same number written with its unit, or with thousands separators, reads the same.
      expect(value(parseVolume(`${t} ${unit}`, 'MB'))).toBe(value(r));
      expect(value(parseVolume(whole.toLocaleString('en') + (frac === undefined ? '' : `.${frac}`), unit as 'KB'))).toBe(value(r));
    }), { numRuns: 2000 });
  });
});
