/**
 * Writes scenarios/imports/sample-export.csv: a synthetic export of 600 cards as an IoTOS-like
 * Chinese CMP writes it (GBK, Chinese headers, KB volumes, three months of usage history,
 * mixed statuses, a pool, and a few rows damaged the way real exports are).
 *
 *   npx tsx tools/generate-sample.ts [out.csv]
 *
 * Deterministic: the same file every time. The export describes 2026-01-15 (mid-cycle).
 */
import { writeFileSync } from 'node:fs';
import { luhnDigit } from '../import/index.ts';
import { gbk } from './gbk.ts';

const out = process.argv[2] ?? new URL('../scenarios/imports/sample-export.csv', import.meta.url).pathname;

let seed = 20260115;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
const lognormal = (median: number, spread: number) => median * Math.exp(spread * normal());
const pick = <T>(weighted: [T, number][]): T => {
  let u = random() * weighted.reduce((a, [, w]) => a + w, 0);
  for (const [v, w] of weighted) if ((u -= w) < 0) return v;
  return weighted[weighted.length - 1][0];
};
const iccid = (k: number) => {
  const body = `898604${String(1920000000000 + k * 7919).padStart(13, '0')}`;
  return body + luhnDigit(body);
};
const date = (y: number, m: number, d: number, sep = '-') => `${y}${sep}${String(m).padStart(2, '0')}${sep}${String(d).padStart(2, '0')}`;

const HEADER = ['编号', 'ICCID', 'MSISDN', 'IMSI', '卡状态', '停机原因', '资费组编号', '资费总量(MB)', '已用流量(KB)', '激活时间', '服务-失效时间', '是否流量池', '流量池编号', '是否自动续费', '停机阈值(MB)', '2025-10用量(MB)', '2025-11用量(MB)', '2025-12用量(MB)', '运营商', '备注'];
const PLANS = [
  { id: 'P1001', quota: 30, median: 0.5, weight: 55 },
  { id: 'P1002', quota: 100, median: 2, weight: 30 },
  { id: 'P2001', quota: 500, median: 8, weight: 15, pooled: true },
];

const DAMAGED = new Set([10, 20, 30, 40, 50, 60, 70, 80, 90, 91, 100, 101, 110]);
const rows: string[][] = [];
const N = 600;
for (let k = 0; k < N; k++) {
  const plan = pick(PLANS.map((p) => [p, p.weight] as [typeof p, number]));
  const drawn = pick<[string, string]>([
    [['正常', ''], 70], [['已激活', ''], 5], [['已停机', '欠费'], 3], [['欠费停机', ''], 2], [['达量停机', ''], 4], [['已停机', '人工停机'], 2],
    [['已停机', ''], 2], [['预销户', ''], 3], [['已销户', ''], 3], [['库存', ''], 1], [['待激活', ''], 0.5], [['沉默期', ''], 0.5],
  ]);
  const status: [string, string] = DAMAGED.has(k) ? ['正常', ''] : drawn;
  const mean = lognormal(plan.median, 0.9);
  const activated = date(2024 + Math.floor(random() * 2), 1 + Math.floor(random() * 12), 1 + Math.floor(random() * 28));
  const notInService = ['库存', '待激活', '沉默期'].includes(status[0]);
  // 12-month terms from the activation month; expired cards ran out in the last three months.
  let expiry = date(2026, 2 + Math.floor(random() * 11), 1 + Math.floor(random() * 28));
  if (status[0] === '预销户') expiry = date(2025, 10 + Math.floor(random() * 3), 1 + Math.floor(random() * 28));
  // Daily noise of spread 0.3 averages out over a month to a spread of about 0.3 / √30 ≈ 0.055.
  const month = (days: number) => (notInService ? 0 : Math.round(mean * days * Math.exp(0.045) * lognormal(1, 0.3 / Math.sqrt(days)) * 100) / 100);
  const history = [month(31), month(30), month(31)];
  if (random() < 0.05) history[0] = NaN; // activated later: no October figure
  let usedKB = Math.round(month(14) * 1024);
  if (status[0] === '达量停机') usedKB = plan.quota * 1024;
  if (status[0] === '已销户') usedKB = 0;
  const pool = plan.pooled ? `POOL-${'AB'[k % 2]}` : '';
  rows.push([
    String(k + 1), iccid(k), `1440${String(6000000 + k * 37).padStart(9, '0')}`, `46004${String(1000000000 + k).padStart(10, '0')}`,
    status[0], status[1], plan.id, String(plan.quota), String(usedKB), notInService ? '' : activated, notInService ? '' : expiry,
    pool ? '是' : '否', pool, random() < 0.3 ? '是' : '否', random() < 0.2 ? String(plan.quota) : '',
    ...history.map((h) => (Number.isNaN(h) ? '' : String(h))), '中国移动', '',
  ]);
}

// Damage, as real exports have it (one row each; line = index + 2).
const at = (k: number, col: string, value: string) => (rows[k][HEADER.indexOf(col)] = value);
at(10, 'ICCID', rows[10][1].slice(0, 19) + ((Number(rows[10][1][19]) + 1) % 10)); // a mistyped digit: Luhn fails
at(20, 'ICCID', '8.98604E+19'); // opened and saved in a spreadsheet
at(30, '服务-失效时间', '2026-02-30'); // no such day
at(40, '卡状态', '冻结'); // a status no table knows
at(50, '已用流量(KB)', '-512'); // negative volume
at(60, 'ICCID', rows[59][1]); // duplicate of the previous card
at(70, 'ICCID', `'${rows[70][1]}`); // spreadsheet text marker: repaired
at(80, '激活时间', '45123'); // a date turned into a spreadsheet serial: repaired
at(90, '服务-失效时间', '2025/12/1'); // expired before the export but shown as 正常: repaired to expired
at(91, '卡状态', '正常');
at(100, '激活时间', '2025/3/7 08:30:00'); // other date formats
at(101, '激活时间', '20250307');
at(110, '已用流量(KB)', '1.5MB'); // a unit in the cell

const csvCell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
const text = [HEADER, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
writeFileSync(out, gbk(text));
console.log(`wrote ${out}: ${rows.length} cards, ${text.length} characters`);
