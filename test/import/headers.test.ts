import { describe, expect, it } from 'vitest';
import { ALIASES, FIELDS, historyMonth, planHeaders, splitUnit } from '../../import/headers.ts';

describe('header aliases', () => {
  const cases = FIELDS.flatMap((field) => ALIASES[field].map((alias) => [field, alias] as const));

  it.each(cases)('%s ← %j (and its upper-case, spaced and full-width forms)', (field, alias) => {
    const others = field === 'iccid' ? ['status'] : ['iccid', 'status'];
    for (const form of [alias, alias.toUpperCase(), ` ${alias} `, alias.replace(/[()]/g, (b) => (b === '(' ? '（' : '）'))]) {
      const headers = [...others.filter((o) => o !== field), form];
      const plan = planHeaders(field === 'status' ? ['iccid', form] : headers);
      expect(plan.fields[field]?.header).toBe(form.trim());
    }
  });

  it('IoTOS-style Chinese headers', () => {
    const plan = planHeaders(['编号', 'ICCID', '卡号', '卡状态', '资费组编号', '激活时间', '服务-失效时间', '已用流量(KB)', '流量池编号', '是否自动续费', '停机阈值', '资费总量-和']);
    expect(Object.fromEntries(Object.entries(plan.fields).map(([f, c]) => [f, [c!.header, c!.unit]]))).toEqual({
      iccid: ['ICCID', 'MB'], msisdn: ['卡号', 'MB'], status: ['卡状态', 'MB'], plan: ['资费组编号', 'MB'], activationDate: ['激活时间', 'MB'],
      expiryDate: ['服务-失效时间', 'MB'], usedMBThisCycle: ['已用流量(KB)', 'KB'], pool: ['流量池编号', 'MB'], autoRenew: ['是否自动续费', 'MB'],
      thresholdMB: ['停机阈值', 'MB'], quotaMB: ['资费总量-和', 'MB'],
    });
    expect(plan.ignored).toEqual([{ header: '编号', why: 'not a known column (name it in --map to use it)' }]);
  });

  it('Control Center, Huawei GSL and emnify style English headers', () => {
    expect(Object.keys(planHeaders(['ICCID', 'MSISDN', 'SIM Status', 'Rate Plan', 'Date Activated', 'Data Used (MB)']).fields)).toEqual(['iccid', 'msisdn', 'status', 'plan', 'activationDate', 'usedMBThisCycle']);
    expect(Object.keys(planHeaders(['iccid', 'msisdn', 'sim_status', 'operator_status', 'price_plan_id', 'active_time', 'expired_time', 'flow_used', 'flow_total', 'sim_pool_id']).fields)).toEqual(
      ['iccid', 'msisdn', 'status', 'stopReasons', 'plan', 'activationDate', 'expiryDate', 'usedMBThisCycle', 'quotaMB', 'pool'],
    );
    expect(planHeaders(['iccid_with_luhn', 'status']).fields.iccid?.header).toBe('iccid_with_luhn');
  });

  it('OneNET volumes are in KB unless the header says otherwise', () => {
    expect(planHeaders(['Iccid', 'Cardstatus', 'GPRS usedflow']).fields.usedMBThisCycle?.unit).toBe('KB');
  });

  it('when two columns name one field, the earlier alias wins and the other is listed as ignored', () => {
    const plan = planHeaders(['ICCID', '卡状态', '卡状态描述']);
    expect(plan.fields.status?.header).toBe('卡状态描述');
    expect(plan.ignored).toEqual([{ header: '卡状态', why: 'status is read from "卡状态描述"' }]);
  });

  it('units in the header: (KB), （MB）, [GB], 兆', () => {
    expect(splitUnit('已用流量(KB)')).toEqual({ name: '已用流量', unit: 'KB' });
    expect(splitUnit('本月流量（MB）')).toEqual({ name: '本月流量', unit: 'MB' });
    expect(splitUnit('Data used [GB]')).toEqual({ name: 'Data used', unit: 'GB' });
    expect(splitUnit('已用流量(兆)')).toEqual({ name: '已用流量', unit: 'MB' });
    expect(splitUnit('已用流量')).toEqual({ name: '已用流量', unit: null });
    expect(splitUnit('used _ (MB)')).toEqual({ name: 'used', unit: 'MB' });
  });

  it('a header of 200,000 tabs or spaces between words is split at once (no backtracking over the run)', () => {
    expect(splitUnit(`a${'\t'.repeat(200_000)})`)).toEqual({ name: `a${'\t'.repeat(200_000)})`, unit: null });
    expect(splitUnit(`used${' '.repeat(200_000)}(KB)`)).toEqual({ name: 'used', unit: 'KB' });
  });

  it('usage history columns by month', () => {
    expect(['2025-10用量(MB)', '2025年10月流量', 'usage 2025/10', '202510用量', 'Data 2025.9'].map((h) => historyMonth(splitUnit(h).name))).toEqual(['2025-10', '2025-10', '2025-10', '2025-10', '2025-09']);
    expect(historyMonth('2025-10')).toBeNull();
    const plan = planHeaders(['ICCID', 'Status', '2025-12用量(KB)', '2025-11用量(MB)']);
    expect(plan.history.map((h) => [h.month, h.column.unit])).toEqual([['2025-11', 'MB'], ['2025-12', 'KB']]);
  });

  it('a mapping file names columns the aliases do not know, with their unit', () => {
    const plan = planHeaders(['SIM No.', 'Lifecycle X', 'Consumo'], { columns: { iccid: { header: 'SIM No.' }, status: { header: 'Lifecycle X' }, usedMBThisCycle: { header: 'Consumo', unit: 'KB' } } });
    expect(plan.fields.usedMBThisCycle).toEqual({ index: 2, header: 'Consumo', unit: 'KB' });
  });

  it('no ICCID or status column is an error naming the aliases and the header', () => {
    expect(() => planHeaders(['卡号', '卡状态'])).toThrow('no iccid column: expected a header such as "iccid", "iccid_with_luhn", "ICCID号", "ICCID码" (or name it in --map); the header is "卡号", "卡状态"');
    expect(() => planHeaders(['ICCID'])).toThrow(/^no status column/);
    expect(() => planHeaders(['ICCID', 'Status'], { columns: { plan: { header: 'Tariff X' } } })).toThrow('the mapping names "Tariff X", not in the export\'s header');
  });
});
