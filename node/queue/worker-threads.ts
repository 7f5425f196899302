/** The worker threads of `simlapse worker` (worker.ts): the comlink worker module of local runs, each holding one loaded scenario. */
import { guard, stopperOf, type ScenarioConfig, type WorkerHandle } from '../../engine/index.ts';
import { spawnNodeWorker } from '../threads.ts';
import type { QueueJobData } from './store.ts';

/** Up to `size` worker threads, each holding one loaded scenario; one job per thread at a time. */
export class Threads {
  private readonly free: Array<{ handle: WorkerHandle; key: string | null }> = [];
  private readonly all = new Set<WorkerHandle>();

  constructor(private readonly size: number) {}

  async run(key: string, scenario: ScenarioConfig, job: QueueJobData): Promise<Float64Array> {
    let slot = this.free.pop();
    if (!slot) {
      if (this.all.size >= this.size) throw new Error('more jobs at once than threads');
      slot = { handle: spawnNodeWorker(), key: null };
      this.all.add(slot.handle);
    }
    try {
      if (slot.key !== key) {
        await guard(slot.handle.api.load(scenario), stopperOf(slot.handle.dead));
        slot.key = key;
      }
      // Not Promise.race with `dead`: it would keep every result this long-lived thread returns (engine/parallel/guard.ts).
      const result = await guard(slot.handle.api.run(job), stopperOf(slot.handle.dead));
      this.free.push(slot);
      return result;
    } catch (err) {
      // A thread that died or threw is not reused.
      slot.handle.terminate();
      this.all.delete(slot.handle);
      throw err;
    }
  }

  terminate(): void {
    for (const handle of this.all) handle.terminate();
    this.all.clear();
    this.free.length = 0;
  }
}
