/** The engine's Node entry: the worker_threads runner. Everything else is in engine/index.ts. */
export { defaultWorkers, runOnThreads, spawnNodeWorker } from './parallel/node.ts';
/** Past one machine: runs on a BullMQ queue in Redis (coordinator and `simlapse worker`). */
export { runOnQueue } from './queue/coordinator.ts';
export type { QueueRunOptions } from './queue/coordinator.ts';
export { startWorker } from './queue/worker.ts';
export type { QueueWorker, QueueWorkerOptions } from './queue/worker.ts';
export { QueueError } from './queue/connect.ts';
export { parseRedisUrl, redactRedisUrl, scrub, RedisUrlError } from './queue/url.ts';
export type { RedisUrl } from './queue/url.ts';
