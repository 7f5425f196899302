/**
 * One card at 6 MB/day on a 100 MB plan, Jan–Feb 2026: 86 + 68 = 154 MB of overage with
 * auto-stop off; auto-stop on is down instead. Two arms, and the overage price and the downtime
 * cost as sensitivity ranges: the hand-checked scenario of the sensitivity and Morris tests.
 */
export function handSensitivity(question: string): string {
  return `name: Hand
question: ${question}
start: 2026-01-01
months: 2
replications: 2
plans:
  basic: {quotaMB: 100, autoStop: false, overagePerMB: 0.29}
profiles:
  sensor: {kind: constant, dailyMB: 6}
cohorts:
  - {count: 1, plan: basic, profile: sensor, termStart: fresh}
arms:
  - name: auto-stop off
  - name: auto-stop on
    plans: {basic: {autoStop: true}}
sensitivity:
  - {path: plans.basic.overagePerMB, low: 0.2, high: 0.5}
  - {path: downtimeCostPerCardDay, low: 0, high: 3}
`;
}

/**
 * Sensitivity ranges valid alone that some Morris or Sobol design point makes invalid together: a
 * cohort of 50–150 cards and an action on its cards 0 to 10–90 (60 cards with card 88). Two arms,
 * `a` and `b`; `sensitivity:` is on line 20.
 */
export const JOINT_RANGES = [
  'name: joint ranges', 'question: do the ranges hold together?', 'start: 2026-01-01', 'months: 2', 'seed: 3', 'replications: 2',
  'plans:', '  small: {quotaMB: 100, monthlyFee: 5, autoStop: true, overagePerMB: 0.29}',
  'profiles:', '  meters:', '    meanDailyMB: {lognormal: {median: 2, spread: 1}}',
  'cohorts:', '  - {name: meters, count: 100, plan: small, profile: meters}',
  'actions:', '  - {do: stop, on: 2026-01-10, cards: {cohort: meters, to: 40}}',
  'arms:', '  - name: a', '  - name: b', '    plans: {small: {autoStop: false}}',
  'sensitivity:', '  - {path: "cohorts[0].count", low: 50, high: 150}', '  - {path: "actions[0].cards.to", low: 10, high: 90}', '',
].join('\n');
