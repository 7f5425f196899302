/**
 * Writes the sample exports the shipped mappings were checked on (import/mappings/samples/)
 * and the .xlsx fixture (test/fixtures/import/control-center.xlsx):
 * `npx tsx tools/write-import-samples.ts`. Deterministic: the files are committed, and
 * test/import/mappings.test.ts imports each. Headers follow each mapping's sources (the comments
 * at the top of import/mappings/<name>.yaml); the cards are made up.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { luhnDigit } from '../import/index.ts';
import { gbk } from './gbk.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SAMPLES = join(ROOT, 'import', 'mappings', 'samples');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'import');

/** A 20-digit ICCID with its Luhn digit, from an issuer prefix and a serial. */
export function sampleIccid(prefix: string, k: number): string {
  const body = prefix + String(k).padStart(19 - prefix.length, '0');
  return body + luhnDigit(body);
}

const table = (rows: string[][], d = ',') => rows.map((r) => r.join(d)).join('\r\n') + '\r\n';

/** Control Center device list: one of each state, one unreadable usage. */
export const CONTROL_CENTER: string[][] = [
  ['ICCID', 'IMSI', 'MSISDN', 'IMEI', 'SIM Status', 'Rate Plan', 'Communication Plan', 'Cycle to Date Data Usage (MB)', 'Date Activated', 'Date Added', 'Account Name'],
  [sampleIccid('890141', 1), '310410000000001', '15550000001', '356938035643801', 'Activated', 'IoT 100MB Pooled', 'Data Only', '12.5', '2025-03-07 08:30:00', '2025-02-01', 'Acme Meters'],
  [sampleIccid('890141', 2), '310410000000002', '15550000002', '356938035643802', 'Deactivated', 'IoT 100MB Pooled', 'Data Only', '0', '2025-03-07 08:31:00', '2025-02-01', 'Acme Meters'],
  [sampleIccid('890141', 3), '310410000000003', '15550000003', '356938035643803', 'Suspended', 'IoT 1GB', 'Data Only', '1024.0', '2025-04-11 10:00:00', '2025-02-01', 'Acme Meters'],
  [sampleIccid('890141', 4), '310410000000004', '15550000004', '356938035643804', 'Retired', 'IoT 1GB', 'Data Only', '0', '2024-01-02 09:00:00', '2023-12-01', 'Acme Meters'],
  [sampleIccid('890141', 5), '310410000000005', '', '', 'Test Ready', 'IoT 100MB Pooled', 'Data Only', '0.02', '', '2025-12-01', 'Acme Meters'],
  [sampleIccid('890141', 6), '310410000000006', '15550000006', '356938035643806', 'Activated', 'IoT 1GB', 'Data Only', 'n/a', '2025-05-20 12:00:00', '2025-02-01', 'Acme Meters'],
];

/** 1NCE portal list, as Excel in a German locale writes CSV: `;`-separated, decimal commas. */
const ONCE: string[][] = [
  ['Status', 'Session', 'ICCID', 'IMSI', 'Label', 'MSISDN', 'Data Volume (MB)', 'SMS Volume'],
  ['Activated', 'Online', sampleIccid('898822', 1), '901405100000001', 'Zähler Nord 1', '882285100000001', '412,5', '250'],
  ['Activated', 'Offline', sampleIccid('898822', 2), '901405100000002', 'Zähler Nord 2', '882285100000002', '499,75', '248'],
  ['Deactivated', 'Offline', sampleIccid('898822', 3), '901405100000003', 'Lager', '882285100000003', '500', '250'],
  ['Activated', 'Attached', sampleIccid('898822', 4), '901405100000004', 'Zähler Süd', '882285100000004', '1.024,5', '250'],
  ['Pending', 'Offline', sampleIccid('898822', 5), '901405100000005', 'neu', '882285100000005', '500', '250'],
];

/** Twilio Super SIM list: the Sim resource's fields. */
const TWILIO: string[][] = [
  ['sid', 'unique_name', 'account_sid', 'iccid', 'status', 'fleet_sid', 'date_created', 'date_updated'],
  ['HS0000000000000000000000000000001', 'tracker-1', 'AC00000000000000000000000000000001', sampleIccid('8988307', 1), 'active', 'HF00000000000000000000000000000001', '2025-03-07T08:30:00Z', '2025-12-01T00:00:00Z'],
  ['HS0000000000000000000000000000002', 'tracker-2', 'AC00000000000000000000000000000001', sampleIccid('8988307', 2), 'ready', 'HF00000000000000000000000000000001', '2025-03-07T08:30:00Z', '2025-12-01T00:00:00Z'],
  ['HS0000000000000000000000000000003', 'tracker-3', 'AC00000000000000000000000000000001', sampleIccid('8988307', 3), 'scheduled', 'HF00000000000000000000000000000002', '2025-03-07T08:30:00Z', '2026-01-14T17:00:00Z'],
  ['HS0000000000000000000000000000004', 'tracker-4', 'AC00000000000000000000000000000001', sampleIccid('8988307', 4), 'inactive', 'HF00000000000000000000000000000002', '2025-03-07T08:30:00Z', '2025-11-20T00:00:00Z'],
  ['HS0000000000000000000000000000005', 'spare-1', 'AC00000000000000000000000000000001', sampleIccid('8988307', 5), 'new', 'HF00000000000000000000000000000001', '2025-12-20T08:30:00Z', '2025-12-20T08:30:00Z'],
];

/** emnify SIM list: 19-digit iccid and the 20-digit iccid_with_luhn; one bad check digit. */
const EMNIFY: string[][] = (() => {
  const rows: [string, string][] = [['Activated', '2025-03-07T08:30:00.000+00:00'], ['Suspended', '2025-03-07T08:30:00.000+00:00'], ['Deleted', '2024-02-01T00:00:00.000+00:00'], ['Issued', ''], ['Factory Test', ''], ['Activated', '2025-06-01T00:00:00.000+00:00']];
  return [
    ['id', 'iccid', 'iccid_with_luhn', 'production_date', 'activation_date', 'status'],
    ...rows.map(([status, act], k) => {
      const full = sampleIccid('8988303', k + 1);
      const withLuhn = k === 5 ? full.slice(0, 19) + String((Number(full[19]) + 1) % 10) : full;
      return [String(1000 + k), full.slice(0, 19), withLuhn, '2024-11-05T10:00:00.000+00:00', act, status];
    }),
  ];
})();

/** OneLink ccmp card query (GBK): status codes of ccmp and EC v5, KB volumes, one unknown code. */
const ONELINK: string[][] = [
  ['Iccid', 'MSISDN', 'IMSI', 'Cardstatus', 'Bilingstatus', 'Entertime', 'prodid', 'prodname', 'prodinstefftime', 'Gprstotal', 'GPRS usedflow', 'Left', 'Gprs_status'],
  [sampleIccid('898604', 1), '1440000000001', '460040000000001', '00', '00', '20250307101010', 'I00010101', '物联网流量包30M', '20250307', '30720', '10240', '20480', '01'],
  [sampleIccid('898604', 2), '1440000000002', '460040000000002', '02', '00', '20250307101010', 'I00010101', '物联网流量包30M', '20250307', '30720', '0', '30720', '00'],
  [sampleIccid('898604', 3), '1440000000003', '460040000000003', '03', '00', '20240307101010', 'I00010101', '物联网流量包30M', '20240307', '30720', '0', '30720', '00'],
  [sampleIccid('898604', 4), '1440000000004', '460040000000004', '04', '00', '20230307101010', 'I00010101', '物联网流量包30M', '20230307', '30720', '0', '30720', '00'],
  [sampleIccid('898604', 5), '1440000000005', '460040000000005', '07', '02', '', 'I00010101', '物联网流量包30M', '', '30720', '0', '30720', '00'],
  [sampleIccid('898604', 6), '1440000000006', '460040000000006', '2', '00', '20250601080000', 'I00010102', '物联网流量包100M', '20250601', '102400', '51200', '51200', '01'],
  [sampleIccid('898604', 7), '1440000000007', '460040000000007', '99', '00', '', 'I00010101', '物联网流量包30M', '', '0', '0', '0', '00'],
];

/** Unicom CMP (Control Center in Chinese), UTF-8 with a BOM as Chinese Excel users save it. */
const UNICOM: string[][] = [
  ['ICCID', 'MSISDN', 'IMSI', 'IMEI', 'SIM卡状态', '资费计划', '通信计划', '周期至今数据用量(MB)', '激活日期', '添加日期'],
  [sampleIccid('898601', 1), '1460000000001', '460060000000001', '866000000000001', '已激活', '联通100M月包', '默认通信计划', '35.2', '2025-03-07', '2025-02-01'],
  [sampleIccid('898601', 2), '1460000000002', '460060000000002', '866000000000002', '已停用', '联通100M月包', '默认通信计划', '0', '2025-03-07', '2025-02-01'],
  [sampleIccid('898601', 3), '1460000000003', '460060000000003', '866000000000003', '已失效', '联通100M月包', '默认通信计划', '0', '2024-03-07', '2024-02-01'],
  [sampleIccid('898601', 4), '1460000000004', '460060000000004', '', '库存', '联通100M月包', '默认通信计划', '0', '', '2025-12-01'],
  [sampleIccid('898601', 5), '1460000000005', '460060000000005', '', '可测试', '联通100M月包', '默认通信计划', '0.1', '', '2025-12-01'],
  [sampleIccid('898601', 6), '1460000000006', '460060000000006', '866000000000006', 'ACTIVATED', '联通1G月包', '默认通信计划', '512', '2025-08-15', '2025-02-01'],
];

/** Telecom cards through Huawei GSL's fields: sim_status codes, operator_status reasons, MB volumes. */
const TELECOM: string[][] = [
  ['iccid', 'msisdn', 'imei', 'sim_status', 'operator_status', 'active_time', 'stop_time', 'price_plan_id', 'effective_time', 'expired_time', 'billing_cycle', 'flow_total', 'flow_used', 'flow_left', 'sim_pool_id'],
  [sampleIccid('898611', 1), '1410000000001', '866000000000101', '20', '-1', '2025-03-07 08:30:00', '', 'PP-30M', '2025-03-07 08:30:00', '2026-03-06 23:59:59', '2026-01', '30.00', '12.34', '17.66', ''],
  [sampleIccid('898611', 2), '1410000000002', '866000000000102', '14', '1', '2025-03-07 08:30:00', '2026-01-10 00:00:00', 'PP-30M', '2025-03-07 08:30:00', '2026-03-06 23:59:59', '2026-01', '30.00', '30.00', '0.00', ''],
  [sampleIccid('898611', 3), '1410000000003', '866000000000103', '14', '-1', '2025-03-07 08:30:00', '2025-12-01 00:00:00', 'PP-30M', '2025-03-07 08:30:00', '2026-03-06 23:59:59', '2026-01', '30.00', '0.00', '30.00', ''],
  [sampleIccid('898611', 4), '1410000000004', '866000000000104', '30', '-1', '2023-03-07 08:30:00', '', 'PP-30M', '2023-03-07 08:30:00', '2024-03-06 23:59:59', '2024-03', '30.00', '0.00', '30.00', ''],
  [sampleIccid('898611', 5), '1410000000005', '', '11', '-1', '', '', 'PP-30M', '', '', '', '30.00', '0.00', '30.00', ''],
  [sampleIccid('898611', 6), '1410000000006', '866000000000106', '20', '-1', '2025-01-07 08:30:00', '', 'POOL-1G', '2025-01-07 08:30:00', '2026-01-06 23:59:59', '2026-01', '1024.00', '200.50', '823.50', 'SP-001'],
];

/** A minimal .xlsx: inline strings, numbers, and dates as numbers with a date style (numFmtId 14). */
export function xlsx(rows: (string | number | { date: string } | { stored: string })[][]): Uint8Array {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const col = (c: number) => (c < 26 ? String.fromCharCode(65 + c) : String.fromCharCode(64 + Math.floor(c / 26), 65 + (c % 26)));
  const cell = (v: string | number | { date: string } | { stored: string }, r: number, c: number) => {
    const ref = `${col(c)}${r + 1}`;
    if (typeof v === 'number') return `<c r="${ref}"><v>${v}</v></c>`;
    if (typeof v === 'object' && 'stored' in v) return `<c r="${ref}"><v>${v.stored}</v></c>`;
    if (typeof v === 'object') return `<c r="${ref}" s="1"><v>${Date.parse(v.date) / 86_400_000 + 25569}</v></c>`;
    return v === '' ? '' : `<c r="${ref}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`;
  };
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows.map((row, r) => `<row r="${r + 1}">${row.map((v, c) => cell(v, r, c)).join('')}</row>`).join('')}</sheetData></worksheet>`;
  const files: [string, string][] = [
    ['[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>'],
    ['_rels/.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'],
    ['xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Devices" sheetId="1" r:id="rId1"/></sheets></workbook>'],
    ['xl/_rels/workbook.xml.rels', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'],
    ['xl/styles.xml', '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>'],
    ['xl/worksheets/sheet1.xml', sheet],
  ];
  return zip(files.map(([name, text]) => [name, new TextEncoder().encode(text)]));
}

/** A zip of stored (uncompressed) entries: local headers, central directory, end record (APPNOTE 4.3). */
function zip(entries: [string, Uint8Array][]): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of entries) {
    const n = new TextEncoder().encode(name);
    const crc = crc32(data);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint32(14, crc, true);
    local.setUint32(18, data.length, true);
    local.setUint32(22, data.length, true);
    local.setUint16(26, n.length, true);
    parts.push(new Uint8Array(local.buffer), n, data);
    const c = new DataView(new ArrayBuffer(46));
    c.setUint32(0, 0x02014b50, true);
    c.setUint16(4, 20, true);
    c.setUint16(6, 20, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, data.length, true);
    c.setUint32(24, data.length, true);
    c.setUint16(28, n.length, true);
    c.setUint32(42, offset, true);
    central.push(new Uint8Array(c.buffer), n);
    offset += 30 + n.length + data.length;
  }
  const size = central.reduce((s, p) => s + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, size, true);
  end.setUint32(16, offset, true);
  return Buffer.concat([...parts, ...central, new Uint8Array(end.buffer)]);
}

function crc32(data: Uint8Array): number {
  let c = ~0;
  for (let i = 0; i < data.length; i++) {
    c ^= data[i];
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(join(SAMPLES, 'control-center.csv'), table(CONTROL_CENTER));
  writeFileSync(join(SAMPLES, '1nce.csv'), table(ONCE, ';'));
  writeFileSync(join(SAMPLES, 'twilio.csv'), table(TWILIO));
  writeFileSync(join(SAMPLES, 'emnify.csv'), table(EMNIFY));
  writeFileSync(join(SAMPLES, 'onelink.csv'), gbk(table(ONELINK)));
  writeFileSync(join(SAMPLES, 'unicom.csv'), `\uFEFF${table(UNICOM)}`);
  writeFileSync(join(SAMPLES, 'telecom.csv'), table(TELECOM));
  // The Control Center list as Excel saves it: usage as numbers, Date Activated as date cells,
  // and one ICCID typed as a number (Excel keeps 15 digits and stores it as 8.9014100000000004E+19).
  const [head, ...rows] = CONTROL_CENTER;
  type Cell = string | number | { date: string } | { stored: string };
  const sheet: Cell[][] = [head, ...rows.map((r, k) => r.map((v, c) => (c === 7 && /^[\d.]+$/.test(v) ? Number(v) : c === 8 && v ? { date: v.slice(0, 10) } : v)))];
  sheet.push([{ stored: '8.9014100000000004E+19' }, '310410000000007', '15550000007', '', 'Activated', 'IoT 1GB', 'Data Only', 3, { date: '2025-06-01' }, '2025-02-01', 'Acme Meters']);
  writeFileSync(join(FIXTURES, 'control-center.xlsx'), xlsx(sheet));
  console.log('wrote import/mappings/samples/*.csv and test/fixtures/import/control-center.xlsx');
}
