import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ENGINE_HASH_FILE, esbuild, PREBUILT_DIR, WORKER_BUILD, WORKER_BUNDLE, WORKER_ENTRY } from './prebuilt.ts';

/** What a job's bytes are computed by: the code bundled into a worker thread. */
export interface EngineHash {
  /** sha256 (hex) over the path (from the project root) and content of every file in the worker threads' bundle. */
  hash: string;
  /** Its first 16 hex digits: what job data carry and messages show. */
  id: string;
  /** The files hashed, sorted (engine/…, node/worker-thread.ts, node_modules/seedrandom/…, node_modules/comlink/…). */
  files: string[];
}

/**
 * The code this process's worker threads run, and its engine hash: read or built together, once
 * per process, and never again. A job's result is trusted by its engine hash, so the two must
 * describe the same code even when the checkout changes while the process runs (a deploy that
 * pulls before it restarts a `simlapse worker`): had the threads' code been bundled at the first
 * job while the hash was taken at start-up, a worker could store results of new code under the old
 * code's hash, and a coordinator of the old code would accept them.
 */
export interface EngineCode {
  /** The worker threads' script: node/worker-thread.ts and the engine, bundled (node/threads.ts runs it with `eval`). */
  bundle: string;
  hash: EngineHash;
}

/** The checkout's root: one folder up from this file (node/). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
let code: EngineCode | null = null;

/**
 * The worker threads' code and its hash, fixed at the first call. The prebuilt CLI reads both from
 * build/, where `npm run build` wrote them from one build (build/worker-thread.cjs and
 * build/engine-hash.json). From the sources, esbuild bundles node/worker-thread.ts once (about 50 ms)
 * and the hash is taken over the files that bundle was built from, read right after it.
 */
export function engineCode(): EngineCode {
  if (code) return code;
  if (PREBUILT_DIR !== null) {
    const bundle = readFileSync(join(PREBUILT_DIR, WORKER_BUNDLE), 'utf8');
    code = { bundle, hash: JSON.parse(readFileSync(join(PREBUILT_DIR, ENGINE_HASH_FILE), 'utf8')) as EngineHash };
    return code;
  }
  const result = esbuild().buildSync({ ...WORKER_BUILD, entryPoints: [join(ROOT, WORKER_ENTRY)], absWorkingDir: ROOT, write: false, metafile: true });
  code = { bundle: result.outputFiles[0].text, hash: hashOf(Object.keys(result.metafile.inputs)) };
  return code;
}

/**
 * The hash of the code that computes jobs (engineCode's): every file esbuild bundles into a
 * worker thread, which is the engine and what it imports (seedrandom, whose ARC4 stream keys the
 * RNG), found by following imports rather than by a list that could miss one. The scenario is
 * compiled by the coordinator and travels as data, so scenarios/ is not part of it; nor is the
 * coordinator's merge, which does not change a job's bytes. Paths under node_modules count from
 * `node_modules/`, so a checkout's location or a linked node_modules does not change the hash; a
 * changed byte in any of these files does. A built and a source checkout of the same commit have
 * the same hash, so they serve each other's runs, and a build left behind by an edit keeps its own.
 */
export function engineHash(): EngineHash {
  return engineCode().hash;
}

/** sha256 over the name and content of each bundled file (paths as esbuild's metafile gives them, from the root). */
function hashOf(paths: string[]): EngineHash {
  const files = paths.map((path) => ({ path, name: nameOf(path) })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sha = createHash('sha256');
  for (const f of files) sha.update(`${f.name}\0`).update(readFileSync(join(ROOT, f.path))).update('\0');
  const hash = sha.digest('hex');
  return { hash, id: hash.slice(0, 16), files: files.map((f) => f.name) };
}

/** A bundled file's name for the hash: from the project root, or from `node_modules/` for a dependency (wherever it lives). */
function nameOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('node_modules/');
  return i >= 0 ? p.slice(i) : p;
}
