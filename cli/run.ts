import { addMonths, parseDate, runScenario, type Progress, type ScenarioConfig } from '../engine/index.ts';
import { defaultWorkers, runOnThreads } from '../engine/node.ts';
import { EXIT } from './errors.ts';
import { fleetSize, loadScenario } from './load.ts';
import { monthlyCsv } from './monthly.ts';
import { checkOutputDir, writeFilesAtomic } from './output.ts';
import { cardDays, millions, progressDisplay } from './progress.ts';
import { formatReport } from './report-text.ts';

export interface RunCommandOptions {
  out?: string;
  json?: boolean;
  seed?: string;
  replications?: number;
  /** Worker threads; 0 runs in this thread. [default: available cores] */
  workers?: number;
}

/**
 * `simlapse run`: load, run with progress on stderr, print tables (or the report JSON),
 * and with --out write report.json and monthly.csv atomically. Ctrl-C aborts the run and
 * nothing is written.
 */
export async function runCommand(file: string, options: RunCommandOptions): Promise<number> {
  const scenario = loadScenario(file, { seed: options.seed, replications: options.replications });
  if (options.out !== undefined) checkOutputDir(options.out);
  const total = plannedCardDays(scenario);
  process.stderr.write(
    `simlapse: running "${scenario.name}": ${scenario.arms.length} arm${scenario.arms.length === 1 ? '' : 's'} × ${scenario.replications} replication${scenario.replications === 1 ? '' : 's'}, ${cardDays(total)}\n`,
  );

  // First Ctrl-C: stop between jobs and write nothing. Second: leave at once (nothing is written before the run ends).
  const controller = new AbortController();
  const progress = progressDisplay({ stream: process.stderr });
  const onSigint = () => {
    if (!controller.signal.aborted) return controller.abort();
    progress.stop();
    process.stderr.write('simlapse: interrupted; no output written\n');
    process.exit(EXIT.interrupted);
  };
  process.on('SIGINT', onSigint);
  let report;
  try {
    const run = { onProgress: (p: Progress) => progress.update(p), signal: controller.signal };
    const workers = options.workers ?? defaultWorkers();
    report = workers === 0 ? await runScenario(scenario, run) : await runOnThreads(scenario, { ...run, workers });
  } finally {
    const { done, seconds } = progress.stop();
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
  process.stdout.write(options.json ? json : formatReport(report, tableWidth()));
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
