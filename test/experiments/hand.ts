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
