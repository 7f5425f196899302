import { describe, expect, it } from 'vitest';
import { integerField, reachedArms, unchangedProblem } from '../../scenarios/sensitivity.ts';
import { overlaps, parsePath, pathProblem } from '../../scenarios/paths.ts';
import { MINIMAL, parse } from './helpers.ts';

describe('sensitivity: what the loader reads from the schema and the built arms', () => {
  it('a field is an integer when the schema says type: integer; a number, or a number-or-distribution, is not', () => {
    const at = (text: string) => integerField(parsePath(text)!);
    expect(['cohorts[0].count', 'rules.graceMonths', 'plans.basic.term.months', 'actions[0].cards.to'].map(at)).toEqual([true, true, true, true]);
    expect(['downtimeCostPerCardDay', 'plans.basic.overagePerMB', 'policies.alerts.thresholdPct', 'payers.prompt.delayDays', 'profiles.meters.runaway.dailyHazard'].map(at)).toEqual([false, false, false, false, false]);
    const c = parse(`${MINIMAL}sensitivity:\n  - {path: downtimeCostPerCardDay, low: 0, high: 2}\n  - {path: "cohorts[0].count", low: 5, high: 20}\n`);
    expect(c.sensitivity!.map((s) => [s.path, s.integer])).toEqual([['downtimeCostPerCardDay', false], ['cohorts[0].count', true]]);
  });

  it('arms the same at low and high that no arm shields are named for what they are: the field changes nothing an arm runs', () => {
    const arms = parse(MINIMAL).arms;
    const entry = { path: 'plans["basic"].overagePerMB', low: 0.2, high: 0.5 };
    expect(unchangedProblem(entry, { low: arms, high: structuredClone(arms) }, reachedArms({ low: [0.2], high: [0.5] }))).toBe(
      'low 0.2 and high 0.5 build the same arms: plans.basic.overagePerMB changes nothing any arm runs, so every run would be the same (swing 0); expected a field that changes an arm: remove this entry',
    );
    expect(unchangedProblem(entry, { low: arms, high: arms }, reachedArms({ low: [1], high: [1] }))).toMatch(/^every arm sets plans\.basic\.overagePerMB itself /);
    const high = [{ ...arms[0], plans: [{ ...arms[0].plans[0], overagePerMB: 0.5 }] }];
    expect(unchangedProblem(entry, { low: arms, high }, reachedArms({ low: [0.2], high: [0.5] }))).toBeNull();
  });

  it('overlapping paths: the first earlier one each path equals, lies inside or holds', () => {
    const paths = ['plans.basic.fee', 'policies.alerts.thresholdPct', 'plans["basic"].fee', 'policies.alerts', 'policies', 'cohorts[0].count', 'cohorts[1].count'].map(parsePath);
    expect(overlaps([...paths, null])).toEqual([
      null, null, { earlier: 0, relation: 'same' }, { earlier: 1, relation: 'holds' }, { earlier: 1, relation: 'holds' }, null, null, null,
    ]);
    expect(overlaps([parsePath('policies'), parsePath('policies.alerts.thresholdPct')])).toEqual([null, { earlier: 0, relation: 'inside' }]);
  });
});

describe('a path into what cannot be set item by item says why', () => {
  const root = { profiles: { meters: { meanDailyMB: 2, runaway: { dailyHazard: 0.01, factor: { uniform: [5, 20] } } } } };

  it('a list left at its default (a profile\'s weekly factors) has no items written to set one of', () => {
    expect(pathProblem('profiles.meters.weekly[0]', root)).toBe('unknown path: profiles.meters.weekly is not written in the scenario (its default applies), so it has no [0] to set; write profiles.meters.weekly out in full to vary one item');
  });

  it('an item of uniform\'s [a, b] is not a field: the pair is set as a whole', () => {
    expect(pathProblem('profiles.meters.runaway.factor.uniform[0]', root)).toBe("unknown path: profiles.meters.runaway.factor.uniform is set as a whole (a value, or a list such as uniform's [a, b]), so no [0] of it can be set alone");
  });

  it('a written list too short keeps its count', () => {
    expect(pathProblem('profiles.meters.weekly[7]', { profiles: { meters: { weekly: [1, 1, 1, 1, 1, 1, 1] } } })).toBe('unknown path: profiles.meters.weekly has 7 items, so no [7]');
  });
});
