import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERIES, isLarge, runSize } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { bin, cli, hasStack, startCli, tempDir } from './helpers.ts';
import { JOINT_RANGES } from '../experiments/hand.ts';
import { seedOption } from '../../cli/options.ts';
import fc from 'fast-check';
import { parse as parseYaml } from 'yaml';

const HAND = 'scenarios/examples/hand-check.yaml';

describe('simlapse run', () => {
  it('prints the tables and writes report.json and monthly.csv into --out', () => {
    const dir = join(tempDir(), 'new', 'folder');
    const r = cli('run', HAND, '--out', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Hand check\n');
    expect(r.stdout).toMatch(/^ {2}over quota +25\.67$/m);
    expect(r.stdout).toMatch(/^Availability \(%\) +56\.50$/m);
    expect(r.stdout).toMatch(/^Stops\n {2}over quota +2$/m);
    expect(r.stdout).not.toContain('Paired difference');
    expect(readdirSync(dir).sort()).toEqual(['monthly.csv', 'replications.csv', 'report.json']);
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(report.format).toBe('simlapse-report');
    expect(report.arms[0].metrics['downtime.cardDays'].mean).toBeCloseTo(25.667, 3);
    const csv = readFileSync(join(dir, 'monthly.csv'), 'utf8').trimEnd().split('\n');
    expect(csv[0].split(',').slice(0, 2)).toEqual(['arm', 'month']);
    expect(csv.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(['baseline,2026-01-01', 'baseline,2026-02-01']);
    expect(csv[1].split(',')[3 * SERIES.indexOf('downtime.cardDays') + 2]).toBe('14.33333333');
  });

  it('writes nothing without --out (run from another folder through cli/bin.mjs)', () => {
    const dir = tempDir();
    const r = bin(dir, 'run', resolve(HAND));
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Hand check\n');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('the same scenario and seed give byte-identical report.json', () => {
    const a = tempDir(), b = tempDir();
    expect(cli('run', 'scenarios/examples/auto-stop.yaml', '--replications', '3', '--seed', '9', '--out', a).status).toBe(0);
    expect(cli('run', 'scenarios/examples/auto-stop.yaml', '--replications', '3', '--seed', '9', '--out', b).status).toBe(0);
    const ra = readFileSync(join(a, 'report.json')), rb = readFileSync(join(b, 'report.json'));
    expect(ra.equals(rb)).toBe(true);
    expect(readFileSync(join(a, 'monthly.csv')).equals(readFileSync(join(b, 'monthly.csv')))).toBe(true);
    const report = JSON.parse(ra.toString());
    expect(report.scenario.seed).toBe('9');
    expect(report.scenario.replications).toBe(3);
  });

  it('report.json is byte-identical for 0 (in-thread), 1, 2, 3 and 8 workers', () => {
    const reports = ['0', '1', '2', '3', '8'].map((workers) => {
      const dir = tempDir();
      expect(cli('run', 'scenarios/examples/renewal-cadence.yaml', '--replications', '4', '--workers', workers, '--out', dir).status).toBe(0);
      return readFileSync(join(dir, 'report.json'));
    });
    for (const r of reports.slice(1)) expect(r.equals(reports[0])).toBe(true);
  });

  it('--json prints the report JSON, equal to the file written', () => {
    const dir = tempDir();
    const r = cli('run', 'test/fixtures/cli/formula-arm.yaml', '--json', '--out', dir);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(dir, 'report.json'), 'utf8'));
    expect(JSON.parse(r.stdout).arms.map((a: { name: string }) => a.name)).toEqual(['auto-stop on', '=1+2']);
  });

  it('shows the paired difference for arms after the first', () => {
    const r = cli('run', 'test/fixtures/cli/formula-arm.yaml');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Paired difference from the baseline "auto-stop on"');
    expect(r.stdout).toMatch(/^downtime \(card-days\) +-51\.33$/m);
    expect(r.stdout).toMatch(/^availability \(percentage points\) +\+43\.50$/m);
  });

  it('escapes cells a spreadsheet would read as formulas in monthly.csv', () => {
    const dir = tempDir();
    expect(cli('run', 'test/fixtures/cli/formula-arm.yaml', '--out', dir).status).toBe(0);
    const rows = readFileSync(join(dir, 'monthly.csv'), 'utf8').trimEnd().split('\n');
    expect(rows.map((l) => l.split(',')[0])).toEqual(['arm', 'auto-stop on', 'auto-stop on', "'=1+2", "'=1+2"]);
  });

  it('--replications 0 is a usage error naming the option, value and expectation', () => {
    const r = cli('run', HAND, '--replications', '0');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("simlapse: option '--replications <n>' argument '0' is invalid. Expected an integer from 1 to 10000.\n");
    expect(r.stdout).toBe('');
  });

  it('--seed reads a number as the scenario file does: --seed 007 and +7 draw as seed: 007 in the file (the seed "7"); other text is kept', () => {
    expect(['7', '007', '+7', '-0', '0', '12', ' 7', '7a', '0x1F', '0o17', '1e3', '7.0', '7.', 'x7', '0x', '1_000', '.5e1'].map(seedOption)).toEqual(['7', '7', '7', '0', '0', '12', '7', '7a', '31', '15', '1000', '7', '7', 'x7', '0x', '1_000', '5']);
    // A number that is not an integer is refused, as the file refuses it.
    for (const v of ['7.5', '99999999999999999999', '.inf', '-.Inf', '.nan', '1e400']) expect(() => seedOption(v), v).toThrow(/not an integer/);
    // Text YAML would read as another type is the seed as written, as a quoted seed: "…" in the file is.
    expect(['true', 'null', '~', '[7]', '{a: 1}', '7 # x'].map(seedOption)).toEqual(['true', 'null', '~', '[7]', '{a: 1}', '7 # x']);
    // The oracle: the YAML library the scenario loader reads with (core schema), on number-like texts.
    fc.assert(fc.property(fc.stringMatching(/^[-+]?(0x[0-9a-f]{1,6}|0o[0-7]{1,6}|[0-9]{0,5}(\.[0-9]{0,3})?([eE][-+]?[0-9]{1,2})?)$/), (t) => {
      const read: unknown = parseYaml(t, { schema: 'core' });
      if (typeof read !== 'number') expect(seedOption(t === '' ? 'x' : t)).toBe(t === '' ? 'x' : t);
      else if (Number.isSafeInteger(read)) expect(seedOption(t)).toBe(String(read));
      else expect(() => seedOption(t)).toThrow();
    }), { numRuns: 2000 });
    const dir = tempDir(), file = join(dir, 'seed-007.yaml');
    writeFileSync(file, readFileSync(HAND, 'utf8').replace(/^seed: .*$/m, 'seed: 007'));
    const fromFile = JSON.parse(cli('run', file, '--workers', '0', '--json').stdout);
    const fromFlag = JSON.parse(cli('run', HAND, '--workers', '0', '--json', '--seed', '007').stdout);
    expect(fromFile.scenario.seed).toBe('7');
    expect(fromFlag.scenario.seed).toBe('7');
    expect(fromFlag.arms).toEqual(fromFile.arms);
  });

  it('one replication: the header names the interval\'s batches (64 × 2^k cards on their own grid), not the blocks', () => {
    const r = cli('run', 'scenarios/examples/alerts.yaml', '--replications', '1', '--workers', '0');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('[95 % interval from batch means over 32 batches of the 2,000 cards (one replication)]');
  });

  it('--seed must not be empty', () => {
    const r = cli('run', HAND, '--seed', '');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("'--seed <seed>' argument '' is invalid");
  });

  it('--out pointing at a file is refused before running', () => {
    const r = cli('run', HAND, '--out', 'package.json');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('simlapse: cannot write to --out "package.json": not a directory\n');
  });

  it('Ctrl-C during a run exits 130 and leaves no output files', async () => {
    const dir = join(tempDir(), 'out');
    const run = startCli('run', 'test/fixtures/cli/long.yaml', '--out', dir);
    // The handler is in place from the start: no need to wait for the run to be under way.
    await run.stderrMatches(/running "Long run"/);
    run.child.kill('SIGINT');
    const r = await run.done;
    expect(r.status).toBe(130);
    expect(r.stderr).toContain('simlapse: interrupted; no output written\n');
    expect(hasStack(r.stderr)).toBe(false);
    expect(r.stdout).toBe('');
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});

describe('large runs', () => {
  it('a run past 10^11 card-days is refused before planning, with its size, time and memory, naming --allow-large', () => {
    const dir = tempDir();
    const file = join(dir, 'big.yaml');
    writeFileSync(file, readFileSync('scenarios/examples/auto-stop.yaml', 'utf8').replace('count: 2000', 'count: 2000000000'));
    const r = cli('run', file, '--workers', '2');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'simlapse: this run is large: 1.5 × 10^13 card-days (cards × days × replications × arms) in 2,441,420 jobs, past the 1.0 × 10^11 card-days or 1,000,000 jobs a run takes without asking. ' +
        'At about 50 M card-days/s per core it would take about 40.6 h on 2 workers, and hold about 373 MiB for its plan and results besides the workers. ' +
        'Run it with --allow-large, or make it smaller (fewer cards, months, replications or arms; a larger blockSize for fewer jobs).\n',
    );
    expect(cli('validate', file).status).toBe(0);
  });

  it('--morris r counts its r × (parameters + 1) runs: a run under the limit without it is refused with it, naming the runs', () => {
    const dir = tempDir();
    const file = join(dir, 'morris.yaml');
    // 15,000 cards × 365 days × 10 replications × 3 arms = 1.6 × 10^8 card-days a run; 3 parameters.
    writeFileSync(file, readFileSync('scenarios/examples/choose-policy.yaml', 'utf8').replace('count: 1500', 'count: 15000'));
    const s = loadScenarioFile(file);
    const one = 15000 * 365 * 10 * 3;
    expect(runSize(s).cardDays).toBe(one * 7);
    expect(isLarge(runSize(s))).toBe(false);
    expect(runSize(s, undefined, { morris: 200 }).runs).toBe(1 + 6 + 200 * 4);
    const r = cli('run', file, '--morris', '200', '--workers', '1');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`simlapse: this run is large: ${(one * 807 / 1e11).toFixed(1)} × 10^11 card-days (cards × days × replications × arms × 807 runs: 1 main, 6 sensitivity, 800 Morris)`);
    expect(r.stderr).toContain('Run it with --allow-large');
    expect(hasStack(r.stderr)).toBe(false);
    // --sobol n adds n × (parameters + 2)
    expect(runSize(s, undefined, { sobol: 200 }).runs).toBe(1 + 6 + 200 * 5);
    const so = cli('run', file, '--sobol', '200', '--morris', '2', '--workers', '1');
    expect(so.status).toBe(1);
    expect(so.stderr).toContain(`× 1015 runs: 1 main, 6 sensitivity, 8 Morris, 1000 Sobol)`);
  });

  it('a sensitivity range that makes a run large counts: each sensitivity run is sized with its own arms, and the designs at their largest corner', () => {
    const dir = tempDir();
    const file = join(dir, 'wide.yaml');
    // The main run has 100 cards; the high end of the count's range has 2 × 10^9.
    writeFileSync(file, JOINT_RANGES.replace('low: 50, high: 150', 'low: 50, high: 2000000000'));
    const s = loadScenarioFile(file);
    const days = 31 + 28, per = (cards: number) => cards * days * 2 * 2; // × 2 replications × 2 arms
    const oneAtATime = per(100) + per(50) + per(2e9) + 2 * per(100);
    expect(runSize(s).cardDays).toBe(oneAtATime);
    expect(isLarge(runSize(s))).toBe(true);
    // Each Morris run is counted at count = 2 × 10^9, the larger end: 3 runs per base point.
    expect(runSize(s, undefined, { morris: 2 }).cardDays).toBe(oneAtATime + 6 * per(2e9));
    expect(runSize(s).jobs).toBe(Math.ceil(2e9 / 16384) * 2 * 2);
    const r = cli('run', file, '--workers', '1', '--progress-interval', '0');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('simlapse: this run is large: 4.7 × 10^11 card-days (cards × days × replications × arms × 5 runs: 1 main, 4 sensitivity) in 5 runs of up to 488,284 jobs each, past the');
    expect(r.stderr).toContain("for the largest run's plan and results");
    expect(hasStack(r.stderr)).toBe(false);
  });

  it('the size is checked before the Morris and Sobol design points are built (which takes seconds for large designs): a large run is refused as large first', () => {
    const dir = tempDir();
    const file = join(dir, 'joint-large.yaml');
    // 100 cards in blocks of 1 × 10,000 replications × 2 arms: 2 × 10^6 jobs; and some design point is invalid.
    writeFileSync(file, JOINT_RANGES.replace('replications: 2', 'replications: 2\nblockSize: 1'));
    const r = cli('run', file, '--workers', '1', '--progress-interval', '0', '--replications', '10000', '--morris', '4');
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/^simlapse: this run is large: .* in 17 runs of up to 3,000,000 jobs each/);
    expect(r.stderr).not.toContain('design point');
    const allowed = cli('run', file, '--workers', '1', '--progress-interval', '0', '--replications', '10000', '--morris', '4', '--allow-large');
    expect(allowed.status).toBe(1);
    expect(allowed.stderr).toContain('sensitivity: the design point');
  });

  it('runSize counts card-days, jobs and bytes from the configuration', () => {
    const s = { ...loadScenarioFile('scenarios/examples/auto-stop.yaml'), replications: 3, blockSize: 500 };
    const size = runSize(s);
    expect(size.cardDays).toBe(2 * 2000 * 365 * 3);
    expect(size.jobs).toBe(2 * 4 * 3);
    expect(isLarge(size)).toBe(false);
    expect(isLarge({ ...size, jobs: 1_000_001 })).toBe(true);
  });
});
