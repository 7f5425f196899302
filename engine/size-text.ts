/**
 * The words for a run past LARGE_RUN (size.ts): its size, estimated time and memory, and what to
 * do. One text for the CLI, which refuses such a run without --allow-large (cli/run-size.ts), and
 * the page, which asks before starting it (viz/large-run.ts).
 */
import { LARGE_RUN, type RunSize } from './size.ts';

/** Card-days per second one core runs the bench fleet (README, "Benchmark"): for estimates only. */
const RATE_PER_CORE = 50e6;

export interface LargeRunWords {
  /** The runs an experiment makes, when more than one (`1 main, 4 sensitivity`); null for a plain run. */
  runs: string | null;
  /** Cores the time is estimated for. */
  cores: number;
  /** Where they run: `on 2 workers`, `per queue worker core`. */
  where: string;
  /** How to run it all the same: `Run it with --allow-large`. */
  ask: string;
}

/** `this run is large: …`: why, with `w`'s words. */
export function largeRunText(size: RunSize, w: LargeRunWords): string {
  return `this run is large: ${sci(size.cardDays)} card-days (cards × days × replications × arms${w.runs !== null ? ` × ${size.runs} runs: ${w.runs}` : ''}) in ${size.runs === 1 ? `${size.jobs.toLocaleString('en-US')} jobs` : `${size.runs.toLocaleString('en-US')} runs of up to ${size.jobs.toLocaleString('en-US')} jobs each`}, ` +
    `past the ${sci(LARGE_RUN.cardDays)} card-days or ${LARGE_RUN.jobs.toLocaleString('en-US')} jobs a run takes without asking. ` +
    `At about 50 M card-days/s per core it would take about ${duration(size.cardDays / (RATE_PER_CORE * w.cores))} ${w.where}, and hold about ${bytes(size.bytes)} for ${size.runs === 1 ? 'its' : 'the largest run\'s'} plan and results besides the workers. ` +
    `${w.ask}, or make it smaller (fewer cards, months, replications or arms; a larger blockSize for fewer jobs).`;
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
