#!/usr/bin/env node
// The `simlapse` command. Runs the prebuilt CLI (build/cli.mjs, written by `npm run build` and by
// `npm ci`) when it is up to date: no source file it was built from has changed since. Otherwise
// it says so in one line on stderr and runs cli/main.ts through tsx (resolved from this package).
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function upToDate() {
  try {
    const { builtAt, inputs } = JSON.parse(readFileSync(join(root, 'build', 'manifest.json'), 'utf8'));
    for (const file of inputs) if (statSync(join(root, file)).mtimeMs > builtAt) return false;
    return inputs.length > 0;
  } catch {
    return false;
  }
}

if (upToDate()) {
  // build/ holds build output, not a source folder: imported by its path.
  await import(pathToFileURL(join(root, 'build', 'cli.mjs')).href);
} else {
  process.stderr.write('simlapse: no up-to-date build (npm run build): running the TypeScript sources through tsx\n');
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
