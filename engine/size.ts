import type { ScenarioConfig } from './config.ts';
import type { ExperimentConfig } from './experiments/experiment.ts';
import { addMonths, parseDate } from './calendar.ts';
import { layout } from './layout.ts';

/** How big a run is, before it is planned. */
export interface RunSize {
  /** Card-days simulated in all: cards × days × replications, summed over arms and runs (the main run, the sensitivity runs, the Morris and Sobol designs'). */
  cardDays: number;
  /** Runs of the whole scenario: 1 + 2 per sensitivity parameter + the global designs' (Morris r × (k + 1), Sobol N × (k + 2)). */
  runs: number;
  /** Jobs (arm × replication × block of cards) of the main run. */
  jobs: number;
  /** Bytes held outside the workers: the job plan and one merged result per arm × replication. */
  bytes: number;
}

/** Past either figure, a run is large: the CLI runs it only with `--allow-large`. */
export const LARGE_RUN = { cardDays: 1e11, jobs: 1e6 } as const;

/** The global sensitivity designs a run adds (CLI --morris). */
export interface DesignSize {
  /** Morris base points r: r × (parameters + 1) runs. [default: none] */
  morris?: number;
  /** Sobol base samples N: N × (parameters + 2) runs. [default: none] */
  sobol?: number;
}

/** Bytes of one planned job object and its bookkeeping (measured order of magnitude). */
const JOB_BYTES = 160;

/**
 * The size of a run of `scenario` with `replications` replications (default: the scenario's;
 * a `--precision` run may go up to its maximum) and the global designs asked for, counted from the configuration alone, so a
 * run too big to plan is known before any memory is spent on it.
 */
export function runSize(scenario: ScenarioConfig | ExperimentConfig, replications = scenario.replications, design: DesignSize = {}): RunSize {
  const k = (scenario as ExperimentConfig).sensitivity?.length ?? 0;
  const variants = 1 + 2 * k + (k > 0 ? designRuns(k, design) : 0);
  let cardDays = 0, jobs = 0, results = 0;
  for (const arm of scenario.arms) {
    const cards = arm.cohorts.reduce((n, c) => n + c.count, 0);
    const start = parseDate(arm.start);
    const days = addMonths(start, arm.months) - start;
    cardDays += cards * days * replications * variants;
    jobs += Math.ceil(cards / scenario.blockSize) * replications;
    results += layout(arm.months).length * 8 * replications;
  }
  return { cardDays, runs: variants, jobs, bytes: jobs * JOB_BYTES + results };
}

/** Runs of the global sensitivity designs over k parameters. */
export function designRuns(k: number, design: DesignSize): number {
  return (design.morris ?? 0) * (k + 1) + (design.sobol ?? 0) * (k + 2);
}

/** Whether a run of this size needs the user's explicit go-ahead. */
export function isLarge(size: RunSize): boolean {
  return size.cardDays > LARGE_RUN.cardDays || size.jobs > LARGE_RUN.jobs;
}
