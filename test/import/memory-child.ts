/** Child of memory.test.ts: generates an export of N rows, imports it, prints sizes and peak RSS as JSON. */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { generateExport } from '../../tools/generate-export.ts';
import { importExport } from '../../import/index.ts';
import { withPeakRss } from '../../bench/measure.ts';

const [dir, rows] = [process.argv[2], Number(process.argv[3])];
const input = join(dir, 'export.csv');
await generateExport(input, rows);
(globalThis as { gc?: () => void }).gc?.();
const before = process.memoryUsage().rss;
const { value, peakRss } = await withPeakRss(() => importExport({ input, out: join(dir, 'fleet.csv'), start: '2026-01-15' }));
process.stdout.write(JSON.stringify({ fileBytes: statSync(input).size, before, peakRss, read: value.read, imported: value.imported, rejected: value.rejected }));
