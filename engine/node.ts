/** The engine's Node entry: the worker_threads runner. Everything else is in engine/index.ts. */
export { defaultWorkers, runOnThreads, spawnNodeWorker } from './parallel/node.ts';
