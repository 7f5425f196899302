import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers.ts';

const HAND = 'scenarios/examples/hand-check.yaml';

/** The trace's lines with each wrapped description joined back onto its event's line. */
function unwrap(stdout: string): string[] {
  return stdout.split('\n').reduce<string[]>((out, l) => (/^ {24}\S/.test(l) ? (out[out.length - 1] += ' ' + l.trimStart(), out) : (out.push(l), out)), []);
}

describe('simlapse trace', () => {
  it('the hand-check card stops on 17 January and resumes on 1 February', () => {
    const r = cli('trace', HAND, '--card', '0');
    expect(r.status).toBe(0);
    // Every line within 80 columns; a long description continues under itself (24 spaces in).
    expect(r.stdout.split('\n').every((l) => l.length <= 80)).toBe(true);
    const lines = unwrap(r.stdout);
    expect(lines[0]).toBe('card 0: cohort sensor, plan basic, profile sensor');
    expect(lines[1]).toBe('arm 0 "baseline", replication 0, seed 1');
    expect(lines).toContain('2026-01-17  stop        overQuota: cycle usage reached the 100 MB allowance (auto-stop)');
    expect(lines).toContain('2026-02-01  resume      overQuota: new billing cycle');
    expect(lines.filter((l) => /^\d{4}-\d\d-\d\d {2}\S/.test(l)).map((l) => l.split(/ +/, 2).join(' '))).toEqual([
      '2026-01-17 stop',
      '2026-02-01 resume',
      '2026-02-17 stop',
    ]);
  });

  it('every money event shows its amount and the currency (CNY by default), every stop its reason', () => {
    const runs = [
      cli('trace', 'scenarios/examples/renewal-cadence.yaml', '--card', '1'),
      cli('trace', 'scenarios/examples/alerts.yaml', '--card', '0', '--arm', 'alert at 70 %'),
      cli('trace', 'scenarios/examples/summer-suspension.yaml', '--card', '3'),
    ];
    const lines = runs.flatMap((r) => {
      expect(r.status).toBe(0);
      return unwrap(r.stdout).filter((l) => /^\d{4}-\d\d-\d\d {2}\S/.test(l));
    });
    const of = (kind: string) => lines.filter((l) => l.split(/ +/)[1] === kind).map((l) => l.slice(24));
    const amount = '\\d+(\\.\\d\\d)? CNY';
    expect(of('invoice').length).toBeGreaterThan(0);
    for (const l of of('invoice')) expect(l).toMatch(new RegExp(`^invoice of ${amount} issued; due in \\d+ days`));
    for (const l of of('payment')) expect(l).toMatch(new RegExp(`^balance of ${amount} paid`));
    for (const l of of('renewal')) expect(l).toMatch(new RegExp(`term (bought )?for ${amount}`));
    for (const l of of('retention')) expect(l).toMatch(new RegExp(`^number-retention fee ${amount}$`));
    for (const l of of('addon')) expect(l).toMatch(new RegExp(`MB for ${amount};`));
    for (const kind of ['payment', 'renewal', 'retention', 'addon']) expect(of(kind).length, kind).toBeGreaterThan(0);
    expect(of('stop').length).toBeGreaterThan(0);
    for (const l of of('stop')) expect(l).toMatch(/^(overQuota|arrears|expired|manual): \w/);
    // No amount anywhere without its currency.
    for (const l of lines) expect(l).not.toMatch(/(fee|for|of) \d+(\.\d+)?(;|$| issued| paid)/);
  });

  it('an arm by name or by index gives the same timeline', () => {
    const byName = cli('trace', 'test/fixtures/cli/formula-arm.yaml', '--card', '1', '--arm', '=1+2');
    const byIndex = cli('trace', 'test/fixtures/cli/formula-arm.yaml', '--card', '1', '--arm', '1');
    expect(byName.status).toBe(0);
    expect(byName.stdout).toBe(byIndex.stdout);
    expect(byName.stdout).toContain('arm 1 "=1+2", replication 0');
    expect(byName.stdout).not.toContain('stop ');
  });

  it('a card out of range names the valid range', () => {
    const r = cli('trace', HAND, '--card', '1');
    expect(r.status).toBe(2);
    expect(r.stderr).toBe('simlapse: --card 1 is out of range: cards are numbered 0 to 0\n');
  });

  it('a bad --card value, an unknown arm and a replication out of range are usage errors', () => {
    expect(cli('trace', HAND, '--card', '-1')).toMatchObject({
      status: 2,
      stderr: "simlapse: option '--card <k>' argument '-1' is invalid. Expected an integer ≥ 0.\n",
    });
    // Whole and ≥ 0, but past what a number holds exactly: said so, not just "≥ 0".
    expect(cli('trace', HAND, '--card', '99999999999999999999')).toMatchObject({
      status: 2,
      stderr: "simlapse: option '--card <k>' argument '99999999999999999999' is invalid. Expected an integer ≥ 0, at most 9,007,199,254,740,991: 99999999999999999999 is larger.\n",
    });
    expect(cli('trace', HAND, '--card', '0', '--arm', 'nope')).toMatchObject({
      status: 2,
      stderr: 'simlapse: --arm "nope" is not an arm of the scenario; arms are: 0 "baseline"\n',
    });
    expect(cli('trace', HAND, '--card', '0', '--replication', '1')).toMatchObject({
      status: 2,
      stderr: "simlapse: --replication 1 is out of range: replications are numbered 0 to 0 (the scenario's 1; --replications N traces a run of N, as run's --replications)\n",
    });
    expect(cli('trace', HAND, '--card', '0', '--replications', '3', '--replication', '3')).toMatchObject({
      status: 2,
      stderr: 'simlapse: --replication 3 is out of range: replications are numbered 0 to 2\n',
    });
  });

  it("--replications N reaches a replication past the scenario's count, as run --replications N ran it: the same timeline as the scenario with N written in", () => {
    const dir = tempDir(), file = join(dir, 'more.yaml'), text = readFileSync('scenarios/examples/auto-stop.yaml', 'utf8');
    expect(text).toMatch(/^replications: 10$/m);
    writeFileSync(file, text.replace(/^replications: 10$/m, 'replications: 40'));
    const viaOption = cli('trace', 'scenarios/examples/auto-stop.yaml', '--card', '17', '--replications', '40', '--replication', '37');
    const viaFile = cli('trace', file, '--card', '17', '--replication', '37');
    expect(viaOption.status).toBe(0);
    expect(viaOption.stdout).toContain('replication 37');
    expect(viaOption.stdout).toBe(viaFile.stdout);
    // Another replication's timeline differs (the option picks the replication, it does not ignore it).
    expect(cli('trace', 'scenarios/examples/auto-stop.yaml', '--card', '17', '--replications', '40', '--replication', '36').stdout).not.toBe(viaOption.stdout);
  });

  it('--card is required', () => {
    const r = cli('trace', HAND);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("simlapse: required option '--card <k>' not specified\n");
  });
});

describe('simlapse trace: the card\'s pool', () => {
  it('names its members, not the cohort\'s pool size: 2,030 cards in pools of 100 end in a pool of 30', () => {
    const file = join(tempDir(), 'pools.yaml');
    writeFileSync(file, readFileSync('scenarios/examples/pools.yaml', 'utf8').replace('count: 2000, plan: camera, profile: cameras, pool: 100', 'count: 2030, plan: camera, profile: cameras, pool: 100'));
    const head = (card: number) => cli('trace', file, '--arm', 'pooled', '--card', String(card)).stdout.split('\n')[0];
    expect(head(5)).toBe('card 5: cohort cameras, plan camera, profile cameras, pool of 100 cards');
    expect(head(2025)).toBe('card 2025: cohort cameras, plan camera, profile cameras, pool of 30 cards');
  });
});
