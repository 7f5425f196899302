import { readFileSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { cli } from '../cli/helpers.ts';
import { gbk } from '../../tools/gbk.ts';
import { csv, iccid, importContent, tempDir } from './helpers.ts';
import { formatSummary } from '../../import/index.ts';

const HEADER = ['ICCID', '接入号', '卡状态', '资费组编号', '已用流量(KB)', '激活时间', '到期时间', '流量池编号', '是否自动续费'];
const row = (k: number, status = '正常', extra: Partial<Record<string, string>> = {}) => {
  const r: Record<string, string> = { ICCID: iccid(k), 接入号: `1440000000${k}`, 卡状态: status, 资费组编号: 'P1', '已用流量(KB)': '10240', 激活时间: '2025/3/7', 到期时间: '2026-12-31', 流量池编号: '', 是否自动续费: '是', ...extra };
  return HEADER.map((h) => r[h]);
};

describe('encodings', () => {
  const text = csv(HEADER, row(1), row(2, '欠费停机'));

  it('GBK (detected: not valid UTF-8)', async () => {
    const { summary, cards } = await importContent(gbk(text));
    expect(summary.encoding).toBe('gbk');
    expect(cards.map((c) => c.statusRaw)).toEqual(['正常', '欠费停机']);
  });

  it('UTF-8 with a BOM', async () => {
    const { summary, cards } = await importContent(`\uFEFF${text}`);
    expect([summary.encoding, summary.bom]).toEqual(['utf-8', true]);
    expect(cards[0].iccid).toBe(iccid(1));
  });

  it('UTF-8 without a BOM, and CRLF line ends', async () => {
    const { summary, cards } = await importContent(text.replace(/\n/g, '\r\n'));
    expect([summary.encoding, summary.bom, cards.length]).toEqual(['utf-8', false, 2]);
  });

  it('--encoding overrides the detection (here wrongly: GBK bytes are not UTF-8, and the import says where, rather than reading garbage)', async () => {
    await expect(importContent(gbk(text), { encoding: 'utf-8' })).rejects.toThrow(/export\.csv: byte 0x[0-9A-F]{2} at byte offset \d+ is not valid UTF-8 \(the encoding given\)/);
  });
});

describe('nothing lost: every row is imported or rejected, with its line and reason', () => {
  it('read = imported + rejected, and rejected.csv carries line, kind, reason and the original cells', async () => {
    const text = csv(
      HEADER,
      row(1),
      row(2, '正常', { ICCID: '8.986E+19' }),
      row(3, '正常', { 到期时间: '2026-02-30' }),
      row(4, '冻结'),
      row(5, '正常', { '已用流量(KB)': '-5' }),
      row(6, '库存'),
      row(1, '正常'),
      ['', '', '', '', '', '', '', '', ''],
      row(7, '正常', { ICCID: `'${iccid(7)}`, 激活时间: '45000' }),
    );
    const { summary, cards, rejected, repaired } = await importContent(text);
    expect(summary.read).toBe(9);
    expect(summary.imported + summary.rejected).toBe(summary.read);
    expect(summary.rejectedBy).toEqual({ invalid: 5, notInService: 0, duplicate: 1 });
    expect(cards.map((c) => [c.line, c.status])).toEqual([[2, 'online'], [7, 'silent'], [10, 'online']]);
    expect(rejected.map((r) => [r.line, r.kind, r.reason])).toEqual([
      ['3', 'invalid', 'iccid: ICCID "8.986E+19" was turned into a number by a spreadsheet and lost its digits (format the ICCID column as text before exporting)'],
      ['4', 'invalid', 'expiryDate: not a real date: "2026-02-30"'],
      ['5', 'invalid', 'status: unknown status "冻结" (add it to the mapping file\'s statuses)'],
      ['6', 'invalid', 'usedMBThisCycle: negative volume "-5"'],
      ['8', 'duplicate', `duplicate ICCID ${iccid(1)} (first on line 2, which is kept)`],
      ['9', 'invalid', 'empty row'],
    ]);
    expect(rejected[0].ICCID).toBe('8.986E+19');
    expect(rejected[3]['已用流量(KB)']).toBe("'-5"); // formula-guarded for spreadsheets
    expect(repaired).toEqual([
      { line: '10', iccid: iccid(7), field: 'iccid', repair: `ICCID "'${iccid(7)}" cleaned to ${iccid(7)}` },
      { line: '10', iccid: iccid(7), field: 'activationDate', repair: 'spreadsheet date serial 45000 read as 2023-03-15' },
    ]);
    expect(summary.repaired).toBe(1);
  });

  it('several problems of one row are all given', async () => {
    const { rejected } = await importContent(csv(HEADER, row(1, '正常', { 激活时间: 'soon', '已用流量(KB)': 'x' })));
    expect(rejected[0].reason).toBe('activationDate: expected a date such as 2026-01-05, 2026/1/5, 20260105 or 2026-01-05 08:30:00, got "soon"; usedMBThisCycle: expected a volume such as 12.5, 1.5GB or 512 KB, got "x"');
  });

  it('a card activated after the export\'s date (--start) is rejected at its row, which the scenario would refuse as a whole fleet; on the day itself it is imported', async () => {
    const { cards, rejected } = await importContent(csv(HEADER, row(1, '正常', { 激活时间: '2026-06-01' }), row(2, '正常', { 激活时间: '2026-01-15' })), { start: '2026-01-15' });
    expect(cards.map((c) => [c.line, c.activationDate])).toEqual([[3, '2026-01-15']]);
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([['2', 'activationDate: 2026-06-01 is after the export\'s date 2026-01-15 (--start): a card cannot be activated after the day the export shows; if the export is of a later day, give that as --start']]);
  });

  it('a row with a broken quote is rejected as unreadable, not dropped', async () => {
    const text = csv(HEADER, row(1)) + `${iccid(2)},x,"正常,P1\n`;
    const { summary, rejected } = await importContent(text);
    expect(summary.read).toBe(summary.imported + summary.rejected);
    expect(summary.rejected).toBe(1);
    expect(rejected[0].reason).toMatch(/^not readable as CSV: /);
  });

  it('a stray quote rejects only its own line; the rows after it are read, and its raw text is kept', async () => {
    const broken = `${iccid(2)},x,"正常,P1,10240,2025/3/7,2026-12-31,,是`;
    const text = csv(HEADER, row(1)) + broken + '\n' + csv(HEADER, row(3), row(4)).split('\n').slice(1).join('\n');
    const { summary, rejected, cards } = await importContent(text);
    expect([summary.read, summary.imported, summary.rejected]).toEqual([4, 3, 1]);
    expect(cards.map((c) => c.iccid)).toEqual([iccid(1), iccid(3), iccid(4)]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0].line).toBe('3');
    expect(rejected[0].reason).toBe('not readable as CSV: a quoted cell is never closed (a stray or broken quote); the lines after it are read on their own');
    expect(rejected[0].ICCID).toBe(broken);
  });

  it('two stray quotes that close into a record of another width reject the first line; the lines between are read', async () => {
    const rows = [row(1), row(2), row(3), row(4)].map((r) => r.join(','));
    rows[0] = rows[0].replace('正常', '"正常');
    rows[2] = rows[2].replace('P1', 'P1"');
    const { summary, rejected, cards } = await importContent([HEADER.join(','), ...rows].join('\n') + '\n');
    expect([summary.read, summary.imported, summary.rejected]).toEqual([4, 2, 2]);
    expect(cards.map((c) => c.iccid)).toEqual([iccid(2), iccid(4)]);
    expect(rejected.map((r) => r.line)).toEqual(['2', '4']);
  });

  it('a quoted cell holding a line break is one row, and later lines keep their numbers', async () => {
    const text = csv(HEADER, row(1, '正常', { 接入号: 'two\nlines' }), row(2, '停机'));
    const { summary, cards } = await importContent(text);
    expect([summary.read, summary.imported]).toEqual([2, 2]);
    expect(cards.map((c) => [c.msisdn, c.line])).toEqual([['two\nlines', 2], ['14400000002', 4]]);
  });

  it('an export with classic Mac line endings (a bare \\r) reads every row, each on its own line', async () => {
    const text = [HEADER.join(','), row(1).join(','), row(2, '停机').join(',')].join('\r') + '\r';
    const { summary, cards } = await importContent(text);
    expect([summary.read, summary.imported, summary.rejected]).toEqual([2, 2, 0]);
    expect(cards.map((c) => [c.iccid, c.statusRaw, c.line])).toEqual([[iccid(1), '正常', 2], [iccid(2), '停机', 3]]);
  });

  it('a bare \\r inside a cell ends its line: the two pieces are rejected on their own, the rows around them read with their lines', async () => {
    // Before, csv-parse took the first \r it met for every record's end and merged the records of the batch after it.
    const header = HEADER.join(',') + ',备注';
    const lines = [row(1).join(',') + ',x', row(2, '正常', { 接入号: '14400\r00002' }).join(',') + ',z', row(3).join(',') + ',y'];
    const { summary, cards, rejected } = await importContent([header, ...lines].join('\r\n') + '\r\n');
    // Lines: 1 the header, 2 card 1, 3–4 card 2's two pieces (2 cells and 9, the header 10), 5 card 3.
    expect(cards.map((c) => [c.iccid, c.line])).toEqual([[iccid(1), 2], [iccid(3), 5]]);
    expect(rejected.map((r) => Number(r.line))).toEqual([3, 4]);
    expect(rejected.map((r) => /the row has (\d+) cells, the header 10/.exec(r.reason)?.[1])).toEqual(['2', '9']);
    expect(summary.read).toBe(summary.imported + summary.rejected);
  });

  it('a row with more cells than the header is rejected, never shifted (an unquoted 12,5MB)', async () => {
    const text = ['ICCID,卡状态,已用流量,资费总量', `${iccid(1)},正常,12,5MB,100`, `${iccid(2)},正常,12,100,`].join('\n') + '\n';
    const { summary, rejected, cards } = await importContent(text);
    expect([summary.read, summary.imported, summary.rejected]).toEqual([2, 1, 1]);
    expect(cards.map((c) => [c.usedMBThisCycle, c.quotaMB])).toEqual([[12, 100]]);
    expect(rejected[0].reason).toBe('the row has 5 cells, the header 4: a value with an unquoted comma (such as 12,5MB) shifts every cell after it; quote the value or remove the extra cells');
  });

  test.prop([fc.array(fc.tuple(fc.boolean(), fc.nat()), { minLength: 1, maxLength: 30 })], { numRuns: 40 })(
    'stray quotes anywhere: every line is imported or rejected, every damaged line is rejected, every other imported',
    async (plan) => {
      const lines = plan.map(([damaged, at], k) => {
        const text = row(k + 1).join(',');
        if (!damaged) return text;
        const i = at % (text.length + 1);
        return text.slice(0, i) + '"' + text.slice(i);
      });
      const { summary, cards, rejected } = await importContent([HEADER.join(','), ...lines].join('\n') + '\n');
      expect(summary.read).toBe(plan.length);
      expect(cards.map((c) => c.line)).toEqual(plan.flatMap(([damaged], k) => (damaged ? [] : [k + 2])));
      expect(rejected.map((r) => Number(r.line))).toEqual(plan.flatMap(([damaged], k) => (damaged ? [k + 2] : [])));
    },
  );

  it('an export that gives no card exits 1 with a closing line that says why; only rejected.csv is written, an earlier fleet CSV stays', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'good.csv'), `iccid,status\n${iccid(1)},online\n`);
    writeFileSync(join(dir, 'bad.csv'), 'iccid,status\n123,online\n');
    writeFileSync(join(dir, 'empty.csv'), 'iccid,status\n');
    const out = join(dir, 'a', 'fleet.csv');
    expect(cli('import', join(dir, 'good.csv'), '--start', '2026-01-15', '--out', out).status).toBe(0);
    const kept = ['fleet.csv', 'fleet.repaired.csv', 'fleet.profiles.yaml'].map((f) => readFileSync(join(dir, 'a', f), 'utf8'));
    expect(kept[0]).toContain(iccid(1));
    const bad = cli('import', join(dir, 'bad.csv'), '--start', '2026-01-15', '--out', out);
    expect(bad.status).toBe(1);
    expect(bad.stderr.trimEnd().split('\n').pop()).toBe(`simlapse: no card imported from ${join(dir, 'bad.csv')}: its only row was rejected (each in ${join(dir, 'a', 'fleet.rejected.csv')})`);
    expect(bad.stderr).toContain(`wrote ${join(dir, 'a', 'fleet.rejected.csv')} only (no card imported: ${out}, `);
    expect(bad.stderr).not.toContain('calibration');
    expect(readFileSync(join(dir, 'a', 'fleet.rejected.csv'), 'utf8')).toContain('123');
    // The earlier import's fleet CSV, repaired rows and profiles are as they were; no temporary file is left.
    expect(['fleet.csv', 'fleet.repaired.csv', 'fleet.profiles.yaml'].map((f) => readFileSync(join(dir, 'a', f), 'utf8'))).toEqual(kept);
    expect(readdirSync(join(dir, 'a')).sort()).toEqual(['fleet.csv', 'fleet.profiles.yaml', 'fleet.rejected.csv', 'fleet.repaired.csv']);
    const empty = cli('import', join(dir, 'empty.csv'), '--start', '2026-01-15', '--out', join(dir, 'b', 'fleet.csv'));
    expect(empty.status).toBe(1);
    expect(empty.stderr.trimEnd().split('\n').pop()).toBe(`simlapse: no card imported from ${join(dir, 'empty.csv')}: the export has no rows below its header`);
    expect(readdirSync(join(dir, 'b'))).toEqual(['fleet.rejected.csv']);
  });

  it('--dates that do not fit the exports are a command-line mistake (exit 2), refused before any export is read or anything written', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'e.csv'), 'iccid,status\n123,online\n');
    const e = join(dir, 'e.csv'), out = join(dir, 'out', 'fleet.csv');
    const count = cli('import', e, e, e, '--dates', '2025-12-01', '--start', '2026-01-15', '--out', out);
    expect([count.status, count.stderr]).toEqual([2, 'simlapse: --dates: expected 2 dates (one per export before the latest, oldest first), got 1\n']);
    const order = cli('import', e, e, '--dates', '2026-02-01', '--start', '2026-01-15', '--out', out);
    expect([order.status, order.stderr]).toEqual([2, `simlapse: ${e}: dated 2026-02-01, not before the latest export's start 2026-01-15; give the exports oldest first\n`]);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('an export without an ICCID column writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.csv'), '卡号,卡状态\n1,正常\n');
    const r = cli('import', join(dir, 'x.csv'), '--start', '2026-01-15', '--out', join(dir, 'out', 'fleet.csv'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^simlapse: .*x\.csv: no iccid column: expected a header such as "iccid"/);
    expect(existsSync(join(dir, 'out')) ? readdirSync(join(dir, 'out')) : []).toEqual([]);
  });
});

describe('the canonical card', () => {
  it('volumes in KB become MB; units in cells; dates normalised; pools and auto-renew kept', async () => {
    const { cards } = await importContent(csv(HEADER, row(1, '正常', { '已用流量(KB)': '1.5MB', 流量池编号: 'POOL-1', 激活时间: '20250307', 是否自动续费: '否' }), row(2)));
    expect(cards[0]).toMatchObject({ usedMBThisCycle: 1.5, pool: 'POOL-1', activationDate: '2025-03-07', expiryDate: '2026-12-31', autoRenew: false, plan: 'P1', msisdn: '14400000001' });
    expect(cards[1].usedMBThisCycle).toBe(10);
  });

  it('an expired card with no expiry date gets the day before the start; an online card past its expiry is expired', async () => {
    const { cards, repaired } = await importContent(csv(HEADER, row(1, '预销户', { 到期时间: '' }), row(2, '正常', { 到期时间: '2026-01-01' })));
    expect(cards.map((c) => [c.status, c.stopReasons.join(';'), c.expiryDate])).toEqual([['stopped', 'expired', '2026-01-14'], ['stopped', 'expired', '2026-01-01']]);
    expect(repaired.map((r) => r.field)).toEqual(['expiryDate', 'status']);
  });

  it('the expiry date is the first day without the plan, as the engine reads it: an expiry before the start is expired, one on the start (2026-01-15) expires in the run and is kept as shown', async () => {
    const { cards, repaired } = await importContent(csv(HEADER,
      row(1, '正常', { 到期时间: '2026-01-15' }), row(2, '正常', { 到期时间: '2026-01-16' }),
      row(3, '预销户', { 到期时间: '2026-01-15' }), row(4, '预销户', { 到期时间: '2026-01-16' }), row(5, '正常', { 到期时间: '2026-01-14 23:59:59' }),
      row(6, '正常', { 到期时间: '2026-01-14' })));
    expect(cards.map((c) => [c.status, c.stopReasons.join(';'), c.expiryDate])).toEqual([
      ['online', '', '2026-01-15'], ['online', '', '2026-01-16'], ['stopped', 'expired', '2026-01-15'], ['stopped', 'expired', '2026-01-14'],
      ['online', '', '2026-01-15'], ['stopped', 'expired', '2026-01-14'],
    ]);
    expect(repaired.map((r) => [r.field, r.repair])).toEqual([
      ['expiryDate', 'status expired but the expiry 2026-01-16 is after the start 2026-01-15: taken as 2026-01-14'],
      ['status', '"正常" but the plan expired on 2026-01-14, before the start 2026-01-15: taken as expired'],
    ]);
  });
});

describe('calibration', () => {
  it('from usage history: each card Σ MB ÷ Σ days; the start month counts the days before the start', async () => {
    const H = ['ICCID', 'Status', 'Rate Plan', '2025-11用量(MB)', '2025-12用量(GB)', '2026-01用量(MB)'];
    const { cards, summary, profiles } = await importContent(csv(H, [iccid(1), 'active', 'A', '30', '0.0302734375', '14'], [iccid(2), 'active', 'A', '', '62', '28'], [iccid(3), 'active', 'B', '0', '0', '0']));
    // Card 1: (30 + 31 + 14) / (30 + 31 + 14) = 1 MB/day. Card 2: November empty (no data): (62×1024 + 28) / (31 + 14).
    expect(cards.map((c) => [c.meanDailyMB, c.historyMonths])).toEqual([[1, 3], [Number(((62 * 1024 + 28) / 45).toFixed(6)), 2], [0, 3]]);
    const a = summary.profiles.find((p) => p.plan === 'A')!;
    expect(a).toMatchObject({ cards: 2, fitted: 2, zero: 0, method: 'history' });
    expect(summary.profiles.find((p) => p.plan === 'B')).toMatchObject({ fitted: 1, zero: 1, median: null });
    expect(profiles).toMatch(/^# Usage profiles fitted by `simlapse import`/);
    expect(profiles).toContain('plan A:');
  });

  it('with no column of this cycle\'s usage, the start month\'s history column is it when the cycle starts on the 1st', async () => {
    const H = ['ICCID', 'Status', 'Rate Plan', '2025-12用量(MB)', '2026-01用量(GB)'];
    const rows = [[iccid(1), 'active', 'A', '30', '0.5'], [iccid(2), 'active', 'A', '62', '']];
    const { cards, summary } = await importContent(csv(H, ...rows));
    // 0.5 GB to date in January, the cycle from January 1st: 512 MB used this cycle (an empty cell is 0).
    expect(cards.map((c) => c.usedMBThisCycle)).toEqual([512, 0]);
    expect(summary.headers.fields.usedMBThisCycle?.header).toBe('2026-01用量(GB)');
    expect(summary.headers.cycleFromHistory).toEqual({ month: '2026-01', header: '2026-01用量(GB)', use: 'taken' });
    expect(formatSummary('export.csv', '2026-01-15', false, summary)).toContain('usage this cycle: no column of its own; read from the 2026-01 history column "2026-01用量(GB)"');
    // The history still counts the month's days before the start for the calibration.
    expect(cards[0].meanDailyMB).toBe(Number(((30 + 512) / (31 + 14)).toFixed(6)));
    // A cycle from the 27th: January's column misses December 27–31, so it is not read, and the summary warns.
    const other = await importContent(csv(H, ...rows), { cycleAnchorDay: 27 });
    expect(other.cards.map((c) => c.usedMBThisCycle)).toEqual([0, 0]);
    expect(other.summary.headers.fields.usedMBThisCycle).toBeUndefined();
    expect(formatSummary('export.csv', '2026-01-15', false, other.summary)).toMatch(/^warning: usage this cycle: no column of its own, and the 2026-01 history column "2026-01用量\(GB\)" counts the calendar month, not the cycle/m);
    // The anchor the import assumed is said where the scenario is written from: the summary and the profiles.
    expect(formatSummary('export.csv', '2026-01-15', false, other.summary)).toContain('billing cycle from day 27 of the month (--cycle-anchor): give the scenario rules: {cycleAnchorDay: 27}');
    expect(other.profiles).toContain('# The export\'s billing cycle starts on day 27 (--cycle-anchor): give the scenario rules: {cycleAnchorDay: 27}.');
    expect(formatSummary('export.csv', '2026-01-15', false, summary)).not.toContain('billing cycle from day');
    // A column of this cycle's own is read as before, and the history is only history.
    const own = await importContent(csv([...H, '本月流量(MB)'], [...rows[0], '7'], [...rows[1], '9']));
    expect(own.cards.map((c) => c.usedMBThisCycle)).toEqual([7, 9]);
    expect(own.summary.headers.cycleFromHistory).toBeUndefined();
  });

  it('without history: per plan from the cycle usage to date of the online cards', async () => {
    // Start 2026-01-15, cycle from the 1st: 14 days. 14 MB → 1 MB/day, 56 MB → 4 MB/day: median 2, spread ln 4 / √2.
    const H = ['ICCID', 'Status', 'Rate Plan', 'Data used (MB)'];
    const { cards, summary } = await importContent(csv(H, [iccid(1), 'active', 'A', '14'], [iccid(2), 'active', 'A', '56'], [iccid(3), 'suspended', 'A', '999']));
    expect(cards.every((c) => c.meanDailyMB === null)).toBe(true);
    const a = summary.profiles.find((p) => p.plan === 'A')!;
    expect(a).toMatchObject({ method: 'cycle', cards: 3, fitted: 2, median: 2, spread: Number((Math.log(4) / Math.SQRT2).toFixed(6)), noiseSpread: null });
  });

  it('an export without a usage column fits no card (its 0 MB is a default, not usage read), and the summary says why', async () => {
    const { summary } = await importContent(csv(['ICCID', 'Status', 'Rate Plan'], [iccid(1), 'active', 'A'], [iccid(2), 'active', 'A']));
    expect(summary.profiles.find((p) => p.plan === 'A')).toMatchObject({ cards: 2, fitted: 0, zero: 0, median: null });
    expect(formatSummary('export.csv', '2026-01-15', false, summary)).toMatch(/^calibration \(none\): no card fitted \(the export has no usage column\): the scenario's profile draws each card's level; /m);
  });
});

describe('simlapse import (the command)', () => {
  it('imports the sample export: summary on stderr, the four files written, counts add up', () => {
    const dir = tempDir();
    const r = cli('import', 'scenarios/imports/sample-export.csv', '--start', '2026-01-15', '--out', join(dir, 'fleet.csv'));
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('read 600 = imported 594 + rejected 6 (invalid 5, duplicate 1)');
    expect(readdirSync(dir).sort()).toEqual(['fleet.csv', 'fleet.profiles.yaml', 'fleet.rejected.csv', 'fleet.repaired.csv']);
    // The committed outputs are what the command writes.
    for (const f of ['fleet.csv', 'fleet.rejected.csv', 'fleet.repaired.csv', 'fleet.profiles.yaml']) {
      expect(readFileSync(join(dir, f), 'utf8'), f).toBe(readFileSync(`scenarios/imports/sample-${f}`, 'utf8'));
    }
  });

  it('bad options are usage errors', () => {
    expect(cli('import', 'x.csv', '--out', 'y.csv', '--start', '2026-02-30').status).toBe(2);
    expect(cli('import', 'x.csv', '--out', 'y.csv', '--encoding', 'latin1').status).toBe(2);
    const r = cli('import', 'no-such.csv', '--out', 'y.csv');
    expect([r.status, r.stderr]).toEqual([1, 'simlapse: cannot read export "no-such.csv": no such file\n']);
  });
});
