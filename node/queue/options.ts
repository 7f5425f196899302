/** What runOnQueue takes (coordinator.ts): the local runs' options, plus where the queue is and how the coordinator drives it. */
import type { RunOptions } from '../../engine/index.ts';

export interface QueueRunOptions extends RunOptions {
  /** Redis URL: `redis://[user[:password]@]host[:port][/db]`, `rediss://…` for TLS. */
  url: string;
  /** Attempts per job (each error thrown counts one; stalls are counted apart, by the workers' maxStalledCount) before the run fails. [default: 3] */
  attempts?: number;
  /** Delay before a failed job's first retry, doubled at each retry. [default: 1000 ms] */
  backoffMs?: number;
  /**
   * How often the coordinator checkpoints its merged totals (and deletes the block results they
   * hold), refreshes the run's TTL, and checks stored results, failures and refusals it may
   * have missed events for. [default: 2000 ms]
   */
  pollMs?: number;
  /** After this long with no job completed, the coordinator reports the stall (again each time as long). [default: 60000 ms] */
  stallMs?: number;
  /** How long the run's lease outlives its coordinator's last renewal; renewed 4 times as often. [default: 10000 ms] */
  leaseMs?: number;
  /** Jobs in the queue ahead of the results merged: the rest are added as results come. [default: 10000] */
  enqueueAhead?: number;
  /**
   * Keep the run in Redis after the report is built (its merged totals: they expire after 3 days),
   * so that the same call gives the report again without computing a job; deleteQueueRuns deletes
   * it once the caller is done with it (the CLI: once its outputs are written). [default: false: deleted]
   */
  keep?: boolean;
  /** Lines for the person running it (resume, refusals, stalls, connection trouble); never holds the password. */
  log?: (line: string) => void;
  /** Step-by-step lines for diagnosing a run that hangs (connected, lease, jobs added, each poll, closing); never holds the password. [default: none; the CLI's SIMLAPSE_DEBUG=queue] */
  trace?: (line: string) => void;
}
