import type { ScenarioConfig } from '../config.ts';
import type { Job } from '../jobs.ts';
import { compileArm, type Model } from '../model.ts';
import { runJob } from '../jobs.ts';
import { cardRows } from '../cards.ts';
import { runUnit } from '../sample.ts';

/**
 * What a worker exposes (over comlink), the same in worker_threads and Web
 * Workers. All logic lives in pure modules; the worker entry files only
 * expose this object.
 */
export interface WorkerApi {
  /** Answers once the worker's code is loaded: a pool awaits it to count a worker warm. */
  ping(): true;
  /** Loads a scenario and compiles its arms once; later jobs refer to it. */
  load(scenario: ScenarioConfig): void;
  /** Runs one job (a whole block, or one part of it) of the loaded scenario. The result is copied back, not transferred (see createWorkerApi). */
  run(job: Job): Float64Array;
  /** The pilot units of a sampled run (engine/sample.ts runUnit), one per job, usually one per arm of one window: their packed results concatenated in job order, copied back like `run`'s. */
  units(jobs: Job[]): Float64Array;
  /** The per-card rows of one job of the loaded scenario (engine/cards.ts), copied back like `run`'s result. */
  cards(job: Job): Float64Array;
}

/**
 * Builds the worker API. Results are copied back (structured clone), never transferred: transferring
 * a buffer detaches it, and the first detached buffer in an isolate makes V8 drop an assumption
 * (its array-buffer-detaching protector) for good, so every typed-array access of the kernel in
 * that worker then checks for a detached buffer, and its optimised code is thrown away once. A
 * result is a few kB (the layout vector and the batch vectors); copying it costs microseconds.
 */
export function createWorkerApi(): WorkerApi {
  let scenario: ScenarioConfig | null = null;
  let models: Model[] = [];
  return {
    ping: () => true,
    load(s) {
      // All or nothing: a load that throws (an arm the compiler refuses) leaves no scenario loaded,
      // never the new scenario beside the old one's compiled arms, and later jobs are refused.
      scenario = null;
      models = [];
      const compiled = s.arms.map(compileArm);
      scenario = s;
      models = compiled;
    },
    run(job) {
      if (scenario === null) throw new Error('no scenario loaded in this worker');
      const result = runJob(scenario, models[job.arm], job);
      return result;
    },
    units(jobs) {
      if (scenario === null) throw new Error('no scenario loaded in this worker');
      const s = scenario;
      const results = jobs.map((job) => runUnit(s, models[job.arm], job));
      const out = new Float64Array(results.reduce((n, r) => n + r.length, 0));
      let at = 0;
      for (const r of results) { out.set(r, at); at += r.length; }
      return out;
    },
    cards(job) {
      if (scenario === null) throw new Error('no scenario loaded in this worker');
      const rows = cardRows(scenario, models[job.arm], job);
      return rows;
    },
  };
}
