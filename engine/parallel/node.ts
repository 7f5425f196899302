import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { ScenarioConfig } from '../config.ts';
import type { Report } from '../report.ts';
import type { WorkerApi } from './api.ts';
import { runParallel, type ParallelOptions, type WorkerHandle } from './pool.ts';

/**
 * The Node runner: workers are worker_threads running worker-node.ts
 * (bootstrapped by worker-node.mjs, which registers the TypeScript loader).
 */
export function spawnNodeWorker(): WorkerHandle {
  const worker = new Worker(new URL('./worker-node.mjs', import.meta.url));
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
