/** Refusing a run past LARGE_RUN before any work: its size, estimated time and memory, and what to do. */
import { designRuns, isLarge, largeRunText, runSize, type ExperimentConfig } from '../engine/index.ts';
import { defaultWorkers } from '../node/index.ts';
import { sequential, type ExperimentOptions } from './experiment.ts';
import { CliError, EXIT } from './errors.ts';
import type { RunCommandOptions } from './run-options.ts';

/** Refuses a run past LARGE_RUN, with its size, estimated time and memory, and what to do. */
export function checkSize(scenario: ExperimentConfig, experiment: ExperimentOptions, options: RunCommandOptions): void {
  const replications = !sequential(experiment) ? scenario.replications : Math.max(scenario.replications, experiment.maxReplications);
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
