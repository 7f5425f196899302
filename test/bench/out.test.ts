import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkOut, isBenchResult, writeResults } from '../../bench/out.ts';

const RESULT = { date: '2026-12-01T07:14:33.622Z', engine: '0.2.0', machine: { cpu: 'x', cores: 2 }, quick: true };
let dir = '';
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'bench-out-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('bench --out', () => {
  it('takes a new file in an existing folder, or an earlier bench result', () => {
    expect(checkOut(join(dir, 'new.json'))).toBe(join(dir, 'new.json'));
    writeFileSync(join(dir, 'old.json'), JSON.stringify(RESULT));
    expect(checkOut(join(dir, 'old.json'))).toBe(join(dir, 'old.json'));
    expect(checkOut('bench/results.json')).toBe('bench/results.json'); // the project's own results
  });

  it('refuses a pipe, a device, a link, a folder, a trailing "/", an empty path and a missing or non-folder parent, naming the path', () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    mkdirSync(join(dir, 'somefolder'));
    writeFileSync(join(dir, 'old.json'), JSON.stringify(RESULT));
    symlinkSync(join(dir, 'old.json'), join(dir, 'link.json'));
    const cases: [string, string][] = [
      [join(dir, 'fifo'), 'it is not a regular file (a device, pipe or socket)'],
      ['/dev/null', 'it is not a regular file (a device, pipe or socket)'],
      [join(dir, 'link.json'), 'it is a symbolic link'],
      [join(dir, 'somefolder'), 'it is a folder; name the file to write'],
      [join(dir, 'somefolder') + '/', 'it ends with "/", so it names a folder'],
      ['', 'an empty path'],
      [join(dir, 'nodir', 'x.json'), `its folder "${join(dir, 'nodir')}": no such file or folder`],
      [join(dir, 'old.json', 'x.json'), `"${join(dir, 'old.json')}" is not a folder`],
    ];
    for (const [path, reason] of cases) expect(() => checkOut(path), path).toThrow(`cannot write "${path}": ${reason}`);
    expect(statSync(join(dir, 'fifo')).isFIFO()).toBe(true);
  });

  it('refuses an existing file that is not a bench result: the project inputs are safe', () => {
    for (const input of ['package.json', 'tsconfig.json', 'bench/main.ts', 'bench/many-core-results.json']) {
      expect(() => checkOut(input), input).toThrow(`cannot write "${input}": it exists and is not a bench result`);
    }
    expect(isBenchResult(JSON.stringify(RESULT))).toBe(true);
    for (const text of ['', 'null', '[]', '{}', '{"date":"x","engine":"0.1.0"}', '{"date":"x","engine":"0.1.0","machine":[]}', 'not json']) {
      expect(isBenchResult(text), text).toBe(false);
    }
  });

  it('writes the figures over an earlier result, leaving no temporary file', () => {
    const out = join(dir, 'r.json');
    writeResults(out, { ...RESULT, quick: false });
    writeResults(out, RESULT);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(RESULT);
    expect(readdirSync(dir)).toEqual(['r.json']);
  });

  it('checks again when writing: a path that became a folder is refused, with nothing written', () => {
    const out = join(dir, 'r.json');
    mkdirSync(out);
    expect(() => writeResults(out, RESULT)).toThrow(`cannot write "${out}": it is a folder`);
    expect(readdirSync(dir)).toEqual(['r.json']);
  });
});
