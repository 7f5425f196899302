// Packs the bench for a lent many-core machine that has no Node and no node_modules (issue 17's
// scaling figures): bench/main.ts bundled with the engine into .dev/bench.mjs (prebuilt, so its
// worker threads run .dev/worker-thread.cjs), the peers beside it, and this machine's Node binary
// compressed (the device tool carries at most 64 MiB). Run from the repository root after
// `npm run build:cli`:  node bench/device/pack.mjs [peers folder, default ../shared/peers]
// Then call the device tool with carry [".dev"] and the command `bash .dev/run.sh`.
import { build } from 'esbuild';
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const peers = process.argv[2] ?? '../shared/peers';
if (!existsSync('build/worker-thread.cjs')) throw new Error('no build/worker-thread.cjs: run `npm run build:cli` first');
mkdirSync('.dev', { recursive: true });
await build({
  entryPoints: { bench: 'bench/main.ts' }, outdir: '.dev', outExtension: { '.js': '.mjs' },
  bundle: true, format: 'esm', platform: 'node', target: 'node20', external: ['esbuild', 'tsx'],
  banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
  define: { SIMLAPSE_PREBUILT: 'true' }, logLevel: 'warning',
});
copyFileSync('build/worker-thread.cjs', '.dev/worker-thread.cjs');
copyFileSync('bench/device/run.sh', '.dev/run.sh');
if (existsSync(peers)) cpSync(peers, '.dev/peers', { recursive: true });
if (!existsSync('.dev/node.xz')) writeFileSync('.dev/node.xz', execFileSync('xz', ['-T2', '-6', '-c', process.execPath], { maxBuffer: 1 << 28 }));
console.log('packed .dev/ (add /.dev/ to .git/info/exclude so it travels only as carried)');
