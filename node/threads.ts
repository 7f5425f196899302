import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createWorkerPool, runParallel, type ParallelOptions, type PoolOptions, type Report, type ScenarioConfig, type WorkerApi, type WorkerHandle, type WorkerPool } from '../engine/index.ts';
import { engineCode } from './engine-code.ts';

/**
 * The worker's code: worker-thread.ts and the engine bundled into one script (node/engine-code.ts:
 * read from build/ by the prebuilt CLI, else bundled by esbuild, about 50 ms), fixed once per
 * process together with its engine hash. A worker then starts in about 20 ms, against about 200 ms
 * for loading the TypeScript sources through tsx in each worker; it matters for short runs and for
 * the speed-up of two workers.
 */
function workerCode(): string {
  return engineCode().bundle;
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
