/**
 * A write that fails for lack of room (a full disk, or here the file-size limit, `ulimit -f`, with
 * SIGXFSZ ignored so the write returns EFBIG): a write to a descriptor or a stream names no file,
 * and such failures ended in "internal error" with a stack (exit 70; found by an outputs hunt on a
 * full tmpfs). Each is one line naming the output the user asked for, exit 1, nothing left behind.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './helpers.ts';

/** The CLI under a file-size limit of `kb` KiB. */
function limited(kb: number, ...args: string[]) {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const r = spawnSync('bash', ['-c', `ulimit -f ${kb}; trap '' XFSZ; exec '${process.execPath}' --import tsx cli/main.ts ${quoted}`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stderr: r.stderr };
}

const TOO_LARGE = 'file too large (past the file-size limit: ulimit -f)';

describe('a write past the room left', () => {
  it('run --cards: names cards.csv, exit 1, no folder left', () => {
    const out = join(tempDir(), 'made', 'o');
    const r = limited(64, 'run', 'scenarios/examples/imported-fleet.yaml', '--out', out, '--cards', '--workers', '1', '--progress-interval', '0');
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`simlapse: cannot write "${join(out, 'cards.csv')}": ${TOO_LARGE}`);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(existsSync(join(out, '..'))).toBe(false);
  });

  it('run --out: names report.json, not its temporary file; an existing folder keeps only what it had', () => {
    const out = tempDir();
    mkdirSync(join(out, 'keep'));
    const r = limited(8, 'run', 'scenarios/examples/auto-stop.yaml', '--out', out, '--replications', '2', '--workers', '1', '--progress-interval', '0');
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n').at(-1)).toBe(`simlapse: cannot write "${join(out, 'report.json')}": ${TOO_LARGE}`);
    expect(readdirSync(out)).toEqual(['keep']);
  });

  it('import: names fleet.csv, exit 1, no folder left', () => {
    const out = join(tempDir(), 'f', 'fleet.csv');
    const r = limited(2, 'import', 'scenarios/imports/sample-export.csv', '--start', '2026-01-15', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`simlapse: cannot write "${out}": ${TOO_LARGE}\n`);
    expect(existsSync(join(out, '..'))).toBe(false);
  });
});

describe('temporary names', () => {
  it("are hidden, beside their output, and carry the process id and a random part: a file left by a killed run whose process id repeats (a container's process 1) does not block the next run", async () => {
    const { tempPath } = await import('../../import/index.ts');
    const a = tempPath('/x/out/cards.csv'), b = tempPath('/x/out/cards.csv');
    expect(a).toMatch(new RegExp(`^/x/out/\\.cards\\.csv\\.${process.pid}\\.[0-9a-f]{8}\\.tmp$`));
    expect(b).not.toBe(a);
    // A leftover under this process's id, as a killed run of an earlier process 1 leaves it, blocks nothing.
    const out = tempDir();
    const { writeFileSync } = await import('node:fs');
    for (const name of ['report.json', 'monthly.csv', 'replications.csv', 'cards.csv']) writeFileSync(join(out, `.${name}.${process.pid}.tmp`), 'left');
    const { writeFilesAtomic } = await import('../../cli/output.ts');
    expect(writeFilesAtomic(out, [{ name: 'report.json', content: '{}' }])).toEqual([join(out, 'report.json')]);
  });
});
