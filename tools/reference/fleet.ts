/**
 * The reference model's fleet: one card object per generated card, cohort by cohort in the
 * arm's order (global index g), and the pools its pooled cohorts' cards share.
 */
import type { ArmConfig } from '../../engine/config.ts';
import { quantile } from '../../engine/dist.ts';
import type { Pool, RefCard } from './card.ts';
import { S, noiseTable, type Days, type Draws } from './days.ts';
import { nextOnset } from './demand.ts';
import { deployDay, initialPre } from './preservice.ts';

/** The arm's cards and pools as they stand before day 0. */
export function fleetOf(arm: ArmConfig, cal: Days, draw: Draws): { cards: RefCard[]; pools: Pool[] } {
  const cards: RefCard[] = [], pools: Pool[] = [];
  let g = 0;
  for (const cohort of arm.cohorts) {
    const c0 = g, c1 = g + cohort.count;
    const plan = arm.plans.find((p) => p.name === cohort.plan)!;
    const profile = arm.profiles.find((p) => p.name === cohort.profile)!;
    const payer = arm.payers.find((p) => p.name === cohort.payer)!;
    const noise = noiseTable(profile.noise);
    let pool: Pool | null = null;
    for (let k = 0; k < cohort.count; k++, g++) {
      if (cohort.poolSize > 0 && k % cohort.poolSize === 0) {
        // A pool's allowance is its members' quotas (the cohort's last pool may be smaller).
        pool = { members: [], allowance: Math.min(cohort.poolSize, cohort.count - k) * plan.quotaMB, used: 0 };
        pools.push(pool);
      }
      const card: RefCard = {
        g, c0, c1, term: 0, runs: 0, cohort, plan, profile, payer, pool: cohort.poolSize > 0 ? pool : null, noise,
        mean: Math.max(0, quantile(profile.meanDailyMB, draw.s(c0, c1, g, 0, S.mean))),
        flags: new Set(), idleStopped: false,
        used: 0, packs: 0, packDay: null, cutDay: null,
        charged: false, feePaid: false, feeUntil: 0, invoices: [], restartDay: null,
        expiry: null, lastRenewal: 0, renewDay: null, retentionDays: [], cancelDay: null, replaceDay: null,
        nextOnset: null, runEnd: null, mult: 1,
        pre: initialPre(cohort, cal), deployDay: deployDay(cohort, draw, g, c0),
        down: 0, events: [],
      };
      if (card.pool) card.pool.members.push(card);
      if (profile.runaway) card.nextOnset = nextOnset(draw, card, -1);
      cards.push(card);
    }
  }
  return { cards, pools };
}
