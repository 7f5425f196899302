import type { Job } from '../jobs.ts';

/** A job that failed every attempt; `code` survives crossing threads, unlike the class. */
export class JobError extends Error {
  readonly code = 'E_JOB';
  constructor(readonly job: Job, armName: string, cause: unknown) {
    const part = job.part === undefined ? '' : `, part ${job.part}`;
    super(`job failed: arm "${armName}", replication ${job.replication}, block ${job.block}${part} (cards ${job.start}–${job.end - 1}): ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'JobError';
  }
}

/** What the runs of a closed pool reject with (queued ones, the one under way, later ones). */
export class PoolClosedError extends Error {
  readonly code = 'E_POOL_CLOSED';
  constructor() {
    super('the worker pool is closed');
    this.name = 'PoolClosedError';
  }
}
