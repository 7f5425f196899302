/**
 * node/: the Node-only runners, outside the pure engine. worker_threads (`createThreadPool`, `runOnThreads`) and,
 * past one machine, a BullMQ queue in Redis (`runOnQueue`, `startWorker`). The engine itself
 * is in engine/index.ts.
 *
 * The queue's code (and with it bullmq and ioredis) is loaded only when a queue function is
 * first called, so `simlapse --help`, `validate` and local runs never load it.
 */
import type { QueueDeleteOptions, QueueRunOptions } from './queue/coordinator.ts';
import type { QueueWorker, QueueWorkerOptions } from './queue/worker.ts';
import type { WorkerCheck } from './queue/check.ts';
import type { QueueDropOptions } from './queue/drop.ts';
import type { Report, ScenarioConfig } from '../engine/index.ts';

export { createThreadPool, defaultWorkers, runOnThreads, spawnNodeWorker } from './threads.ts';
export type { QueueDeleteOptions, QueueDropOptions, QueueRunOptions, QueueWorker, QueueWorkerOptions, WorkerCheck };

/** Past one machine: runs on a BullMQ queue in Redis (the coordinator of `run --queue`). */
export async function runOnQueue(scenario: ScenarioConfig, options: QueueRunOptions): Promise<Report> {
  return (await import('./queue/coordinator.ts')).runOnQueue(scenario, options);
}

/** Deletes runs that runOnQueue kept (`keep`), under their leases: the CLI's, once its outputs are written. */
export async function deleteQueueRuns(scenarios: readonly ScenarioConfig[], options: QueueDeleteOptions): Promise<number> {
  return (await import('./queue/coordinator.ts')).deleteQueueRuns(scenarios, options);
}

/** `simlapse worker --drop KEY`: deletes one run from Redis, under its lease (refused while its coordinator is alive). */
export async function dropQueueRun(url: string, key: string, options?: QueueDropOptions): Promise<{ name: string }> {
  return (await import('./queue/drop.ts')).dropQueueRun(url, key, options);
}

/** `simlapse worker`: serves the jobs of queue runs. */
export async function startWorker(options: QueueWorkerOptions): Promise<QueueWorker> {
  return (await import('./queue/worker.ts')).startWorker(options);
}

/** `simlapse worker --check`. */
export async function checkWorker(urlText: string): Promise<WorkerCheck> {
  return (await import('./queue/check.ts')).checkWorker(urlText);
}

export { QueueError } from './queue/error.ts';
/** The engine hash that keys runs and jobs, and the worker threads' code it describes (fixed together, once per process). */
export { engineCode, engineHash } from './engine-code.ts';
export type { EngineCode, EngineHash } from './engine-code.ts';
export { parseRedisUrl, redactRedisUrl, scrub, RedisUrlError } from './queue/url.ts';
export type { RedisUrl } from './queue/url.ts';
/** The prebuilt bundles (npm run build: cli/build.ts): where they are read from and how the worker's is built. */
export { ENGINE_HASH_FILE, esbuild, PREBUILT_DIR, WORKER_BUILD, WORKER_BUNDLE, WORKER_ENTRY } from './prebuilt.ts';
