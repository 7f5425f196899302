import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BuildOptions } from 'esbuild';

/** Defined (as `true`) by `npm run build` (cli/build.ts) in the bundles it writes; undefined in the TypeScript sources. */
declare const SIMLAPSE_PREBUILT: boolean | undefined;

/**
 * The folder of the prebuilt bundles (build/) when this code runs from one, else null: it runs
 * from the TypeScript sources (tsx, vitest). The built CLI then starts its worker threads from
 * the worker bundle built beside it, never from sources that may have changed since.
 */
export const PREBUILT_DIR: string | null = typeof SIMLAPSE_PREBUILT === 'undefined' ? null : dirname(fileURLToPath(import.meta.url));

/** The worker threads' entry, from the project root. */
export const WORKER_ENTRY = 'node/worker-thread.ts';
/** The worker bundle's file in build/. */
export const WORKER_BUNDLE = 'worker-thread.cjs';
/** The engine hash of the files that bundle was built from, written by `npm run build` beside it (node/queue/engine-hash.ts). */
export const ENGINE_HASH_FILE = 'engine-hash.json';

/** How the worker threads' code is bundled, at run time from the sources and by `npm run build` alike. */
export const WORKER_BUILD = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', logLevel: 'silent' } satisfies BuildOptions;

/** esbuild, loaded only where the sources are bundled (not by the prebuilt CLI). */
export function esbuild(): typeof import('esbuild') {
  return createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
}
