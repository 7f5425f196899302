import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_LINE } from '../../import/lines.ts';
import { cli, tempDir } from '../cli/helpers.ts';
import { formatSummary } from '../../cli/import.ts';
import { parseMapping } from '../../import/index.ts';
import { gbk } from '../../tools/gbk.ts';
import { csv, iccid, importContent } from './helpers.ts';

const HEADER = ['ICCID', '卡状态', '资费组编号', '已用流量(MB)', '激活时间'];
const rows = [
  [iccid(1), '正常', 'P1', '12.5', '2025-03-07'],
  [iccid(2), '欠费停机', 'P1', '0', '2025-03-07'],
  [iccid(3), '冻结', 'P1', '1', '2025-03-07'],
];
const text = csv(HEADER, ...rows);
const withDelimiter = (d: string) => [HEADER, ...rows].map((r) => r.join(d)).join('\r\n') + '\r\n';

/** UTF-16 bytes of a text, little- or big-endian, with or without a BOM. */
function utf16(s: string, order: 'le' | 'be', bom: boolean): Uint8Array {
  const le = Buffer.from((bom ? '\uFEFF' : '') + s, 'utf16le');
  return order === 'le' ? le : le.swap16();
}

describe('delimiters: , ; and tab, detected from the header line', () => {
  for (const [name, d] of [['comma', ','], ['semicolon', ';'], ['tab', '\t']] as const) {
    it(`${name}-separated: the same cards, and the rejected row still reported`, async () => {
      const { summary, cards, rejected } = await importContent(withDelimiter(d));
      expect(summary.delimiter).toBe(d);
      expect(cards.map((c) => [c.iccid, c.status, c.usedMBThisCycle])).toEqual([[iccid(1), 'online', 12.5], [iccid(2), 'stopped', 0]]);
      expect(rejected.map((r) => [r.line, r.reason, r.ICCID])).toEqual([['4', 'status: unknown status "冻结" (add it to the mapping file\'s statuses)', iccid(3)]]);
      expect(summary.read).toBe(summary.imported + summary.rejected);
    });
  }

  it('a ;-separated export reads decimal commas (12,5 and 1.024,5); an unquoted ; shifting cells is rejected, naming the semicolon', async () => {
    const t = ['ICCID;卡状态;已用流量(MB);资费组编号', `${iccid(1)};正常;12,5;P1`, `${iccid(2)};正常;1.024,5;P1`, `${iccid(3)};正常;1;2;P1`].join('\n') + '\n';
    const { cards, rejected } = await importContent(t);
    expect(cards.map((c) => c.usedMBThisCycle)).toEqual([12.5, 1024.5]);
    expect(rejected.map((r) => [r.line, r.reason])).toEqual([['4', 'the row has 5 cells, the header 4: a value with an unquoted semicolon shifts every cell after it; quote the value or remove the extra cells']]);
  });

  it('in a ;-separated export a dot groups thousands also without a comma (1.024 is 1024, as 1.024,5 is 1024.5), said as a repair; 12.5 stays a decimal', async () => {
    const t = ['ICCID;卡状态;已用流量(MB);资费组编号', `${iccid(1)};正常;1.024;P1`, `${iccid(2)};正常;1.024.000;P1`, `${iccid(3)};正常;12.5;P1`, `${iccid(4)};正常;2.048 KB;P1`].join('\n') + '\n';
    const { cards, repaired } = await importContent(t);
    expect(cards.map((c) => c.usedMBThisCycle)).toEqual([1024, 1024000, 12.5, 2]);
    expect(repaired.map((r) => [r.line, r.field, r.repair])).toEqual([
      ['2', 'usedMBThisCycle', '"1.024" read as 1024: in a ";"-separated export the comma is the decimal mark and a dot groups thousands'],
      ['3', 'usedMBThisCycle', '"1.024.000" read as 1024000: in a ";"-separated export the comma is the decimal mark and a dot groups thousands'],
      ['5', 'usedMBThisCycle', '"2.048 KB" read as 2048 KB: in a ";"-separated export the comma is the decimal mark and a dot groups thousands'],
    ]);
    // In a ,-separated export the dot is the decimal mark (and 1.024.000 is no number: rejected).
    const comma = await importContent(t.replace(/;/g, ','));
    expect(comma.cards.map((c) => c.usedMBThisCycle)).toEqual([1.024, 12.5, 0.002]);
    expect(comma.rejected.map((r) => r.line)).toEqual(['3']);
  });

  it('a quoted cell holding the delimiter stays one cell; --delimiter and the mapping\'s delimiter override the detection', async () => {
    const t = ['ICCID;卡状态;资费组编号', `${iccid(1)};正常;"P;1"`].join('\n') + '\n';
    expect((await importContent(t)).cards[0].plan).toBe('P;1');
    // As many commas as semicolons in the header: a tie goes to the comma (and then there is no ICCID column).
    const odd = ['ICCID;卡状态;资费组编号;备注,说明,其他,x', `${iccid(1)};正常;P1,v2;a`].join('\n') + '\n';
    await expect(importContent(odd)).rejects.toThrow(/no iccid column: .* the header is "ICCID;卡状态;资费组编号;备注", "说明"/);
    expect((await importContent(odd, { delimiter: ';' })).cards[0].plan).toBe('P1,v2');
    const mapping = parseMapping('delimiter: ";"\n', 'm.yaml');
    expect((await importContent(odd, { mapping })).cards[0].plan).toBe('P1,v2');
    expect(parseMapping('delimiter: tab\n', 'm.yaml').delimiter).toBe('\t');
    expect(() => parseMapping('delimiter: "|"\n', 'm.yaml')).toThrow('m.yaml: delimiter: expected ",", ";" or tab, got "|"');
  });
});

describe("the mapping file's YAML", () => {
  it('an unknown tag, a list as a key and nesting that would exhaust the stack are refused at their line and column, deep nesting and self-referring aliases in one line, values cut short; Node prints no warning', () => {
    const warnings: string[] = [];
    const listen = (w: Error) => warnings.push(w.message);
    process.on('warning', listen);
    try {
      expect(() => parseMapping('statuses: {Live: online}\ncolumns: !!js/function x\n', 'm.yaml')).toThrow(/^m\.yaml:2:10: Unresolved tag: tag:yaml\.org,2002:js\/function$/);
      expect(() => parseMapping('statuses:\n  ? [a, b]\n  : online\n', 'm.yaml')).toThrow(/^m\.yaml:2:5: a key must be a name or a number, not a list or mapping$/);
      expect(() => parseMapping(`statuses: {x: ${'['.repeat(5000)}${']'.repeat(5000)}}\n`, 'm.yaml')).toThrow(/^m\.yaml:1:\d+: lists and mappings are nested far too deeply \(a mapping file needs 3 levels\)$/);
      // Nesting past 16 levels, or an alias inside the node it names (a cycle), is one message; less is parsed, then refused by the mapping's own checks.
      const deep = /^m\.yaml: lists and mappings are nested more than 16 levels deep, or an alias refers to itself \(a mapping file needs 3 levels\)$/;
      expect(() => parseMapping(`statuses: {x: ${'['.repeat(50)}${']'.repeat(50)}}\n`, 'm.yaml')).toThrow(deep);
      expect(() => parseMapping('statuses: &a {x: *a}\n', 'm.yaml')).toThrow(deep);
      expect(() => parseMapping('ignore: &c [*c]\n', 'm.yaml')).toThrow(deep);
      expect(() => parseMapping(`statuses: {x: ${'['.repeat(10)}${']'.repeat(10)}}\n`, 'm.yaml')).toThrow(/^m\.yaml: statuses\.x: expected online, stopped/);
      // A value is shown cut short, never echoed back whole.
      expect(() => parseMapping(`statuses: {x: "${'y'.repeat(5000)}"}\n`, 'm.yaml')).toThrow(/got "y{60}…" \(5,000 characters\)$/);
      expect(() => parseMapping('a: &a [1, 2]\nb: [*a, *a]\n', 'm.yaml')).toThrow(/^m\.yaml: a: unknown key/);
      expect(parseMapping('', 'm.yaml')).toEqual({ statuses: {}, reasons: {} });
    } finally {
      process.off('warning', listen);
    }
    expect(warnings).toEqual([]);
  });
});

describe("the mapping file's keys and values are not echoed back whole", () => {
  it('keys of 100,000 characters under statuses, reasons, columns and history, and at the top, are quoted cut to 60 characters with their length, on their field', () => {
    const z = 'z'.repeat(100_000), cut = `"${'z'.repeat(60)}…" (100,000 characters)`;
    const problems = (text: string) => {
      try {
        parseMapping(text, 'm.yaml');
      } catch (err) {
        return (err as Error).message.split('\n');
      }
      throw new Error('expected the mapping to be refused');
    };
    expect(problems(`statuses: {"${z}": bogus}\n`)).toEqual([`m.yaml: statuses[${cut}]: expected online, stopped, cancelled, test, silent, notInService or {status: stopped, stopReasons: [manual, overQuota, arrears, expired]}, got "bogus"`]);
    expect(problems(`reasons: {"${z}": bogus}\n`)).toEqual([`m.yaml: reasons[${cut}]: expected manual, overQuota, arrears, expired or none, got "bogus"`]);
    expect(problems(`columns: {"${z}": x, iccid: {header: x, "${z}": 1}}\n`)).toEqual([
      `m.yaml: columns[${cut}]: unknown field; fields are: iccid, msisdn, status, stopReasons, plan, pool, activationDate, expiryDate, usedMBThisCycle, quotaMB, thresholdMB, autoRenew, meanDailyMB, historyMonths`,
      `m.yaml: columns.iccid: unknown key ${cut}; keys are: header, unit`,
    ]);
    expect(problems(`history: {"${z}": {header: x, unit: "${z}"}}\n`)).toEqual([`m.yaml: history[${cut}]: expected a month YYYY-MM as the key`, `m.yaml: history[${cut}].unit: expected KB, MB or GB, got ${cut}`]);
    expect(problems(`{"${z}": 1, encoding: "${z}", ignore: {"${z}": 1}}\n`)).toEqual([
      `m.yaml: ${cut}: unknown key; keys are: encoding, delimiter, luhn, columns, history, statuses, reasons, ignore`,
      `m.yaml: encoding: expected utf-8, gbk, gb18030, utf-16le, utf-16be, got ${cut}`,
      `m.yaml: ignore: expected a list of headers, got {"${'z'.repeat(58)}… (100,006 characters)`,
    ]);
    expect(problems(`statuses: !${'t'.repeat(100_000)} x\n`)).toEqual([`m.yaml:1:11: Unresolved tag: !${'t'.repeat(59)}… (100,001 characters)`]);
    expect(problems(`{x: 1}{\n"a": 1,\n"${' '.repeat(100_000)}": 2\n}\n`)).toContain(`m.yaml:3:1: Unexpected double-quoted-scalar token in YAML stream: "\\"${' '.repeat(59)}…" (100,002 characters)`);
  });

  it('through the CLI: import --map with a 100,000-character status key exits 1 with a short message', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'export.csv'), text);
    writeFileSync(join(dir, 'map.yaml'), `statuses: {"${'z'.repeat(100_000)}": bogus}\n`);
    const r = cli('import', join(dir, 'export.csv'), '--map', join(dir, 'map.yaml'), '--out', join(dir, 'o', 'fleet.csv'), '--start', '2026-01-15');
    expect(r.status).toBe(1);
    expect(r.stderr.length).toBeLessThan(400);
    expect(r.stderr).toContain(`${join(dir, 'map.yaml')}: statuses["${'z'.repeat(60)}…" (100,000 characters)]: expected online`);
  });
});

describe('encodings: UTF-8 (BOM or not), GBK, UTF-16 (BOM or not)', () => {
  const cases: [string, Uint8Array | string, string, boolean][] = [
    ['UTF-8', text, 'utf-8', false],
    ['UTF-8 with a BOM', `\uFEFF${text}`, 'utf-8', true],
    ['GBK', gbk(text), 'gbk', false],
    ['UTF-16LE with a BOM (Excel "Unicode Text", tab-separated)', utf16(withDelimiter('\t'), 'le', true), 'utf-16le', true],
    ['UTF-16BE with a BOM', utf16(text, 'be', true), 'utf-16be', true],
    ['UTF-16LE without a BOM', utf16(text, 'le', false), 'utf-16le', false],
    ['UTF-16BE without a BOM', utf16(text, 'be', false), 'utf-16be', false],
  ];
  for (const [name, bytes, encoding, bom] of cases) {
    it(`${name} is detected and read`, async () => {
      const { summary, cards, rejected } = await importContent(bytes);
      expect([summary.encoding, summary.bom]).toEqual([encoding, bom]);
      expect(cards.map((c) => c.statusRaw)).toEqual(['正常', '欠费停机']);
      expect(rejected.map((r) => r.卡状态)).toEqual(['冻结']);
    });
  }

  it('an encoding given (--encoding, a mapping\'s encoding:) that the bytes are not is refused at the first bad byte, nothing written: GBK read as UTF-8 no longer writes U+FFFD into plan names', () => {
    const dir = tempDir();
    const bytes = gbk(csv(['ICCID', 'Status', 'Rate Plan'], [iccid(1), 'active', '大包'], [iccid(2), 'active', '小包']));
    writeFileSync(join(dir, 'gbk.csv'), bytes);
    const out = join(dir, 'out', 'fleet.csv');
    const offset = bytes.indexOf(0xb4); // 大 in GBK: B4 F3
    const r = cli('import', join(dir, 'gbk.csv'), '--start', '2026-01-15', '--encoding', 'utf-8', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n').pop()).toBe(`simlapse: ${join(dir, 'gbk.csv')}: byte 0xB4 at byte offset ${offset} is not valid UTF-8 (the encoding given); without --encoding (and a mapping's encoding:) the encoding is detected, or give the right one`);
    expect(existsSync(join(dir, 'out'))).toBe(false);
    // Detected, the same bytes read as GBK; given as gbk too.
    for (const extra of [[], ['--encoding', 'gbk']]) {
      expect(cli('import', join(dir, 'gbk.csv'), '--start', '2026-01-15', ...extra, '--out', out).status).toBe(0);
      expect(readFileSync(out, 'utf8')).toContain(',大包,');
    }
  });

  it('--encoding and the mapping take utf-16 (as utf-16le), utf-16le and utf-16be', () => {
    expect(parseMapping('encoding: UTF-16\n', 'm.yaml').encoding).toBe('utf-16le');
    expect(parseMapping('encoding: utf-16be\n', 'm.yaml').encoding).toBe('utf-16be');
  });
});

describe('nothing of an export echoed back whole', () => {
  it('a header cell of 2 MB, 30 unknown columns and 8 that look like usage: the summary cuts the cell and lists 20 columns and 5 warnings, then counts', async () => {
    const unknown = Array.from({ length: 30 }, (_, k) => `extra ${k}`), usage = Array.from({ length: 8 }, (_, k) => `traffic ${k}`);
    const long = 'x'.repeat(2 ** 21);
    const t = csv(['ICCID', 'Status', 'Rate Plan', long, ...unknown, ...usage], [iccid(1), 'Activated', 'P1', '', ...unknown.map(() => ''), ...usage.map(() => '1')]);
    const out = formatSummary('export.csv', '2026-01-15', false, (await importContent(t)).summary);
    for (const line of out.split('\n')) expect(line.length).toBeLessThan(2000);
    expect(out).toContain(`ignored columns: "${'x'.repeat(60)}… (2,097,152 characters)", "extra 0"`);
    expect(out).toContain('"extra 18" … and 19 more\n');
    expect(out.match(/^warning: column "traffic \d"/gm)).toHaveLength(5);
    expect(out).toContain('warning: … and 3 more columns that look like data usage and are not read\n');
  });

  it('a cell of 1 MB is quoted cut short, with its length, in the rejection on the terminal and in rejected.csv', async () => {
    const t = csv(['ICCID', 'Status', 'Rate Plan'], ['7'.repeat(2 ** 20), 'Activated', 'P1'], [iccid(2), 'x'.repeat(2 ** 20), 'P1']);
    const { summary, rejected } = await importContent(t);
    expect(rejected.map((r) => r.reason)).toEqual([
      `iccid: ICCID "${'7'.repeat(60)}…" (1,048,576 characters) has 1048576 digits (expected 19, or 20 with the check digit)`,
      `status: unknown status "${'x'.repeat(60)}…" (1,048,576 characters) (add it to the mapping file's statuses)`,
    ]);
    expect(rejected[0].ICCID).toHaveLength(2 ** 20);
    for (const line of formatSummary('export.csv', '2026-01-15', false, summary).split('\n')) expect(line.length).toBeLessThan(300);
  });

  it('a line past 4 MiB characters (a file with no line end: not an export) refuses the export in one line, nothing written, in the header or further down', () => {
    const dir = tempDir();
    for (const [name, text] of [['head.csv', `ICCID,Status,${'x'.repeat(MAX_LINE)}\n`], ['row.csv', `ICCID,Status\n${iccid(1)},Activated\n${'7'.repeat(MAX_LINE + 1)}\n`]] as const) {
      writeFileSync(join(dir, name), text);
      const r = cli('import', join(dir, name), '--start', '2026-01-15', '--out', join(dir, 'out', 'fleet.csv'));
      const line = name === 'head.csv' ? 1 : 3;
      expect([r.status, r.stderr]).toEqual([1, `simlapse: ${join(dir, name)}: line ${line} is longer than 4,194,304 characters (no line end within 4 MiB): not a card export, whose rows are a few hundred characters\n`]);
      expect(existsSync(join(dir, 'out'))).toBe(false);
    }
  });

  it('an export with no ICCID column whose header has 5,000 columns, one of 1 MB: the message names 20 and counts the rest', async () => {
    const header = ['y'.repeat(2 ** 20), ...Array.from({ length: 4999 }, (_, k) => `c${k}`)];
    const message = await importContent(csv(header, header.map(() => '1'))).then(() => '', (err: Error) => err.message);
    expect(message.length).toBeLessThan(1000);
    expect(message).toContain(`the header is "${'y'.repeat(60)}…" (1,048,576 characters), "c0",`);
    expect(message).toMatch(/"c18" … and 4,980 more$/);
  });
});

describe('no silently ignored usage column', () => {
  it('an unknown column that looks like usage is a warning on the summary, naming it and how to map it', async () => {
    const t = csv(['ICCID', 'Status', 'Rate Plan', 'Data Consumed (MB)', 'Session Volume', 'Label'], [iccid(1), 'Activated', 'P1', '12.5', '3', 'a']);
    const { summary } = await importContent(t);
    expect(summary.headers.ignored.map((i) => [i.header, !!i.usageLike])).toEqual([['Data Consumed (MB)', true], ['Session Volume', true], ['Label', false]]);
    const out = formatSummary('export.csv', '2026-01-15', false, summary);
    expect(out).toContain('warning: column "Data Consumed (MB)" looks like data usage but is not read (usage this cycle is from no column: 0 for every card); if it is the cycle\'s usage, name it in --map: columns: {usedMBThisCycle: "Data Consumed (MB)"}');
    expect(out).toContain('warning: column "Session Volume" looks like data usage');
    expect(out).not.toContain('"Label" looks like');
  });

  it('a yes/no column whose name holds a usage word (是否流量池, "pooled?"; Is data roaming) is no warning; one with a unit is', async () => {
    const t = csv(['ICCID', 'Status', 'Rate Plan', '是否流量池', 'Is data roaming', '是否用量(MB)'], [iccid(1), 'Activated', 'P1', '是', 'no', '1']);
    const { summary } = await importContent(t);
    expect(summary.headers.ignored.map((i) => [i.header, !!i.usageLike])).toEqual([['是否流量池', false], ['Is data roaming', false], ['是否用量(MB)', true]]);
  });

  it('Control Center\'s "Cycle to Date Data Usage (MB)" is read, not ignored: usage is not 0 and the calibration has a median', async () => {
    const t = csv(['ICCID', 'SIM Status', 'Rate Plan', 'Cycle to Date Data Usage (MB)'], [iccid(1), 'Activated', 'P1', '28'], [iccid(2), 'Activated', 'P1', '56']);
    const { summary, cards } = await importContent(t);
    expect(cards.map((c) => c.usedMBThisCycle)).toEqual([28, 56]);
    expect(summary.headers.ignored).toEqual([]);
    expect(formatSummary('export.csv', '2026-01-15', false, summary)).not.toMatch(/median - MB\/day|warning/);
  });

  it('a column the mapping lists under ignore: is ignored without a warning', async () => {
    const t = csv(['ICCID', 'Status', 'Data Left (MB)'], [iccid(1), 'Activated', '12']);
    const { summary } = await importContent(t, { mapping: parseMapping('ignore: [Data Left (MB)]\n', 'm.yaml') });
    expect(summary.headers.ignored).toEqual([{ header: 'Data Left (MB)', why: 'ignored by the mapping' }]);
  });

  it('Control Center states are in the built-in table (Test Ready before service as test, Inventory and Activation Ready as silent, Retired and Purged cancelled)', async () => {
    const t = csv(['ICCID', 'SIM Status'], [iccid(1), 'Activation Ready'], [iccid(2), 'Retired'], [iccid(3), 'Purged'], [iccid(4), 'Test Ready'], [iccid(5), 'Inventory']);
    const { summary, cards, rejected } = await importContent(t);
    expect(cards.map((c) => [c.line, c.statusRaw, c.status])).toEqual([
      [2, 'Activation Ready', 'silent'],
      [3, 'Retired', 'cancelled'],
      [4, 'Purged', 'cancelled'],
      [5, 'Test Ready', 'test'],
      [6, 'Inventory', 'silent'],
    ]);
    expect([summary.read, summary.imported, summary.rejected, summary.rejectedBy.notInService, rejected.length]).toEqual([5, 5, 0, 0, 0]);
  });
});
