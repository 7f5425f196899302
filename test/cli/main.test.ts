import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bin, cli, hasStack, tempDir } from './helpers.ts';

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
