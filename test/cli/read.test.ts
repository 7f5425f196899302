/** One wording for every input the CLI cannot read: `cannot read <what> "<path>": <reason>`, the reason from the OS error code (cli/read.ts). */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCause, readError } from '../../cli/read.ts';
import { cli, hasStack, tempDir } from './helpers.ts';

const EXPORT = 'scenarios/imports/sample-export.csv';
const errno = (code: string, message: string) => Object.assign(new Error(message), { code });

describe('readCause', () => {
  it('says the common codes in words, a rarer one in its own words without the path, never Node\'s message whole', () => {
    expect(['ENOENT', 'ENOTDIR', 'EACCES', 'EPERM', 'EISDIR', 'ENAMETOOLONG', 'EIO'].map((c) => readCause(errno(c, `${c}: whatever, open '/x'`)))).toEqual([
      'no such file', 'no such file', 'permission denied', 'permission denied', 'is a directory', 'the path is too long', 'input/output error',
    ]);
    expect(readCause(errno('ESTALE', `ESTALE: stale file handle, stat '/${'x'.repeat(5000)}'`))).toBe('stale file handle (ESTALE)');
    expect(readError('export', 'e.csv', errno('ENOENT', 'x')).message).toBe('cannot read export "e.csv": no such file');
  });
});

/** A folder, a file of GBK bytes and a path past the file system's 255-character name, in a new temporary folder. */
function unreadable() {
  const dir = tempDir();
  const folder = join(dir, 'folder.yaml');
  mkdirSync(folder);
  const gbk = join(dir, 'gbk.yaml');
  writeFileSync(gbk, Buffer.from([...Buffer.from('name: '), 0xd5, 0xfd, 0x0a]));
  return { folder, gbk, long: join(dir, 'a'.repeat(300), 'x.yaml') };
}

describe('the CLI says every file it cannot read the same way', () => {
  it('a scenario: a folder, a path too long, not UTF-8 (was "file: scenario: cannot read the scenario file: …")', () => {
    const { folder, gbk, long } = unreadable();
    const said = [folder, long, gbk].map((f) => cli('validate', f));
    expect(said.map((r) => [r.status, r.stderr])).toEqual([
      [1, `simlapse: cannot read scenario "${folder}": is a directory\n`],
      [1, `simlapse: cannot read scenario "${long}": the path is too long\n`],
      [1, `simlapse: cannot read scenario "${gbk}": not UTF-8 text: byte 0xD5 at byte offset 6 (line 1) is not valid UTF-8; save the file as UTF-8\n`],
    ]);
    expect(cli('run', gbk).stderr).toBe(said[2].stderr);
  });

  it('a mapping file and an export: the same words', () => {
    const { folder, long } = unreadable();
    const out = join(tempDir(), 'out', 'fleet.csv');
    expect(cli('import', EXPORT, '--start', '2026-01-15', '--map', folder, '--out', out).stderr).toBe(`simlapse: cannot read mapping file "${folder}": is a directory\n`);
    expect(cli('import', folder, '--start', '2026-01-15', '--out', out).stderr).toBe(`simlapse: cannot read export "${folder}": is a directory\n`);
    expect(cli('import', long, '--start', '2026-01-15', '--out', out).stderr).toBe(`simlapse: cannot read export "${long}": the path is too long\n`);
  });

  it.runIf(existsSync('/proc/self/mem'))('a file that fails as it is read (/proc/self/mem: a regular file, EIO): one line, exit 1, no stack, nothing written (the export was an internal error)', () => {
    const out = tempDir();
    const r = cli('import', '/proc/self/mem', '--start', '2026-01-15', '--out', join(out, 'fleet.csv'));
    expect([r.status, r.stderr]).toEqual([1, 'simlapse: cannot read export "/proc/self/mem": input/output error\n']);
    expect(hasStack(r.stderr)).toBe(false);
    expect(readdirSync(out)).toEqual([]);
    expect(cli('validate', '/proc/self/mem').stderr).toBe('simlapse: cannot read scenario "/proc/self/mem": input/output error\n');
  });
});
