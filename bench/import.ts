/**
 * The import section of `npm run bench`: a generated export of N cards (Chinese headers, KB
 * volumes, three months of history, mixed statuses, 1 % damaged rows) imported with
 * `importExport`; prints rows per second and peak RSS against the file's size.
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importExport, luhnDigit } from '../import/index.ts';
import { mib, seconds, withPeakRss } from './measure.ts';

export interface ImportRow {
  rows: number;
  fileBytes: number;
  seconds: number;
  rowsPerSecond: number;
  peakRssBytes: number;
  rssGrowthBytes: number;
  imported: number;
  rejected: number;
}

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

export async function importBench(sizes: number[]): Promise<ImportRow[]> {
  console.log('\nimport (generated export, Chinese headers, 3 months of history, 1 % damaged rows)');
  console.log('rows         file MiB   wall s    rows/s      peak RSS   RSS growth   imported   rejected');
  const results: ImportRow[] = [];
  for (const rows of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'simlapse-import-bench-'));
    try {
      const input = join(dir, 'export.csv');
      await generateExport(input, rows);
      const fileBytes = statSync(input).size;
      (globalThis as { gc?: () => void }).gc?.();
      const before = process.memoryUsage().rss;
      const t0 = process.hrtime.bigint();
      const { value: s, peakRss } = await withPeakRss(() => importExport({ input, out: join(dir, 'fleet.csv'), start: '2026-01-15' }));
      const wall = seconds(t0);
      const row: ImportRow = { rows, fileBytes, seconds: wall, rowsPerSecond: rows / wall, peakRssBytes: peakRss, rssGrowthBytes: Math.max(0, peakRss - before), imported: s.imported, rejected: s.rejected };
      results.push(row);
      console.log(
        `${rows.toLocaleString('en').padEnd(12)} ${(fileBytes / 2 ** 20).toFixed(0).padStart(8)}  ${wall.toFixed(2).padStart(7)}  ${Math.round(row.rowsPerSecond).toLocaleString('en').padStart(9)}  ${mib(peakRss).padStart(10)}  ${mib(row.rssGrowthBytes).padStart(11)}  ${s.imported.toLocaleString('en').padStart(9)}  ${s.rejected.toLocaleString('en').padStart(9)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return results;
}
