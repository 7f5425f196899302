/** Runs small hand-built engine inputs for example tests: raw metrics and series, and a card's timeline in short lines. */
import { traceCard, type ArmConfig, type MetricName, type SeriesName } from '../../engine/index.ts';
import { runEngine } from '../reference/engine.ts';
import { scenario } from './build.ts';

/** The metrics of replication 0 (unrounded). */
export function metrics(arm: ArmConfig, seed = '1'): Record<MetricName, number> {
  return runEngine(arm, seed).metrics;
}

export function series(arm: ArmConfig, seed = '1'): Record<SeriesName, number[]> {
  return runEngine(arm, seed).series;
}

/** A card's timeline as "day kind" lines; stops and resumes carry their reason: "16 stop overQuota". */
export function timeline(arm: ArmConfig, card = 0, seed = '1'): string[] {
  return traceCard(scenario([arm], { seed }), { card }).map((e) =>
    e.kind === 'stop' || e.kind === 'resume' ? `${e.day} ${e.kind} ${e.reason}` : `${e.day} ${e.kind}`,
  );
}

/** Timeline lines of the given kinds only. */
export function events(arm: ArmConfig, kinds: string[], card = 0, seed = '1'): string[] {
  return timeline(arm, card, seed).filter((l) => kinds.includes(l.split(' ')[1]));
}
