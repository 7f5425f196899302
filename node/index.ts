/**
 * node/: the Node-only runners, outside the pure engine. worker_threads (`runOnThreads`) and,
 * past one machine, a BullMQ queue in Redis (`runOnQueue`, `startWorker`). The engine itself
 * is in engine/index.ts.
 */
export { defaultWorkers, runOnThreads, spawnNodeWorker } from './threads.ts';
/** Past one machine: runs on a BullMQ queue in Redis (coordinator and `simlapse worker`). */
export { runOnQueue } from './queue/coordinator.ts';
export type { QueueRunOptions } from './queue/coordinator.ts';
export { startWorker } from './queue/worker.ts';
export type { QueueWorker, QueueWorkerOptions } from './queue/worker.ts';
export { QueueError } from './queue/connect.ts';
/** `simlapse worker --check`, and the engine hash that keys runs and jobs. */
export { checkWorker } from './queue/check.ts';
export type { WorkerCheck } from './queue/check.ts';
export { engineHash } from './queue/engine-hash.ts';
export type { EngineHash } from './queue/engine-hash.ts';
export { parseRedisUrl, redactRedisUrl, scrub, RedisUrlError } from './queue/url.ts';
export type { RedisUrl } from './queue/url.ts';
