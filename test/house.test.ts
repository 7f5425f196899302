/**
 * The house: which folder may import which (README, "Layout"). The engine is pure (no Node
 * API, no Node-only package); no folder imports a folder above it; the product's folders
 * reach each other only through their front doors; the bench does not depend on the tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Each folder and the folders it may import (besides itself and npm packages). */
const MAY_IMPORT: Record<string, string[]> = {
  engine: [],
  csv: [],
  scenarios: ['engine', 'csv'],
  import: ['engine', 'csv', 'scenarios'],
  node: ['engine'],
  cli: ['engine', 'csv', 'scenarios', 'import', 'node'],
  viz: ['engine', 'csv', 'scenarios', 'import'],
  tools: ['engine', 'csv', 'scenarios', 'import'],
  bench: ['engine', 'csv', 'scenarios', 'import', 'node', 'tools'],
};

/** A folder's front doors: what other folders may import from it. */
const FRONT_DOORS: Record<string, string[]> = {
  engine: ['engine/index.ts'],
  csv: ['csv/index.ts'],
  scenarios: ['scenarios/index.ts', 'scenarios/node.ts'],
  // import/pure.ts: the importer's browser-safe door (the page's import worker).
  import: ['import/index.ts', 'import/options.ts', 'import/pure.ts'],
  node: ['node/index.ts'],
};

/** The only packages the engine may import: they run in browsers and workers alike. */
const ENGINE_PACKAGES = ['comlink', 'seedrandom'];

interface Edge { file: string; spec: string; target: string | null }

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|mts|mjs)$/.test(f) ? [p] : [];
  });
}

/** Every import of a file: static, re-export, side-effect, dynamic and require. */
function edges(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const out: Edge[] = [];
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*|\brequire\s*\(\s*|\bnew URL\(\s*)['"]([^'"]+)['"]/g)) {
    const spec = m[1];
    const target = spec.startsWith('.') ? normalize(join(dirname(file), spec)) : null;
    out.push({ file, spec, target });
  }
  return out;
}

const top = (path: string) => path.split(/[\\/]/)[0];

describe('the house', () => {
  const all = Object.keys(MAY_IMPORT).flatMap((dir) => files(dir));

  it('finds the files and their imports (the scan is not empty)', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(edges('engine/index.ts').length).toBeGreaterThan(20);
  });

  it('engine/ imports nothing from Node: no node: module, no Node-only package, nothing outside engine/', () => {
    const bad = files('engine').flatMap(edges).filter((e) => (e.target === null ? !ENGINE_PACKAGES.includes(e.spec) : top(e.target) !== 'engine'));
    expect(bad.map((e) => `${e.file}: ${e.spec}`)).toEqual([]);
  });

  it('engine/ uses no Node global (process, Buffer, require, __dirname)', () => {
    const bad = files('engine').filter((f) => /\b(process\.|Buffer\.|require\(|__dirname|NodeJS\.)/.test(readFileSync(f, 'utf8')));
    expect(bad).toEqual([]);
  });

  it('no folder imports a folder above it', () => {
    const bad = all.flatMap(edges).filter((e) => {
      if (e.target === null) return false;
      const from = top(e.file), to = top(e.target);
      return from !== to && !MAY_IMPORT[from].includes(to);
    });
    expect(bad.map((e) => `${e.file} → ${e.spec}`)).toEqual([]);
  });

  it('bench/ imports nothing from test/', () => {
    const bad = files('bench').flatMap(edges).filter((e) => e.target !== null && top(e.target) === 'test');
    expect(bad.map((e) => `${e.file} → ${e.spec}`)).toEqual([]);
  });

  it("the product's folders reach each other only through their front doors", () => {
    const bad = all.flatMap(edges).filter((e) => {
      if (e.target === null || top(e.file) === 'tools') return false;
      const to = top(e.target);
      if (to === top(e.file) || !Object.hasOwn(FRONT_DOORS, to)) return false;
      // The page starts the engine's Web Worker entry by URL (a worker file, not an import of code).
      if (e.file === join('viz', 'workers.ts') && relative('.', e.target) === join('engine', 'parallel', 'worker-browser.ts')) return false;
      return !FRONT_DOORS[to].includes(relative('.', e.target).split('\\').join('/'));
    });
    expect(bad.map((e) => `${e.file} → ${e.spec}`)).toEqual([]);
  });
});
