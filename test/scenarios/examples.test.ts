import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { runEngine } from '../reference/engine.ts';

const folder = 'scenarios/examples';
const examples = readdirSync(folder).filter((f) => /\.(ya?ml|json)$/.test(f));

describe('example scenarios', () => {
  it('there are the documented examples (README, "Examples")', () => {
    expect(examples.sort()).toEqual([
      'alert-pack-sweep.yaml', 'alerts.yaml', 'auto-stop.yaml', 'batch-renewal.yaml', 'bulk-purchase.yaml', 'choose-policy.yaml', 'cycle-anchor.yaml',
      'hand-check.yaml', 'imported-fleet.yaml', 'lifetime.yaml', 'pools.yaml', 'renewal-cadence.yaml', 'renewal-lag-sweep.yaml',
      'summer-suspension.yaml', 'throttle.yaml',
    ]);
  });

  it.each(examples)('%s loads, states its question and points editors at the schema', (file) => {
    const config = loadScenarioFile(`${folder}/${file}`);
    expect(config.question.length).toBeGreaterThan(10);
    expect(config.arms.length).toBeGreaterThan(0);
    expect(config.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('auto-stop compares auto-stop on (baseline) with off and nothing else', () => {
    const { arms } = loadScenarioFile(`${folder}/auto-stop.yaml`);
    expect(arms.map((a) => a.name)).toEqual(['auto-stop on', 'auto-stop off']);
    expect(arms.map((a) => a.plans[0].autoStop)).toEqual([true, false]);
    expect({ ...arms[1], name: '', plans: [] }).toEqual({ ...arms[0], name: '', plans: [] });
  });

  it('cycle-anchor compares the 1st with the 27th, both in service, and a fresh 27th', () => {
    const { arms } = loadScenarioFile(`${folder}/cycle-anchor.yaml`);
    expect(arms.map((a) => [a.rules.cycleAnchorDay, a.cohorts[0].opening ?? 'fresh'])).toEqual([[1, 'inService'], [27, 'inService'], [27, 'fresh']]);
  });

  it('bulk-purchase compares the silent periods of CMCC/CT (6 months), CU (360 days) and first use only, on the same cards', () => {
    const { arms } = loadScenarioFile(`${folder}/bulk-purchase.yaml`);
    expect(arms.map((a) => a.cohorts[0].preService?.silent)).toEqual([{ unit: 'months', length: 6 }, { unit: 'days', length: 360 }, { unit: 'months', length: 120 }]);
    expect(arms.map((a) => ({ ...a.cohorts[0], preService: { ...a.cohorts[0].preService, silent: null } }))).toEqual(arms.map(() => ({ ...arms[0].cohorts[0], preService: { ...arms[0].cohorts[0].preService, silent: null } })));
  });

  it('hand-check is one card at a constant 6 MB/day on a 100 MB plan with auto-stop', () => {
    const config = loadScenarioFile(`${folder}/hand-check.yaml`);
    expect(config.replications).toBe(1);
    const [arm] = config.arms;
    expect(arm.start).toBe('2026-01-01');
    expect(arm.months).toBe(2);
    expect(arm.cohorts).toEqual([{ name: 'sensor', count: 1, plan: 'basic', profile: 'sensor', payer: 'prompt', poolSize: 0, termStart: 'spread', renewal: null }]);
    expect(arm.profiles[0]).toMatchObject({ meanDailyMB: { kind: 'fixed', value: 6 }, noise: { kind: 'fixed', value: 1 }, trace: null });
    expect(arm.plans[0]).toMatchObject({ quotaMB: 100, autoStop: true });
  });

  it('summer-suspension: every one of the 500 rental cards is asked on 10 July, accepted or refused; the year-round cards never', () => {
    const { arms, seed } = loadScenarioFile(`${folder}/summer-suspension.yaml`);
    expect(arms.map((a) => a.name)).toEqual(['keep running', 'stop 10 Jul, resume 1 Sep', 'stop 10 Jul, retry 1 Aug, resume 1 Sep']);
    expect(arms[0].actions).toBeUndefined();
    expect(arms[1].actions!.map((a) => [a.do, a.days, a.cohort])).toEqual([['stop', [190], 'rental'], ['resume', [243], 'rental']]);
    // No card has a term, so none is cancelled: each request is accepted (stops.manual) or refused.
    const m = runEngine(arms[1], seed).metrics;
    expect(m['stops.manual'] + m['stops.manualRefused']).toBe(500);
    const base = runEngine(arms[0], seed).metrics;
    expect(base['stops.manual'] + base['stops.manualRefused']).toBe(0);
  });
});
