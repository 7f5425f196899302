import {
  abortReason, addMonths, checkDesigns, designRuns, isLarge, runCards, runnable, LARGE_RUN, parseDate, runExperiment, runScenario, runSize,
  type ExperimentConfig, type MetricName, type Progress, type Report, type Runner, type ScenarioConfig,
} from '../engine/index.ts';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { experimentOptions, formatIndifference, formatStopping, sequential, type ExperimentOptions } from './experiment.ts';
import { createThreadPool, defaultWorkers, spawnNodeWorker } from '../node/index.ts';
import { CliError, EXIT } from './errors.ts';
import { say, tell } from './terminal.ts';
import { trapInterrupts } from './interrupt.ts';
import { fleetSize, loadScenario } from './load.ts';
import { monthlyCsv } from './monthly.ts';
import { replicationsCsv, replicationsTable } from './replications.ts';
import { parquetBytes } from './parquet.ts';
import { checkOutputDir, makeFolder, removeFolders, writeError } from './files.ts';
import { outputWidth } from './display.ts';
import { writeFilesAtomic, type OutputFile } from './output.ts';
import { openCardsFiles, type CardsFiles } from './cards.ts';
import { cardDays, millions, progressDisplay, type ProgressDisplay } from './progress.ts';
import { formatReport } from './report-text.ts';
import { formatExperiments } from './experiment-text.ts';
import { QueuedRuns, queueUrl } from './queue.ts';

export interface RunCommandOptions {
  out?: string;
  json?: boolean;
  seed?: string;
  replications?: number;
  /** Worker threads; 0 runs in this thread. With --queue, those of the --cards pass (it runs here), and refused without --cards. [default: available cores] */
  workers?: number;
  /** Redis URL: run the jobs on the queue instead of local threads. */
  queue?: string;
  /** Replicate until the watched paired difference's 95 % half-width is at most this. */
  precision?: number;
  /** Or at most this share of the difference's |mean| (either suffices). */
  relativePrecision?: number;
  /** With --precision: the metric watched. [default: the scenario's objective] */
  metric?: MetricName;
  /** With --precision: the arm whose difference from the baseline is watched. [default: the best other arm] */
  arm?: string;
  /** With --precision: the most replications to run. [default: 1000] */
  maxReplications?: number;
  /** Replicate until the KN procedure leaves one arm, with this indifference zone. */
  indifference?: number;
  /** With sensitivity: in the scenario: Morris elementary effects from this many base points. [default: none] */
  morris?: number;
  /** With sensitivity: in the scenario: Sobol first-order and total indices from this many base samples. [default: none] */
  sobol?: number;
  /** Off a terminal: seconds between plain progress lines on stderr; 0: none. [default: 5] */
  progressInterval?: number;
  /** Run a scenario past LARGE_RUN (engine/size.ts). [default: false: such a run is refused with its estimated time and memory] */
  allowLarge?: boolean;
  /** With --out: also write replications.parquet. [default: false] */
  parquet?: boolean;
  /** With --out: start every CSV with a UTF-8 byte-order mark, so Excel reads non-ASCII text right (`--excel` is the same). [default: false] */
  bom?: boolean;
  excel?: boolean;
  /** With --out: also write cards.csv (and with --parquet cards.parquet), one row per card and replication (cli/cards.ts). [default: false] */
  cards?: boolean;
}

/**
 * `simlapse run`: load, run with progress on stderr, print tables (or the report JSON),
 * and with --out write report.json, monthly.csv and replications.csv atomically. Ctrl-C aborts the run and
 * nothing is written. With --queue, the finished runs stay in Redis until the outputs are
 * written and the report printed (QueuedRuns): a failure before then loses none of them.
 */
export async function runCommand(file: string, options: RunCommandOptions): Promise<number> {
  const controller = new AbortController();
  const meter = progressMeter(options.progressInterval ?? 5);
  // From the start (an interrupt while loading stops before the run) through the writes (one
  // during them is handled once the files are in place).
  // The per-card files being streamed, if any: removed on an error or a second Ctrl-C.
  // The folders the per-card pass made for --out: removed, when empty, if the command writes nothing.
  const cards: { files: CardsFiles | null; made: string[] } = { files: null, made: [] };
  // Set once the outputs are in place (with --queue, the runs are then deleted from Redis).
  let written = false;
  const release = trapInterrupts(
    controller,
    () => {
      meter.stop();
      cards.files?.abandon();
      removeFolders(cards.made);
    },
    () => (!written ? 'no output written' : queued?.kept ? 'the outputs were written; the finished queue runs stay in Redis, and expire in 3 days' : 'the outputs were written'),
  );
  let runner: LocalRunner | null = null;
  let queued: QueuedRuns | undefined;
  try {
    const { scenario, experiment } = prepare(file, options);
    runner = runnerFor(options);
    queued = runner.queued;
    note(announcement(scenario, experiment));
    const report = await runWithProgress(scenario, experiment, runner.run, controller.signal, meter);
    if (controller.signal.aborted) throw abortReason(controller.signal);
    // The pool's threads go before the per-card pass starts its own.
    runner.close();
    runner = null;
    const streamed = options.cards ? await writeCards(scenario, report, options, controller.signal, meter, cards) : [];
    writeOutputs(report, scenario, options, streamed);
    cards.made = [];
    written = true;
    await queued?.forget(controller.signal);
  } catch (err) {
    throw queued?.kept ? keptInRedis(err, queued) : err;
  } finally {
    cards.files?.abandon();
    removeFolders(cards.made);
    runner?.close();
    release();
  }
  return EXIT.ok;
}

/**
 * A failure after some queue runs finished (writing the outputs, the per-card pass, a later run
 * of the experiment): their results stay in Redis, and the error says so (a user error, in its
 * line; anything else, in a note before it).
 */
function keptInRedis(err: unknown, queued: QueuedRuns): unknown {
  if ((err as { code?: unknown })?.code === 'E_CLI') return new CliError(`${(err as CliError).message}; ${queued.where}`, (err as CliError).exitCode);
  note(queued.where);
  return err;
}

/** The files `--out` receives. */
function outputFiles(options: RunCommandOptions): string[] {
  return [
    'report.json', 'monthly.csv', 'replications.csv',
    ...(options.parquet ? ['replications.parquet'] : []),
    ...(options.cards ? ['cards.csv', ...(options.parquet ? ['cards.parquet'] : [])] : []),
  ];
}

/** Loads the scenario and checks every option (and that --out can be written) before any work. */
function prepare(file: string, options: RunCommandOptions): { scenario: ExperimentConfig; experiment: ExperimentOptions } {
  for (const [flag, on] of [['--cards', options.cards], ['--parquet', options.parquet], ['--excel', options.excel], ['--bom', options.bom]] as const) {
    if (on && options.out === undefined) throw new CliError(`${flag} writes into the --out folder: give --out <dir> too`, EXIT.usage);
  }
  const inputs: string[] = [];
  const scenario = loadScenario(file, { seed: options.seed, replications: options.replications }, inputs);
  const experiment = experimentOptions(scenario, options);
  // The size first: it is counted from the configuration, while checking a design builds every point (seconds for --sobol 50000).
  if (!options.allowLarge) checkSize(scenario, experiment, options);
  // Every Morris and Sobol design point builds valid arms (a scenario error at sensitivity:, exit 1), before any run.
  checkDesigns(scenario, experiment.morris, experiment.sobol);
  if (options.out !== undefined) checkOutputDir(options.out, outputFiles(options), inputs);
  if (options.queue !== undefined) queueUrl(options.queue);
  // Not ignored in silence: with --queue, this machine's threads serve only the per-card pass.
  if (options.queue !== undefined && options.workers !== undefined && !options.cards) {
    throw new CliError(
      "--workers sets this machine's threads, and with --queue the jobs run on the queue's workers (simlapse worker --concurrency): " +
        'it sets only the threads of the --cards pass, which runs here. Drop --workers, or add --cards',
      EXIT.usage,
    );
  }
  return { scenario, experiment };
}

/** Card-days per second one core runs the bench fleet (README, "Benchmark"): for estimates only. */
const RATE_PER_CORE = 50e6;

/** Refuses a run past LARGE_RUN, with its size, estimated time and memory, and what to do. */
function checkSize(scenario: ExperimentConfig, experiment: ExperimentOptions, options: RunCommandOptions): void {
  const replications = !sequential(experiment) ? scenario.replications : Math.max(scenario.replications, experiment.maxReplications);
  const size = runSize(scenario, replications, { morris: experiment.morris, sobol: experiment.sobol });
  if (!isLarge(size)) return;
  const cores = options.queue !== undefined ? 1 : Math.max(1, options.workers ?? defaultWorkers());
  const where = options.queue !== undefined ? 'per queue worker core' : `on ${cores} worker${cores === 1 ? '' : 's'}`;
  throw new CliError(
    `this run is large: ${sci(size.cardDays)} card-days (cards × days × replications × arms${scenario.sensitivity ? ` × ${size.runs} runs: ${runsText(scenario.sensitivity.length, experiment)}` : ''}) in ${size.runs === 1 ? `${size.jobs.toLocaleString('en-US')} jobs` : `${size.runs.toLocaleString('en-US')} runs of up to ${size.jobs.toLocaleString('en-US')} jobs each`}, ` +
      `past the ${sci(LARGE_RUN.cardDays)} card-days or ${LARGE_RUN.jobs.toLocaleString('en-US')} jobs a run takes without asking. ` +
      `At about 50 M card-days/s per core it would take about ${duration(size.cardDays / (RATE_PER_CORE * cores))} ${where}, and hold about ${bytes(size.bytes)} for ${size.runs === 1 ? 'its' : 'the largest run\'s'} plan and results besides the workers. ` +
      'Run it with --allow-large, or make it smaller (fewer cards, months, replications or arms; a larger blockSize for fewer jobs).',
    EXIT.input,
  );
}

/** The runs an experiment makes: the main run, the sensitivity runs and the Morris and Sobol designs'. */
function runsText(k: number, experiment: ExperimentOptions): string {
  const morris = designRuns(k, { morris: experiment.morris }), sobol = designRuns(k, { sobol: experiment.sobol });
  return `1 main, ${2 * k} sensitivity${morris > 0 ? `, ${morris} Morris` : ''}${sobol > 0 ? `, ${sobol} Sobol` : ''}`;
}

function sci(x: number): string {
  const e = Math.floor(Math.log10(x));
  return `${(x / 10 ** e).toFixed(1)} × 10^${e}`;
}

function duration(seconds: number): string {
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min`;
  if (seconds < 2 * 86400) return `${(seconds / 3600).toFixed(1)} h`;
  return `${Math.round(seconds / 86400)} days`;
}

function bytes(n: number): string {
  return n >= 2 ** 30 ? `${(n / 2 ** 30).toFixed(1)} GiB` : `${Math.max(1, Math.round(n / 2 ** 20))} MiB`;
}

interface LocalRunner {
  run: Runner;
  close(): void;
  /** With --queue: the runs kept in Redis until the outputs are written. */
  queued?: QueuedRuns;
}

/**
 * Where the jobs run: the queue, this thread (--workers 0) or worker threads: one pool per
 * process, started here (its threads load while the run is set up) and kept warm across the
 * experiment's runs (the main run, --precision batches, sensitivity runs).
 */
function runnerFor(options: RunCommandOptions): LocalRunner {
  if (options.queue !== undefined) {
    const queued = new QueuedRuns(options.queue);
    return { run: queued.run, close() {}, queued };
  }
  const workers = options.workers ?? defaultWorkers();
  if (workers === 0) return { run: runScenario, close() {} };
  const pool = createThreadPool({ size: workers });
  return { run: (s, o) => pool.run(s, o), close: () => pool.close() };
}

/** Runs the experiment with a progress bar per run, its notes and the final rate on stderr, and Ctrl-C handling. */
async function runWithProgress(scenario: ExperimentConfig, experiment: ExperimentOptions, runner: Runner, signal: AbortSignal, meter: ProgressMeter): Promise<Report> {
  try {
    return await runExperiment(scenario, runner, {
      ...experiment,
      signal,
      onPhase: meter.onPhase,
      onProgress: meter.onProgress,
      onBatch: (s) => note(formatStopping(s, false)),
      onMain: (report) => {
        if (report.stopping) note(formatStopping(report.stopping, true));
        if (report.indifference) note(formatIndifference(report.indifference));
        const n = scenario.sensitivity?.length;
        if (n !== undefined) note(`sensitivity: ${n} parameter${n === 1 ? '' : 's'} × low/high, ${armCount(scenario)} each`);
      },
    });
  } finally {
    if (!signal.aborted) note(meter.summary());
  }
}

type ProgressMeter = ReturnType<typeof progressMeter>;

/** One progress bar (or series of plain lines, every `intervalS` seconds) per run (the main run, a batch, a sensitivity variant), and the card-days and seconds of all runs. */
function progressMeter(intervalS: number) {
  let bar: ProgressDisplay | null = null;
  let done = 0, seconds = 0;
  return {
    onPhase: () => {
      const own = (bar = progressDisplay({ stream: process.stderr, intervalMs: intervalS * 1000 }));
      return () => {
        const took = own.stop();
        done += took.done;
        seconds += took.seconds;
      };
    },
    onProgress: (p: Progress) => bar?.update(p),
    stop: () => void bar?.stop(),
    summary: () => `${cardDays(done)} in ${seconds.toFixed(2)} s (${millions(done / Math.max(seconds, 1e-9))} M card-days/s)`,
  };
}

/** The first line on stderr: what runs, and how much. */
function announcement(scenario: ExperimentConfig, experiment: ExperimentOptions): string {
  if (experiment.indifference !== undefined) {
    return `running "${scenario.name}": ${armCount(scenario)}, replicating until one arm is left (KN, indifference zone ${experiment.indifference}; at most ${experiment.maxReplications} replications)`;
  }
  const targets = [
    ...(experiment.precision !== undefined ? [`${experiment.precision}`] : []),
    ...(experiment.relativePrecision !== undefined ? [`${+(experiment.relativePrecision * 100).toPrecision(6)} % of the mean`] : []),
  ];
  return !sequential(experiment)
    ? `running "${scenario.name}": ${armCount(scenario)} × ${scenario.replications} replication${scenario.replications === 1 ? '' : 's'}, ${cardDays(plannedCardDays(scenario))}`
    : `running "${scenario.name}": ${armCount(scenario)}, replicating until the half-width is ≤ ${targets.join(' or ')} (at most ${experiment.maxReplications} replications)`;
}

/**
 * The per-card pass (--cards): the main run's arms and replications (as many as the report
 * has, after any sequential stopping) again, card by card, streamed into cards.csv (and
 * cards.parquet) under temporary names in --out; `writeOutputs` renames them with the rest.
 * With --queue it runs on this machine's threads too (--workers), which a note says.
 */
async function writeCards(scenario: ExperimentConfig, report: Report, options: RunCommandOptions, signal: AbortSignal, meter: ProgressMeter, opened: { files: CardsFiles | null; made: string[] }): Promise<OutputFile[]> {
  const main = { ...runnable(scenario), replications: report.scenario.replications };
  opened.made = makeFolder(options.out!);
  const files = openCardsFiles(options.out!, main, { parquet: options.parquet, bom: options.bom || options.excel });
  opened.files = files;
  const workers = options.workers ?? defaultWorkers();
  if (options.queue !== undefined) note(`the per-card pass (--cards) runs on this machine: ${workers === 0 ? 'in this thread' : `${workers} worker thread${workers === 1 ? '' : 's'}`} (--workers)`);
  const ended = meter.onPhase();
  try {
    await runCards(main, { workers, spawn: spawnNodeWorker, signal, onProgress: meter.onProgress }, (job, rows) => files.add(job, rows));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).syscall !== undefined && typeof (err as NodeJS.ErrnoException).path === 'string') throw writeError((err as NodeJS.ErrnoException).path!, err);
    throw err;
  } finally {
    ended();
  }
  return files.finish();
}

/** The report on stdout (tables, or JSON with --json); with --out, report.json, monthly.csv, replications.csv (and .parquet) written atomically. */
function writeOutputs(report: Report, scenario: ExperimentConfig, options: RunCommandOptions, streamed: OutputFile[] = []): void {
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
    note(`wrote ${paths.join(', ')}`);
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

/** A line on stderr. */
function note(line: string): void {
  tell(`simlapse: ${line}\n`);
}

function armCount(scenario: ScenarioConfig): string {
  return `${scenario.arms.length} arm${scenario.arms.length === 1 ? '' : 's'}`;
}

/** Card-days the run simulates: per arm, cards × days × replications. */
function plannedCardDays(scenario: ScenarioConfig): number {
  return scenario.arms.reduce((sum, arm, i) => {
    const start = parseDate(arm.start);
    return sum + fleetSize(scenario, i) * (addMonths(start, arm.months) - start) * scenario.replications;
  }, 0);
}
