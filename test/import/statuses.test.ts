import { describe, expect, it } from 'vitest';
import { parseReasons, STATUS_TABLE, statusKey } from '../../import/statuses.ts';
import { csv, iccid, importContent } from './helpers.ts';

/** The documented table (README, "Importing a fleet"): export status → canonical status and stop reasons. */
const EXPECTED: [string, string, string][] = [
  ...['正常', '在用', '激活', '已激活', '使用中', 'Activated', 'ACTIVE', 'online', 'enabled', 'live'].map((w) => [w, 'online', ''] as [string, string, string]),
  ...['人工停机', '主动停机', '停机保号', '单向停机', '机卡分离停机', '未实名停机', '已锁定', 'manual', 'standby', 'unauthorized_imei'].map((w) => [w, 'stopped', 'manual'] as [string, string, string]),
  ...['停机', '已停机', '停用', '已停用', 'Deactivated', 'Suspended', 'inactive'].map((w) => [w, 'stopped', 'manual'] as [string, string, string]),
  ...['欠费停机', '欠费', 'arrears'].map((w) => [w, 'stopped', 'arrears'] as [string, string, string]),
  ...['达量停机', '超流量停机', '超量停机', '达量断网', '流量池停机', 'data_limit_exceeded', 'overQuota'].map((w) => [w, 'stopped', 'overQuota'] as [string, string, string]),
  ...['过期', '已过期', '到期停机', '过期停机', '预销户', '预销号', 'expired'].map((w) => [w, 'stopped', 'expired'] as [string, string, string]),
  ...['销户', '已销户', '已注销', '拆机', '已失效', '休眠', 'Retired', 'PURGED', 'cancelled', 'terminated'].map((w) => [w, 'cancelled', ''] as [string, string, string]),
  // Before service (docs/rules.md, "Pre-service cards").
  ...['可测试', '测试期', 'TEST_READY', 'Factory Test', 'test'].map((w) => [w, 'test', ''] as [string, string, string]),
  ...['库存', '待激活', '可激活', '未激活', '沉默期', '静默期', '测试期正常', '运营商管理状态', '开始', 'Inventory', 'Activation Ready', 'new', 'silent'].map((w) => [w, 'silent', ''] as [string, string, string]),
];

describe('status mapping', () => {
  it('every word of the table is reachable by its key', () => {
    for (const key of Object.keys(STATUS_TABLE)) expect(statusKey(key)).toBe(key);
    expect(Object.keys(STATUS_TABLE).length).toBeGreaterThan(90);
  });

  it('each documented status becomes the documented state (through a whole import)', async () => {
    const rows = EXPECTED.map(([w]) => w).map((w, k) => [iccid(k), w, '2026-12-31']);
    const { cards, summary, rejected } = await importContent(csv(['ICCID', '卡状态', '到期时间'], ...rows));
    expect(cards.map((c) => [c.statusRaw, c.status, c.stopReasons.join(';')])).toEqual(EXPECTED);
    expect(rejected).toEqual([]);
    expect(summary.read).toBe(EXPECTED.length);
    expect([summary.status.test, summary.status.silent]).toEqual([5, 13]);
  });

  it('a card before service keeps its dates as written: an expiry before the start does not make it expired', async () => {
    const { cards, repaired } = await importContent(csv(['ICCID', '卡状态', '到期时间'], [iccid(1), '沉默期', '2025-06-30'], [iccid(2), '正常', '2025-06-30']));
    expect(cards.map((c) => [c.status, c.stopReasons.join(';'), c.expiryDate])).toEqual([['silent', '', '2025-06-30'], ['stopped', 'expired', '2025-06-30']]);
    expect(repaired.map((r) => r.line)).toEqual(['3']);
  });

  it('a card before service in a pool is taken out of the pool (a listed repair) and keeps no fitted mean', async () => {
    const { cards, repaired } = await importContent(csv(['ICCID', '卡状态', '流量池编号', '2025-12用量(MB)'], [iccid(1), '待激活', 'P-1', '0'], [iccid(2), '正常', 'P-1', '31']), { start: '2026-01-15' });
    expect(cards.map((c) => [c.status, c.pool, c.meanDailyMB])).toEqual([['silent', '', null], ['online', 'P-1', 1]]);
    expect(repaired.map((r) => [r.line, r.field, r.repair])).toEqual([['2', 'pool', 'a card before service (silent) in pool "P-1" is simulated as an individual card: pool cleared']]);
  });

  it('a stop-reason column says why a generic stop happened, and adds to a specific one', async () => {
    const rows = [['停机', '欠费'], ['已停机', '超流量'], ['已停机', '1'], ['停机', '-1'], ['欠费停机', '过期'], ['已停机', '人工'], ['正常', '']].map(([s, r], k) => [iccid(k), s, r, '2026-12-31']);
    const { cards, repaired } = await importContent(csv(['ICCID', '卡状态', '停机原因', '到期时间'], ...rows));
    expect(cards.map((c) => c.stopReasons.join(';'))).toEqual(['arrears', 'overQuota', 'overQuota', 'manual', 'arrears;expired', 'manual', '']);
    // An expired reason with an expiry after the start is repaired (expiry moved before the start); -1 (Huawei 正常) gives no reason: manual.
    expect(repaired.map((r) => [r.line, r.field])).toEqual([['5', 'status'], ['6', 'expiryDate']]);
  });

  it('parses lists of reasons', () => {
    expect(parseReasons('欠费;超流量')).toEqual({ reasons: ['overQuota', 'arrears'] });
    expect(parseReasons('manual、expired')).toEqual({ reasons: ['manual', 'expired'] });
    expect(parseReasons('gremlins')).toEqual({ unknown: 'gremlins' });
  });

  it('an unknown status is rejected with its text; a mapping file can name it', async () => {
    const text = csv(['ICCID', 'Status'], [iccid(1), 'Frozen'], [iccid(2), 'Warehouse'], [iccid(3), 'Gone']);
    const a = await importContent(text);
    expect(a.rejected.map((r) => r.reason)).toEqual([1, 2, 3].map((k) => `status: unknown status ${JSON.stringify(['Frozen', 'Warehouse', 'Gone'][k - 1])} (add it to the mapping file's statuses)`));
    const b = await importContent(text, {
      mapping: { statuses: { frozen: { kind: 'stopped', reasons: ['arrears'] }, warehouse: { kind: 'notInService' }, gone: { kind: 'cancelled' } }, reasons: {} },
    });
    expect(b.cards.map((c) => [c.status, c.stopReasons.join(';')])).toEqual([['stopped', 'arrears'], ['cancelled', '']]);
    expect(b.rejected.map((r) => r.kind)).toEqual(['notInService']);
  });

  it('names of JavaScript built-ins are unknown statuses and stop reasons, never a table entry', async () => {
    const words = ['constructor', 'valueOf', 'toString', 'hasOwnProperty', '__proto__', 'isPrototypeOf'];
    const a = await importContent(csv(['ICCID', 'Status'], ...words.map((w, k) => [iccid(k + 1), w])));
    expect(a.summary.imported).toBe(0);
    expect(a.rejected.map((r) => r.reason)).toEqual(words.map((w) => `status: unknown status ${JSON.stringify(w)} (add it to the mapping file's statuses)`));
    for (const w of words) expect(parseReasons(w)).toEqual({ unknown: w });
  });
});
