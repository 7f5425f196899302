import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bin, cli, hasStack, tempDir } from './helpers.ts';
import { nonNegativeNumberOption, positiveNumberOption } from '../../cli/options.ts';
import { startWorker } from '../../node/index.ts';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

describe('simlapse (commands, help, version)', () => {
  it('--help lists the commands with examples', () => {
    const r = cli('--help');
    expect(r.status).toBe(0);
    for (const command of ['run', 'validate', 'trace', 'schema']) expect(r.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(r.stdout).toContain('Examples:\n  simlapse run ');
  });

  for (const command of ['run', 'validate', 'trace', 'schema']) {
    it(`${command} --help has examples`, () => {
      const r = cli(command, '--help');
      expect(r.status).toBe(0);
      expect(r.stdout).toContain(`Usage: simlapse ${command}`);
      expect(r.stdout).toContain(`Examples:\n  simlapse ${command}`);
    });
  }

  it('--version prints the package version', () => {
    expect(cli('--version')).toMatchObject({ status: 0, stdout: `${pkg.version}\n` });
  });

  it('an unknown option or command is a clean usage error', () => {
    const option = cli('run', 'scenarios/examples/hand-check.yaml', '--bogus');
    expect(option).toMatchObject({ status: 2, stderr: "simlapse: unknown option '--bogus'\n" });
    const command = cli('rnu');
    expect(command.status).toBe(2);
    expect(command.stderr).toBe("simlapse: unknown command 'rnu'\n(Did you mean run?)\n");
    expect(hasStack(command.stderr)).toBe(false);
  });

  it('an unknown command with --help is still an unknown command (it showed the general help, exit 0); a known one shows its help', () => {
    // `help nosuch` too (a CLI hunt: the general help, no word of the unknown command).
    for (const args of [['experiment', '--help'], ['rnu', '-h', 'x.yaml'], ['help', 'nosuch']]) {
      const r = cli(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^simlapse: unknown command '${args[0] === 'help' ? args[1] : args[0]}'`));
      expect(r.stdout).toBe('');
    }
    expect(cli('rnu', '--help').stderr).toBe("simlapse: unknown command 'rnu'\n(Did you mean run?)\n");
    expect(cli('run', '--help')).toMatchObject({ status: 0, stdout: expect.stringContaining('Usage: simlapse run') });
    expect(cli('help', 'run')).toMatchObject({ status: 0, stdout: expect.stringContaining('Usage: simlapse run') });
  });

  it('no command prints the help on stderr, exit 2', () => {
    const r = cli();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('Usage: simlapse');
  });

  it('schema prints the JSON Schema of the scenario format', () => {
    const r = cli('schema');
    expect(r.status).toBe(0);
    const schema = JSON.parse(r.stdout);
    expect(schema.type).toBe('object');
    expect(schema.properties).toHaveProperty('cohorts');
  });

  it('the bin launcher works from any folder', () => {
    const r = bin(tempDir(), '--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Usage: simlapse');
  });
});

describe('option values', () => {
  it('a 200,000-digit number that fails at its end is refused at once (no backtracking over its digits); ordinary forms read', () => {
    expect(() => positiveNumberOption(`${'0'.repeat(200_000)}E`)).toThrow('Expected a number > 0.');
    expect(() => nonNegativeNumberOption(`${'1'.repeat(200_000)}x`)).toThrow('Expected a number ≥ 0.');
    expect(['2', ' 0.5 ', '.5', '5.', '+1e3'].map(positiveNumberOption)).toEqual([2, 0.5, 0.5, 5, 1000]);
  });
});

describe('worker timers', () => {
  it('--lock-duration, --stalled-interval and --claim-ttl past 2^31 − 1 ms are refused (a CLI hunt: past it Node fired the timer every millisecond, and an idle worker checked Redis 1,260 times a second)', () => {
    for (const flag of ['--lock-duration', '--stalled-interval', '--claim-ttl']) {
      const r = cli('worker', '--queue', 'redis://127.0.0.1:1', flag, '9999999999');
      expect(r.status).toBe(2);
      expect(r.stderr).toBe(`simlapse: option '${flag} <ms>' argument '9999999999' is invalid. Expected an integer from 100 to 2147483647.\n`);
    }
  });

  it('startWorker refuses one too, before connecting', async () => {
    await expect(startWorker({ url: 'redis://127.0.0.1:1', stalledIntervalMs: 2 ** 31 })).rejects.toThrow('startWorker: stalledIntervalMs 2147483648 is not a timer\'s length: 1 to 2147483647 ms');
    await expect(startWorker({ url: 'redis://127.0.0.1:1', claimTtlMs: 0 })).rejects.toThrow(RangeError);
  });
});
