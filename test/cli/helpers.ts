import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { onTestFinished } from 'vitest';

export interface Result {
  status: number | null;
  stdout: string;
  stderr: string;
}

const ENTRY = ['--import', 'tsx', 'cli/main.ts'];

/** Runs the real CLI (`node --import tsx cli/main.ts ...args`) in the project folder. */
export function cli(...args: string[]): Result {
  const r = spawnSync(process.execPath, [...ENTRY, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the installed launcher `cli/bin.mjs` (absolute path) in folder `cwd`. */
export function bin(cwd: string, ...args: string[]): Result {
  const r = spawnSync(process.execPath, [resolve('cli/bin.mjs'), ...args], { cwd, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI without waiting; for Ctrl-C tests. */
export function startCli(...args: string[]) {
  const child = spawn(process.execPath, [...ENTRY, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '', stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const done = new Promise<Result>((ok) => child.on('close', (status) => ok({ status, stdout, stderr })));
  const stderrMatches = (re: RegExp) =>
    new Promise<void>((ok, reject) => {
      const check = () => (re.test(stderr) ? ok() : undefined);
      child.stderr.on('data', check);
      child.on('close', () => reject(new Error(`exited before stderr matched ${re}: ${stderr}`)));
      check();
    });
  return { child, done, stderrMatches };
}

/** The folder's entries, [] while it does not exist: an --out folder comes and goes during the output check (made for its probe file, then removed). */
export function filesIn(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

/** A fresh temporary folder, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'simlapse-cli-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** True when the text looks like it holds a stack trace. */
export function hasStack(text: string): boolean {
  return /^\s+at /m.test(text) || /\.ts:\d+/.test(text);
}
