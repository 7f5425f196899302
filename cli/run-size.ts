/** Refusing a run past LARGE_RUN before any work: its size, estimated time and memory, and what to do. */
import { designRuns, isLarge, LARGE_RUN, runSize, type ExperimentConfig } from '../engine/index.ts';
import { defaultWorkers } from '../node/index.ts';
import { sequential, type ExperimentOptions } from './experiment.ts';
import { CliError, EXIT } from './errors.ts';
import type { RunCommandOptions } from './run-options.ts';

/** Card-days per second one core runs the bench fleet (README, "Benchmark"): for estimates only. */
const RATE_PER_CORE = 50e6;

/** Refuses a run past LARGE_RUN, with its size, estimated time and memory, and what to do. */
export function checkSize(scenario: ExperimentConfig, experiment: ExperimentOptions, options: RunCommandOptions): void {
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
