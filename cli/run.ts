import { abortReason, checkDesigns, type ExperimentConfig } from '../engine/index.ts';
import { experimentOptions, type ExperimentOptions } from './experiment.ts';
import { CliError, EXIT } from './errors.ts';
import { trapInterrupts } from './interrupt.ts';
import { loadScenario } from './load.ts';
import { checkOutputDir, removeFolders } from './files.ts';
import type { CardsFiles } from './cards.ts';
import { queueUrl, type QueuedRuns } from './queue.ts';
import type { RunCommandOptions } from './run-options.ts';
import { checkSize } from './run-size.ts';
import { runnerFor, type LocalRunner } from './runner.ts';
import { announcement, note, progressMeter, runWithProgress } from './run-progress.ts';
import { outputFiles, writeCards, writeOutputs } from './run-outputs.ts';

export type { RunCommandOptions } from './run-options.ts';

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

/** Design points from which checking them (about a millisecond each) is said first: 100,000 took a minute in silence. */
const DESIGN_NOTE_POINTS = 10_000;

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
  const k = scenario.sensitivity?.length ?? 0, points = (experiment.morris ?? 0) * (k + 1) + (experiment.sobol ?? 0) * (k + 2);
  if (points >= DESIGN_NOTE_POINTS) note(`checking the arms at each of the ${points.toLocaleString('en')} design points before any run`);
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
