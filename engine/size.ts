import type { ArmConfig, ScenarioConfig } from './config.ts';
import type { ExperimentConfig } from './experiments/experiment.ts';
import { addMonths, parseDate } from './calendar.ts';
import { layout } from './layout.ts';

/** How big a run is, before it is planned. */
export interface RunSize {
  /**
   * Card-days simulated in all: cards × days × replications, summed over arms and runs: the
   * main run and each sensitivity run with its own arms (a parameter may change a cohort's count
   * or the months), and the Morris and Sobol designs' runs, each counted at the largest the
   * design can make it (see designArms).
   */
  cardDays: number;
  /** Runs of the whole scenario: 1 + 2 per sensitivity parameter + the global designs' (Morris r × (k + 1), Sobol N × (k + 2)). */
  runs: number;
  /** Jobs (arm × replication × block of cards) of the largest run: the plan held at once (runs go one after another). */
  jobs: number;
  /** Bytes held outside the workers by the largest run: its job plan and one merged result per arm × replication. */
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

/** One run's size: card-days, jobs, bytes. */
interface OneRun {
  cardDays: number;
  jobs: number;
  bytes: number;
}

/**
 * The size of a run of `scenario` with `replications` replications (default: the scenario's;
 * a `--precision` run may go up to its maximum) and the global designs asked for, counted from
 * the configuration alone (no design point is built but one), so a run too big to plan is known
 * before any time or memory is spent on it.
 */
export function runSize(scenario: ScenarioConfig | ExperimentConfig, replications = scenario.replications, design: DesignSize = {}): RunSize {
  const cases = (scenario as ExperimentConfig).sensitivity ?? [];
  const k = cases.length;
  const one = (arms: readonly ArmConfig[]) => sizeOf(arms, scenario.blockSize, replications);
  const runs: OneRun[] = [one(scenario.arms)];
  for (const c of cases) runs.push(one(c.lowArms), one(c.highArms));
  let cardDays = runs.reduce((s, r) => s + r.cardDays, 0);
  let largest = runs.reduce((a, b) => (b.jobs > a.jobs || (b.jobs === a.jobs && b.bytes > a.bytes) ? b : a));
  const designs = k > 0 ? designRuns(k, design) : 0;
  if (designs > 0) {
    const point = one(designArms(scenario as ExperimentConfig, runs));
    cardDays += designs * point.cardDays;
    if (point.jobs > largest.jobs || (point.jobs === largest.jobs && point.bytes > largest.bytes)) largest = point;
  }
  return { cardDays, runs: 1 + 2 * k + designs, jobs: largest.jobs, bytes: largest.bytes };
}

/**
 * The arms of the largest run a Morris or Sobol design can make: every parameter at whichever
 * end (low or high) made its one-at-a-time runs larger, all at once (a cohort's count and the
 * months both at their high, say), or the largest of the one-at-a-time runs and the main run if
 * that is larger or cannot be built (the design's own check, checkDesigns, reports why).
 * Design values lie between low and high, so for a size that grows or shrinks with each
 * parameter (counts, months) this is an upper bound on every design point's.
 */
function designArms(scenario: ExperimentConfig, runs: readonly OneRun[]): readonly ArmConfig[] {
  const cases = scenario.sensitivity ?? [];
  const sets: (readonly ArmConfig[])[] = [scenario.arms, ...cases.flatMap((c) => [c.lowArms, c.highArms])];
  let best = 0;
  for (let i = 1; i < runs.length; i++) if (runs[i].cardDays > runs[best].cardDays) best = i;
  if (!scenario.armsAt) return sets[best];
  let corner: readonly ArmConfig[];
  try {
    corner = scenario.armsAt(cases.map((c, i) => (runs[2 + 2 * i].cardDays >= runs[1 + 2 * i].cardDays ? c.high : c.low)));
  } catch {
    return sets[best];
  }
  return sizeOf(corner, scenario.blockSize, 1).cardDays >= sizeOf(sets[best], scenario.blockSize, 1).cardDays ? corner : sets[best];
}

/** One run of `arms`: card-days, jobs and the bytes of its plan and results. */
function sizeOf(arms: readonly ArmConfig[], blockSize: number, replications: number): OneRun {
  let cardDays = 0, jobs = 0, results = 0;
  for (const arm of arms) {
    const cards = arm.cohorts.reduce((n, c) => n + c.count, 0);
    const start = parseDate(arm.start);
    const days = addMonths(start, arm.months) - start;
    cardDays += cards * days * replications;
    jobs += Math.ceil(cards / blockSize) * replications;
    results += layout(arm.months).length * 8 * replications;
  }
  return { cardDays, jobs, bytes: jobs * JOB_BYTES + results };
}

/** Runs of the global sensitivity designs over k parameters. */
export function designRuns(k: number, design: DesignSize): number {
  return (design.morris ?? 0) * (k + 1) + (design.sobol ?? 0) * (k + 2);
}

/** Whether a run of this size needs the user's explicit go-ahead. */
export function isLarge(size: RunSize): boolean {
  return size.cardDays > LARGE_RUN.cardDays || size.jobs > LARGE_RUN.jobs;
}
