/**
 * The peers' reference scenario at another fleet size: reference-100k.yaml's cohort counts
 * scale linearly (its header says so), rounded by largest remainder so they sum to `cards`
 * exactly; cohorts that round to no card are left out.
 */
import type { ScenarioConfig } from '../engine/index.ts';

export function scaleFleet<T extends ScenarioConfig>(scenario: T, cards: number): T {
  const arms = scenario.arms.map((arm) => {
    const total = arm.cohorts.reduce((n, c) => n + c.count, 0);
    if (total === cards) return arm;
    const exact = arm.cohorts.map((c) => (c.count * cards) / total);
    const counts = exact.map(Math.floor);
    let left = cards - counts.reduce((a, b) => a + b, 0);
    const order = exact.map((_, k) => k).sort((a, b) => exact[b] - counts[b] - (exact[a] - counts[a]) || a - b);
    for (let j = 0; left > 0; j++, left--) counts[order[j]]++;
    return { ...arm, cohorts: arm.cohorts.map((c, k) => ({ ...c, count: counts[k] })).filter((c) => c.count > 0) };
  });
  return { ...scenario, arms };
}
