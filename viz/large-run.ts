/**
 * A run past LARGE_RUN, as the page refuses it before any work: the CLI's words (cli/run-size.ts,
 * checkSize) with "Run anyway" where the CLI says --allow-large. The page runs no Morris, Sobol
 * or sequential designs: its size is the scenario's with its own replications.
 */
import { isLarge, LARGE_RUN, runSize, type ExperimentConfig } from '../engine/index.ts';

/** Card-days per second one core runs the bench fleet (README, "Benchmark"): for estimates only (cli/run-size.ts). */
const RATE_PER_CORE = 50e6;

/** Why this run is large and what to do, or null when it is not large. */
export function largeRunText(scenario: ExperimentConfig, workers: number): string | null {
  const size = runSize(scenario);
  if (!isLarge(size)) return null;
  const k = scenario.sensitivity?.length ?? 0;
  return `This run is large: ${sci(size.cardDays)} card-days (cards × days × replications × arms${k > 0 ? ` × ${size.runs} runs: 1 main, ${2 * k} sensitivity` : ''}) in ${size.runs === 1 ? `${size.jobs.toLocaleString('en-US')} jobs` : `${size.runs.toLocaleString('en-US')} runs of up to ${size.jobs.toLocaleString('en-US')} jobs each`}, ` +
    `past the ${sci(LARGE_RUN.cardDays)} card-days or ${LARGE_RUN.jobs.toLocaleString('en-US')} jobs a run takes without asking. ` +
    `At about 50 M card-days/s per core it would take about ${duration(size.cardDays / (RATE_PER_CORE * workers))} on ${workers} worker${workers === 1 ? '' : 's'}, and hold about ${bytes(size.bytes)} for ${size.runs === 1 ? 'its' : 'the largest run\'s'} plan and results besides the workers. ` +
    'Run it anyway, or make it smaller (fewer cards, months, replications or arms; a larger blockSize for fewer jobs).';
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
