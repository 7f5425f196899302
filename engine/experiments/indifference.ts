import type { ScenarioConfig } from '../config.ts';
import type { ResultStore } from '../collect.ts';
import type { Indifference, Report } from '../report.ts';
import { constraintText, DEFAULT_DECISION } from './decision.ts';
import type { ExperimentConfig } from './experiment.ts';
import { knScreen } from './kn.ts';

/** The KN procedure's first stage: the replications every arm gets before any is eliminated. */
export const KN_FIRST_STAGE = 10;

export interface SelectionRunOptions {
  /** The indifference zone δ, in the objective's unit: the best is found when it leads every other arm by at least this. */
  delta: number;
  /** First-stage replications (KN's n0). [default: KN_FIRST_STAGE, 10] */
  firstStage?: number;
  /** [default: 1000] */
  maxReplications?: number;
  /** Runs the scenario with the given store (runScenario, or a worker-thread runner). */
  run: (scenario: ScenarioConfig, store: ResultStore) => Promise<Report>;
  /** Called after each batch that leaves more than one arm. */
  onBatch?: (state: Indifference) => void;
}

/**
 * Adds replications until the KN procedure (knScreen) leaves one arm, or `maxReplications`:
 * with probability ≥ 95 % it is the best by the objective whenever the best leads the others by
 * at least δ. Batches grow by a quarter; eliminations are replayed replication by replication,
 * so the arm chosen is the one the fully sequential procedure chooses (the batch only adds
 * replications past the decision). On the objective alone, so a decision with constraints is
 * refused (RangeError) before any run: KN's guarantee does not cover choosing among the arms that
 * meet constraints, which needs a feasibility check with a tolerance on each constraint
 * (Andradóttir & Kim 2010, Naval Research Logistics 57(5)) that decisions do not have.
 * Finished replications are kept in a store; the report carries `indifference`.
 */
export async function runToSelection(scenario: ExperimentConfig, options: SelectionRunOptions): Promise<Report> {
  const n0 = options.firstStage ?? KN_FIRST_STAGE, max = Math.max(n0, options.maxReplications ?? 1000);
  const decision = scenario.decision ?? DEFAULT_DECISION;
  if (decision.constraints.length > 0) {
    throw new RangeError(`runToSelection: the decision has constraints (${decision.constraints.map(constraintText).join(', ')}), which KN does not consider: it could choose an arm that fails them`);
  }
  const sign = decision.direction === 'minimize' ? 1 : -1;
  const store: ResultStore = [];
  let n = Math.min(max, Math.max(n0, scenario.replications));
  for (;;) {
    const report = await options.run({ ...scenario, replications: n }, store);
    const names = report.arms.map((a) => a.name);
    const all = names.map((_, i) => i);
    const res = knScreen(report.arms.map((a) => a.replications[decision.objective]), all, sign, { delta: options.delta, n0 });
    const one = res.survivors.length === 1;
    const state: Indifference = {
      method: 'kn', objective: decision.objective, direction: decision.direction, delta: options.delta, alpha: 0.05, firstStage: n0,
      replications: n, maxReplications: max, chosen: one ? names[res.survivors[0]] : null, survivors: res.survivors.map((i) => names[i]),
      eliminated: all.filter((i) => res.eliminatedAt[i] !== null).map((i) => ({ arm: names[i], at: res.eliminatedAt[i]! })),
      reason: one ? 'selected' : 'maximum',
    };
    if (one || n >= max) {
      report.indifference = state;
      return report;
    }
    options.onBatch?.(state);
    n = Math.min(max, n + Math.max(1, Math.ceil(n / 4)));
  }
}
