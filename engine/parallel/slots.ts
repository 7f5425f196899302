/** A pool's workers (its slots): started up to its size and warmed, resized, retired after their job and stopped, and how long one takes to start. */
import type { PoolOptions, WorkerHandle } from './types.ts';
import type { Task } from './tasks.ts';
import { guard, stopperOf } from './guard.ts';

export interface Slot {
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

/**
 * The worker lifecycle of a Pool (pool.ts), beneath its scheduling (schedule.ts). The subclass
 * hands tasks to the slots (`dispatch`, also called when the pool grows or an idle worker dies)
 * and says what a worker that cannot even be created fails (`startFailed`).
 */
export abstract class WorkerSlots {
  protected readonly slots: Slot[] = [];
  protected target: number;
  protected closed = false;
  private count = 0;
  protected startMs = DEFAULT_START_MS;

  constructor(private readonly options: PoolOptions) {
    this.target = checkSize(options.size ?? 1);
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

  /** Hands tasks to free workers (Scheduler, schedule.ts). */
  protected abstract dispatch(): void;

  /** A worker could not be created (`spawn` threw `err`): fails the run that needs it, else throws. */
  protected abstract startFailed(err: unknown): void;

  /** Workers not retiring. */
  private active(): number {
    let n = 0;
    for (const s of this.slots) if (!s.retiring) n++;
    return n;
  }

  /** Starts workers up to the size (at least `least`: a pool of size 0 starts one for a run). */
  protected fill(least = 0): void {
    while (!this.closed && this.active() < Math.max(this.target, least)) {
      try {
        this.start();
      } catch (err) {
        // A worker that cannot even be created (no Worker in this page, a missing bundle) fails the run that needs it.
        this.startFailed(err);
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

  protected stop(slot: Slot): void {
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
