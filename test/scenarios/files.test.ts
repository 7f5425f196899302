/**
 * What a scenario may read: regular files of UTF-8 text within size limits, never a device or
 * a pipe (which could hang or never end), and never echoed back whole.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile, MAX_SCENARIO_BYTES } from '../../scenarios/node.ts';
import { cli, tempDir } from '../cli/helpers.ts';
import { gbk } from '../../tools/gbk.ts';
import { MINIMAL, errorOf, parse } from './helpers.ts';

const messageOf = (path: string) => {
  try {
    loadScenarioFile(path);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error('expected a ScenarioError');
};

const withTrace = (file: string) => MINIMAL.replace('  meters: {}', `  meters: {kind: trace, file: ${JSON.stringify(file)}}`);

describe('scenario files', () => {
  it('text that is not UTF-8 is refused, naming the byte, its offset and line', () => {
    const dir = tempDir();
    const path = join(dir, 'gbk.yaml');
    writeFileSync(path, gbk(MINIMAL.replace('name: Minimal', 'name: 自动停机')));
    expect(messageOf(path)).toBe(`${path}: scenario: cannot read the scenario file: not UTF-8 text: byte 0xD7 at byte offset 6 (line 1) is not valid UTF-8; save the file as UTF-8`);
  });

  it('a pipe is refused at once, not read (it would wait for a writer)', () => {
    const dir = tempDir();
    const fifo = join(dir, 'fifo.yaml');
    execFileSync('mkfifo', [fifo]);
    expect(messageOf(fifo)).toBe(`${fifo}: scenario: cannot read the scenario file: not a regular file (a device, pipe or socket)`);
    const r = cli('validate', fifo);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`simlapse: cannot read scenario "${fifo}": not a regular file (a device, pipe or socket)\n`);
  });

  it('a file past the size limit is refused before it is read', () => {
    const dir = tempDir();
    const path = join(dir, 'big.yaml');
    writeFileSync(path, MINIMAL + `# ${'x'.repeat(MAX_SCENARIO_BYTES)}\n`);
    // Just past the limit: the sizes in bytes, as 4 MiB and 4 MiB would read as equal.
    const size = MINIMAL.length + 3 + MAX_SCENARIO_BYTES;
    expect(messageOf(path)).toBe(`${path}: scenario: cannot read the scenario file: the file is ${size.toLocaleString('en')} bytes; the most read is 4,194,304 bytes (4 MiB)`);
    writeFileSync(path, MINIMAL + `# ${'x'.repeat(3 * MAX_SCENARIO_BYTES)}\n`);
    expect(messageOf(path)).toBe(`${path}: scenario: cannot read the scenario file: the file is 12 MiB; the most read is 4 MiB`);
  });

  it('a file whose lines end in a bare CR (classic Mac) reads as with LF or CRLF, and its problems name the right line', () => {
    const lf = parse(MINIMAL);
    expect(parse(MINIMAL.replace(/\n/g, '\r'))).toEqual(lf);
    expect(parse(MINIMAL.replace(/\n/g, '\r\n'))).toEqual(lf);
    expect(errorOf(MINIMAL.replace('{quotaMB: 100}', '{quotaMB: -1}').replace(/\n/g, '\r'))).toBe('test.yaml:6:20: plans.basic.quotaMB: expected a number 0..1000000000, got -1');
  });

  it('a list or mapping as a key is one message, with no Node warning on stderr', () => {
    expect(errorOf(`${MINIMAL}? [a, b]\n: 1\n`)).toBe('test.yaml:11:3: yaml: a key must be a name or a number, not a list or mapping');
    const dir = tempDir();
    writeFileSync(join(dir, 'k.yaml'), `${MINIMAL}? [a, b]\n: 1\n`);
    const r = cli('validate', join(dir, 'k.yaml'));
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`${join(dir, 'k.yaml')}:11:3: yaml: a key must be a name or a number, not a list or mapping\n`);
  });

  it('__proto__ as a key or a name is refused where it is written: a plan, profile or payer so named was read as another one, or crashed the run', () => {
    const msg = (line: number, col: number) => `test.yaml:${line}:${col}: yaml: "__proto__" cannot be a key or a name (JavaScript reserves it): rename it`;
    // A plan named __proto__ with a small quota: before, validation dropped the key and the cohort ran on "basic" (100 MB).
    expect(errorOf(MINIMAL.replace('  basic: {quotaMB: 100}', '  basic: {quotaMB: 100}\n  __proto__: {quotaMB: 1}').replace('plan: basic', 'plan: __proto__'))).toBe(msg(7, 3));
    expect(errorOf(MINIMAL.replace('  meters: {}', '  __proto__: {}'))).toBe(msg(8, 3));
    expect(errorOf(`${MINIMAL}payers:\n  prompt: {}\n  __proto__: {missChance: 1}\n`)).toBe(msg(13, 3));
    expect(errorOf(`${MINIMAL}policies: {__proto__: {idleStop: true}}\n`)).toBe(msg(11, 12));
    // Quoted, it is the same key.
    expect(errorOf(MINIMAL.replace('  meters: {}', '  "__proto__": {}'))).toBe(msg(8, 3));
    // As a value it is only text (a cohort's name).
    expect(() => parse(MINIMAL.replace('{count: 10,', '{name: __proto__, count: 10,'))).not.toThrow();
  });

  it('nesting past 64 levels is one message, also where the YAML parser itself would overflow', () => {
    expect(errorOf(`${MINIMAL}arms: ${'['.repeat(100)}${']'.repeat(100)}\n`)).toBe('test.yaml:1:1: scenario: lists and mappings are nested more than 64 levels deep (a scenario needs about 6)');
    expect(errorOf(`${MINIMAL}arms: ${'['.repeat(20000)}${']'.repeat(20000)}\n`)).toMatch(/^test\.yaml:11:\d+: yaml: lists and mappings are nested more than 64 levels deep \(a scenario needs about 6\)$/);
  });
});

describe('long values are not echoed back whole', () => {
  it('a 100,000-character plan reference, sensitivity path and constraint: each message quotes 60 characters and "…", with the length', () => {
    const text = MINIMAL.replace('plan: basic', `plan: ${'p'.repeat(100_000)}`) + `sensitivity: [{path: plans.${'q'.repeat(100_000)}.quotaMB, low: 1, high: 2}]\ndecision: {constraints: ["cancelled == ${'9'.repeat(100_000)}x"]}\n`;
    const lines = errorOf(text).split('\n');
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line.length).toBeLessThan(250);
    expect(lines.join('\n')).toContain(`unknown plan "${'p'.repeat(60)}…" (100,000 characters)`);
    expect(lines.join('\n')).toContain(`no plan "${'q'.repeat(60)}…" (100,000 characters)`);
  });

  it('an unknown key of 1,000,000 characters is refused in one short line, its path cut (no suggestion is sought among keys of other lengths)', () => {
    const lines = errorOf(`${MINIMAL}rules: {"${'q'.repeat(1_000_000)}": 1}\n`).split('\n');
    expect(lines).toEqual([`test.yaml:11:9: rules["${'q'.repeat(60)}…" (1,000,000 characters)]: unknown key; expected one of: cycleAnchorDay, graceMonths, retentionFeePerMonth, retentionPerStartedMonth, newTermFrom, reactivationDelayDays, arrearsAfterDays, enforcementLagDays, feeProration, manualStopFee`]);
    expect(lines[0].length).toBeLessThan(2000);
    // A long key that is not an identifier is quoted and cut the same way.
    expect(errorOf(MINIMAL.replace('basic: {quotaMB: 100}', `basic: {quotaMB: 100, "${'r '.repeat(50_000)}": 2}`))).toBe(`test.yaml:6:25: plans.basic["${'r '.repeat(30)}…" (100,000 characters)]: unknown key; expected one of: quotaMB, monthlyFee, term, quotaPer, autoStop, overagePerMB, throttle, stopThreshold, addon`);
  });

  it('a number of 100,000 digits (months, a 0x seed) is quoted as written, cut to 60 characters with its length', () => {
    expect(errorOf(MINIMAL.replace('months: 12', `months: ${'9'.repeat(100_000)}`))).toBe(`test.yaml:4:9: months: expected an integer 1..600, got ${'9'.repeat(60)}… (100,000 characters)`);
    expect(errorOf(`${MINIMAL}seed: 0x${'f'.repeat(100_000)}\n`)).toBe(`test.yaml:11:7: seed: expected a non-empty string or an integer, got 0x${'f'.repeat(58)}… (100,002 characters)`);
  });

  it("a constraint's bound of 100,000 digits is cut where the message names it, and so is the constraint", () => {
    expect(errorOf(`${MINIMAL}decision: {constraints: ["availability >= ${'9'.repeat(100_000)}"]}\n`)).toBe(
      `test.yaml:11:26: decision.constraints[0]: the bound ${'9'.repeat(60)}… (100,000 characters) is past the largest number (about 1.8e308): expected a finite bound, got "availability >= ${'9'.repeat(44)}…" (100,016 characters)`,
    );
    expect(errorOf(`${MINIMAL}decision: {constraints: ["availability >= 2.${'0'.repeat(100_000)}"]}\n`)).toBe(
      `test.yaml:11:26: decision.constraints[0]: availability is a share from 0 to 1 (0 % to 100 %): write 2.${'0'.repeat(58)}… (100,002 characters) % or 0.02, got "availability >= 2.${'0'.repeat(42)}…" (100,018 characters)`,
    );
  });

  it('arm and cohort names of 100,000 characters: duplicate, lookalike and control-character messages quote 60 characters with the length', () => {
    const a = 'a'.repeat(100_000);
    expect(errorOf(`${MINIMAL}arms:\n  - name: ${a}\n  - name: ${a}\n`)).toBe(`test.yaml:13:11: arms[1].name: duplicate arm name "${'a'.repeat(60)}…" (100,000 characters) (also arms[0])`);
    expect(errorOf(MINIMAL.replace('  - {count: 10,', `  - {name: ${a}, count: 1, plan: basic, profile: meters}\n  - {name: ${a}, count: 10,`))).toBe(
      `test.yaml:11:12: cohorts[1].name: duplicate cohort name "${'a'.repeat(60)}…" (100,000 characters) (also cohorts[0])`,
    );
    expect(errorOf(`${MINIMAL}arms:\n  - name: "${a}"\n  - name: "${a}\\u200B"\n`)).toBe(
      `test.yaml:13:11: arms[1].name: arm name "${'a'.repeat(60)}…" (100,001 characters) looks the same as "${'a'.repeat(60)}…" (100,000 characters) (arms[0]): names that differ only in spaces, invisible characters or Unicode form cannot be told apart in reports`,
    );
    expect(errorOf(`${MINIMAL}arms:\n  - name: "\\u001b${a}"\n`)).toBe(
      `test.yaml:12:11: arms[0].name: arm name "\\u001b${'a'.repeat(59)}…" (100,001 characters) holds a control or text-direction character (U+001B at character 1): names are shown in tables and reports, where it would hide or reverse what follows`,
    );
  });

  it('a YAML tag, alias or token of 100,000 characters is cut in the parser\'s message', () => {
    expect(errorOf(`${MINIMAL}rules: !${'t'.repeat(100_000)} 1\n`)).toBe(`test.yaml:11:8: yaml: custom tags are not allowed (Unresolved tag: !${'t'.repeat(59)}… (100,001 characters))`);
    expect(errorOf(`${MINIMAL}rules: *${'t'.repeat(100_000)}\n`)).toBe(`test.yaml:1:1: yaml: Unresolved alias (the anchor must be set before the alias): ${'t'.repeat(60)}… (100,000 characters)`);
    // A token the parser quotes whole, spaces and all.
    const lines = errorOf(`{x: 1}{\n"a": 1,\n"${' '.repeat(100_000)}": 2\n}\n`).split('\n');
    for (const line of lines) expect(line.length).toBeLessThan(300);
    expect(lines).toContain(`test.yaml:3:1: yaml: Unexpected double-quoted-scalar token in YAML stream: "\\"${' '.repeat(59)}…" (100,002 characters)`);
  });

  it('names listed after an unknown one ("plans are: …") are cut, 20 at most', () => {
    const plans = Array.from({ length: 25 }, (_, k) => `"p${k}${'x'.repeat(100_000)}": {quotaMB: 1}`).join(', ');
    const message = errorOf(MINIMAL.replace('plans:\n  basic: {quotaMB: 100}', `plans: {${plans}}`));
    expect(message.length).toBeLessThan(2000);
    expect(message).toBe(`test.yaml:9:23: cohorts[0].plan: unknown plan "basic"; plans are: ${Array.from({ length: 20 }, (_, k) => `p${k}${'x'.repeat(60 - String(k).length - 1)}… (${(100_001 + String(k).length).toLocaleString('en')} characters)`).join(', ')} and 5 more`);
  });

  it('a trace cell of 1 MB that looks like a number is cut short too', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), withTrace('t.csv'));
    writeFileSync(join(dir, 't.csv'), `1\n${'1.'.repeat(2 ** 19)}\n`);
    expect(messageOf(join(dir, 's.yaml'))).toBe(`${join(dir, 't.csv')}:2:1: profiles.meters.file: expected a number 0..1000000 (MB per day), got "${'1.'.repeat(12)}…"`);
  });
});

describe('files a scenario references', () => {
  it('a fleet CSV or trace path of 50,000 characters: the path quoted cut with its length, the cause in words (no errno, no second copy of the path)', () => {
    const dir = tempDir();
    const long = `${'p'.repeat(50_000)}.csv`;
    writeFileSync(join(dir, 't.yaml'), withTrace(long));
    expect(messageOf(join(dir, 't.yaml'))).toBe(`${join(dir, 't.yaml')}:8:31: profiles.meters.file: cannot read trace file "${`${dir}/${long}`.slice(0, 60)}…" (${(dir.length + 50_005).toLocaleString('en')} characters): the path is too long`);
    writeFileSync(join(dir, 'f.yaml'), `${MINIMAL.replace(/cohorts:\n.*\n/, '')}fleet: {csv: ${long}, profile: meters, plans: {P1: basic}}\n`);
    expect(messageOf(join(dir, 'f.yaml'))).toBe(`${join(dir, 'f.yaml')}:9:14: fleet.csv: cannot read fleet file "${`${dir}/${long}`.slice(0, 60)}…" (${(dir.length + 50_005).toLocaleString('en')} characters): the path is too long`);
  });


  it('a device as a trace file is refused, not read (/dev/zero never ends)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), withTrace('/dev/zero'));
    expect(messageOf(join(dir, 's.yaml'))).toBe(`${join(dir, 's.yaml')}:8:31: profiles.meters.file: cannot read trace file "/dev/zero": not a regular file (a device, pipe or socket)`);
  });

  it('a trace file with LF, CRLF or bare CR (classic Mac) line endings gives the same days; a bad cell is named at its line', () => {
    const dir = tempDir();
    const days = ['# site A', '1.5', '2,3', '', '0.25'];
    const traceOf = (eol: string) => {
      writeFileSync(join(dir, 't.csv'), days.join(eol) + eol);
      writeFileSync(join(dir, 's.yaml'), withTrace('t.csv'));
      return loadScenarioFile(join(dir, 's.yaml')).arms[0].profiles[0].trace;
    };
    expect(traceOf('\n')).toEqual([1.5, 2, 3, 0.25]);
    expect(traceOf('\r\n')).toEqual([1.5, 2, 3, 0.25]);
    expect(traceOf('\r')).toEqual([1.5, 2, 3, 0.25]);
    writeFileSync(join(dir, 't.csv'), ['1', '2', 'x', '4'].join('\r'));
    expect(messageOf(join(dir, 's.yaml'))).toBe(`${join(dir, 't.csv')}:3:1: profiles.meters.file: expected a number 0..1000000 (MB per day), got "x"`);
  });

  it('a trace cell is a decimal number: hexadecimal, binary and octal forms are refused, not read as 16, 3 and 7', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), withTrace('t.csv'));
    writeFileSync(join(dir, 't.csv'), '12\n0.5, .5, 5., +2\n1.2E+03\n1e-2\n');
    expect(loadScenarioFile(join(dir, 's.yaml')).arms[0].profiles[0].trace).toEqual([12, 0.5, 0.5, 5, 2, 1200, 0.01]);
    writeFileSync(join(dir, 't.csv'), '1\n0x10\n0b11,0o7\n');
    expect(messageOf(join(dir, 's.yaml')).split('\n')).toEqual([
      `${join(dir, 't.csv')}:2:1: profiles.meters.file: expected a number 0..1000000 (MB per day), got "0x10"`,
      `${join(dir, 't.csv')}:3:1: profiles.meters.file: expected a number 0..1000000 (MB per day), got "0b11"`,
      `${join(dir, 't.csv')}:3:6: profiles.meters.file: expected a number 0..1000000 (MB per day), got "0o7"`,
    ]);
  });

  it('the count of cells not listed comes after the three listed, also when the third and fourth share a line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 's.yaml'), withTrace('t.csv'));
    writeFileSync(join(dir, 't.csv'), 'a\n1, b\n2, c, d, e\n');
    expect(messageOf(join(dir, 's.yaml')).split('\n').map((l) => l.replace(`${join(dir, 't.csv')}:`, '').replace(' profiles.meters.file:', ''))).toEqual([
      '1:1: expected a number 0..1000000 (MB per day), got "a"',
      '2:4: expected a number 0..1000000 (MB per day), got "b"',
      '3:4: expected a number 0..1000000 (MB per day), got "c"',
      '3:7: … and 2 more cells that are not numbers 0..1000000: is this a trace file (MB per day, one number per line or comma-separated)?',
    ]);
  });

  it('a file that is not a trace is not echoed back: three cells, cut short, then a count', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'secret.txt'), Array.from({ length: 40 }, (_, k) => `user${k}:x:${k}:${k}:a very long secret gecos field ${k}`).join('\n'));
    writeFileSync(join(dir, 's.yaml'), withTrace('secret.txt'));
    const lines = messageOf(join(dir, 's.yaml')).split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toBe(`${join(dir, 'secret.txt')}:1:1: profiles.meters.file: expected a number 0..1000000 (MB per day), got "user0:x:0:0:a very long …"`);
    expect(lines[3]).toBe(`${join(dir, 'secret.txt')}:4:1: profiles.meters.file: … and 37 more cells that are not numbers 0..1000000: is this a trace file (MB per day, one number per line or comma-separated)?`);
    expect(lines.join('\n')).not.toMatch(/secret gecos field/);
  });
});
