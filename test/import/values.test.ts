import { describe, expect, it } from 'vitest';
import { parseDate, parseVolume, parseYesNo } from '../../import/values.ts';

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

  it.each(['05/01/2026', 'yesterday', '2026-1'])('%s is not a date format', (text) => {
    expect(parseDate(text).ok).toBe(false);
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
