import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, hasStack } from './helpers.ts';

const BAD = 'test/fixtures/bad';

/** Each bad fixture and the exact message `simlapse validate` and `simlapse run` print for it. */
const CASES: [string, string][] = [
  ['missing-field.yaml', `${BAD}/missing-field.yaml:6:3: plans.basic.quotaMB: missing required field; expected a number 0..1000000000`],
  ['wrong-type.yaml', `${BAD}/wrong-type.yaml:4:9: months: expected an integer 1..600, got "twelve"`],
  ['unknown-plan.yaml', `${BAD}/unknown-plan.yaml:12:11: cohorts[0].plan: unknown plan "basik"; plans are: basic`],
  ['negative-quota.yaml', `${BAD}/negative-quota.yaml:7:14: plans.basic.quotaMB: expected a number 0..1000000000, got -5`],
  ['bad-date.yaml', `${BAD}/bad-date.yaml:3:8: start: expected a real date YYYY-MM-DD, got "2026-13-01"`],
  ['syntax-error.yaml', `${BAD}/syntax-error.yaml:7:1: yaml: Flow map in block collection must be sufficiently indented and end with a }`],
  [
    'empty.yaml',
    `${BAD}/empty.yaml:1:1: scenario: expected a scenario (a mapping with name, start, months, plans, profiles, cohorts), got an empty file`,
  ],
  ['unknown-key.yaml', `${BAD}/unknown-key.yaml:7:5: plans.basic.qutoaMB: unknown key (did you mean quotaMB?)`],
];

describe('simlapse validate', () => {
  it('prints a one-line summary of a good scenario', () => {
    const r = cli('validate', 'scenarios/examples/auto-stop.yaml');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(
      /^ok: scenarios\/examples\/auto-stop\.yaml: Auto-stop on vs off — 2 arms, 2000 cards, 12 months, 10 replications, hash [0-9a-f]{12}\n$/,
    );
    expect(r.stderr).toBe('');
  });

  it('a name of 100,000 characters is cut in the summary, its length said, not printed whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simlapse-validate-'));
    const file = join(dir, 'long.yaml');
    writeFileSync(file, readFileSync('scenarios/examples/hand-check.yaml', 'utf8').replace(/^name: .*$/m, `name: ${'x'.repeat(100_000)}`));
    const r = cli('validate', file);
    rmSync(dir, { recursive: true, force: true });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ok: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: x{60}… \\(100,000 characters\\) — 1 arm, `));
    expect(r.stdout.length).toBeLessThan(400);
  });

  for (const [file, message] of CASES) {
    it(`${file}: exit 1 with the loader's message and no stack`, () => {
      const r = cli('validate', `${BAD}/${file}`);
      expect(r.status).toBe(1);
      expect(r.stderr).toBe(message + '\n');
      expect(hasStack(r.stderr)).toBe(false);
      expect(r.stdout).toBe('');
    });
  }

  it('a file with 120 problems prints the first 50, then "… and 70 more problems (120 in all)"; --all-problems prints them all; exit 1 both ways', () => {
    const dir = mkdtempSync(join(tmpdir(), 'simlapse-validate-'));
    const file = join(dir, 'keys.yaml');
    writeFileSync(file, readFileSync('scenarios/examples/hand-check.yaml', 'utf8') + Array.from({ length: 120 }, (_, k) => `zz${k}: 1\n`).join(''));
    const r = cli('validate', file);
    const all = cli('validate', file, '--all-problems');
    rmSync(dir, { recursive: true, force: true });
    const lines = r.stderr.trimEnd().split('\n');
    expect([r.status, lines.length]).toEqual([1, 51]);
    expect(lines[0]).toMatch(/keys\.yaml:\d+:1: zz0: unknown key; /);
    expect(lines[49]).toMatch(/keys\.yaml:\d+:1: zz49: unknown key; /);
    expect(lines[50]).toBe('… and 70 more problems (120 in all)');
    const every = all.stderr.trimEnd().split('\n');
    expect([all.status, every.length, all.stdout]).toEqual([1, 120, '']);
    expect(every.slice(0, 50)).toEqual(lines.slice(0, 50));
    expect(every[119]).toMatch(/: zz119: unknown key; /);
  });

  it('--all-problems is in validate --help', () => {
    expect(cli('validate', '--help').stdout).toMatch(/--all-problems +print every problem of a bad scenario/);
  });

  it('lists every problem of a file with many', () => {
    const r = cli('validate', `${BAD}/many-problems.yaml`);
    expect(r.status).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(9);
  });

  it('run refuses a bad scenario the same way, writing nothing', () => {
    const r = cli('run', `${BAD}/negative-quota.yaml`);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(CASES[3][1] + '\n');
    expect(r.stdout).toBe('');
  });

  it('a missing file: a clean message, exit 1', () => {
    for (const command of ['validate', 'run']) {
      const r = cli(command, 'x.yaml');
      expect(r.status).toBe(1);
      expect(r.stderr).toBe('simlapse: cannot read scenario "x.yaml": no such file\n');
    }
  });

  it('a folder instead of a file', () => {
    const r = cli('validate', 'scenarios');
    expect(r.status).toBe(1);
    expect(r.stderr).toBe('simlapse: cannot read scenario "scenarios": is a directory\n');
  });
});
