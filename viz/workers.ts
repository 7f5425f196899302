import * as Comlink from 'comlink';
import { createWorkerPool, type ScenarioConfig, type WorkerApi, type WorkerHandle, type WorkerPool } from '../engine/index.ts';
import { mark } from './marks.ts';

/** Starts one Web Worker running the engine's worker entry (the same API as the CLI's worker threads). */
export function spawnBrowserWorker(): WorkerHandle {
  const worker = new Worker(new URL('../engine/parallel/worker-browser.ts', import.meta.url), { type: 'module', name: 'simlapse-worker' });
  const api = Comlink.wrap<WorkerApi>(worker);
  let done = false;
  const dead = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (e) => {
      e.preventDefault();
      reject(new Error(`worker failed: ${e.message || 'could not load the worker script'}`));
    });
    worker.addEventListener('messageerror', () => reject(new Error('worker sent a message that could not be read')));
  });
  dead.catch(() => {});
  // `load` marked for the latency test (viz/marks.ts); everything else goes to the worker as is.
  const timed = new Proxy(api, {
    get: (target, key) => key === 'load' ? (s: ScenarioConfig) => target.load(s).then(() => mark('load')) : Reflect.get(target, key),
  });
  return {
    api: timed,
    dead,
    terminate() {
      if (done) return;
      done = true;
      api[Comlink.releaseProxy]();
      worker.terminate();
    },
  };
}

/** Default worker count: the browser's logical cores. */
export function defaultWorkers(): number {
  return Math.max(1, navigator.hardwareConcurrency || 1);
}

let pool: WorkerPool | null = null;

/**
 * The page's worker pool, one per page: created (and its workers started and loaded) on the
 * first call, with `defaultWorkers()` workers, then reused by every run. Call it once at start-up
 * to warm it. Its `run(scenario, { workers, signal, onProgress, onPartial })` has the shape of a
 * Runner; `workers` resizes the pool to the page's worker count as the run starts.
 */
export function pagePool(): WorkerPool {
  return (pool ??= createWorkerPool({ spawn: spawnBrowserWorker, size: defaultWorkers() }));
}
