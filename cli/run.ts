import {
  addMonths, parseDate, runnable, runScenario, runSensitivity, runToPrecision,
  type ExperimentConfig, type MetricName, type Progress, type Report, type ResultStore, type ScenarioConfig,
} from '../engine/index.ts';
import { experimentOptions, formatStopping, type ExperimentOptions } from './experiment.ts';
import { defaultWorkers, runOnThreads } from '../node/index.ts';
import { EXIT } from './errors.ts';
import { fleetSize, loadScenario } from './load.ts';
import { monthlyCsv } from './monthly.ts';
import { checkOutputDir, writeFilesAtomic } from './output.ts';
import { cardDays, millions, progressDisplay } from './progress.ts';
import { formatReport } from './report-text.ts';
import { formatExperiments } from './experiment-text.ts';
import { queueUrl, runQueued } from './queue.ts';

export interface RunCommandOptions {
  out?: string;
  json?: boolean;
  seed?: string;
  replications?: number;
  /** Worker threads; 0 runs in this thread. [default: available cores] */
  workers?: number;
  /** Redis URL: run the jobs on the queue instead of local threads. */
  queue?: string;
  /** Replicate until the watched paired difference's 95 % half-width is at most this. */
  precision?: number;
  /** With --precision: the metric watched. [default: the scenario's objective] */
  metric?: MetricName;
  /** With --precision: the arm whose difference from the baseline is watched. [default: the best other arm] */
  arm?: string;
  /** With --precision: the most replications to run. [default: 1000] */
  maxReplications?: number;
}

/**
 * `simlapse run`: load, run with progress on stderr, print tables (or the report JSON),
 * and with --out write report.json and monthly.csv atomically. Ctrl-C aborts the run and
 * nothing is written.
 */
export async function runCommand(file: string, options: RunCommandOptions): Promise<number> {
  const scenario = loadScenario(file, { seed: options.seed, replications: options.replications });
  const experiment: ExperimentOptions = experimentOptions(scenario, options);
  if (options.out !== undefined) checkOutputDir(options.out);
  if (options.queue !== undefined) queueUrl(options.queue);
  const total = plannedCardDays(scenario);
  const arms = `${scenario.arms.length} arm${scenario.arms.length === 1 ? '' : 's'}`;
  process.stderr.write(
    experiment.precision === undefined
      ? `simlapse: running "${scenario.name}": ${arms} × ${scenario.replications} replication${scenario.replications === 1 ? '' : 's'}, ${cardDays(total)}\n`
      : `simlapse: running "${scenario.name}": ${arms}, replicating until the half-width is ≤ ${experiment.precision} (at most ${experiment.maxReplications} replications)\n`,
  );

  // First Ctrl-C: stop between jobs and write nothing. Second: leave at once (nothing is written before the run ends).
  const controller = new AbortController();
  let progress = progressDisplay({ stream: process.stderr });
  const onSigint = () => {
    if (!controller.signal.aborted) return controller.abort();
    progress.stop();
    process.stderr.write('simlapse: interrupted; no output written\n');
    process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', onSigint);
  let done = 0, seconds = 0;
  const workers = options.workers ?? defaultWorkers();
  /** One run (a batch, or a sensitivity variant), with its own progress bar. */
  const runOnce = async (s: ScenarioConfig, store?: ResultStore): Promise<Report> => {
    progress = progressDisplay({ stream: process.stderr });
    try {
      const run = { onProgress: (p: Progress) => progress.update(p), signal: controller.signal, store };
      if (options.queue !== undefined) return await runQueued(s, run, options.queue);
      return workers === 0 ? await runScenario(s, run) : await runOnThreads(s, { ...run, workers });
    } finally {
      const took = progress.stop();
      done += took.done;
      seconds += took.seconds;
    }
  };
  let report: Report;
  try {
    const main = runnable(scenario);
    report = experiment.precision === undefined
      ? await runOnce(main)
      : await runToPrecision(main, {
          ...experiment,
          precision: experiment.precision,
          run: runOnce,
          onBatch: (s) => process.stderr.write(`simlapse: ${formatStopping(s, false)}\n`),
        });
    if (report.stopping) process.stderr.write(`simlapse: ${formatStopping(report.stopping, true)}\n`);
    if (scenario.sensitivity) {
      process.stderr.write(`simlapse: sensitivity: ${scenario.sensitivity.length} parameter${scenario.sensitivity.length === 1 ? '' : 's'} × low/high, ${arms} each\n`);
      report.sensitivity = await runSensitivity(scenario as ExperimentConfig, report, { run: (s) => runOnce(s) });
    }
  } finally {
    process.off('SIGINT', onSigint);
    if (!controller.signal.aborted) {
      process.stderr.write(`simlapse: ${cardDays(done)} in ${seconds.toFixed(2)} s (${millions(done / Math.max(seconds, 1e-9))} M card-days/s)\n`);
    }
  }

  const json = JSON.stringify(report, null, 2) + '\n';
  if (options.out !== undefined) {
    const paths = writeFilesAtomic(options.out, [
      { name: 'report.json', content: json },
      { name: 'monthly.csv', content: monthlyCsv(report) },
    ]);
    process.stderr.write(`simlapse: wrote ${paths.join(', ')}\n`);
  }
  process.stdout.write(options.json ? json : formatReport(report, tableWidth()) + formatExperiments(report, tableWidth()));
  return EXIT.ok;
}

/** Card-days the run simulates: per arm, cards × days × replications. */
function plannedCardDays(scenario: ScenarioConfig): number {
  return scenario.arms.reduce((sum, arm, i) => {
    const start = parseDate(arm.start);
    return sum + fleetSize(scenario, i) * (addMonths(start, arm.months) - start) * scenario.replications;
  }, 0);
}

/** The terminal's width when it is narrower than 100 columns, else 100. */
function tableWidth(): number {
  return Math.min(100, process.stdout.isTTY ? process.stdout.columns || 100 : 100);
}
