/**
 * The analyses that name "the best arm" (sensitivity, Morris, Sobol) when no arm meets the
 * decision's constraints: the ranking's best is null then, and its first-ranked arm fails a
 * constraint. Hand-made reports (hand-report.ts): cheapest first, availability ≥ 0.99, values
 * without spread (judged on themselves).
 */
import { describe, expect, it } from 'vitest';
import { runMorris, runSensitivity, runSobol, type Report } from '../../engine/index.ts';
import { byParameter, ONE_PARAMETER, twoArms } from './hand-report.ts';

// Main run: A (10, available) is the best; B (5) fails availability. In `none`, A (4) fails too: no best, though A ranks first.
const base = twoArms([10, 1], [5, 0.9]), none = twoArms([4, 0.95], [5, 0.9]);
// A main run with no feasible arm (A ranks first), and the same with A available.
const noneBase = twoArms([10, 0.95], [12, 0.9]), feasible = twoArms([10, 1], [12, 0.9]);

describe('sensitivity when no arm meets the constraints', () => {
  const sensitivityOf = (main: Report, low: Report, high: Report) => runSensitivity(ONE_PARAMETER, main, { run: byParameter(low, high) });

  it('a point where no arm is feasible has no best: a change from the feasible main best, even when the arm ranked first there is that arm', async () => {
    expect(none.ranking!.arms[0].arm).toBe('A');
    expect(none.ranking!.best).toBeNull();
    const s = await sensitivityOf(base, none, base);
    expect(s.base).toEqual({ best: 'A', objective: 10 });
    expect(s.parameters[0]).toMatchObject({ atLow: { best: null, objective: null }, atHigh: { best: 'A', objective: 10 }, swingArm: 'A', swing: 6, bestChanges: true });
  });

  it('a main run with no feasible arm says so (best null); the swing is on its first-ranked arm, and a point where an arm is feasible is a change', async () => {
    const s = await sensitivityOf(noneBase, noneBase, feasible);
    expect(s.base).toEqual({ best: null, objective: null });
    expect(s.parameters[0]).toMatchObject({ atLow: { best: null, objective: null }, atHigh: { best: 'A', objective: 10 }, swingArm: 'A', swing: 0, bestChanges: true });
    // Nowhere feasible: no change.
    expect((await sensitivityOf(noneBase, noneBase, noneBase)).parameters[0].bestChanges).toBe(false);
  });
});

describe('Morris when no arm meets the constraints', () => {
  const morrisOf = (main: Report, low: Report, high: Report) => runMorris(ONE_PARAMETER, main, { trajectories: 2, run: byParameter(low, high) });

  it('a design point with no feasible arm counts as a change from the feasible main best, even when that arm ranks first there', async () => {
    expect(await morrisOf(base, base, none)).toMatchObject({ arm: 'A', runs: 4, bestChanges: 0.5 });
  });

  it('with no feasible arm in the main run, the effects are its first-ranked arm\'s and a point where an arm is feasible is a change', async () => {
    expect(await morrisOf(noneBase, noneBase, feasible)).toMatchObject({ arm: 'A', bestChanges: 0.5 });
    expect(await morrisOf(noneBase, noneBase, noneBase)).toMatchObject({ arm: 'A', bestChanges: 0 });
  });
});

describe('Sobol when no arm meets the constraints', () => {
  const sobolOf = (main: Report, low: Report, high: Report) => runSobol(ONE_PARAMETER, main, { samples: 4, run: byParameter(low, high) });

  it('a design point with no feasible arm counts as a change from the feasible main best, even when that arm ranks first there', async () => {
    expect(await sobolOf(base, base, none)).toMatchObject({ arm: 'A', runs: 12, bestChanges: 0.5 });
  });

  it('with no feasible arm in the main run, the indices are its first-ranked arm\'s and a point where an arm is feasible is a change', async () => {
    expect(await sobolOf(noneBase, noneBase, feasible)).toMatchObject({ arm: 'A', bestChanges: 0.5 });
    expect(await sobolOf(noneBase, noneBase, noneBase)).toMatchObject({ arm: 'A', bestChanges: 0 });
  });
});
