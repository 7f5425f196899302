import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parsePeersDir, parsePositive, parseWorkerList } from '../../bench/options.ts';

describe('bench options', () => {
  it('--workers takes a comma-separated list of positive integers, in order', () => {
    expect(parseWorkerList('1,2,4,8,16')).toEqual([1, 2, 4, 8, 16]);
    expect(parseWorkerList('2')).toEqual([2]);
    expect(parseWorkerList(' 4, 1 ')).toEqual([4, 1]);
  });

  it('--workers refuses zero, negatives, fractions, words, empty items and repeats, naming the item', () => {
    for (const bad of ['0', '1,0', '-1', '1.5', 'two', '1,,2', '', '1,2,']) {
      expect(() => parseWorkerList(bad), bad).toThrow(/invalid --workers/);
    }
    expect(() => parseWorkerList('1,x')).toThrow('got "x"');
    expect(() => parseWorkerList('1,2,1')).toThrow('1 appears twice');
  });

  it('--rounds and --peer-cards are positive integers, with a default when absent', () => {
    expect(parsePositive(undefined, 3, '--rounds')).toBe(3);
    expect(parsePositive('5', 3, '--rounds')).toBe(5);
    for (const bad of ['0', '-2', '2.5', 'x', '']) expect(() => parsePositive(bad, 3, '--rounds'), bad).toThrow('invalid --rounds');
  });

  it('--peers-dir must hold reference-100k.yaml', () => {
    expect(() => parsePeersDir('test')).toThrow(/no reference-100k.yaml/);
  });

  it('the bench refuses a bad --workers list before running anything (exit 2, no figures)', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'bench/main.ts', '--workers', '1,0', '--out', '/nonexistent/results.json'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('invalid --workers "1,0"');
    expect(r.stdout).toBe('');
  });

  it('--help prints the modes and options; an unknown option or a bad size is one line and exit 2, not a stack', () => {
    const bench = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'bench/main.ts', ...args, '--out', '/nonexistent/results.json'], { encoding: 'utf8' });
    const help = bench('--help');
    expect(help.status).toBe(0);
    for (const option of ['--quick', '--large', '--cards', '--peers', '--scaling', '--warm', '--queue', '--redis', '--workers', '--out']) expect(help.stdout).toContain(option);
    expect([bench('--frob').status, bench('--frob').stderr]).toEqual([2, "bench: Unknown option '--frob' (--help lists the options)\n"]);
    const size = bench('--cards', 'x', '--quick');
    expect([size.status, size.stderr, size.stdout]).toEqual([2, 'bench: invalid --cards "x": expected a whole number of cards 1..100,000,000\n', '']);
    const ab = spawnSync(process.execPath, ['--import', 'tsx', 'bench/ab.ts', '--help'], { encoding: 'utf8' });
    for (const option of ['--base', '--fleet', '--cards', '--months', '--rounds', '--peers-dir', '--plain-draws']) expect(ab.stdout).toContain(option);
  });
});
