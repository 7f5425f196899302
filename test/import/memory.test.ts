import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

/**
 * Bounded memory: the import runs with its JS heap capped at 48 MB, less than the 200,000 rows
 * would take if they were kept (about 12 strings and an array per row: ~90 MB), and its RSS grows
 * by a bounded amount (heap, stream buffers and 12 bytes per card for the duplicate check) rather
 * than with the file: the 1,000,000-row bench (107 MB) grows by about 70 MB.
 */
it('a 200,000-row export imports with bounded memory (48 MB heap; RSS growth under 96 MB)', () => {
  const dir = tempDir();
  const r = spawnSync(process.execPath, ['--max-old-space-size=48', '--expose-gc', '--import', 'tsx', 'test/import/memory-child.ts', dir, '200000'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const m = JSON.parse(r.stdout) as { fileBytes: number; before: number; peakRss: number; read: number; imported: number; rejected: number };
  expect(m.read).toBe(200000);
  expect(m.imported + m.rejected).toBe(m.read);
  expect(m.fileBytes).toBeGreaterThan(20 * 2 ** 20);
  expect(m.peakRss - m.before).toBeLessThan(96 * 2 ** 20);
}, 180_000); // CPU-bound under a 48 MB heap: about 50–70 s on a loaded 2-core machine
