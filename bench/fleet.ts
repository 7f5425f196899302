/**
 * The bench's fleet (issue 2): lognormal usage with noise, a weekly pattern
 * and runaway devices; postpaid payers, some late or forgetful; annual terms
 * with some late manual renewals; auto-stop on.
 */
import type { ScenarioConfig } from '../engine/index.ts';

export function benchScenario(cards: number, months: number, replications = 1, arms = 1): ScenarioConfig {
  const scenario: ScenarioConfig = {
    name: `bench ${cards} cards × ${months} months`,
    question: 'How fast is the kernel?',
    seed: 'bench',
    replications,
    blockSize: 16384,
    hash: 'bench',
    arms: [
      {
        name: 'auto-stop on',
        start: '2026-01-01',
        months,
        currency: 'CNY',
        downtimeCostPerCardDay: 3,
        plans: [
          { name: 'annual', quotaMB: 100, monthlyFee: 2, term: { months: 12, price: 96 }, quotaPer: 'cycle', autoStop: true, overagePerMB: 0.29, throttle: null, stopThreshold: null, addon: { sizeMB: 100, price: 10 } },
        ],
        profiles: [
          {
            name: 'meters',
            meanDailyMB: { kind: 'lognormal', median: 2, spread: 1 },
            noise: { kind: 'lognormal', median: 1, spread: 0.3 },
            weekly: [1, 1, 1, 1, 1, 0.7, 0.7],
            idleMonths: [],
            firmware: [{ day: 60, mb: 5, days: 3 }],
            runaway: { dailyHazard: 0.001, factor: { kind: 'uniform', min: 10, max: 100 }, durationDays: { kind: 'uniform', min: 3, max: 14 } },
            trace: null,
          },
        ],
        payers: [
          {
            name: 'mostly on time',
            delayDays: { kind: 'mixture', weights: [0.8, 0.2], parts: [{ kind: 'fixed', value: 2 }, { kind: 'uniform', min: 5, max: 40 }] },
            missChance: 0.02,
            afterStopDays: { kind: 'uniform', min: 1, max: 10 },
          },
        ],
        cohorts: [{ name: 'fleet', count: cards, plan: 'annual', profile: 'meters', payer: 'mostly on time', poolSize: 0, termStart: 'spread' }],
        policies: {
          renewal: { kind: 'manual', lagDays: { kind: 'mixture', weights: [0.85, 0.15], parts: [{ kind: 'uniform', min: -20, max: 0 }, { kind: 'uniform', min: 1, max: 60 }] }, forgetChance: 0.01 },
          alerts: null,
          idleStop: false,
          replacement: { delayDays: 7, simCost: 10, visitCost: 150 },
        },
        rules: { cycleAnchorDay: 1, graceMonths: 3, retentionFeePerMonth: 5, retentionPerStartedMonth: true, newTermFrom: 'expiry', reactivationDelayDays: 1, arrearsAfterDays: 14, enforcementLagDays: 0 },
      },
    ],
  };
  if (arms > 1) {
    // Further arms: auto-stop off (the kernel does the same work per card-day).
    for (let a = 1; a < arms; a++) {
      const base = scenario.arms[0];
      scenario.arms.push({ ...base, name: `auto-stop off ${a}`, plans: base.plans.map((p) => ({ ...p, autoStop: false })) });
    }
  }
  return scenario;
}
