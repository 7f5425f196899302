/**
 * The import section of `npm run bench`: a generated export of N cards (Chinese headers, KB
 * volumes, three months of history, mixed statuses, 1 % damaged rows) imported with
 * `importExport`; prints rows per second and peak RSS against the file's size.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importExport } from '../import/index.ts';
import { generateExport } from '../tools/generate-export.ts';
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
