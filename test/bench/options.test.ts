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
    // Held to the CLI's bound: a million threads would start before anything said no.
    expect(parseWorkerList('256')).toEqual([256]);
    expect(() => parseWorkerList('1,257')).toThrow('expected a comma-separated list of whole numbers 1..256 such as 1,2,4, got "257"');
    expect(() => parseWorkerList('9007199254740993')).toThrow('got "9007199254740993"');
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
    // The A/B holds its sizes to the bench's bounds, before loading either engine.
    const abRun = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'bench/ab.ts', '--base', '.', ...args], { encoding: 'utf8' });
    const cards = abRun('--cards', '9007199254740991');
    expect([cards.status, cards.stderr]).toEqual([2, 'bench: invalid --cards "9007199254740991": expected a whole number of cards 1..100,000,000\n']);
    expect(abRun('--rounds', '1001').stderr).toBe('bench: invalid --rounds "1001": expected a whole number of rounds 1..1,000\n');
    expect(abRun('--months', '601').stderr).toBe('bench: invalid --months "601": expected a whole number of months 1..600\n');
  });
});
