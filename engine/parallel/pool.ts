import type { ArmConfig, ScenarioConfig } from '../config.ts';
import type { Report } from '../report.ts';
import type { Job } from '../jobs.ts';
import type { PoolOptions, PoolRunOptions, WorkerHandle, WorkerPool } from './types.ts';
import { compileArm, type Model } from '../model.ts';
import { abortReason, startRun, type RunSession } from '../session.ts';
import { JobError, PoolClosedError } from './errors.ts';
import { deliver, hasTasks, loadKey, nextTask, type PoolRun, type Task } from './tasks.ts';
import { guard, stopperOf } from './guard.ts';
import { Sampler } from './sampler.ts';

export type { PoolOptions, PoolRunOptions, WorkerHandle, WorkerPool } from './types.ts';

/**
 * A pool of pre-warmed workers, reused across runs. Workers start (and load their code) when the
 * pool is created or grown, not per run; a worker keeps the last scenario it loaded, so a re-run
 * of the same scenario (the same `arms` object, seed, block size and switches, tasks.ts loadKey:
 * an experiment's batches too) skips `load`. Jobs go to whichever worker is free, in plan order; the tail blocks' parts
 * (engine/parts.ts) are merged into their block before it is accepted, so the report's bytes do
 * not depend on the pool's size or on the order jobs finish in.
 *
 * A worker that dies or throws is replaced and its job retried (`attempts`). Cancelling a run
 * (its `signal`) rejects it at once; the workers busy with its jobs are stopped and replaced in
 * the background only when their job would take longer to finish than a new worker takes to
 * start, else they finish it (the result is dropped) and stay warm.
 */
export function createWorkerPool(options: PoolOptions): WorkerPool {
  return new Pool(options);
}

interface Slot {
  handle: WorkerHandle;
  /** Resolves once the worker answered `ping` (rejects never). */
  warm: Promise<void>;
  /** Key of the scenario the worker holds (loadKey). */
  loaded: string | null;
  task: Task | null;
  /** performance.now() when the task was handed over. */
  since: number;
  /** Stops once its task ends (the pool shrank). */
  retiring: boolean;
  /** Terminated or dead: no longer in the pool; late answers are ignored. */
  gone: boolean;
}

/** A worker's start (spawn to `ping`) in ms, until one is measured. */
const DEFAULT_START_MS = 100;

export class Pool implements WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly runs: PoolRun[] = [];
  private target: number;
  private closed = false;
  private count = 0;
  private startMs = DEFAULT_START_MS;
  /** Card-days per ms one worker runs (EWMA over finished jobs), 0 until one finished. */
  private rate = 0;
  private readonly attempts: number;

  /** `oneShot`: runParallel's pool, closed after its one run (no replacement started for a cancelled run's workers). */
  constructor(private readonly options: PoolOptions, private readonly oneShot = false) {
    this.target = checkSize(options.size ?? 1);
    this.attempts = options.attempts ?? 2;
    this.fill();
  }

  get size(): number {
    return this.target;
  }

  get spawned(): number {
    return this.count;
  }

  ready(): Promise<void> {
    return Promise.all(this.slots.map((s) => s.warm)).then(() => {});
  }

  run(scenario: ScenarioConfig, options: PoolRunOptions = {}): Promise<Report> {
    try {
      const session = startRun(scenario, options, this.compiled(scenario));
      return this.submit(scenario, session, session.begin(), options);
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The scenario's arms compiled, kept for the last `arms` object run (a re-run, an experiment's batches). */
  private compiled(scenario: ScenarioConfig): Model[] {
    if (this.models?.arms !== scenario.arms) this.models = { arms: scenario.arms, models: scenario.arms.map(compileArm) };
    return this.models.models;
  }
  private models: { arms: ArmConfig[]; models: Model[] } | null = null;

  /** Queues a run of `jobs` (from `session.begin()`): runParallel plans them itself to size its one-shot pool. */
  submit(scenario: ScenarioConfig, session: RunSession, jobs: Job[], options: PoolRunOptions): Promise<Report> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    const w = options.workers;
    if (w !== undefined && !(Number.isInteger(w) && w >= 1)) return Promise.reject(new RangeError(`invalid workers ${w}: expected a whole number ≥ 1`));
    const signal = options.signal;
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    let sampler: Sampler | null = null;
    if (options.sample) {
      try {
        const s = Sampler.create(scenario, session, jobs, options.sample, w ?? Math.max(1, this.target));
        if (s) ({ sampler, rest: jobs } = s);
      } catch (err) {
        return Promise.reject(err);
      }
    }
    return new Promise<Report>((resolve, reject) => {
      const run: PoolRun = {
        scenario, key: loadKey(scenario), session, options, jobs, sampler, next: 0, waiting: [], parts: new Map(), busy: 0, done: false, resolve, reject,
        onAbort: () => this.end(run, abortReason(signal!)),
      };
      signal?.addEventListener('abort', run.onAbort, { once: true });
      this.runs.push(run);
      if (this.runs.length === 1) this.begin();
    });
  }

  resize(size: number): void {
    this.target = checkSize(size);
    if (this.closed) return;
    for (const s of this.slots) if (s.retiring && this.active() < size) s.retiring = false;
    this.fill();
    for (let k = this.slots.length - 1; k >= 0 && this.active() > size; k--) {
      const s = this.slots[k];
      if (s.retiring) continue;
      if (s.task === null) this.stop(s);
      else s.retiring = true;
    }
    this.dispatch();
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const s of [...this.slots]) this.stop(s);
    for (const run of [...this.runs]) this.end(run, new PoolClosedError());
  }

  /** The run at the head of the queue starts: resized to its `workers`, finished at once when it has no jobs. */
  private begin(): void {
    const run = this.runs[0];
    if (!run) return;
    if (run.options.workers !== undefined) this.resize(run.options.workers);
    if (!hasTasks(run)) this.finish(run);
    else this.dispatch();
  }

  /** Hands the next tasks of the current run to free workers; starts workers up to the size while it has tasks. */
  private dispatch(): void {
    const run = this.runs[0];
    if (!run || this.closed) return;
    if (!hasTasks(run)) return;
    this.fill(1);
    for (const s of [...this.slots]) {
      if (run.done || !hasTasks(run)) return;
      if (s.task === null && !s.retiring && !s.gone) this.assign(s, nextTask(run));
    }
  }

  private async assign(slot: Slot, task: Task): Promise<void> {
    slot.task = task;
    task.run.busy++;
    slot.since = performance.now();
    const { handle } = slot;
    let result: Float64Array;
    try {
      // The job goes right behind the load, not after its answer (the worker takes messages in
      // order): the worker need not wait for this thread, busy drawing, between the two. A
      // failed load fails the task before the job's result is read.
      let loading: Promise<void> | null = null;
      if (slot.loaded !== task.run.key) {
        slot.loaded = null;
        loading = guard(handle.api.load(task.run.scenario), stopperOf(handle.dead));
      }
      // Not Promise.race with `dead`: a warm worker's reactions would keep every result it returned (guard.ts).
      const running = guard(task.units ? handle.api.units(task.units) : handle.api.run(task.job), stopperOf(handle.dead));
      if (loading) {
        running.catch(() => {});
        await loading;
        slot.loaded = task.run.key;
      }
      result = await running;
    } catch (err) {
      this.failed(slot, task, err);
      return;
    }
    this.succeeded(slot, task, result);
  }

  private succeeded(slot: Slot, task: Task, result: Float64Array): void {
    if (slot.gone) return;
    slot.task = null;
    const ms = performance.now() - slot.since;
    if (ms > 0) this.rate = this.rate === 0 ? task.cardDays / ms : 0.8 * this.rate + 0.2 * (task.cardDays / ms);
    task.run.busy--;
    if (slot.retiring) this.stop(slot);
    // The worker gets its next job before the result is delivered: a delivery may summarize and
    // draw on this thread (the page's provisional answers), and the worker would sit idle meanwhile.
    this.dispatch();
    if (!task.run.done) this.accept(task, result);
    this.dispatch();
  }

  private failed(slot: Slot, task: Task, err: unknown): void {
    if (slot.gone) return;
    slot.task = null;
    this.stop(slot);
    const { run } = task;
    run.busy--;
    if (!run.done) {
      if (task.attempt >= this.attempts) this.end(run, new JobError(task.job, run.scenario.arms[task.job.arm].name, err));
      else run.waiting.unshift({ ...task, attempt: task.attempt + 1 });
    }
    this.dispatch();
  }

  private accept(task: Task, result: Float64Array): void {
    const { run } = task;
    try {
      deliver(task, result);
    } catch (err) {
      this.end(run, err); // a callback (onProgress, onPartial) threw
      return;
    }
    if (!run.done && run.busy === 0 && !hasTasks(run)) this.finish(run);
  }

  private finish(run: PoolRun): void {
    let report: Report;
    try {
      report = run.session.report();
    } catch (err) {
      this.end(run, err);
      return;
    }
    this.settle(run);
    run.resolve(report);
  }

  /** Ends a run that failed or was cancelled: rejects it, and frees the workers busy with its jobs. */
  private end(run: PoolRun, err: unknown): void {
    if (run.done) return;
    this.settle(run);
    run.reject(err);
    for (const s of [...this.slots]) {
      const task = s.task;
      if (task?.run !== run) continue;
      // Finish the job (result dropped) when that is quicker than starting a new worker.
      const left = this.rate > 0 ? task.cardDays / this.rate - (performance.now() - s.since) : Infinity;
      if (left > this.startMs) {
        this.stop(s);
        if (!this.oneShot) this.fill();
      }
    }
  }

  /** Marks a run done and takes it off the queue; the next run starts. */
  private settle(run: PoolRun): void {
    run.done = true;
    run.options.signal?.removeEventListener('abort', run.onAbort);
    const k = this.runs.indexOf(run);
    if (k >= 0) this.runs.splice(k, 1);
    if (k === 0 && !this.closed) queueMicrotask(() => this.begin());
  }

  /** Workers not retiring. */
  private active(): number {
    let n = 0;
    for (const s of this.slots) if (!s.retiring) n++;
    return n;
  }

  /** Starts workers up to the size (at least `least`: a pool of size 0 starts one for a run). */
  private fill(least = 0): void {
    while (!this.closed && this.active() < Math.max(this.target, least)) {
      try {
        this.start();
      } catch (err) {
        // A worker that cannot even be created (no Worker in this page, a missing bundle) fails the run that needs it.
        const run = this.runs[0];
        if (!run) throw err;
        this.end(run, err);
        return;
      }
    }
  }

  private start(): void {
    const t0 = performance.now();
    const handle = this.options.spawn();
    this.count++;
    const slot: Slot = { handle, warm: Promise.resolve(), loaded: null, task: null, since: 0, retiring: false, gone: false };
    slot.warm = guard(Promise.resolve().then(() => handle.api.ping()), stopperOf(handle.dead)).then(
      () => void (this.startMs = 0.5 * this.startMs + 0.5 * (performance.now() - t0)),
      () => {},
    );
    // A worker that dies while idle leaves the pool; a run with jobs waiting starts another (dispatch).
    handle.dead.catch(() => {
      if (slot.gone || slot.task !== null) return;
      this.stop(slot);
      this.dispatch();
    });
    this.slots.push(slot);
  }

  private stop(slot: Slot): void {
    if (slot.gone) return;
    slot.gone = true;
    const k = this.slots.indexOf(slot);
    if (k >= 0) this.slots.splice(k, 1);
    slot.handle.terminate();
  }
}

function checkSize(size: number): number {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`invalid pool size ${size}: expected a whole number ≥ 0`);
  return size;
}
