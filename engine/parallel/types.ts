import type { Remote } from 'comlink';
import type { ScenarioConfig } from '../config.ts';
import type { Report } from '../report.ts';
import type { RunOptions } from '../run.ts';
import type { WorkerApi } from './api.ts';
import type { SampledRun } from './sampler.ts';

/** A live worker as the pool sees it, whatever the platform (worker_threads or Web Worker). */
export interface WorkerHandle {
  api: Remote<WorkerApi>;
  /** Rejects when the worker dies (an uncaught error, an exit, a failed load). */
  dead: Promise<never>;
  terminate(): void;
}

export interface PoolOptions {
  /** Starts one worker. */
  spawn: () => WorkerHandle;
  /** Workers started at once and kept warm between runs. [default: 1] */
  size?: number;
  /** Attempts per job before a run fails (a dead or throwing worker is replaced between attempts). [default: 2] */
  attempts?: number;
}

export interface PoolRunOptions extends RunOptions {
  /** Resizes the pool to this many workers as the run starts (the page's worker count). [default: the pool's size] */
  workers?: number;
  /**
   * Runs the first replication batch by batch in a keyed random order and calls `sample.onSample`
   * with provisional answers from the batches so far (engine/sample.ts); the report's bytes are
   * unchanged. A run whose first replication is partly in its store, or whose block size cuts a
   * batch, runs block by block (no provisional answer). [default: none: block by block]
   */
  sample?: SampledRun;
}

/**
 * Workers started once and reused across runs: `run` one scenario at a time (later calls wait
 * their turn), `resize`, `close`. See createWorkerPool.
 */
export interface WorkerPool {
  /** Runs a scenario on the pool's workers: same bytes as `runScenario`, for any pool size. */
  run(scenario: ScenarioConfig, options?: PoolRunOptions): Promise<Report>;
  /** Sets the number of workers: new ones start at once; extra idle ones stop at once, busy ones after their job. */
  resize(size: number): void;
  /** Stops every worker; runs under way or waiting reject with PoolClosedError (code `E_POOL_CLOSED`). */
  close(): void;
  /** Resolves when every current worker has loaded its code (answered `ping`). */
  ready(): Promise<void>;
  /** The number of workers asked for. */
  readonly size: number;
  /** Workers started since the pool was created, replacements included. */
  readonly spawned: number;
}
