import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { importExport, parseMapping, shippedMapping, SHIPPED_MAPPINGS } from '../../import/index.ts';
import { readFleetCsv } from '../../scenarios/index.ts';
import { tempDir } from './helpers.ts';
import { cli } from '../cli/helpers.ts';

/** Imports a shipped mapping's sample file with that mapping (start 2026-01-15). */
async function sample(name: string, input = `import/mappings/samples/${name}.csv`) {
  const file = shippedMapping(name)!;
  const mapping = parseMapping(readFileSync(file, 'utf8'), file);
  const summary = await importExport({ input, out: join(tempDir(), 'fleet.csv'), start: '2026-01-15', mapping });
  const { cards } = readFleetCsv(readFileSync(summary.files.fleet, 'utf8'));
  const rows = parse(readFileSync(summary.files.rejected, 'utf8'), { columns: true, relax_column_count: true }) as Record<string, string>[];
  // Every row read is imported or rejected, and every rejected row is in rejected.csv.
  expect(summary.read).toBe(summary.imported + summary.rejected);
  expect(cards).toHaveLength(summary.imported);
  expect(rows).toHaveLength(summary.rejected);
  const rejected = rows.map((r) => `${r.line}: ${r.reason}`);
  expect(summary.firstRejected.map((r) => `${r.line}: ${r.message}`)).toEqual(rejected);
  // No shipped mapping rejects a sample's card as not in service: cards in test, in inventory or
  // ready for activation are imported before service (test, silent).
  expect([summary.rejectedBy.notInService, rows.filter((r) => r.kind === 'notInService').length]).toEqual([0, 0]);
  expect(summary.headers.ignored.filter((i) => i.usageLike)).toEqual([]);
  return { summary, cards, card: (line: number) => cards.find((c) => c.line === line)!, rejected };
}

const view = (c: { status: string; stopReasons: string[] }) => (c.stopReasons.length ? `${c.status} (${c.stopReasons.join(', ')})` : c.status);

describe('shipped mappings, each on the sample file it was checked on (import/mappings/samples/)', () => {
  it('every shipped mapping parses, and is found by name', () => {
    for (const name of SHIPPED_MAPPINGS) {
      const file = shippedMapping(name);
      expect(file, name).not.toBeNull();
      expect(() => parseMapping(readFileSync(file!, 'utf8'), file!)).not.toThrow();
    }
    expect(shippedMapping('no-such-platform')).toBeNull();
  });

  it('Control Center: the states (Test Ready before service, as test), Suspended as over quota, and Cycle to Date Data Usage (MB) read as this cycle\'s usage', async () => {
    const { summary, cards, rejected } = await sample('control-center');
    expect(summary.headers.fields.usedMBThisCycle?.header).toBe('Cycle to Date Data Usage (MB)');
    expect(cards.map((c) => [c.line, c.statusRaw, view(c), c.usedMBThisCycle, c.plan])).toEqual([
      [2, 'Activated', 'online', 12.5, 'IoT 100MB Pooled'],
      [3, 'Deactivated', 'stopped (manual)', 0, 'IoT 100MB Pooled'],
      [4, 'Suspended', 'stopped (overQuota)', 1024, 'IoT 1GB'],
      [5, 'Retired', 'cancelled', 0, 'IoT 1GB'],
      [6, 'Test Ready', 'test', 0.02, 'IoT 100MB Pooled'],
    ]);
    expect(summary.status).toEqual({ online: 1, stopped: 2, cancelled: 1, test: 1, silent: 0 });
    expect(rejected).toEqual(['7: usedMBThisCycle: expected a volume such as 12.5, 1.5GB or 512 KB, got "n/a"']);
    expect(summary.profiles.find((p) => p.plan === '*')?.median).not.toBeNull();
  });

  it('1NCE (a ;-separated export from a German Excel): Activated and Deactivated; the lifetime volume column is ignored by the mapping', async () => {
    const { summary, cards, rejected } = await sample('1nce');
    expect(summary.delimiter).toBe(';');
    expect(cards.map(view)).toEqual(['online', 'online', 'stopped (manual)', 'online']);
    expect(summary.headers.ignored.find((i) => i.header === 'Data Volume (MB)')?.why).toBe('ignored by the mapping');
    expect(rejected).toEqual(['6: status: unknown status "Pending" (add it to the mapping file\'s statuses)']);
  });

  it('Twilio Super SIM: ready and scheduled are in service, new is before service (silent); the Fleet is the plan', async () => {
    const { summary, cards, rejected } = await sample('twilio');
    expect(cards.map((c) => [c.line, c.statusRaw, view(c), c.plan.slice(0, 4)])).toEqual([
      [2, 'active', 'online', 'HF00'],
      [3, 'ready', 'online', 'HF00'],
      [4, 'scheduled', 'online', 'HF00'],
      [5, 'inactive', 'stopped (manual)', 'HF00'],
      [6, 'new', 'silent', 'HF00'],
    ]);
    expect([summary.read, summary.imported, summary.rejected]).toEqual([5, 5, 0]);
    expect(rejected).toEqual([]);
  });

  it('emnify: iccid_with_luhn is read and checked (a wrong check digit is rejected); Issued is before service as silent, Factory Test as test', async () => {
    const { summary, cards, rejected } = await sample('emnify');
    expect(summary.headers.fields.iccid?.header).toBe('iccid_with_luhn');
    expect(cards.map((c) => [c.line, c.iccid.length, c.statusRaw, view(c), c.activationDate])).toEqual([
      [2, 20, 'Activated', 'online', '2025-03-07'],
      [3, 20, 'Suspended', 'stopped (manual)', '2025-03-07'],
      [4, 20, 'Deleted', 'cancelled', '2024-02-01'],
      [5, 20, 'Issued', 'silent', null],
      [6, 20, 'Factory Test', 'test', null],
    ]);
    expect(rejected.map((r) => r.slice(0, 40))).toEqual(['7: iccid: ICCID 89883030000000000065 fai']);
  });

  it('emnify status ids: 0 (Issued) imports as silent, 4 (Factory Test) as test', () => {
    const file = shippedMapping('emnify')!;
    const { statuses } = parseMapping(readFileSync(file, 'utf8'), file);
    expect([statuses['0'], statuses['4'], statuses.issued, statuses.factorytest]).toEqual([{ kind: 'silent' }, { kind: 'test' }, { kind: 'silent' }, { kind: 'test' }]);
  });

  it('China Mobile OneLink (GBK): ccmp and EC v5 status codes (07 待激活 before service as silent), KB volumes, Entertime as the activation date', async () => {
    const { summary, cards, rejected } = await sample('onelink');
    expect(summary.encoding).toBe('gbk');
    expect(cards.map((c) => [c.line, c.statusRaw, view(c), c.usedMBThisCycle, c.quotaMB, c.activationDate])).toEqual([
      [2, '00', 'online', 10, 30, '2025-03-07'],
      [3, '02', 'stopped (manual)', 0, 30, '2025-03-07'],
      [4, '03', 'stopped (expired)', 0, 30, '2024-03-07'],
      [5, '04', 'cancelled', 0, 30, '2023-03-07'],
      [6, '07', 'silent', 0, 30, null],
      [7, '2', 'online', 50, 100, '2025-06-01'],
    ]);
    // 99 (号码不存在, no such number) is not a card: unmapped, rejected.
    expect(rejected).toEqual(['8: status: unknown status "99" (add it to the mapping file\'s statuses)']);
  });

  it('China Unicom CMP (UTF-8 with BOM, Chinese Control Center labels): 周期至今数据用量(MB) is the cycle usage; 库存 before service as silent, 可测试 as test', async () => {
    const { summary, cards, rejected } = await sample('unicom');
    expect([summary.encoding, summary.bom]).toEqual(['utf-8', true]);
    expect(summary.headers.fields.status?.header).toBe('SIM卡状态');
    expect(cards.map((c) => [c.line, c.statusRaw, view(c), c.usedMBThisCycle])).toEqual([
      [2, '已激活', 'online', 35.2],
      [3, '已停用', 'stopped (manual)', 0],
      [4, '已失效', 'cancelled', 0],
      [5, '库存', 'silent', 0],
      [6, '可测试', 'test', 0.1],
      [7, 'ACTIVATED', 'online', 512],
    ]);
    expect(rejected).toEqual([]);
  });

  it('OneLink EC v5 codes before service: 1 待激活 and 7 库存 import as silent, 6 可测试 as test', () => {
    const file = shippedMapping('onelink')!;
    const { statuses } = parseMapping(readFileSync(file, 'utf8'), file);
    expect(['07', '1', '6', '7'].map((code) => statuses[code])).toEqual([{ kind: 'silent' }, { kind: 'silent' }, { kind: 'test' }, { kind: 'silent' }]);
  });

  it('China Telecom CMP (Huawei GSL fields): sim_status codes (11 未激活 before service as silent), operator_status reasons, pools, expiry', async () => {
    const { cards, rejected } = await sample('telecom');
    expect(cards.map((c) => [c.line, c.statusRaw, view(c), c.usedMBThisCycle, c.pool])).toEqual([
      [2, '20', 'online', 12.34, ''],
      [3, '14', 'stopped (overQuota)', 30, ''],
      [4, '14', 'stopped (manual)', 0, ''],
      [5, '30', 'cancelled', 0, ''],
      [6, '11', 'silent', 0, ''],
      [7, '20', 'stopped (expired)', 200.5, 'SP-001'],
    ]);
    // expired_time 2026-03-06 23:59:59 is the last moment of the plan: the first day without it
    // (the canonical expiryDate) is 03-07; a card expired in 2024 keeps its expiry's day after.
    expect(cards.map((c) => c.expiryDate)).toEqual(['2026-03-07', '2026-03-07', '2026-03-07', '2024-03-07', null, '2026-01-07']);
    expect(rejected).toEqual([]);
  });

  it('China Telecom sim_status codes before service: 10 可测试 imports as test, 11 未激活 and 13 可激活 as silent', () => {
    const file = shippedMapping('telecom')!;
    const { statuses } = parseMapping(readFileSync(file, 'utf8'), file);
    expect(['10', '11', '13'].map((code) => statuses[code])).toEqual([{ kind: 'test' }, { kind: 'silent' }, { kind: 'silent' }]);
  });

  it('.xlsx: the Control Center list as Excel saves it, read through read-excel-file (dates, numbers, a number-mangled ICCID rejected)', async () => {
    const { summary, cards, rejected } = await sample('control-center', 'test/fixtures/import/control-center.xlsx');
    expect(summary.format).toBe('xlsx');
    expect(cards.map((c) => [c.iccid, view(c), c.usedMBThisCycle, c.activationDate])).toEqual([
      ['89014100000000000012', 'online', 12.5, '2025-03-07'],
      ['89014100000000000020', 'stopped (manual)', 0, '2025-03-07'],
      ['89014100000000000038', 'stopped (overQuota)', 1024, '2025-04-11'],
      ['89014100000000000046', 'cancelled', 0, '2024-01-02'],
      ['89014100000000000053', 'test', 0.02, null],
    ]);
    expect(rejected).toHaveLength(2);
    expect(rejected[0]).toBe('7: usedMBThisCycle: expected a volume such as 12.5, 1.5GB or 512 KB, got "n/a"');
    expect(rejected[1]).toMatch(/^8: iccid: ICCID "8\.9014100000000004E\+19" was turned into a number by a spreadsheet/);
    expect(summary.read).toBe(7);
  });

  it('.xlsx with bytes after its end (5, as the fuzz test appended them): read as the same export; read-excel-file\'s Node streaming unzip never settled on it, and Node exited 13 with no message', async () => {
    const dir = tempDir(), padded = join(dir, 'padded.xlsx');
    writeFileSync(padded, Buffer.concat([readFileSync('test/fixtures/import/control-center.xlsx'), Buffer.from([0x04, 0x87, 0x9e, 0x8a, 0x00])]));
    const { summary, cards } = await sample('control-center', padded);
    expect(summary.format).toBe('xlsx');
    expect([summary.read, summary.imported, summary.rejected]).toEqual([7, 5, 2]);
    expect(cards.map((c) => c.iccid)[0]).toBe('89014100000000000012');
  }, 20_000);
});

describe('a mapping file that names one thing twice is refused, naming both entries (the later one was dropped without a word)', () => {
  const refusal = (text: string) => {
    try {
      parseMapping(text, 'm.yaml');
    } catch (err) {
      return (err as Error).message;
    }
    return 'accepted';
  };

  it('one header for two fields, or for a field and a history month', () => {
    expect(refusal('columns: {plan: usage, usedMBThisCycle: usage}\n')).toBe('m.yaml: columns.usedMBThisCycle: names the header "usage", as columns.plan does: a column is read as one field; name each column once');
    expect(refusal('columns: {usedMBThisCycle: " usage"}\nhistory: {2025-12: {header: usage, unit: KB}}\n')).toBe('m.yaml: history.2025-12: names the header "usage", as columns.usedMBThisCycle does: a column is read as one field; name each column once');
    expect(refusal('columns: {iccid: ICCID, msisdn: SIM}\n')).toBe('accepted');
  });

  it('a header both under ignore: and read by columns: or history: (it was read, the ignore entry dropped), named as the importer matches headers', () => {
    expect(refusal('columns: {usedMBThisCycle: Data used}\nignore: [Data used]\n')).toBe('m.yaml: ignore[0]: names the header "Data used", which columns.usedMBThisCycle reads: a column is either read or ignored; remove it from ignore or from columns');
    expect(refusal('columns: {usedMBThisCycle: {header: Data used (KB)}}\nignore: [Data Left, data_used]\n')).toBe('m.yaml: ignore[1]: names the header "data_used", which columns.usedMBThisCycle reads: a column is either read or ignored; remove it from ignore or from columns');
    expect(refusal('history: {2025-10: Oct}\nignore: [Oct (MB)]\n')).toBe('m.yaml: ignore[0]: names the header "Oct (MB)", which history.2025-10 reads: a column is either read or ignored; remove it from ignore or from history');
    // Two columns that differ by their unit only are two columns.
    expect(refusal('columns: {usedMBThisCycle: Data used (MB)}\nignore: [Data used (KB)]\n')).toBe('accepted');
  });

  it('through the CLI: import --map with such a mapping exits 1 naming the file, the header and both places, and writes nothing', () => {
    const dir = tempDir();
    const map = join(dir, 'm.yaml');
    writeFileSync(map, 'columns: {usedMBThisCycle: 已用流量(KB)}\nignore: [已用流量(KB)]\n');
    const r = cli('import', 'scenarios/imports/sample-export.csv', '--start', '2026-01-15', '--map', map, '--out', join(dir, 'out', 'fleet.csv'));
    expect([r.status, r.stderr]).toEqual([1, `simlapse: ${map}: ignore[0]: names the header "已用流量(KB)", which columns.usedMBThisCycle reads: a column is either read or ignored; remove it from ignore or from columns\n`]);
    expect(readdirSync(dir)).toEqual(['m.yaml']);
  });

  it('two status or reason words that compare equal (case, width, spaces, _ and -)', () => {
    expect(refusal('statuses: {Active: online, ACTIVE: stopped}\n')).toBe('m.yaml: statuses.ACTIVE: is the same word as statuses.Active (words are compared ignoring case, width, spaces, _ and -): give it once');
    expect(refusal('statuses: {test_ready: test, "Test Ready": silent}\n')).toMatch(/^m\.yaml: statuses\.Test Ready: is the same word as statuses\.test_ready /);
    expect(refusal('reasons: {Manual Stop: manual, manual-stop: none}\n')).toMatch(/^m\.yaml: reasons\.manual-stop: is the same word as reasons\.Manual Stop /);
    expect(refusal('statuses: {Active: online, Inactive: stopped}\nreasons: {"9": arrears, "09": manual}\n')).toBe('accepted');
  });
});
