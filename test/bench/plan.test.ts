import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { benchPlan, DEFAULT_OUT, MAX_CARDS } from '../../bench/plan.ts';
import { joinNegatives, parsePositive } from '../../bench/options.ts';

describe('bench plan: the command line checked before anything runs', () => {
  it('an explicit --out is kept in every mode, even when it names bench/results.json; absent, each mode has its own file', () => {
    for (const mode of ['queue', 'scaling', 'warm'] as const) {
      expect(benchPlan({ [mode]: true, out: 'bench/results.json' }).out, mode).toBe('bench/results.json');
      expect(benchPlan({ [mode]: true }).out, mode).toBe(`bench/${mode}-results.json`);
    }
    expect(benchPlan({}).out).toBe('bench/results.json');
    expect(benchPlan({ out: '/tmp/x.json' }).out).toBe('/tmp/x.json');
    expect(DEFAULT_OUT).toEqual({
      full: 'bench/results.json', queue: 'bench/queue-results.json', scaling: 'bench/scaling-results.json',
      warm: 'bench/warm-results.json', peers: 'bench/peers-results.json',
    });
  });

  it('--cards is bounded at 100,000,000 and says so; --peer-cards likewise', () => {
    expect(benchPlan({ cards: '100000000' }).cards).toBe(100_000_000);
    for (const bad of ['100000001', '3000000000', '9007199254740991', '0', 'x', '']) {
      expect(() => benchPlan({ scaling: true, cards: bad }), bad).toThrow(`invalid --cards "${bad}": expected a whole number of cards 1..100,000,000`);
    }
    expect(() => parsePositive('3000000000', 100000, '--peer-cards', MAX_CARDS)).toThrow('invalid --peer-cards "3000000000": expected a whole number of cards 1..100,000,000');
  });

  it('--months is 1..600 (the engine horizon), --runs 1..1,000; a negative value reaches its parser', () => {
    expect(benchPlan({ months: '600', runs: '1000' })).toMatchObject({ months: 600, runs: 1000 });
    expect(() => benchPlan({ months: '601' })).toThrow('invalid --months "601": expected a whole number of months 1..600');
    expect(() => benchPlan({ runs: '1001' })).toThrow('invalid --runs "1001": expected a whole number of runs 1..1,000');
    const options = { months: { type: 'string' as const }, quick: { type: 'boolean' as const } };
    expect(joinNegatives(['--months', '-1', '--quick'], options)).toEqual(['--months=-1', '--quick']);
    // only a string option's value is joined; a real option after it, or operands after --, are left alone
    expect(joinNegatives(['--quick', '-1', '--months', '--quick', '--', '--months', '-2'], options)).toEqual(['--quick', '-1', '--months', '--quick', '--', '--months', '-2']);
    expect(() => benchPlan({ months: '-1' })).toThrow('invalid --months "-1": expected a whole number of months 1..600');
  });

  it('a bounded count is accepted exactly when it is a whole number in 1..max', () => {
    fc.assert(fc.property(fc.integer({ min: -10, max: 2 * MAX_CARDS.max }), (n) => {
      const ok = n >= 1 && n <= MAX_CARDS.max;
      if (ok) expect(parsePositive(String(n), 7, '--cards', MAX_CARDS)).toBe(n);
      else expect(() => parsePositive(String(n), 7, '--cards', MAX_CARDS)).toThrow('expected a whole number of cards 1..100,000,000');
    }));
  });

  it('an empty --workers is refused, not taken as the default', () => {
    expect(() => benchPlan({ workers: '' })).toThrow('invalid --workers ""');
    expect(benchPlan({}).workers).toBeUndefined();
    expect(benchPlan({ workers: '1,2' }).workers).toEqual([1, 2]);
  });

  it('an option another mode reads is refused, naming the mode it needs; so are two modes at once', () => {
    expect(() => benchPlan({ rounds: '0' })).toThrow('--rounds is for --peers only; this run is the full bench (no mode option)');
    expect(() => benchPlan({ scaling: true, 'peer-cards': 'x' })).toThrow('--peer-cards is for --peers only; this run is --scaling');
    expect(() => benchPlan({ 'peers-dir': 'x' })).toThrow('--peers-dir is for --peers only');
    expect(() => benchPlan({ redis: 'foo' })).toThrow('--redis is for --queue only; this run is the full bench');
    expect(() => benchPlan({ warm: true, large: true })).toThrow('--large is for the full bench (no mode option) or --scaling only; this run is --warm');
    expect(() => benchPlan({ scaling: true, quick: true })).toThrow('--quick is for the full bench (no mode option), --queue or --warm only; this run is --scaling');
    expect(() => benchPlan({ scaling: true, runs: '3' })).toThrow('--runs is for');
    expect(() => benchPlan({ queue: true, workers: '2' })).toThrow('--workers is for');
    expect(() => benchPlan({ peers: true, cards: '1000' })).toThrow('--cards is for');
    expect(() => benchPlan({ scaling: true, queue: true })).toThrow('--queue and --scaling: choose one mode per run');
    // what each mode reads is accepted (false booleans count as absent)
    expect(benchPlan({ scaling: true, large: true, cards: '1000', months: '1', workers: '1', quick: false }).mode).toBe('scaling');
    expect(benchPlan({ warm: true, quick: true, cards: '1000', months: '1', runs: '2', workers: '4' }).mode).toBe('warm');
  });

  it('--redis with --queue must be a redis URL', () => {
    expect(benchPlan({ queue: true, redis: 'redis://127.0.0.1:6379' }).redis).toBe('redis://127.0.0.1:6379');
    for (const bad of ['foo', '', 'http://x']) expect(() => benchPlan({ queue: true, redis: bad }), bad).toThrow(`invalid --redis "${bad}": expected a URL such as redis://127.0.0.1:6379`);
  });

  it('--peers reads --peer-cards and --rounds within their bounds, and a --peers-dir holding the peers', () => {
    expect(() => benchPlan({ peers: true, 'peers-dir': 'test' })).toThrow('no reference-100k.yaml');
    const dir = mkdtempSync(join(tmpdir(), 'bench-peers-'));
    writeFileSync(join(dir, 'reference-100k.yaml'), '');
    try {
      expect(benchPlan({ peers: true, 'peers-dir': dir, out: join(dir, 'p.json') })).toMatchObject({ mode: 'peers', out: join(dir, 'p.json'), peers: { dir, cards: 100000, rounds: 5 } });
      expect(() => benchPlan({ peers: true, 'peers-dir': dir, rounds: '0' })).toThrow('invalid --rounds "0": expected a whole number of rounds 1..1,000');
      expect(() => benchPlan({ peers: true, 'peers-dir': dir, 'peer-cards': '100000001' })).toThrow('invalid --peer-cards "100000001": expected a whole number of cards 1..100,000,000');
      // --workers with --peers prints a note (kept on purpose), but its value is still checked
      expect(() => benchPlan({ peers: true, 'peers-dir': dir, workers: '0' })).toThrow('invalid --workers "0"');
    } finally {
      rmSync(dir, { recursive: true });
    }
  });
});
