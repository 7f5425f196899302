import type { ScenarioConfig } from '../config.ts';
import type { Report, Sensitivity, SensitivityParameter } from '../report.ts';
import { estimate, round } from '../stats.ts';
import { DEFAULT_DECISION } from './decision.ts';
import { runnable, type ExperimentConfig } from './experiment.ts';

export interface SensitivityOptions {
  /** Runs one variant of the scenario (runScenario, or a worker-thread runner). */
  run: (scenario: ScenarioConfig, label: string) => Promise<Report>;
}

/**
 * One-at-a-time sensitivity: for each of the scenario's `sensitivity` cases, every arm is run
 * with the parameter at its low and at its high value (same seed and replications as `base`,
 * so the runs are paired with it), and the best arm (the ranking's `best`, meeting every
 * constraint; none when no arm does) and its objective are noted. The swing is the main run's best
 * arm at high minus the same arm at low (not the best at high minus the best at low, which may be
 * two arms; when no arm of the main run meets the constraints, its first-ranked arm); every arm
 * gets its paired effect high − low with its 95 % interval, and whether the parameter reaches it at
 * all (an arm that sets the field itself keeps its value: its effect is 0). The best changes when it differs from
 * the main run's at low or at high, "none" included. Parameters come widest swing first (tornado
 * order; ties keep file order).
 */
export async function runSensitivity(scenario: ExperimentConfig, base: Report, options: SensitivityOptions): Promise<Sensitivity> {
  const decision = scenario.decision ?? DEFAULT_DECISION;
  const objective = decision.objective;
  const shared = { ...runnable(scenario), replications: base.scenario.replications, seed: base.scenario.seed };
  const baseBest = bestOf(base, objective);
  const swingArm = baseBest.best ?? firstArm(base);
  const parameters: SensitivityParameter[] = [];
  for (const c of scenario.sensitivity ?? []) {
    const low = await options.run({ ...shared, arms: c.lowArms }, `${c.path} = ${c.low}`);
    const high = await options.run({ ...shared, arms: c.highArms }, `${c.path} = ${c.high}`);
    const atLow = bestOf(low, objective), atHigh = bestOf(high, objective);
    const arms = low.arms.map((a, i) => {
      const hi = high.arms[i];
      // Same seed and replications: replication r at low and at high share their draws, so the effect is paired.
      const effect = estimate(hi.replications[objective].map((x, r) => x - a.replications[objective][r]));
      return { arm: a.name, reached: c.reached?.[i] ?? true, low: a.metrics[objective].mean, high: hi.metrics[objective].mean, effect };
    });
    const same = arms.find((a) => a.arm === swingArm) ?? arms[0];
    parameters.push({
      path: c.path,
      low: c.low,
      high: c.high,
      atLow,
      atHigh,
      swing: round(same.high - same.low),
      swingArm: same.arm,
      bestChanges: atLow.best !== baseBest.best || atHigh.best !== baseBest.best,
      arms,
    });
  }
  const order = parameters.map((p, i) => ({ p, i })).sort((a, b) => Math.abs(b.p.swing) - Math.abs(a.p.swing) || a.i - b.i);
  return { objective, direction: decision.direction, base: baseBest, parameters: order.map((o) => o.p) };
}

/** The report's best arm and its objective mean: both null when no arm meets the constraints. */
function bestOf(report: Report, objective: Sensitivity['objective']): { best: string | null; objective: number | null } {
  const best = bestArm(report);
  const arm = report.arms.find((a) => a.name === best);
  return { best, objective: arm ? arm.metrics[objective].mean : null };
}

/**
 * The arm a report chooses: its ranking's `best` (the best arm meeting every constraint; null
 * when no arm does, never the first-ranked arm then), or the only arm of a report without a ranking.
 */
export function bestArm(report: Report): string | null {
  return report.ranking ? report.ranking.best?.arm ?? null : report.arms[0].name;
}

/** The report's first-ranked arm, feasible or not (the only arm without a ranking). */
export function firstArm(report: Report): string {
  return report.ranking?.arms[0].arm ?? report.arms[0].name;
}
