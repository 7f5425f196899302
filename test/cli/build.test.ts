/**
 * The prebuilt CLI (`npm run build`, cli/build.ts): the same output as the sources, no tsx or
 * esbuild at run time, the queue (bullmq, ioredis) loaded only by the commands that use it.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { engineHash, esbuild, WORKER_BUILD, WORKER_ENTRY } from '../../node/index.ts';
import { cli, tempDir, type Result } from './helpers.ts';

const BUILD = resolve('build');

function built(...args: string[]): Result {
  const r = spawnSync(process.execPath, [join(BUILD, 'cli.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface Metafile { outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; entryPoint?: string }> }

/** The files the CLI bundle loads before any command runs (static imports from build/cli.mjs), and the packages they import. */
function loadedAtStart(meta: Metafile): { files: string[]; packages: string[] } {
  const entry = Object.keys(meta.outputs).find((k) => k.endsWith('/cli.mjs'))!;
  const files = new Set<string>(), packages = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (files.has(file)) continue;
    files.add(file);
    for (const i of meta.outputs[file].imports) {
      if (i.kind !== 'import-statement') continue;
      if (i.external) packages.add(i.path);
      else todo.push(i.path);
    }
  }
  return { files: [...files], packages: [...packages] };
}

/** As cli/bin.mjs decides: no source file bundled has changed since the build started. */
function upToDate(): boolean {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(join(BUILD, 'manifest.json'), 'utf8')) as { builtAt: number; inputs: string[] };
    return inputs.every((f) => statSync(f).mtimeMs <= builtAt);
  } catch {
    return false;
  }
}

// Built again only when stale (CI's npm ci has built it), so that the bin tests of other files
// running meanwhile do not see build/ replaced under them.
beforeAll(() => {
  if (upToDate()) return;
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'cli/build.ts'], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
}, 120_000);

describe('npm run build', () => {
  it('the built CLI prints the same help, command help and validate lines as the sources', () => {
    for (const args of [['--help'], ['run', '--help'], ['import', '--help'], ['validate', 'scenarios/examples/auto-stop.yaml'], ['validate', 'scenarios/examples/hand-check.yaml'], ['schema']]) {
      const [a, b] = [built(...args), cli(...args)];
      expect({ args, ...a }).toEqual({ args, ...b });
    }
  });

  it('a bad option and a bad scenario give the same message and exit code', () => {
    const dir = tempDir();
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'name: x\nmonths: -1\n');
    for (const args of [['import', 'x.csv', '--out', join(dir, 'f.csv'), '--encoding', 'latin9'], ['validate', bad], ['frobnicate']]) {
      const [a, b] = [built(...args), cli(...args)];
      expect({ args, ...a }).toEqual({ args, ...b });
      expect(a.status).not.toBe(0);
    }
  });

  it('a run through the built CLI on two worker threads gives the same report bytes as the sources', () => {
    const args = ['run', 'scenarios/examples/auto-stop.yaml', '--replications', '2', '--workers', '2', '--json'];
    const [a, b] = [built(...args), cli(...args)];
    expect(a.status, a.stderr).toBe(0);
    expect(a.stdout).toBe(b.stdout);
  });

  it('an import with a shipped mapping by name (--map twilio) gives the same files and lines as the sources', () => {
    const [da, db] = [tempDir(), tempDir()];
    const args = (dir: string) => ['import', 'import/mappings/samples/twilio.csv', '--map', 'twilio', '--start', '2026-01-15', '--out', join(dir, 'fleet.csv')];
    const [a, b] = [built(...args(da)), cli(...args(db))];
    expect(a.status, a.stderr).toBe(0);
    expect(a.stderr.replaceAll(da, 'DIR')).toBe(b.stderr.replaceAll(db, 'DIR'));
    expect(readFileSync(join(da, 'fleet.csv'), 'utf8')).toBe(readFileSync(join(db, 'fleet.csv'), 'utf8'));
  });

  it('loads no queue package, no importer and no scenario validator before a command runs: bullmq and ioredis only in chunks loaded by import()', () => {
    const meta = JSON.parse(readFileSync(join(BUILD, 'cli.meta.json'), 'utf8')) as Metafile;
    const start = loadedAtStart(meta);
    expect(start.packages.filter((p) => !p.startsWith('node:'))).toEqual([]);
    const text = start.files.map((f) => readFileSync(resolve(BUILD, '..', f.replace(/^build\.tmp-\d+/, 'build')), 'utf8')).join('\n');
    expect(text).not.toMatch(/from ["'](bullmq|ioredis|esbuild|tsx|zod|yaml)/);
    // The queue is in the build, behind dynamic imports.
    const all = Object.values(meta.outputs).flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    expect(all).toContain('bullmq');
    expect(all).toContain('ioredis');
  });

  it('the worker bundle is what the sources bundle at run time, and its engine hash is the sources\'', () => {
    const now = esbuild().buildSync({ ...WORKER_BUILD, entryPoints: [WORKER_ENTRY], write: false }).outputFiles[0].text;
    expect(readFileSync(join(BUILD, 'worker-thread.cjs'), 'utf8')).toBe(now);
    expect(JSON.parse(readFileSync(join(BUILD, 'engine-hash.json'), 'utf8'))).toEqual(engineHash());
  });

  it('cli/bin.mjs runs the build when it is up to date: no note, and (NODE_DEBUG=esm lists every module loaded) no tsx, esbuild, bullmq or ioredis', () => {
    const loaded = (...args: string[]) => {
      const r = spawnSync(process.execPath, [resolve('cli/bin.mjs'), ...args], { encoding: 'utf8', env: { ...process.env, NODE_DEBUG: 'esm' } });
      return { ...r, modules: [...r.stderr.matchAll(/Storing (file:\S+)/g)].map((m) => m[1]) };
    };
    for (const args of [['--help'], ['validate', 'scenarios/examples/auto-stop.yaml']]) {
      const r = loaded(...args);
      expect(r.status).toBe(0);
      expect(r.stderr).not.toContain('no up-to-date build');
      expect(r.modules.some((m) => m.endsWith('/build/cli.mjs'))).toBe(true);
      expect(r.modules.filter((m) => /node_modules\/(tsx|esbuild|bullmq|ioredis)\//.test(m) || /\.ts$/.test(m))).toEqual([]);
    }
    // The queue's commands do load them.
    const check = loaded('worker', '--queue', 'redis://127.0.0.1:1', '--check');
    expect(check.status).toBe(1);
    expect(check.modules.some((m) => /node_modules\/(ioredis)\//.test(m))).toBe(true);
  });

  it('npx simlapse --help runs this checkout\'s bin, offline', { timeout: 60_000 }, () => {
    const r = spawnSync('npx', ['--offline', 'simlapse', '--help'], { encoding: 'utf8' });
    expect(r.stdout).toContain('Usage: simlapse');
  });
});

