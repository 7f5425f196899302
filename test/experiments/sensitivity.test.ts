import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { runMorris, runScenario, runSensitivity, runSobol } from '../../engine/index.ts';
import { armArb } from '../reference/arbitrary.ts';
import { scenario } from '../helpers/build.ts';
import { parse } from '../scenarios/helpers.ts';
import { handSensitivity } from './hand.ts';
import { formatExperiments } from '../../cli/experiment-text.ts';

const HAND = handSensitivity('How does the overage price move the cost?');

describe('sensitivity', () => {
  it('by hand: overage 154 MB × 0.2 and × 0.5; auto-stop on does not move; the best arm changes when downtime gets a price', async () => {
    const config = parse(HAND);
    const base = await runScenario(config);
    expect(base.arms[0].metrics['cost.total'].mean).toBeCloseTo(154 * 0.29, 6);
    const s = await runSensitivity(config, base, { run: (v) => runScenario(v) });
    expect(s.objective).toBe('cost.total');
    expect(s.base).toEqual({ best: 'auto-stop on', objective: 0 });
    expect(s.parameters.map((p) => p.path)).toEqual(['downtimeCostPerCardDay', 'plans.basic.overagePerMB']);
    const [down, price] = s.parameters;
    expect(price.arms).toEqual([
      // constant use: every replication alike, so the paired effect has no spread
      { arm: 'auto-stop off', reached: true, low: expect.closeTo(30.8, 6), high: expect.closeTo(77, 6), effect: { mean: expect.closeTo(154 * 0.3, 6), lo: null, hi: null, constant: true } },
      { arm: 'auto-stop on', reached: true, low: 0, high: 0, effect: { mean: 0, lo: null, hi: null, constant: true } },
    ]);
    expect(price).toMatchObject({ low: 0.2, high: 0.5, atLow: { best: 'auto-stop on', objective: 0 }, atHigh: { best: 'auto-stop on', objective: 0 }, swing: 0, swingArm: 'auto-stop on', bestChanges: false });
    // Auto-stop on is down about 26 card-days (from day 17 of each month), so at 3 per card-day it costs more than 154 × 0.29 of overage.
    const downDays = base.arms[1].metrics['downtime.cardDays'].mean;
    expect(downDays * 3).toBeGreaterThan(154 * 0.29);
    expect(down.atHigh).toEqual({ best: 'auto-stop off', objective: expect.closeTo(154 * 0.29, 6) });
    expect(down.arms[1].high).toBeCloseTo(downDays * 3, 6);
    // the swing follows the main run's best arm (auto-stop on) from low to high: 0 → its downtime × 3, not the
    // best at high (auto-stop off, 154 × 0.29) minus the best at low (auto-stop on, 0), which are two arms
    expect(down.swingArm).toBe('auto-stop on');
    expect(down.swing).toBeCloseTo(downDays * 3, 6);
    expect(down.bestChanges).toBe(true);
  });

  it('an arm that sets the field itself is not reached: effect 0 and reached false, said beside the swing and under the table', async () => {
    // A third arm pays its own overage price: 154 MB × 0.29 at low and at high. A sweep arm that sets the price is not reached either.
    const text = HAND.replace('sensitivity:', '  - name: own price\n    plans: {basic: {overagePerMB: 0.29}}\nsensitivity:')
      .replace('  - {path: downtimeCostPerCardDay, low: 0, high: 3}\n', '');
    const config = parse(text);
    expect(config.sensitivity![0].reached).toEqual([true, true, false]);
    const base = await runScenario(config);
    const s = await runSensitivity(config, base, { run: (v) => runScenario(v) });
    const [price] = s.parameters;
    expect(price.arms.map((a) => [a.arm, a.reached, a.effect.mean])).toEqual([
      ['auto-stop off', true, expect.closeTo(154 * 0.3, 6)],
      ['auto-stop on', true, 0],
      ['own price', false, 0],
    ]);
    expect(price.arms[2].low).toBeCloseTo(154 * 0.29, 6);
    const out = formatExperiments({ ...base, sensitivity: s }, 200);
    expect(out).toContain('plans.basic.overagePerMB does not reach arm "own price": it sets the field itself (or what holds it), so it keeps its own value over the whole range (effect 0).');
    // The main best arm (auto-stop on, cost 0) is reached: its swing of 0 is not marked.
    expect(out).not.toContain('(not reached)');
    // Made the best (its price fixed at 0 and auto-stop on), the unreached arm's swing of 0 is marked.
    const own = parse(text.replace('plans: {basic: {overagePerMB: 0.29}}', 'plans: {basic: {overagePerMB: 0, autoStop: true}}').replace('  - name: auto-stop on\n    plans: {basic: {autoStop: true}}\n', ''));
    const ownBase = await runScenario(own);
    const os = await runSensitivity(own, ownBase, { run: (v) => runScenario(v) });
    expect(os.parameters[0].swingArm).toBe('own price');
    expect(formatExperiments({ ...ownBase, sensitivity: os }, 200)).toMatch(/plans\.basic\.overagePerMB .* 0 \(not reached\)/);
    // Morris and Sobol carry the same flag per arm; on the unreached main arm the μ* of 0 and the total index are marked.
    const morris = await runMorris(own, ownBase, { trajectories: 2, run: (v) => runScenario(v) });
    const sobol = await runSobol(own, ownBase, { samples: 4, run: (v) => runScenario(v) });
    expect(morris.arm).toBe('own price');
    expect(morris.parameters[0].arms.map((a) => [a.arm, a.reached, a.muStar > 0])).toEqual([['auto-stop off', true, true], ['own price', false, false]]);
    expect(sobol.parameters[0].arms.map((a) => [a.arm, a.reached, a.total === null])).toEqual([['auto-stop off', true, false], ['own price', false, true]]);
    const global = formatExperiments({ ...ownBase, morris, sobol }, 200);
    expect(global).toMatch(/plans\.basic\.overagePerMB +0 \(not reached\)/);
    expect(global).toMatch(/plans\.basic\.overagePerMB +– +– \(not reached\)/);
    // Without a sensitivity section the line naming the arm comes once, under the Morris table.
    expect(global.split('does not reach arm "own price"')).toHaveLength(2);
  });

  test.prop([armArb, fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })], { numRuns: 15 })(
    'raising overagePerMB never lowers the cost of an arm with auto-stop off',
    async (a, p, q) => {
      const [low, high] = p <= q ? [p, q] : [q, p];
      const withPrice = (price: number) => ({ ...a, plans: a.plans.map((pl) => ({ ...pl, autoStop: false, overagePerMB: price })) });
      const s = scenario([withPrice(low), { ...withPrice(high), name: 'high' }], { replications: 2, blockSize: 5 });
      const r = await runScenario(s);
      // (up to float rounding of sums that are equal)
      expect(r.arms[1].diff!['cost.total'].mean).toBeGreaterThanOrEqual(-1e-9);
      expect(r.arms[1].metrics['cost.total'].mean).toBeGreaterThanOrEqual(r.arms[0].metrics['cost.total'].mean - 1e-9);
    },
  );
});
