/**
 * A synthetic platform export of N cards (Chinese headers, KB volumes, three months of usage
 * history, mixed statuses, a pool, 1 % of ICCIDs mangled by a spreadsheet), for the import
 * bench and the tests that need a long import. Deterministic.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { luhnDigit } from '../import/index.ts';

const STATUSES = ['正常', '正常', '正常', '正常', '正常', '正常', '正常', '已停机', '欠费停机', '达量停机', '预销户', '已销户', '库存'];

/** Writes a synthetic export of `rows` cards to `path` (UTF-8), streaming. Deterministic. */
export async function generateExport(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  let buf = 'ICCID,接入号,卡状态,资费组编号,已用流量(KB),激活时间,服务-失效时间,流量池编号,是否自动续费,2025-10用量(MB),2025-11用量(MB),2025-12用量(MB)\n';
  for (let k = 0; k < rows; k++) {
    const body = `8986${String(1e15 + k).slice(1)}`;
    let id = body + luhnDigit(body);
    if (k % 100 === 99) id = '8.986E+19';
    const h = Math.imul(k + 1, 0x9e3779b1) >>> 0;
    const status = STATUSES[h % STATUSES.length];
    const mean = 0.2 + (h % 1000) / 100;
    const expiry = status === '预销户' ? '2025/12/1' : `2026-${String(2 + (h % 11)).padStart(2, '0')}-15`;
    buf += `${id},1440${String(k).padStart(9, '0')},${status},P${1000 + (h % 5)},${Math.round(mean * 14 * 1024)},2025-01-0${1 + (h % 9)} 08:30:00,${expiry},${h % 10 === 0 ? `POOL-${h % 7}` : ''},${h % 3 === 0 ? '是' : '否'},${(mean * 31).toFixed(2)},${(mean * 30).toFixed(2)},${(mean * 31).toFixed(2)}\n`;
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}
