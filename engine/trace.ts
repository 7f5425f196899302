import type { ScenarioConfig } from './config.ts';
import { compileArm, poolAround } from './model.ts';
import { Sim } from './sim.ts';
import type { TraceEvent } from './events.ts';
import { runBlock } from './kernel.ts';
import { streamSeed } from './jobs.ts';

export interface TraceOptions {
  /** Arm index. [default: 0] */
  arm?: number;
  /** Replication index. [default: 0] */
  replication?: number;
  /** Global card index (0-based, cohorts in file order). */
  card: number;
}

/**
 * The dated timeline of one card: bills, payments, stops and why, resumes,
 * renewals, cancellation. Runs only the card (or its pool) with the same
 * keyed draws as a full run, so the timeline is the card's in the report.
 */
export function traceCard(scenario: ScenarioConfig, options: TraceOptions): TraceEvent[] {
  const arm = options.arm ?? 0, replication = options.replication ?? 0, card = options.card;
  const model = compileArm(scenario.arms[arm]);
  if (!Number.isInteger(card) || card < 0 || card >= model.cards) throw new RangeError(`card ${card} is not in the fleet (0 to ${model.cards - 1})`);
  const c = model.cohorts.find((c) => c.start <= card && card < c.end)!;
  let first = card, size = 1;
  if (c.pools) {
    const [a, b] = poolAround(c.pools, card);
    first = a;
    size = b - a;
  }
  const s = new Sim(model, streamSeed(scenario, arm), replication, first, size, card);
  runBlock(s);
  return s.log!.events;
}
