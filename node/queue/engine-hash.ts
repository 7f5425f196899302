import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { ENGINE_HASH_FILE, esbuild, PREBUILT_DIR, WORKER_BUILD, WORKER_ENTRY } from '../prebuilt.ts';

/** What a job's bytes are computed by: the code bundled into a worker thread. */
export interface EngineHash {
  /** sha256 (hex) over the path (from the project root) and content of every file in the worker threads' bundle. */
  hash: string;
  /** Its first 16 hex digits: what job data carry and messages show. */
  id: string;
  /** The files hashed, sorted (engine/…, node/worker-thread.ts, node_modules/seedrandom/…, node_modules/comlink/…). */
  files: string[];
}

/** The checkout's root: two folders up from this file (node/queue/). */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
let cached: EngineHash | null = null;

/**
 * The hash of the code that computes jobs, once per process: every file esbuild bundles into a
 * worker thread (node/threads.ts bundles the same entry), which is the engine and what it
 * imports (seedrandom, whose ARC4 stream keys the RNG), found by following imports rather than
 * by a list that could miss one. The scenario is compiled by the coordinator and travels as
 * data, so scenarios/ is not part of it; nor is the coordinator's merge, which does not change
 * a job's bytes. Paths under node_modules count from `node_modules/`, so a checkout's location
 * or a linked node_modules does not change the hash; a changed byte in any of these files does.
 * The prebuilt CLI reads the hash `npm run build` computed this way from the sources it built
 * build/worker-thread.cjs from (build/engine-hash.json), so a built and a source checkout of the
 * same commit serve each other's runs, and a build left behind by an edit keeps its own hash.
 */
export function engineHash(): EngineHash {
  if (cached) return cached;
  if (PREBUILT_DIR !== null) return (cached = JSON.parse(readFileSync(join(PREBUILT_DIR, ENGINE_HASH_FILE), 'utf8')) as EngineHash);
  const result = esbuild().buildSync({ ...WORKER_BUILD, entryPoints: [join(ROOT, WORKER_ENTRY)], absWorkingDir: ROOT, write: false, metafile: true });
  const files = Object.keys(result.metafile.inputs)
    .map((path) => ({ path, name: nameOf(path) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const sha = createHash('sha256');
  for (const f of files) sha.update(`${f.name}\0`).update(readFileSync(join(ROOT, f.path))).update('\0');
  const hash = sha.digest('hex');
  cached = { hash, id: hash.slice(0, 16), files: files.map((f) => f.name) };
  return cached;
}

/** A bundled file's name for the hash: from the project root, or from `node_modules/` for a dependency (wherever it lives). */
function nameOf(path: string): string {
  const p = path.replace(/\\/g, '/');
  const i = p.lastIndexOf('node_modules/');
  return i >= 0 ? p.slice(i) : p;
}
