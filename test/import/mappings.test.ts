import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importExport, parseMapping, shippedMapping, SHIPPED_MAPPINGS } from '../../import/index.ts';
import { readFleetCsv } from '../../scenarios/index.ts';
import { tempDir } from './helpers.ts';

/** Imports a shipped mapping's sample file with that mapping (start 2026-01-15). */
async function sample(name: string, input = `import/mappings/samples/${name}.csv`) {
  const file = shippedMapping(name)!;
  const mapping = parseMapping(readFileSync(file, 'utf8'), file);
  const summary = await importExport({ input, out: join(tempDir(), 'fleet.csv'), start: '2026-01-15', mapping });
  const { cards } = readFleetCsv(readFileSync(summary.files.fleet, 'utf8'));
  const rejected = readFileSync(summary.files.rejected, 'utf8').trim().split(/\r?\n/).slice(1);
  expect(summary.read).toBe(summary.imported + summary.rejected);
  expect(rejected).toHaveLength(summary.rejected);
  expect(summary.headers.ignored.filter((i) => i.usageLike)).toEqual([]);
  return { summary, cards, card: (line: number) => cards.find((c) => c.line === line)!, rejected: summary.firstRejected.map((r) => `${r.line}: ${r.message}`) };
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

  it('Control Center: the states, Suspended as over quota, and Cycle to Date Data Usage (MB) read as this cycle\'s usage', async () => {
    const { summary, cards, rejected } = await sample('control-center');
    expect(summary.headers.fields.usedMBThisCycle?.header).toBe('Cycle to Date Data Usage (MB)');
    expect(cards.map((c) => [c.statusRaw, view(c), c.usedMBThisCycle, c.plan])).toEqual([
      ['Activated', 'online', 12.5, 'IoT 100MB Pooled'],
      ['Deactivated', 'stopped (manual)', 0, 'IoT 100MB Pooled'],
      ['Suspended', 'stopped (overQuota)', 1024, 'IoT 1GB'],
      ['Retired', 'cancelled', 0, 'IoT 1GB'],
    ]);
    expect(rejected).toEqual([
      '6: status "Test Ready": not yet in service (inventory, test or silent period); the simulator models cards in service only',
      '7: usedMBThisCycle: expected a volume such as 12.5, 1.5GB or 512 KB, got "n/a"',
    ]);
    expect(summary.profiles.find((p) => p.plan === '*')?.median).not.toBeNull();
  });

  it('1NCE (a ;-separated export from a German Excel): Activated and Deactivated; the lifetime volume column is ignored by the mapping', async () => {
    const { summary, cards, rejected } = await sample('1nce');
    expect(summary.delimiter).toBe(';');
    expect(cards.map(view)).toEqual(['online', 'online', 'stopped (manual)', 'online']);
    expect(summary.headers.ignored.find((i) => i.header === 'Data Volume (MB)')?.why).toBe('ignored by the mapping');
    expect(rejected).toEqual(['6: status: unknown status "Pending" (add it to the mapping file\'s statuses)']);
  });

  it('Twilio Super SIM: ready and scheduled are in service, new is not; the Fleet is the plan', async () => {
    const { cards, rejected } = await sample('twilio');
    expect(cards.map((c) => [c.statusRaw, view(c), c.plan.slice(0, 4)])).toEqual([
      ['active', 'online', 'HF00'],
      ['ready', 'online', 'HF00'],
      ['scheduled', 'online', 'HF00'],
      ['inactive', 'stopped (manual)', 'HF00'],
    ]);
    expect(rejected).toEqual(['6: status "new": not yet in service (inventory, test or silent period); the simulator models cards in service only']);
  });

  it('emnify: iccid_with_luhn is read and checked (a wrong check digit is rejected); Issued and Factory Test are not in service', async () => {
    const { summary, cards, rejected } = await sample('emnify');
    expect(summary.headers.fields.iccid?.header).toBe('iccid_with_luhn');
    expect(cards.map((c) => [c.iccid.length, view(c), c.activationDate])).toEqual([
      [20, 'online', '2025-03-07'],
      [20, 'stopped (manual)', '2025-03-07'],
      [20, 'cancelled', '2024-02-01'],
    ]);
    expect(rejected.map((r) => r.slice(0, 40))).toEqual(['5: status "Issued": not yet in service (', '6: status "Factory Test": not yet in ser', '7: iccid: ICCID 89883030000000000065 fai']);
  });

  it('China Mobile OneLink (GBK): ccmp and EC v5 status codes, KB volumes, Entertime as the activation date', async () => {
    const { summary, cards, rejected } = await sample('onelink');
    expect(summary.encoding).toBe('gbk');
    expect(cards.map((c) => [c.statusRaw, view(c), c.usedMBThisCycle, c.quotaMB, c.activationDate])).toEqual([
      ['00', 'online', 10, 30, '2025-03-07'],
      ['02', 'stopped (manual)', 0, 30, '2025-03-07'],
      ['03', 'stopped (expired)', 0, 30, '2024-03-07'],
      ['04', 'cancelled', 0, 30, '2023-03-07'],
      ['2', 'online', 50, 100, '2025-06-01'],
    ]);
    expect(rejected).toEqual([
      '6: status "07": not yet in service (inventory, test or silent period); the simulator models cards in service only',
      '8: status: unknown status "99" (add it to the mapping file\'s statuses)',
    ]);
  });

  it('China Unicom CMP (UTF-8 with BOM, Chinese Control Center labels): 周期至今数据用量(MB) is the cycle usage', async () => {
    const { summary, cards, rejected } = await sample('unicom');
    expect([summary.encoding, summary.bom]).toEqual(['utf-8', true]);
    expect(summary.headers.fields.status?.header).toBe('SIM卡状态');
    expect(cards.map((c) => [c.statusRaw, view(c), c.usedMBThisCycle])).toEqual([
      ['已激活', 'online', 35.2],
      ['已停用', 'stopped (manual)', 0],
      ['已失效', 'cancelled', 0],
      ['ACTIVATED', 'online', 512],
    ]);
    expect(rejected.map((r) => r.slice(0, 14))).toEqual(['5: status "库存"', '6: status "可测试']);
  });

  it('China Telecom CMP (Huawei GSL fields): sim_status codes, operator_status reasons, pools, expiry', async () => {
    const { cards, rejected } = await sample('telecom');
    expect(cards.map((c) => [c.statusRaw, view(c), c.usedMBThisCycle, c.pool])).toEqual([
      ['20', 'online', 12.34, ''],
      ['14', 'stopped (overQuota)', 30, ''],
      ['14', 'stopped (manual)', 0, ''],
      ['30', 'cancelled', 0, ''],
      ['20', 'stopped (expired)', 200.5, 'SP-001'],
    ]);
    expect(rejected).toEqual(['6: status "11": not yet in service (inventory, test or silent period); the simulator models cards in service only']);
  });

  it('.xlsx: the Control Center list as Excel saves it, read through read-excel-file (dates, numbers, a number-mangled ICCID rejected)', async () => {
    const { summary, cards, rejected } = await sample('control-center', 'test/fixtures/import/control-center.xlsx');
    expect(summary.format).toBe('xlsx');
    expect(cards.map((c) => [c.iccid, view(c), c.usedMBThisCycle, c.activationDate])).toEqual([
      ['89014100000000000012', 'online', 12.5, '2025-03-07'],
      ['89014100000000000020', 'stopped (manual)', 0, '2025-03-07'],
      ['89014100000000000038', 'stopped (overQuota)', 1024, '2025-04-11'],
      ['89014100000000000046', 'cancelled', 0, '2024-01-02'],
    ]);
    expect(rejected[2]).toMatch(/^8: iccid: ICCID "8\.9014100000000004E\+19" was turned into a number by a spreadsheet/);
    expect(summary.read).toBe(7);
  });
});
