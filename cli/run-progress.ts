/** What `simlapse run` says on stderr while it runs: the first line, a progress bar per run, the notes and the final rate. */
import { addMonths, parseDate, runExperiment, type ExperimentConfig, type ExperimentPhase, type Progress, type Report, type Runner, type ScenarioConfig } from '../engine/index.ts';
import { formatIndifference, formatStopping, sequential, type ExperimentOptions } from './experiment.ts';
import { tell } from './terminal.ts';
import { fleetSize } from './load.ts';
import { cardDays, hms, millions, plainLine, progressDisplay, type ProgressDisplay } from './progress.ts';

/** Runs the experiment with a progress bar per run, its notes and the final rate on stderr, and Ctrl-C handling. */
export async function runWithProgress(scenario: ExperimentConfig, experiment: ExperimentOptions, runner: Runner, signal: AbortSignal, meter: ProgressMeter): Promise<Report> {
  const report = await runExperiment(scenario, runner, {
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
  // Said once the runs are done: a failed or interrupted run says only why (no "0 card-days in 0.85 s" before the error).
  note(meter.summary());
  return report;
}

export type ProgressMeter = ReturnType<typeof progressMeter>;

/**
 * One progress bar per run (the main run, a batch, a sensitivity, Morris or Sobol variant), and the
 * card-days and seconds of all runs. Off a terminal a plain line every `intervalS` seconds of
 * running, on one clock for all the runs: a series of runs each shorter than the interval (a
 * Sobol design's) still gets its lines, naming the run (`run 12`, or `cards` for the per-card pass) and the rate over every run so
 * far; none between runs. On a terminal the bar waits a second from the first run's start, not each run's.
 */
export function progressMeter(intervalS: number, stream: NodeJS.WriteStream = process.stderr) {
  let bar: ProgressDisplay | null = null, timer: NodeJS.Timeout | null = null;
  let done = 0, seconds = 0, runs = 0, t0 = 0, due = 0, lastDone = -1, lastChange = 0, label: string | undefined;
  // The design under way (sensitivity, Morris or Sobol: its runs are numbered 1 … variants) and when its first run started.
  let designStart = 0;
  // When the per-card pass started: its rate is its own (a card at a time, several times slower than the
  // run's), not that of every run so far, which made its time left about 8× too short (a scale hunt).
  let cardsStart = -1;
  const now = { done: 0, total: 0 }, intervalMs = intervalS * 1000;
  const schedule = () => {
    timer = setTimeout(tick, Math.max(0, due - performance.now()));
    timer.unref();
  };
  const tick = () => {
    const t = performance.now(), all = done + now.done, elapsed = (t - t0) / 1000;
    if (all !== lastDone) {
      lastDone = all;
      lastChange = t;
    }
    const rate = cardsStart >= 0 ? now.done / Math.max((t - cardsStart) / 1000, 1e-9) : all / elapsed;
    stream.write(plainLine({ done: now.done, total: now.total, seconds: elapsed, idle: (t - lastChange) / 1000, intervalMs, label, rate }));
    due = t + intervalMs;
    schedule();
  };
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    bar?.stop();
  };
  return {
    /** A run starts: an experiment's phase (its runs are numbered from the second on: `run 2`), or the per-card pass (`cards`). */
    onPhase: (phase?: ExperimentPhase | { kind: 'cards' }) => {
      runs++;
      label = phase?.kind === 'cards' ? 'cards' : runs > 1 ? `run ${runs}` : undefined;
      now.done = now.total = 0;
      // The first run starts the clock; each run starts with nothing done yet, not stalled.
      lastChange = performance.now();
      cardsStart = phase?.kind === 'cards' ? lastChange : -1;
      // A design's runs (a Sobol design may be thousands of short ones): which of how many, and the time left over them all at the pace so far.
      if (phase?.kind === 'sensitivity') {
        if (phase.variant === 1) designStart = lastChange;
        const pace = phase.variant > 1 ? (lastChange - designStart) / 1000 / (phase.variant - 1) : 0;
        label += ` (${phase.variant} of ${phase.variants} in this design${pace > 0 ? `, about ${hms(pace * (phase.variants - phase.variant + 1))} left in it` : ''})`;
      }
      if (runs === 1) {
        t0 = lastChange;
        due = t0 + intervalMs;
      }
      if (!stream.isTTY && intervalMs > 0 && timer === null) schedule();
      const own = (bar = progressDisplay({ stream, intervalMs: 0, delayMs: Math.max(0, 1000 - (performance.now() - t0)) }));
      return () => {
        if (timer) clearTimeout(timer);
        timer = null;
        const took = own.stop();
        done += took.done;
        seconds += took.seconds;
        now.done = now.total = 0;
      };
    },
    onProgress: (p: Progress) => {
      now.done = p.done;
      now.total = p.total;
      bar?.update(p);
    },
    stop,
    summary: () => `${cardDays(done)} in ${seconds.toFixed(2)} s (${millions(done / Math.max(seconds, 1e-9))} M card-days/s)`,
  };
}

/** The first line on stderr: what runs, and how much. */
export function announcement(scenario: ExperimentConfig, experiment: ExperimentOptions): string {
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

/** A line on stderr. */
export function note(line: string): void {
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
