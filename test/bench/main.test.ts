import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// One process (node with tsx's loader, not the tsx command, which runs node as a child), so the timeout kills the bench itself.
const TSX = pathToFileURL(resolve('node_modules/tsx/dist/loader.mjs')).href, MAIN = resolve('bench/main.ts');
/** The bench in `cwd`, on the tiniest scaling run: 1,000 cards × 1 month on 1 worker (killed after 30 s: a refused size must not run). */
const bench = (cwd: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', TSX, MAIN, '--scaling', '--cards', '1000', '--months', '1', '--workers', '1', ...args], { cwd, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL' });
let dir = '';
beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'bench-main-')); });
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench: options and --out checked before anything runs', () => {
  it('refuses a pipe as --out, leaving it a pipe', () => {
    execFileSync('mkfifo', [join(dir, 'fifo')]);
    const r = bench(dir, '--out', 'fifo');
    expect([r.status, r.stdout, r.stderr]).toEqual([2, '', 'bench: cannot write "fifo": it is not a regular file (a device, pipe or socket); name a file to write\n']);
    expect(statSync(join(dir, 'fifo')).isFIFO()).toBe(true);
  });

  it('a missing folder, a folder or an empty --out: one line, exit 2, nothing run, no stack and no .tmp left', () => {
    mkdirSync(join(dir, 'somefolder'));
    for (const [out, reason] of [
      ['nodir/x.json', 'its folder "nodir": no such file or folder (the bench makes no folders)'],
      ['somefolder', 'it is a folder; name the file to write (e.g. somefolder/results.json)'],
      ['', 'an empty path; name the file to write (e.g. bench/results.json)'],
    ]) {
      const r = bench(dir, '--out', out);
      expect([r.status, r.stdout, r.stderr], out).toEqual([2, '', `bench: cannot write "${out}": ${reason}\n`]);
    }
    expect(readdirSync(dir)).toEqual(['somefolder']);
    expect(readdirSync(join(dir, 'somefolder'))).toEqual([]);
  });

  it('an explicit --out bench/results.json is where --scaling writes, not its own bench/scaling-results.json', () => {
    mkdirSync(join(dir, 'bench'));
    copyFileSync('bench/results.json', join(dir, 'bench/results.json'));
    const r = bench(dir, '--out', 'bench/results.json');
    expect(r.stderr).toBe('');
    expect([r.status, r.stdout.trim().split('\n').at(-1)]).toEqual([0, 'wrote bench/results.json']);
    expect(readdirSync(join(dir, 'bench'))).toEqual(['results.json']);
    const written = JSON.parse(readFileSync(join(dir, 'bench/results.json'), 'utf8'));
    expect(written.scaling.map((row: { cards: number; months: number }) => [row.cards, row.months])).toEqual([[1000, 1]]);
    // absent, the mode's own file
    expect(bench(dir).status).toBe(0);
    expect(existsSync(join(dir, 'bench/scaling-results.json'))).toBe(true);
  });

  it('refuses a huge --cards, a negative --months and an option of another mode with the expected form, exit 2 (the rest: plan.test.ts)', () => {
    const cases: [string[], string][] = [
      [['--cards', '3000000000'], 'bench: invalid --cards "3000000000": expected a whole number of cards 1..100,000,000\n'],
      [['--months', '-1'], 'bench: invalid --months "-1": expected a whole number of months 1..600\n'],
      [['--redis', 'foo'], 'bench: --redis is for --queue only; this run is --scaling\n'],
    ];
    for (const [args, message] of cases) {
      const r = bench(dir, ...args, '--out', 'x.json');
      expect([r.status, r.stdout, r.stderr], args.join(' ')).toEqual([2, '', message]);
    }
    expect(readdirSync(dir)).toEqual([]);
  });
});
