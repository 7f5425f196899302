/** Refusing a run past LARGE_RUN before any work: its size, estimated time and memory, and what to do. */
import { designRuns, isLarge, largeRunText, runSize, type ExperimentConfig } from '../engine/index.ts';
import { defaultWorkers } from '../node/index.ts';
import { sequential, type ExperimentOptions } from './experiment.ts';
import { CliError, EXIT } from './errors.ts';
import type { RunCommandOptions } from './run-options.ts';
import { fleetSize } from './load.ts';

/** The most cards.csv rows `--cards` writes without --allow-large (about 13 GB). */
export const LARGE_CARDS_ROWS = 100_000_000;
/** A cards.csv row's bytes, about (auto-stop.yaml's: 133). */
const CARDS_ROW_BYTES = 130;

/** Refuses a run past LARGE_RUN (or a cards.csv past LARGE_CARDS_ROWS), with its size, estimated time and memory, and what to do. */
export function checkSize(scenario: ExperimentConfig, experiment: ExperimentOptions, options: RunCommandOptions): void {
  const replications = !sequential(experiment) ? scenario.replications : Math.max(scenario.replications, experiment.maxReplications);
  if (options.cards) {
    // cards.csv has a row per card, arm and replication (about 130 bytes each): a fleet well under LARGE_RUN can fill a disk.
    const rows = scenario.arms.reduce((n, _, a) => n + fleetSize(scenario, a), 0) * replications;
    if (rows > LARGE_CARDS_ROWS) {
      throw new CliError(
        `--cards writes a row per card, arm and replication: ${rows.toLocaleString('en')} rows here, about ${Math.ceil((rows * CARDS_ROW_BYTES) / 1e9).toLocaleString('en')} GB, ` +
          `past the ${LARGE_CARDS_ROWS.toLocaleString('en')} rows it writes without asking. Run it with --allow-large, or with fewer replications${sequential(experiment) ? ' (--max-replications)' : ''}, or without --cards`,
        EXIT.input,
      );
    }
  }
  const size = runSize(scenario, replications, { morris: experiment.morris, sobol: experiment.sobol });
  if (!isLarge(size)) return;
  const cores = options.queue !== undefined ? 1 : Math.max(1, options.workers ?? defaultWorkers());
  const where = options.queue !== undefined ? 'per queue worker core' : `on ${cores} worker${cores === 1 ? '' : 's'}`;
  const runs = scenario.sensitivity ? runsText(scenario.sensitivity.length, experiment) : null;
  throw new CliError(largeRunText(size, { runs, cores, where, ask: 'Run it with --allow-large' }), EXIT.input);
}

/** The runs an experiment makes: the main run, the sensitivity runs and the Morris and Sobol designs'. */
function runsText(k: number, experiment: ExperimentOptions): string {
  const morris = designRuns(k, { morris: experiment.morris }), sobol = designRuns(k, { sobol: experiment.sobol });
  return `1 main, ${2 * k} sensitivity${morris > 0 ? `, ${morris} Morris` : ''}${sobol > 0 ? `, ${sobol} Sobol` : ''}`;
}
