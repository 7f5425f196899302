/**
 * Where commands write: never over one of their inputs or a non-regular file, checked before
 * the work starts; file-system errors in one line; interrupts (real signals to the real CLI)
 * leave no file behind.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsCause } from '../../cli/files.ts';
import { generateExport } from '../../tools/generate-export.ts';
import { bin, cli, filesIn, hasStack, startCli, tempDir } from './helpers.ts';

const EXPORT = 'scenarios/imports/sample-export.csv';
const HAND = 'scenarios/examples/hand-check.yaml';
const importTo = (input: string, out: string) => cli('import', input, '--start', '2026-01-15', '--out', out);

describe('import --out', () => {
  it('refuses to write over its own export, and the export is intact', () => {
    const dir = tempDir();
    const input = join(dir, 'e.csv');
    copyFileSync(EXPORT, input);
    const r = importTo(input, input);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`simlapse: --out "${input}" is an input of this command ("${input}"); it would be overwritten: write somewhere else\n`);
    expect(readFileSync(input)).toEqual(readFileSync(EXPORT));
  });

  it('refuses an input reached through another name (a link), and an output beside --out that is the mapping file', () => {
    const dir = tempDir();
    const input = join(dir, 'e.csv');
    copyFileSync(EXPORT, input);
    symlinkSync(input, join(dir, 'link.csv'));
    expect(importTo(input, join(dir, 'link.csv')).stderr).toMatch(/is an input of this command/);
    writeFileSync(join(dir, 'fleet.profiles.yaml'), 'statuses: {}\n');
    const r = cli('import', input, '--start', '2026-01-15', '--map', join(dir, 'fleet.profiles.yaml'), '--out', join(dir, 'fleet.csv'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`simlapse: --out "${join(dir, 'fleet.csv')}" writes "${join(dir, 'fleet.profiles.yaml')}", which is an input of this command ("${join(dir, 'fleet.profiles.yaml')}"); it would be overwritten: write somewhere else\n`);
    expect(readdirSync(dir).sort()).toEqual(['e.csv', 'fleet.profiles.yaml', 'link.csv']);
  });

  it("re-importing a fixed rejected file beside its own --out names the --out the user gave and the file it would write (found by an outputs hunt: it named only fix.rejected.csv, as if the user had typed it)", () => {
    const dir = tempDir();
    copyFileSync(EXPORT, join(dir, 'fix.rejected.csv'));
    const r = importTo(join(dir, 'fix.rejected.csv'), join(dir, 'fix.csv'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`simlapse: --out "${join(dir, 'fix.csv')}" writes "${join(dir, 'fix.rejected.csv')}", which is an input of this command ("${join(dir, 'fix.rejected.csv')}"); it would be overwritten: write somewhere else\n`);
  });

  it('refuses a device: /dev/full stays a device', () => {
    const r = importTo(EXPORT, '/dev/full');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('simlapse: --out "/dev/full" is not a regular file (a device, pipe or socket); name a file to write\n');
    expect(statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('refuses a folder where a file is meant', () => {
    const dir = tempDir();
    const r = importTo(EXPORT, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`simlapse: --out "${dir}" is a directory; name the file to write (e.g. ${join(dir, 'fleet.csv')})\n`);
  });

  it('a folder where a derived output goes (fleet.rejected.csv beside --out, an earlier export\'s fleet.1.profiles.yaml): named as in the way, exit 1, nothing written', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'fleet.rejected.csv'));
    const r = importTo(EXPORT, join(dir, 'fleet.csv'));
    expect([r.status, r.stderr]).toEqual([1, `simlapse: a folder is in the way of the output file "${join(dir, 'fleet.rejected.csv')}" (written beside --out "${join(dir, 'fleet.csv')}"): move or rename that folder, or give another --out\n`]);
    expect(readdirSync(dir)).toEqual(['fleet.rejected.csv']);
    expect(readdirSync(join(dir, 'fleet.rejected.csv'))).toEqual([]);
    const other = tempDir(), earlier = join(tempDir(), 'dec.csv');
    copyFileSync(EXPORT, earlier);
    mkdirSync(join(other, 'fleet.1.profiles.yaml'));
    const m = cli('import', earlier, EXPORT, '--start', '2026-01-15', '--out', join(other, 'fleet.csv'));
    expect([m.status, m.stderr]).toEqual([1, `simlapse: a folder is in the way of the output file "${join(other, 'fleet.1.profiles.yaml')}" (written beside --out "${join(other, 'fleet.csv')}"): move or rename that folder, or give another --out\n`]);
    expect(readdirSync(other)).toEqual(['fleet.1.profiles.yaml']);
  });

  it('an --out ending in / names a folder, not the file: a usage error naming what to write, nothing written', () => {
    const dir = tempDir();
    const r = importTo(EXPORT, join(dir, 'newdir') + '/');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`simlapse: --out "${join(dir, 'newdir')}/" ends with "/", so it names a folder; name the file to write (e.g. ${join(dir, 'newdir', 'fleet.csv')})\n`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('--out - (stdout to many tools) is a usage error for run and import, and nothing named "-" is made', () => {
    const dir = tempDir();
    const run = bin(dir, 'run', resolve('scenarios/examples/hand-check.yaml'), '--out', '-');
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('simlapse: --out -: a folder to write files into, not stdout; for the report on stdout use --json');
    const imp = bin(dir, 'import', resolve(EXPORT), '--out', '-');
    expect(imp.status).toBe(2);
    expect(imp.stderr).toContain('simlapse: --out -: this command writes files, not stdout; name the file to write');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a folder that cannot be made is one line naming it, before any work', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), 'x');
    const r = importTo(EXPORT, join(dir, 'file', 'sub', 'fleet.csv'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`simlapse: cannot write "${join(dir, 'file', 'sub', 'fleet.csv')}": a part of the path is not a directory\n`);
    const proc = importTo(EXPORT, '/proc/self/nope/fleet.csv');
    expect(proc.status).toBe(1);
    expect(proc.stderr).toBe('simlapse: cannot write "/proc/self/nope": no such file or folder\n');
  });
});

describe('import --map: the mapping file is read as a scenario is', () => {
  it('a device, a mapping saved as GBK, one over 4 MiB: one line naming the file and why, exit 1, nothing written', () => {
    const dir = tempDir();
    const gbkMapping = join(dir, 'gbk.yaml');
    writeFileSync(gbkMapping, Buffer.from([...Buffer.from('statuses: {'), 0xd5, 0xfd, 0xb3, 0xa3, ...Buffer.from(': online}\n')])); // 正常 in GBK
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    for (const [map, why] of [['/dev/zero', 'not a regular file (a device, pipe or socket)'], [gbkMapping, 'not UTF-8 text: byte 0xD5 at byte offset 11 (line 1) is not valid UTF-8; save the file as UTF-8'], [big, 'the file is 5 MiB; the most read is 4 MiB']]) {
      const r = cli('import', EXPORT, '--start', '2026-01-15', '--map', map, '--out', join(dir, 'out', 'fleet.csv'));
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).toBe(`simlapse: cannot read mapping file "${map}": ${why}\n`);
    }
    expect(readdirSync(dir).sort()).toEqual(['big.yaml', 'gbk.yaml']);
  });
});

describe('run --out', () => {
  it('refuses a folder whose report.json is the scenario being run', () => {
    const dir = tempDir();
    copyFileSync(HAND, join(dir, 'report.json'));
    const r = cli('run', join(dir, 'report.json'), '--out', dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`simlapse: --out file "${join(dir, 'report.json')}" is an input of this command ("${join(dir, 'report.json')}"); it would be overwritten: write somewhere else\n`);
    expect(readFileSync(join(dir, 'report.json'), 'utf8')).toBe(readFileSync(HAND, 'utf8'));
  });

  it('refuses a folder whose monthly.csv is a fleet CSV the scenario reads', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'imports'));
    copyFileSync('scenarios/imports/sample-fleet.csv', join(dir, 'imports', 'monthly.csv'));
    const text = readFileSync('scenarios/examples/imported-fleet.yaml', 'utf8').replace('csv: ../imports/sample-fleet.csv', 'csv: imports/monthly.csv');
    writeFileSync(join(dir, 's.yaml'), text);
    const r = cli('run', join(dir, 's.yaml'), '--out', join(dir, 'imports'));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^simlapse: --out file ".*imports\/monthly\.csv" is an input of this command \(".*imports\/monthly\.csv"\)/);
  });

  it('refuses a device and a report.json that is a folder', () => {
    expect(cli('run', HAND, '--out', '/dev/null').stderr).toBe('simlapse: cannot write to --out "/dev/null": not a directory\n');
    const dir = tempDir();
    mkdirSync(join(dir, 'report.json'));
    const r = cli('run', HAND, '--out', dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`simlapse: --out file "${join(dir, 'report.json')}" is a directory, where this command writes a file of that name: move it, or give another --out folder\n`);
    expect(readdirSync(join(dir, 'report.json'))).toEqual([]);
  });

  it('refuses an empty --out (an unset variable, most often) for run and import: exit 2, nothing written here', () => {
    const cwd = tempDir();
    for (const args of [['run', resolve(HAND), '--workers', '0', '--out', ''], ['import', resolve('scenarios/imports/sample-export.csv'), '--out', '']]) {
      const r = bin(cwd, ...args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/^simlapse: --out: an empty path; /m);
      expect(readdirSync(cwd)).toEqual([]);
    }
  });
});

describe('a refused or failed command leaves no folder it made', () => {
  it('run --out new/deeper refused after the folder check (a bad --queue URL): neither folder is left', () => {
    const dir = tempDir();
    const r = cli('run', HAND, '--out', join(dir, 'new', 'deeper'), '--queue', 'http://localhost', '--workers', '0');
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^simlapse: .*redis:\/\//m);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an import that fails on the export (the wrong encoding: GBK bytes given as UTF-8) leaves no new/ behind; a good one makes it', () => {
    const dir = tempDir();
    const input = join(dir, 'e.csv');
    copyFileSync(EXPORT, input);
    const bad = cli('import', input, '--start', '2026-01-15', '--encoding', 'utf-8', '--out', join(dir, 'new', 'fleet.csv'));
    expect(bad.status, bad.stderr).toBe(1);
    expect(bad.stderr).toMatch(/is not valid UTF-8 \(the encoding given\)/);
    expect(readdirSync(dir)).toEqual(['e.csv']);
    const good = importTo(input, join(dir, 'new', 'fleet.csv'));
    expect(good.status, good.stderr).toBe(0);
    expect(readdirSync(join(dir, 'new')).sort()).toEqual(['fleet.csv', 'fleet.profiles.yaml', 'fleet.rejected.csv', 'fleet.repaired.csv']);
  });

  it("two exports, the later one not an export: the earlier one's outputs never land, nor the folder made for them", () => {
    const dir = tempDir();
    const input = join(dir, 'e.csv'), junk = join(dir, 'junk.csv');
    copyFileSync(EXPORT, input);
    writeFileSync(junk, 'not,an,export\n1,2,3\n');
    const r = cli('import', input, junk, '--start', '2026-01-15', '--out', join(dir, 'new', 'fleet.csv'));
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/junk\.csv: no iccid column/);
    expect(readdirSync(dir).sort()).toEqual(['e.csv', 'junk.csv']);
  });

  it('a folder that already held a file is kept, with the file, when the run is refused', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'keep.txt'), 'kept\n');
    const r = cli('run', HAND, '--out', join(dir, 'out'), '--queue', 'http://localhost', '--workers', '0');
    expect(r.status, r.stderr).toBe(2);
    expect(readdirSync(join(dir, 'out'))).toEqual(['keep.txt']);
  });
});

describe('file-system errors in words', () => {
  it('names the cause of the common failures', () => {
    const e = (code: string) => Object.assign(new Error(`${code}: raw`), { code });
    expect(['ENOSPC', 'EROFS', 'EACCES', 'ENOTDIR', 'EISDIR', 'EDQUOT'].map((c) => fsCause(e(c)))).toEqual([
      'no space left on the device', 'read-only file system', 'permission denied', 'a part of the path is not a directory', 'is a directory', 'disk quota exceeded',
    ]);
  });
});

describe('interrupts leave no file behind', () => {
  /** A generated export big enough (about 6 MB) that an import is still running when the signal comes. */
  async function bigExport(dir: string): Promise<string> {
    const path = join(dir, 'big.csv');
    await generateExport(path, 60_000);
    return path;
  }

  const isImportTemp = (f: string) => /^\.fleet\.csv\.\d+\.[0-9a-f]{8}\.tmp$/.test(f);

  /** Starts an import and waits until its own temporary files exist (not the output check's probe file). */
  async function importing(dir: string, input: string) {
    const out = join(dir, 'out');
    const run = startCli('import', input, '--start', '2026-01-15', '--out', join(out, 'fleet.csv'));
    for (let i = 0; i < 600 && !filesIn(out).some(isImportTemp); i++) await new Promise((r) => setTimeout(r, 25));
    expect(filesIn(out).some(isImportTemp)).toBe(true);
    return { run, out };
  }

  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${signal} during an import exits ${code} and removes its temporary files`, async () => {
      const dir = tempDir();
      const { run, out } = await importing(dir, await bigExport(dir));
      run.child.kill(signal);
      const r = await run.done;
      expect(r.status).toBe(code);
      expect(r.stderr).toBe('simlapse: interrupted; no output written\n');
      // The folder the import made for --out goes with its temporary files.
      expect(existsSync(out)).toBe(false);
    });
  }

  it('a second Ctrl-C leaves at once, still without temporary files', async () => {
    const dir = tempDir();
    const { run, out } = await importing(dir, await bigExport(dir));
    run.child.kill('SIGINT');
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.status).toBe(130);
    expect(hasStack(r.stderr)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('SIGTERM during a run exits 143 and writes nothing', async () => {
    const dir = join(tempDir(), 'out');
    const run = startCli('run', 'test/fixtures/cli/long.yaml', '--out', dir);
    await run.stderrMatches(/running "Long run"/);
    run.child.kill('SIGTERM');
    const r = await run.done;
    expect(r.status).toBe(143);
    expect(r.stderr).toContain('simlapse: interrupted; no output written\n');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });

  it('Ctrl-C as the run ends: the outputs are whole or absent, never a temporary file', async () => {
    const dir = join(tempDir(), 'out');
    const run = startCli('run', 'scenarios/examples/alert-pack-sweep.yaml', '--workers', '1', '--replications', '3', '--out', dir);
    await run.stderrMatches(/M card-days\/s\)/);
    run.child.kill('SIGINT');
    const r = await run.done;
    const files = existsSync(dir) ? readdirSync(dir).sort() : [];
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    if (files.length > 0) {
      expect(files).toEqual(['monthly.csv', 'replications.csv', 'report.json']);
      expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).format).toBe('simlapse-report');
    } else expect(r.status).toBe(130);
  });

  it('a line break in an output path is shown escaped: the error stays one line', () => {
    const dir = join(tempDir(), 'a-file');
    writeFileSync(dir, 'not a folder');
    const r = cli('run', 'scenarios/examples/hand-check.yaml', '--out', join(dir, 'x\ny'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`simlapse: cannot write "${dir}/x\\ny": a part of the path is not a directory\n`);
  });
});

describe('a line break in what a message shows (a CLI hunt: a path or --seed split the line)', () => {
  it('validate, run --out and trace --seed show it as \\n, one line each', () => {
    const dir = tempDir(), file = join(dir, 'nl\nname.yaml');
    copyFileSync('scenarios/examples/hand-check.yaml', file);
    const v = cli('validate', file);
    expect(v.status).toBe(0);
    expect(v.stdout.split('\n')).toHaveLength(2);
    expect(v.stdout).toContain(`ok: ${dir}/nl\\nname.yaml: `);
    const out = join(dir, 'out\ndir');
    const r = cli('run', 'scenarios/examples/hand-check.yaml', '--replications', '1', '--workers', '0', '--progress-interval', '0', '--out', out);
    expect(r.status).toBe(0);
    expect(r.stderr).toContain(`simlapse: wrote ${dir}/out\\ndir/report.json, `);
    expect(existsSync(join(out, 'report.json'))).toBe(true);
    const t = cli('trace', 'scenarios/examples/hand-check.yaml', '--card', '0', '--seed', 'abc\nfake: line');
    expect(t.status).toBe(0);
    expect(t.stdout.split('\n')[1]).toMatch(/, seed abc\\nfake: line$/);
  });

  it('import --map with an empty path is refused (an unset variable in a script imported with the built-in tables alone)', () => {
    const dir = tempDir();
    const r = cli('import', EXPORT, '--start', '2026-01-15', '--map', '', '--out', join(dir, 'fleet.csv'));
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("simlapse: --map: an empty path; give a mapping file or a shipped mapping's name (or leave --map out for the built-in tables)\n");
    expect(filesIn(dir)).toEqual([]);
  });
});
