/** A pool's runs on its workers: the queue of runs, each task handed to a free worker, its result or its failure (retried), and a run's end (finished, failed or cancelled). */
import type { Report } from '../report.ts';
import type { PoolOptions } from './types.ts';
import { JobError } from './errors.ts';
import { deliver, hasTasks, nextTask, type PoolRun, type Task } from './tasks.ts';
import { guard, stopperOf } from './guard.ts';
import { WorkerSlots, type Slot } from './slots.ts';

/** The scheduling of a Pool (pool.ts) over its workers (WorkerSlots, slots.ts); runs are queued by Pool.submit. */
export abstract class Scheduler extends WorkerSlots {
  protected readonly runs: PoolRun[] = [];
  /** Card-days per ms one worker runs (EWMA over finished jobs), 0 until one finished. */
  private rate = 0;
  private readonly attempts: number;

  constructor(options: PoolOptions, private readonly oneShot: boolean) {
    super(options);
    this.attempts = options.attempts ?? 2;
  }

  /** The run at the head of the queue starts: resized to its `workers`, finished at once when it has no jobs. */
  protected begin(): void {
    const run = this.runs[0];
    if (!run) return;
    // Asked before the resize, which hands out tasks itself: a run whose jobs all went to the
    // workers it started then had none left and was finished, all zero, before any job was run
    // (the page's hand-check.yaml on 2 workers; a page hunt).
    const empty = !hasTasks(run);
    if (run.options.workers !== undefined) this.resize(run.options.workers);
    if (empty) this.finish(run);
    else this.dispatch();
  }

  /** Hands the next tasks of the current run to free workers; starts workers up to the size while it has tasks. */
  protected override dispatch(): void {
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
      // The scenario never reached the worker: this thread's structured cloning refused it (a function in
      // it). Not the job's fault nor the worker's, and every attempt would fail alike: the run ends at once.
      if ((err as Error | null)?.name === 'DataCloneError') this.end(run, new TypeError('the scenario holds a value a worker cannot receive (a function, or another value structured cloning refuses): pass plain data, as loadScenario returns it (an experiment: runnable(scenario))'));
      else if (task.attempt >= this.attempts) this.end(run, new JobError(task.job, run.scenario.arms[task.job.arm].name, err));
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
  protected end(run: PoolRun, err: unknown): void {
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

  /** A worker that cannot even be created fails the run at the head of the queue; with none, `fill`'s caller gets the error. */
  protected override startFailed(err: unknown): void {
    const run = this.runs[0];
    if (!run) throw err;
    this.end(run, err);
  }
}
