import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';

// The rename that puts the figures in place fails (as across file systems or on a full disk).
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  return { ...fs, renameSync: () => { throw Object.assign(new Error('rename failed'), { code: 'ENOSPC' }); } };
});
const { writeResults } = await import('../../bench/out.ts');

describe('bench --out when writing fails', () => {
  it('is one line naming the path and the cause; the old file is untouched and no temporary file is left', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bench-out-'));
    try {
      const out = join(dir, 'r.json');
      const old = JSON.stringify({ date: 'then', engine: '0.1.0', machine: {} });
      writeFileSync(out, old);
      expect(() => writeResults(out, { date: 'now' })).toThrow(`cannot write "${out}": no space left on the device`);
      expect(readdirSync(dir)).toEqual(['r.json']);
      expect(readFileSync(out, 'utf8')).toBe(old);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
