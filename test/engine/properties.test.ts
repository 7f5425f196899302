/** Invariants of the engine on small random fleets, one per test (fast-check prints the seed of a failure). */
import { describe, expect, it } from 'vitest';
import { test } from '@fast-check/vitest';
import fc from 'fast-check';
import { compileArm, mergeBlocks, planJobs, runJob, runScenario, traceCard, type ArmConfig } from '../../engine/index.ts';
import { layout } from '../../engine/layout.ts';
import * as B from '../helpers/build.ts';
import { armArb, planArb, policiesArb } from '../reference/arbitrary.ts';
import { close, runEngine } from '../reference/engine.ts';

const seedArb = fc.string({ minLength: 1, maxLength: 6 });
const cardsOf = (arm: ArmConfig) => arm.cohorts.reduce((n, c) => n + c.count, 0);

/** Every card's timeline. */
function timelines(arm: ArmConfig, seed: string): string[][] {
  const sc = B.scenario([arm], { seed });
  return Array.from({ length: cardsOf(arm) }, (_, card) =>
    traceCard(sc, { card }).map((e) => (e.kind === 'stop' || e.kind === 'resume' ? `${e.kind} ${e.reason}` : e.kind === 'action' ? `action ${e.outcome}` : e.kind === 'retention' && e.stopped ? 'retention stopped' : e.kind)),
  );
}

describe('state', () => {
  test.prop([armArb, seedArb], { numRuns: 150 })('every card is counted in exactly one flag combination, or as pre-service, every day, and a cancelled card has no other flag', (arm, seed) => {
    const sc = B.scenario([arm], { seed }), model = compileArm(arm), L = layout(model.months);
    const total = mergeBlocks(planJobs(sc, [model]).map((j) => runJob(sc, model, j)));
    for (let k = 0; k < model.months; k++) {
      const days = model.cal.periodStart[k + 1] - model.cal.periodStart[k];
      let all = 0;
      for (let fl = 0; fl < 32; fl++) {
        const v = total[L.state + fl * L.months + k];
        all += v;
        if (fl & 16 && fl !== 16) expect(v).toBe(0);
      }
      all += total[L.preService + k];
      expect(all).toBe(model.cards * days);
    }
  });

  test.prop([armArb, seedArb], { numRuns: 150 })('online + cards with a stop reason + cancelled + pre-service cover the fleet: each at most the fleet, together at least it', (arm, seed) => {
    const s = runEngine(arm, seed).series, n = cardsOf(arm), eps = 1e-9 * n;
    s.online.forEach((online, k) => {
      const rest = s.cancelled[k] + s.preService[k];
      expect(online + rest).toBeLessThanOrEqual(n + eps);
      for (const r of ['manual', 'overQuota', 'arrears', 'expired'] as const) expect(online + s[r][k] + rest).toBeLessThanOrEqual(n + eps);
      expect(online + s.manual[k] + s.overQuota[k] + s.arrears[k] + s.expired[k] + rest).toBeGreaterThanOrEqual(n - eps);
    });
  });
});

describe('money', () => {
  const autoStopArm = armArb.map((a): ArmConfig => ({ ...a, plans: a.plans.map((p) => ({ ...p, autoStop: true })), rules: { ...a.rules, enforcementLagDays: 0 } }));

  test.prop([autoStopArm, seedArb], { numRuns: 150 })('auto-stop on with no enforcement lag never bills overage', (arm, seed) => {
    expect(runEngine(arm, seed).metrics['cost.overage']).toBe(0);
  });

  it('auto-stop bills no overage when usage reaching the allowance rounds past it (u + (allowance − u) > allowance in floating point)', () => {
    // Found by the property above (it billed 1.03e-15): cards of a term-quota plan stopping at their 30 MB.
    const arm = {"name": "arm", "start": "2024-01-01", "months": 1, "currency": "CNY", "downtimeCostPerCardDay": 0, "plans": [{"name": "plan0", "quotaMB": 30, "monthlyFee": 0, "term": {"months": 1, "price": 10}, "overagePerMB": 0.29, "addon": {"sizeMB": 20, "price": 5}, "autoStop": true, "throttle": null, "quotaPer": "term", "stopThreshold": null}], "profiles": [{"name": "profile1", "meanDailyMB": {"kind": "lognormal", "median": 1, "spread": 0.20285009295851905}, "noise": {"kind": "fixed", "value": 1}, "weekly": [2, 1.5, 2, 0, 1.5, 0, 0], "idleMonths": [], "firmware": [], "runaway": {"dailyHazard": 0.023637025657926376, "factor": {"kind": "fixed", "value": 20.3}, "durationDays": {"kind": "fixed", "value": 0}}, "trace": null}], "payers": [{"name": "payer0", "delayDays": {"kind": "fixed", "value": 0}, "missChance": 0, "afterStopDays": {"kind": "fixed", "value": 0}}], "cohorts": [{"name": "cohort0", "count": 11, "plan": "plan0", "profile": "profile1", "payer": "payer0", "poolSize": 0, "termStart": "spread", "renewal": null, "opening": "fresh"}], "policies": {"renewal": {"kind": "auto"}, "alerts": null, "idleStop": false, "replacement": null}, "rules": {"cycleAnchorDay": 1, "graceMonths": 0, "retentionFeePerMonth": 5, "retentionPerStartedMonth": false, "newTermFrom": "expiry", "reactivationDelayDays": 0, "arrearsAfterDays": 0, "enforcementLagDays": 0}, "actions": []} as ArmConfig;
    // The run must reach the allowance (stops) for the case to mean anything.
    const m = runEngine(arm, '<(').metrics;
    expect(m['stops.overQuota']).toBeGreaterThan(0);
    expect(m['cost.overage']).toBe(0);
  });

  test.prop([armArb, seedArb], { numRuns: 150 })('costs never decrease: every monthly cost is ≥ 0', (arm, seed) => {
    const s = runEngine(arm, seed).series;
    for (const name of ['cost.total', 'cost.plan', 'cost.overage', 'cost.addon', 'cost.retention', 'cost.replacement', 'cost.downtime'] as const) {
      for (const v of s[name]) expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  test.prop([armArb, seedArb], { numRuns: 80 })('retention is charged only while the card is expired, or stopped by hand under manualStopFee: retention', (arm, seed) => {
    for (const lines of timelines(arm, seed)) {
      let expired = false, manual = false;
      for (const l of lines) {
        if (l === 'stop expired') expired = true;
        else if (l === 'stop manual') manual = true;
        else if (l === 'resume manual') manual = false;
        else if (l === 'renewal') expired = false;
        else if (l === 'cancellation' || l === 'replacement') expired = manual = false;
        else if (l === 'retention') expect(expired).toBe(true);
        else if (l === 'retention stopped') expect(manual && arm.rules.manualStopFee === 'retention').toBe(true);
      }
    }
  });
});

describe('lifecycle', () => {
  test.prop([armArb, seedArb], { numRuns: 80 })('a cancelled card does nothing but wait for its replacement (its device may still fault)', (arm, seed) => {
    for (const lines of timelines(arm, seed)) {
      let cancelled = false;
      for (const l of lines) {
        if (l === 'cancellation') { expect(cancelled).toBe(false); cancelled = true; }
        else if (l === 'replacement') { expect(cancelled).toBe(true); cancelled = false; }
        // An operator action on a cancelled card is recorded as doing nothing.
        else if (cancelled) expect(['runaway', 'action cancelled']).toContain(l);
      }
    }
  });

  const noReplacement = armArb.map((a): ArmConfig => ({ ...a, policies: { ...a.policies, replacement: null } }));

  test.prop([noReplacement, seedArb], { numRuns: 150 })('without replacement the number of cancelled cards never falls', (arm, seed) => {
    const c = runEngine(arm, seed).series.cancelled;
    for (let k = 1; k < c.length; k++) expect(c[k]).toBeGreaterThanOrEqual(c[k - 1] - 1e-9);
  });
});

describe('arms and determinism', () => {
  test.prop([armArb, planArb('unused'), seedArb], { numRuns: 100 })('a plan no card uses changes nothing', (arm, extra, seed) => {
    const more = { ...arm, plans: [extra, ...arm.plans] };
    expect(runEngine(more, seed)).toEqual(runEngine(arm, seed));
  });

  test.prop([armArb, policiesArb, fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), seedArb], { numRuns: 100 })(
    'the same card sees the same demand under every policy (usage + unserved is the same)',
    (arm, policies, autoStops, seed) => {
      const other: ArmConfig = { ...arm, name: 'other', policies, plans: arm.plans.map((p, i) => ({ ...p, autoStop: autoStops[i] })) };
      const a = runEngine(arm, seed).metrics, b = runEngine(other, seed).metrics;
      expect(close(a.usageMB + a.unservedMB, b.usageMB + b.unservedMB)).toBe(true);
    },
  );

  test.prop([armArb, policiesArb, seedArb, fc.integer({ min: 1, max: 40 })], { numRuns: 25 })(
    'the same scenario and seed give byte-identical reports',
    async (arm, policies, seed, blockSize) => {
      const sc = B.scenario([arm, { ...arm, name: 'other', policies }], { seed, replications: 3, blockSize });
      expect(JSON.stringify(await runScenario(sc))).toBe(JSON.stringify(await runScenario(structuredClone(sc))));
    },
  );
});
