import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { availableParallelism } from 'node:os';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createWorkerPool, runParallel, type ParallelOptions, type PoolOptions, type Report, type ScenarioConfig, type WorkerApi, type WorkerHandle, type WorkerPool } from '../engine/index.ts';
import { esbuild, PREBUILT_DIR, WORKER_BUILD, WORKER_BUNDLE } from './prebuilt.ts';

let bundle: string | null = null;

/**
 * The worker's code: worker-thread.ts and the engine bundled into one script, read once per
 * process. The prebuilt CLI reads build/worker-thread.cjs, built with it by `npm run build`;
 * from the sources, esbuild bundles it once per process (about 50 ms). A worker then starts in
 * about 20 ms, against about 200 ms for loading the TypeScript sources through tsx in each
 * worker; it matters for short runs and for the speed-up of two workers.
 */
function workerCode(): string {
  if (bundle === null) {
    if (PREBUILT_DIR !== null) {
      bundle = readFileSync(join(PREBUILT_DIR, WORKER_BUNDLE), 'utf8');
    } else {
      const result = esbuild().buildSync({
        ...WORKER_BUILD,
        entryPoints: [fileURLToPath(new URL('./worker-thread.ts', import.meta.url))],
        write: false,
      });
      bundle = result.outputFiles[0].text;
    }
  }
  return bundle;
}

/** The Node runner: a worker_threads worker running the bundled worker-thread.ts. */
export function spawnNodeWorker(): WorkerHandle {
  const worker = new Worker(workerCode(), { eval: true });
  const api = Comlink.wrap<WorkerApi>(nodeEndpoint(worker));
  let exited = false;
  const dead = new Promise<never>((_, reject) => {
    worker.once('error', (err) => reject(err));
    worker.once('exit', (code) => { exited = true; reject(new Error(`worker stopped (exit code ${code})`)); });
  });
  dead.catch(() => {});
  return {
    api,
    dead,
    terminate() {
      if (exited) return;
      exited = true;
      api[Comlink.releaseProxy]();
      void worker.terminate();
    },
  };
}

/** Default worker count: the cores available to this process. */
export function defaultWorkers(): number {
  return availableParallelism();
}

/** Runs a scenario on worker threads. Same bytes as `runScenario`, for any number of workers. */
export function runOnThreads(scenario: ScenarioConfig, options: Omit<ParallelOptions, 'spawn'> & { spawn?: ParallelOptions['spawn'] } = {}): Promise<Report> {
  return runParallel(scenario, { workers: defaultWorkers(), spawn: spawnNodeWorker, ...options });
}

/**
 * A pool of worker threads kept warm across runs (createWorkerPool with spawnNodeWorker): the
 * CLI makes one per process. Close it when done, or its threads keep the process alive.
 */
export function createThreadPool(options: Partial<PoolOptions> = {}): WorkerPool {
  return createWorkerPool({ spawn: spawnNodeWorker, size: defaultWorkers(), ...options });
}
