import { runExperiment, runnable, runParallel, type ExperimentConfig, type Runner } from '../engine/index.ts';
import type { Progress } from './progress.ts';
import type { Shown } from './shown.ts';
import { spawnBrowserWorker } from './workers.ts';

export interface RunHooks {
  /** Called with true as a run starts and with false once it has ended (the run is no longer under way). */
  onRunning(on: boolean): void;
  /** A report to show: partial ones while the main run streams in, the main run's while the sensitivity runs go, the final one. */
  onReport(shown: Shown): void;
}

/**
 * Runs a scenario's experiment in the page, one run at a time, with the engine's runExperiment
 * (as the CLI does) on a pool of Web Workers. Owns the run under way, the progress bar while it
 * goes, and the run's outcome as tests read it: `document.body.dataset.runState` and
 * `window.__simlapseReport`.
 */
export class RunController {
  private controller: AbortController | null = null;

  constructor(private readonly progress: Progress, private readonly hooks: RunHooks) {}

  get running(): boolean {
    return this.controller !== null;
  }

  cancel(): void {
    this.controller?.abort(new DOMException('Cancelled', 'AbortError'));
  }

  async run(scenario: ExperimentConfig, workers: number): Promise<void> {
    if (this.controller) return;
    const controller = (this.controller = new AbortController());
    const { progress, hooks } = this;
    hooks.onRunning(true);
    document.body.dataset.runState = 'running';
    progress.start(workers);
    try {
      // The scenario the reports come from (without its sensitivity cases), for tracing a card.
      const main = runnable(scenario);
      const variants = 2 * (scenario.sensitivity?.length ?? 0);
      const source = `run in this page on ${workers} worker${workers === 1 ? '' : 's'}`;
      const runner: Runner = (s, o) => runParallel(s, { ...o, workers, spawn: spawnBrowserWorker });
      const report = await runExperiment(scenario, runner, {
        signal: controller.signal,
        onPhase: (phase) => {
          if (phase.kind === 'sensitivity') progress.label(`sensitivity ${phase.variant} of ${phase.variants}: ${phase.label}`);
        },
        // One bar over the main run and every variant run, each as long as the main run.
        onProgress: (p, phase) => {
          const k = phase.kind === 'sensitivity' ? phase.variant : 0;
          progress.update({ done: k * p.total + p.done, total: p.total * (1 + variants) });
        },
        onPartial: (r) => hooks.onReport({ report: r, partial: true, source: 'running', scenario: main }),
        onMain: (r) => {
          if (scenario.sensitivity) hooks.onReport({ report: r, partial: false, source: `${source}; sensitivity: running ${variants} variant runs…`, scenario: main });
        },
      });
      if (scenario.sensitivity) progress.label('');
      window.__simlapseReport = report;
      hooks.onReport({ report, partial: false, source, scenario: main });
      progress.finish('done');
      document.body.dataset.runState = 'done';
    } catch (err) {
      if (controller.signal.aborted) {
        progress.finish('cancelled');
        document.body.dataset.runState = 'cancelled';
      } else {
        progress.finish('error', err instanceof Error ? err.message : String(err));
        document.body.dataset.runState = 'error';
      }
    } finally {
      this.controller = null;
      hooks.onRunning(false);
    }
  }
}
