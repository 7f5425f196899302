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
export { parseRedisUrl, redactRedisUrl, scrub, RedisUrlError } from './queue/url.ts';
export type { RedisUrl } from './queue/url.ts';
