/** What the CLI prints for people: no raw control characters from users' names; a closed pipe is a quiet success; a full disk one line. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printable } from '../../cli/terminal.ts';
import { cli, hasStack, tempDir } from './helpers.ts';

/**
 * Runs `simlapse <args> | reader` in bash, where the reader closes its end of the pipe at once
 * (as `head` does once it has its lines), so that simlapse's writes meet a closed pipe whatever
 * the timing. Returns simlapse's exit status and its stderr.
 */
function piped(args: string): { status: number; stderr: string } {
  const r = spawnSync('bash', ['-c', `node --import tsx cli/main.ts ${args} | { exec 0<&-; sleep 4; }; exit \${PIPESTATUS[0]}`], { encoding: 'utf8' });
  return { status: r.status ?? -1, stderr: r.stderr };
}

describe('stdout closed early (| head)', () => {
  it('simlapse --help ends quietly with exit 0', () => {
    expect(piped('--help')).toEqual({ status: 0, stderr: '' });
  });

  it('run --json ends quietly with exit 0 after the run', () => {
    const r = piped('run scenarios/examples/hand-check.yaml --json');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^simlapse: running "Hand check"/);
    expect(hasStack(r.stderr)).toBe(false);
    expect(r.stderr).not.toMatch(/EPIPE/);
  });

  it('trace ends quietly with exit 0', () => {
    expect(piped('trace scenarios/examples/renewal-cadence.yaml --card 1')).toEqual({ status: 0, stderr: '' });
  });
});

describe('stdout that cannot be written (no space left)', () => {
  /** Runs `simlapse <args> > /dev/full`: every write to stdout fails with ENOSPC. */
  function full(args: string): { status: number; stderr: string } {
    const r = spawnSync('bash', ['-c', `node --import tsx cli/main.ts ${args} > /dev/full`], { encoding: 'utf8' });
    return { status: r.status ?? -1, stderr: r.stderr };
  }

  it.skipIf(!existsSync('/dev/full'))('schema, validate and run --json end with one line and exit 1, no stack', () => {
    for (const args of ['schema', 'validate scenarios/examples/hand-check.yaml', 'run scenarios/examples/hand-check.yaml --json --workers 0']) {
      const r = full(args);
      expect(r.status, args).toBe(1);
      expect(hasStack(r.stderr), args).toBe(false);
      expect(r.stderr.trimEnd().split('\n').at(-1), args).toBe('simlapse: cannot write stdout: no space left on device (ENOSPC)');
    }
  });
});

describe('control characters in names', () => {
  it('printable writes control characters as escapes and leaves text, newlines and tabs', () => {
    expect(printable('a\x1b[31mred\x07\u009b2J\tb\nc 中文')).toBe('a\\u001b[31mred\\u0007\\u009b2J\tb\nc 中文');
  });

  it('a scenario name with ANSI escapes or a direction override is refused at load, the message showing it escaped, nothing written', () => {
    const dir = tempDir();
    const file = join(dir, 'evil.yaml');
    const text = readFileSync('scenarios/examples/hand-check.yaml', 'utf8')
      .replace('name: Hand check', 'name: "Hand \\e[2J\\e]0;pwned\\a \\u202echeck"')
      .concat('arms:\n  - name: "on"\n  - name: off\n    plans: {basic: {autoStop: false}}\n');
    writeFileSync(file, text);
    const r = cli('run', file, '--workers', '0', '--out', join(dir, 'out'));
    expect(r.status).toBe(1);
    expect(r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(r.stderr).toMatch(/name: scenario name "Hand \\u001b\[2J.*" holds a control or text-direction character \(U\+001B at character 6\)/);
    expect(existsSync(join(dir, 'out', 'report.json'))).toBe(false);
  });

  it('an arm name with ANSI escapes is refused at load, the message showing it escaped (names label every table)', () => {
    const dir = tempDir();
    const file = join(dir, 'evil-arm.yaml');
    writeFileSync(file, readFileSync('scenarios/examples/hand-check.yaml', 'utf8').concat('arms:\n  - name: "on \\e[31mred"\n  - name: off\n    plans: {basic: {autoStop: false}}\n'));
    const r = cli('run', file, '--workers', '0');
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(r.stderr).toMatch(/arms\[0\]\.name: arm name "on \\u001b\[31mred" holds a control or text-direction character/);
  });
});
