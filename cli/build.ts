/**
 * `npm run build` (and `npm ci`, through `prepare`): plain JavaScript in build/ for the CLI and
 * its worker threads, so `simlapse` (cli/bin.mjs) starts without tsx and without esbuild.
 *
 *   build/cli.mjs               cli/main.ts bundled (ESM, npm packages left to node_modules); the
 *   build/*-HASH.mjs            each command's code and the queue's split off into chunks, loaded when needed
 *   build/worker-thread.cjs     node/worker-thread.ts and the engine, what a worker thread runs
 *   build/engine-hash.json      the engine hash of the files that bundle was built from
 *   build/manifest.json         the project's files bundled and when the build started (bin.mjs: up to date?)
 *   build/cli.meta.json         esbuild's metafile of the CLI bundle (which chunk imports what)
 *
 * Written into a temporary folder, then renamed into place: a build never leaves a half-written build/.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENGINE_HASH_FILE, engineCode, esbuild, WORKER_BUNDLE } from '../node/index.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'build');
const started = Date.now();
const tmp = join(ROOT, `build.tmp-${process.pid}`);
rmSync(tmp, { recursive: true, force: true });
mkdirSync(tmp);

try {
  const { build } = esbuild();
  const cli = await build({
    absWorkingDir: ROOT,
    entryPoints: { cli: 'cli/main.ts' },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    chunkNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    external: ['bullmq', 'ioredis', 'esbuild', 'tsx'],
    banner: { js: "import { createRequire as __simlapseRequire } from 'node:module'; const require = __simlapseRequire(import.meta.url);" },
    define: { SIMLAPSE_PREBUILT: 'true' },
    metafile: true,
    logLevel: 'warning',
  });
  // The worker threads' bundle and its engine hash from one build (node/engine-code.ts), so they describe the same code.
  const worker = engineCode();
  writeFileSync(join(tmp, WORKER_BUNDLE), worker.bundle);
  writeFileSync(join(tmp, ENGINE_HASH_FILE), JSON.stringify(worker.hash, null, 2) + '\n');
  // The project's own files: node_modules changes only with `npm ci`, which builds again.
  const inputs = [...new Set([...Object.keys(cli.metafile.inputs), ...worker.hash.files])].filter((f) => !f.includes('node_modules/')).sort();
  writeFileSync(join(tmp, 'manifest.json'), JSON.stringify({ builtAt: started, inputs }, null, 2) + '\n');
  writeFileSync(join(tmp, 'cli.meta.json'), JSON.stringify(cli.metafile, null, 2) + '\n');
  rmSync(OUT, { recursive: true, force: true });
  renameSync(tmp, OUT);
} catch (err) {
  rmSync(tmp, { recursive: true, force: true });
  throw err;
}
process.stdout.write(`simlapse: built build/cli.mjs and build/${WORKER_BUNDLE} in ${Date.now() - started} ms\n`);
