/** What startWorker takes and gives (worker.ts): the queue's URL, its threads, locks and claims, and the hooks for logs and tests. */
import type { ScenarioConfig } from '../../engine/index.ts';
import type { QueueJobData } from './store.ts';

/**
 * The longest of lockDurationMs, stalledIntervalMs and claimTtlMs, 2³¹ − 1 ms (24.8 days): the
 * longest a Node timer waits. A longer one fires after 1 ms with a warning, so a worker given one
 * checked Redis about a thousand times a second (a CLI hunt); startWorker refuses it.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export interface QueueWorkerOptions {
  /** Redis URL: `redis://[user[:password]@]host[:port][/db]`, `rediss://…` for TLS. */
  url: string;
  /** Jobs run at once, each on its own worker thread. [default: the available cores] */
  concurrency?: number;
  /** How long a job's lock lasts without renewal before the job counts as stalled and is handed to another worker. [default: 30000 ms] */
  lockDurationMs?: number;
  /** How often this worker looks for stalled jobs of any worker and puts them back in the queue. [default: 30000 ms] */
  stalledIntervalMs?: number;
  /** Times a job may stall (its worker die) before it fails. [default: 2] */
  maxStalledCount?: number;
  /**
   * How long a job's claim lasts without renewal (claim.ts): a job handed on after its lock
   * lapsed is not computed again while its first worker holds the claim, up to this long after
   * that worker falls silent (a worker whose connection is gone loses it at once). [default: 4 × lockDurationMs, at most MAX_TIMER_MS]
   */
  claimTtlMs?: number;
  /** How often a second execution of a claimed job checks for the result. [default: 1000 ms, at most claimTtlMs ÷ 4] */
  claimPollMs?: number;
  /** How long this worker takes no jobs after refusing one planned by another engine. [default: 10000 ms] */
  refuseBackoffMs?: number;
  /** Lines for the person running it (connection trouble, failed or refused jobs); never holds the password. */
  log?: (line: string) => void;
  /** Step-by-step lines for diagnosing a job that hangs (taken, claimed, computed, stored); never holds the password. [default: none; the CLI's SIMLAPSE_DEBUG=queue] */
  trace?: (line: string) => void;
  /** Called after each job this worker computed, with the wall time it took. */
  onJob?: (job: QueueJobData, ms: number) => void;
  /** Computes a job instead of a worker thread (tests inject faults with it). [default: the worker threads of `run --workers`] */
  compute?: (scenario: ScenarioConfig, job: QueueJobData) => Promise<Float64Array>;
}

export interface QueueWorker {
  /** This worker's name in Redis, claims and messages: `host:pid:tag`. */
  readonly id: string;
  /** EngineHash.id of the code this worker computes with. */
  readonly engine: string;
  /** Stops taking jobs; waits for the jobs in hand unless `force`, then releases threads and connections. */
  close(force?: boolean): Promise<void>;
}
