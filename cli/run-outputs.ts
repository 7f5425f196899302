/** What `simlapse run` leaves behind: the report on stdout, and with --out its files (cards.csv streamed by the per-card pass). */
import { runCards, runnable, type ExperimentConfig, type Report } from '../engine/index.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultWorkers, spawnNodeWorker } from '../node/index.ts';
import { inline, say } from './terminal.ts';
import { monthlyCsv } from './monthly.ts';
import { replicationsCsv, replicationsTable } from './replications.ts';
import { parquetBytes } from './parquet.ts';
import { makeFolder, writeError } from './files.ts';
import { outputWidth } from './display.ts';
import { writeFilesAtomic, type OutputFile } from './output.ts';
import { openCardsFiles, type CardsFiles } from './cards.ts';
import { formatReport } from './report-text.ts';
import { formatExperiments } from './experiment-text.ts';
import { note, type ProgressMeter } from './run-progress.ts';
import type { RunCommandOptions } from './run-options.ts';

/** The files `--out` receives. */
export function outputFiles(options: RunCommandOptions): string[] {
  return [
    'report.json', 'monthly.csv', 'replications.csv',
    ...(options.parquet ? ['replications.parquet'] : []),
    ...(options.cards ? ['cards.csv', ...(options.parquet ? ['cards.parquet'] : [])] : []),
  ];
}

/**
 * The per-card pass (--cards): the main run's arms and replications (as many as the report
 * has, after any sequential stopping) again, card by card, streamed into cards.csv (and
 * cards.parquet) under temporary names in --out; `writeOutputs` renames them with the rest.
 * With --queue it runs on this machine's threads too (--workers), which a note says.
 */
export async function writeCards(scenario: ExperimentConfig, report: Report, options: RunCommandOptions, signal: AbortSignal, meter: ProgressMeter, opened: { files: CardsFiles | null; made: string[] }): Promise<OutputFile[]> {
  const main = { ...runnable(scenario), replications: report.scenario.replications };
  opened.made = makeFolder(options.out!);
  const workers = options.workers ?? defaultWorkers();
  if (options.queue !== undefined) note(`the per-card pass (--cards) runs on this machine: ${workers === 0 ? 'in this thread' : `${workers} worker thread${workers === 1 ? '' : 's'}`} (--workers)`);
  try {
    const files = openCardsFiles(options.out!, main, { parquet: options.parquet, bom: options.bom || options.excel });
    opened.files = files;
    const ended = meter.onPhase({ kind: 'cards' });
    try {
      await runCards(main, { workers, spawn: spawnNodeWorker, signal, onProgress: meter.onProgress }, (job, rows) => files.add(job, rows));
    } finally {
      ended();
    }
    return files.finish();
  } catch (err) {
    // cards.ts names cards.csv or cards.parquet in its file-system errors (a full disk's write names no file).
    if ((err as NodeJS.ErrnoException).syscall !== undefined && typeof (err as NodeJS.ErrnoException).path === 'string') throw writeError((err as NodeJS.ErrnoException).path!, err);
    throw err;
  }
}

/** The report on stdout (tables, or JSON with --json); with --out, report.json, monthly.csv, replications.csv (and .parquet) written atomically. */
export function writeOutputs(report: Report, scenario: ExperimentConfig, options: RunCommandOptions, streamed: OutputFile[] = []): void {
  const json = JSON.stringify(report, null, 2) + '\n';
  if (options.out !== undefined) {
    const bom = options.bom || options.excel;
    const paths = writeFilesAtomic(options.out, [
      { name: 'report.json', content: json },
      { name: 'monthly.csv', content: monthlyCsv(report, { bom }) },
      { name: 'replications.csv', content: replicationsCsv(report, scenario.parameters, { bom }) },
      ...(options.parquet ? [{ name: 'replications.parquet', content: parquetBytes(replicationsTable(report, scenario.parameters)) }] : []),
      ...streamed,
    ]);
    note(`wrote ${paths.map(inline).join(', ')}`);
    for (const line of staleOutputs(options)) note(line);
  }
  if (options.json) process.stdout.write(json);
  else say(formatReport(report, outputWidth()) + formatExperiments(report, outputWidth()));
}

/**
 * The files of `run --out` that this run did not write but an earlier one may have (the folder
 * keeps them: a run never deletes what it did not write), each named with why it does not
 * describe this report: a cards.csv beside a report.json it does not add up to is a trap.
 */
function staleOutputs(options: RunCommandOptions): string[] {
  const written = new Set(outputFiles(options)), out = options.out!;
  const why: Record<string, string> = { 'replications.parquet': 'no --parquet', 'cards.csv': 'no --cards', 'cards.parquet': 'no --cards --parquet' };
  return Object.keys(why)
    .filter((name) => !written.has(name) && existsSync(join(out, name)))
    .map((name) => `note: ${join(out, name)} is not from this run (${why[name]}): it does not describe this report.json`);
}
