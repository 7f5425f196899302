/** Where `simlapse run` sends its jobs: the queue, this thread or a pool of worker threads. */
import { runScenario, type Runner } from '../engine/index.ts';
import { createThreadPool, defaultWorkers } from '../node/index.ts';
import { QueuedRuns } from './queue.ts';
import type { RunCommandOptions } from './run-options.ts';

export interface LocalRunner {
  run: Runner;
  close(): void;
  /** With --queue: the runs kept in Redis until the outputs are written. */
  queued?: QueuedRuns;
}

/**
 * Where the jobs run: the queue, this thread (--workers 0) or worker threads: one pool per
 * process, started here (its threads load while the run is set up) and kept warm across the
 * experiment's runs (the main run, --precision batches, sensitivity runs).
 */
export function runnerFor(options: RunCommandOptions): LocalRunner {
  if (options.queue !== undefined) {
    const queued = new QueuedRuns(options.queue);
    return { run: queued.run, close() {}, queued };
  }
  const workers = options.workers ?? defaultWorkers();
  if (workers === 0) return { run: runScenario, close() {} };
  const pool = createThreadPool({ size: workers });
  return { run: (s, o) => pool.run(s, o), close: () => pool.close() };
}
