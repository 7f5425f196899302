import { runExperiment, runnable, type ExperimentConfig, type Runner, type SampledRun } from '../engine/index.ts';
import type { Progress } from './progress.ts';
import type { Shown } from './shown.ts';
import { pagePool } from './workers.ts';
import { mark } from './marks.ts';

export interface RunHooks {
  /** Called with true as a run starts and with false once no run is under way (none pending either). */
  onRunning(on: boolean): void;
  /** A report to show: partial ones while the main run streams in, the main run's while the sensitivity runs go, the final one. */
  onReport(shown: Shown): void;
}

/**
 * The runner every run the page starts goes through (main run, precision batches, sensitivity
 * variants): the one place to swap in another pool of workers.
 */
export function pageRunner(workers: number, sample?: SampledRun): Runner {
  // The page's warm pool (viz/workers.ts): its Web Workers stay alive between runs, so a knob's
  // re-run starts no worker and loads no engine; `workers` resizes it. With `sample`, the first
  // run's first replication goes batch by batch in a random order, for provisional answers.
  let first = true;
  return (s, o) => {
    const options = { ...o, workers, ...(first && sample && { sample }) };
    first = false;
    return pagePool().run(s, options);
  };
}

/**
 * Runs a scenario's experiment in the page with the engine's runExperiment (as the CLI does) on
 * `pageRunner`, one run at a time: a new request supersedes the run under way (it is aborted and
 * its partial results are not reported as cancelled) and only the latest request runs. Owns the
 * progress bar while a run goes, and the run's outcome as tests read it:
 * `document.body.dataset.runState` and `window.__simlapseReport`.
 */
export class RunController {
  private controller: AbortController | null = null;
  private superseded = false;
  private pending: { scenario: ExperimentConfig; workers: number } | null = null;
  private draining: Promise<void> | null = null;

  constructor(private readonly progress: Progress, private readonly hooks: RunHooks) {}

  get running(): boolean {
    return this.draining !== null;
  }

  /** Stops the run under way and drops any pending one; `quietly` (something else replaces the results) leaves the progress bar and the run state as they are. */
  cancel(quietly = false): void {
    this.pending = null;
    if (quietly && this.controller) this.superseded = true;
    this.controller?.abort(new DOMException('Cancelled', 'AbortError'));
  }

  /** Runs this scenario: now if nothing runs, else as soon as the run under way has stopped (it is aborted). */
  run(scenario: ExperimentConfig, workers: number): Promise<void> {
    this.pending = { scenario, workers };
    document.body.dataset.runState = 'running';
    if (this.controller) {
      this.superseded = true;
      this.controller.abort(new DOMException('Superseded by a newer run', 'AbortError'));
    }
    this.draining ??= this.drain();
    return this.draining;
  }

  private async drain(): Promise<void> {
    this.hooks.onRunning(true);
    try {
      while (this.pending) {
        const { scenario, workers } = this.pending;
        this.pending = null;
        await this.once(scenario, workers);
      }
    } finally {
      this.draining = null;
      this.hooks.onRunning(false);
    }
  }

  private async once(scenario: ExperimentConfig, workers: number): Promise<void> {
    const controller = (this.controller = new AbortController());
    this.superseded = false;
    const { progress, hooks } = this;
    document.body.dataset.runState = 'running';
    progress.start(workers);
    mark('run');
    let results = 0;
    const live = () => !controller.signal.aborted;
    const source = `run in this page on ${workers} worker${workers === 1 ? '' : 's'}`;
    // The main run's report of an experiment with sensitivity runs, shown while they go (set in onMain).
    const shownMain: { it: Shown | null } = { it: null };
    try {
      // The scenario the reports come from (without its sensitivity cases), for tracing a card.
      const main = runnable(scenario);
      const variants = 2 * (scenario.sensitivity?.length ?? 0);
      // The first answer: estimates from a random sample of the first replication's batches,
      // visibly provisional, until that replication is complete (engine/sample.ts).
      const sample: SampledRun = {
        onSample: ({ report: r, units, pilot, cards, of }) => {
          mark('sample');
          const what = `${units} random ${pilot ? 'windows' : 'batches'} of the first replication`;
          if (live()) hooks.onReport({ report: r, partial: true, source: `provisional estimate from ${what}`, scenario: main, sample: { cards, of, units } });
        },
      };
      const report = await runExperiment(scenario, pageRunner(workers, sample), {
        signal: controller.signal,
        onPhase: (phase) => {
          if (phase.kind === 'sensitivity') progress.label(`sensitivity ${phase.variant} of ${phase.variants}: ${phase.label}`);
        },
        // One bar over the main run and every variant run, each as long as the main run.
        onProgress: (p, phase) => {
          if (results++ === 0) mark('first-result');
          mark('result');
          const k = phase.kind === 'sensitivity' ? phase.variant : 0;
          if (live()) progress.update({ done: k * p.total + p.done, total: p.total * (1 + variants) });
        },
        onPartial: (r) => {
          mark('partial');
          if (live()) hooks.onReport({ report: r, partial: true, source: 'running', scenario: main });
        },
        onMain: (r) => {
          if (scenario.sensitivity && live()) hooks.onReport((shownMain.it = { report: r, partial: false, source: `${source}; sensitivity: running ${variants} variant runs…`, scenario: main }));
        },
      });
      if (scenario.sensitivity) progress.label('');
      window.__simlapseReport = report;
      hooks.onReport({ report, partial: false, source, scenario: main });
      progress.finish('done');
      document.body.dataset.runState = 'done';
    } catch (err) {
      if (controller.signal.aborted && this.superseded) {
        // A newer request replaces this run: it starts next and owns the progress bar and the state.
      } else if (controller.signal.aborted) {
        progress.finish('cancelled');
        document.body.dataset.runState = 'cancelled';
      } else {
        progress.finish('error', err instanceof Error ? err.message : String(err));
        document.body.dataset.runState = 'error';
      }
      // The main run's report stays on show without the sensitivity that did not finish, marked so and not saved.
      if (shownMain.it && !this.superseded) {
        const why = controller.signal.aborted ? 'cancelled' : 'failed';
        hooks.onReport({ ...shownMain.it, incomplete: true, source: `${source}; sensitivity ${why}: the main run only, not saved` });
      }
    } finally {
      this.controller = null;
    }
  }
}

