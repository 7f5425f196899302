/** A pool run's bookkeeping: its jobs handed out one by one and cut into parts as they go, and what a worker's loaded scenario is known by. */
import type { ArmConfig, ScenarioConfig } from '../config.ts';
import type { Report } from '../report.ts';
import type { RunSession } from '../session.ts';
import type { PoolRunOptions } from './types.ts';
import { jobParts, type Job } from '../jobs.ts';
import { mergeParts } from '../parts.ts';
import { layout } from '../layout.ts';
import type { Sampler } from './sampler.ts';

/** One job or part on its way to a worker. */
export interface Task {
  run: PoolRun;
  job: Job;
  attempt: number;
  cardDays: number;
  /** A batch of the sampled first replication (sampler.ts): its result goes to the sampler. */
  batch?: true;
  /** A pilot unit of the sampled run in every arm (sampler.ts; `job` is the first arm's): run with the worker's `units`, the result goes to the sampler. */
  units?: Job[];
}

/** A run queued on or running on a pool. */
export interface PoolRun {
  scenario: ScenarioConfig;
  key: string;
  session: RunSession;
  options: PoolRunOptions;
  /** The run's jobs in plan order; `next`: the first not yet handed out (cut into its parts as it is). */
  jobs: Job[];
  next: number;
  /** Tasks waiting for a worker before the next job: retries first, then the parts of the last job cut. */
  waiting: Task[];
  /** The first replication run batch by batch in a random order (PoolRunOptions.sample), handed out before `jobs`; null when not sampled. */
  sampler: Sampler | null;
  /** Block results still waiting for parts, by `arm.replication.block`. */
  parts: Map<string, { job: Job; results: Float64Array[]; left: number }>;
  /** Tasks handed to a worker and not yet accepted. */
  busy: number;
  done: boolean;
  resolve(report: Report): void;
  reject(err: unknown): void;
  onAbort(): void;
}

export function hasTasks(run: PoolRun): boolean {
  return run.waiting.length > 0 || run.sampler?.hasNext() === true || run.next < run.jobs.length;
}

/** The run's next task: a retry, a part of the job cut last, or the next job (cut into its parts here, so that a long plan is not copied into tasks up front). */
export function nextTask(run: PoolRun): Task {
  if (run.waiting.length === 0 && run.sampler?.hasNext()) {
    const models = run.session.models, units = run.sampler.takeUnits();
    if (units) return { run, job: units[0], units, attempt: 1, cardDays: units.reduce((x, j) => x + (j.end - j.start) * models[j.arm].days, 0) };
    const job = run.sampler.take();
    return { run, job, attempt: 1, cardDays: (job.end - job.start) * run.session.models[job.arm].days, batch: true };
  }
  if (run.waiting.length === 0) {
    const job = run.jobs[run.next++];
    const models = run.session.models;
    const parts = jobParts(run.scenario, models[job.arm], job);
    if (parts.length > 1) run.parts.set(blockKey(job), { job, results: [], left: parts.length });
    for (const p of parts) run.waiting.push({ run, job: p, attempt: 1, cardDays: (p.end - p.start) * models[p.arm].days });
  }
  return run.waiting.shift()!;
}

/** A task's result: a whole block goes to the session; a part waits for its block's other parts, then they go merged in part order. */
export function deliver(task: Task, result: Float64Array): void {
  const { run, job } = task;
  if (task.units) {
    run.sampler!.deliverUnits(task.units, result);
    return;
  }
  if (task.batch) {
    run.sampler!.deliver(job, result);
    return;
  }
  if (job.part === undefined) {
    run.session.accept(job, result);
    return;
  }
  const block = run.parts.get(blockKey(job))!;
  block.results[job.part] = result;
  if (--block.left === 0) {
    run.parts.delete(blockKey(job));
    run.session.accept(block.job, mergeParts(block.results, layout(run.session.models[job.arm].months).length));
  }
}

function blockKey(job: Job): string {
  return `${job.arm}.${job.replication}.${job.block}`;
}

/**
 * What a worker's loaded scenario is known by: the identity of the scenario's `arms` (what a
 * worker compiles), and everything else its jobs read (jobs.ts streamSeed and partsOf): the seed,
 * the common-random-numbers and stratify switches and the block size. An experiment's batches
 * (`{ ...scenario, replications }`) share it; a changed scenario is a new object, so mutating
 * `arms` between runs of a pool is not supported.
 */
export function loadKey(scenario: ScenarioConfig): string {
  let id = armIds.get(scenario.arms);
  if (id === undefined) armIds.set(scenario.arms, (id = ++lastArmId));
  return `${id}|${scenario.seed}|${scenario.commonRandomNumbers !== false}|${scenario.stratify !== false}|${scenario.blockSize}`;
}
const armIds = new WeakMap<ArmConfig[], number>();
let lastArmId = 0;
