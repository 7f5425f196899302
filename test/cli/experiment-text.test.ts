/** The ranking's closing lines (cli/experiment-text.ts) say what the report holds, without contradicting it. */
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { runMorris, runScenario, runSensitivity, runSobol, type ExperimentConfig, type Indifference } from '../../engine/index.ts';
import { formatExperiments } from '../../cli/experiment-text.ts';
import { formatReport } from '../../cli/report-text.ts';
import * as B from '../helpers/build.ts';
import { byParameter, handReport, ONE_PARAMETER, same, twoArms } from '../experiments/hand-report.ts';

const base = B.arm({ months: 2, downtimeCostPerCardDay: 2, plans: [B.plan({ autoStop: true })], profiles: [B.constant(4)], cohorts: [B.cohort({ count: 100 })] });
const text = async (s: ExperimentConfig) => formatExperiments(await runScenario(s), 80).replace(/\s+/g, ' ');

describe('the best arm and the selection, in words', () => {
  it('two arms alike in every replication are "not told apart", not "one replication", when there were two', async () => {
    const s = B.scenario([base, { ...base, name: 'same again' }], { replications: 2 });
    const out = await text(s);
    expect(out).toContain('gave the same cost.total in every replication: not told apart');
    expect(out).not.toContain('one replication');
  });

  it('with one replication and no batches to pair, the line says one replication', async () => {
    const small = { ...base, cohorts: [B.cohort({ count: 10 })], profiles: [B.constant(4, { runaway: { dailyHazard: 0.05, factor: { kind: 'fixed', value: 20 }, durationDays: { kind: 'fixed', value: 3 } } })] };
    const out = await text(B.scenario([small, { ...small, name: 'off', plans: [B.plan({ autoStop: false })] }], { replications: 1 }));
    expect(out).toContain('(one replication without paired batches: no paired interval; run 2 replications or more).');
    expect(out.replace(/\s+/g, ' ')).toContain('No best subset and no P(best): one replication gives no paired units');
  });

  it('two arms alike with one replication are level, not "0.00 lower than the runner-up"', async () => {
    // 100 cards: 2 batches, the units of one replication (the margin had no interval before: a statistics hunt).
    const out = await text(B.scenario([base, { ...base, name: 'same again' }], { replications: 1 }));
    expect(out).toContain('Best: "baseline" and the runner-up "same again" gave the same cost.total in every batch of cards: not told apart (the first in file order is named).');
    expect(out).not.toMatch(/0\.00 lower than/);
    // One batch (10 cards): no paired units at all.
    const one = { ...base, cohorts: [B.cohort({ count: 10 })] };
    const few = await text(B.scenario([one, { ...one, name: 'same again' }], { replications: 1 }));
    expect(few).toContain('Best: "baseline" and the runner-up "same again" gave the same cost.total (one replication without paired batches: no paired interval; the first in file order is named).');
  });

  it('P(best) from few units says how few distinct resamples there are: 2 replications give 3, and 100 % from them says little', async () => {
    const off = { ...base, name: 'off', plans: [B.plan({ autoStop: false })] };
    const two = await text(B.scenario([base, off], { replications: 2 }));
    expect(two).toContain('With 2 replications there are only 3 distinct resamples: P(best) is coarse (more replications refine it).');
    const three = await text(B.scenario([base, off], { replications: 3 }));
    expect(three).toContain('With 3 replications there are only 10 distinct resamples');
    expect(await text(B.scenario([base, off], { replications: 10 }))).not.toContain('distinct resamples');
  });

  it('with no feasible arm no subset is named (not "among (marked *)" with an empty list)', async () => {
    const s: ExperimentConfig = { ...B.scenario([base, { ...base, name: 'off', plans: [B.plan({ autoStop: false })] }], { replications: 3 }), decision: { objective: 'cost.total', direction: 'minimize', constraints: [{ metric: 'cancelled', op: '<', value: 0 }] } };
    const out = await text(s);
    expect(out).toContain('No arm is feasible');
    expect(out).not.toMatch(/among\s+\(marked \*\)/);
    expect(out).not.toContain('among ""');
  });
});

/** Hand-made reports (test/experiments/hand-report.ts): A and B, cheapest first, availability ≥ 0.99. */
describe('the analyses when no arm meets the constraints, in words', () => {
  const noneBase = () => twoArms([10, 0.95], [12, 0.9]), feasible = twoArms([10, 1], [12, 0.9]);
  const widths = (out: string) => out.split('\n').map((l) => stringWidth(l));

  it('sensitivity, Morris and Sobol say that no arm meets the constraints instead of naming the first-ranked arm the best', async () => {
    const report = noneBase();
    const run = byParameter(report, feasible);
    report.sensitivity = await runSensitivity(ONE_PARAMETER, report, { run });
    report.morris = await runMorris(ONE_PARAMETER, report, { trajectories: 2, run });
    report.sobol = await runSobol(ONE_PARAMETER, report, { samples: 4, run });
    const out = formatExperiments(report, 80), flat = out.replace(/\s+/g, ' ');
    expect(flat).toContain('Main run: no arm meets the constraints; the swing is measured on "A", ranked first.');
    expect(flat).not.toMatch(/best "A"|best arm "A"/);
    // p at low: still none; at high: A is feasible.
    expect(out).toMatch(/^p +0 → 1 .*yes: \(none\) → A$/m);
    expect(flat).toContain('(none): no arm meets the constraints there.');
    expect(flat).toContain('on "A", ranked first in the main run, where no arm meets the constraints');
    expect(flat).toContain('An arm meets the constraints at 50 % of the design points (none does in the main run).');
    expect(Math.max(...widths(out))).toBeLessThanOrEqual(80);
  });

  it('both ends agreeing on another arm than the main run\'s best name the flip from the main run\'s best (not "yes: B → B")', async () => {
    const report = twoArms([10, 1], [12, 1]);
    const flipped = twoArms([12, 1], [10, 1]);
    report.sensitivity = await runSensitivity(ONE_PARAMETER, report, { run: byParameter(flipped, flipped) });
    const out = formatExperiments(report, 80);
    expect(out.replace(/\s+/g, ' ')).toContain('Main run: best "A", cost.total 10');
    expect(out).toMatch(/^p +0 → 1 .*yes: A → B at both ends$/m);
  });

  it('a point with no feasible arm shows as "(none)" among the best arm\'s changes', async () => {
    const report = twoArms([10, 1], [5, 0.9]);
    report.sensitivity = await runSensitivity(ONE_PARAMETER, report, { run: byParameter(twoArms([4, 0.95], [5, 0.9]), report) });
    const out = formatExperiments(report, 80);
    expect(out.replace(/\s+/g, ' ')).toContain('Main run: best "A", cost.total 10');
    expect(out).toMatch(/^p +0 → 1 .*yes: \(none\) → A$/m);
  });
});

describe('the KN selection (--indifference), in words', () => {
  const report = (indifference: Indifference) => ({ ...twoArms([10, 1], [12, 1]), indifference });
  const kn: Indifference = {
    method: 'kn', objective: 'cost.total', direction: 'minimize', delta: 500, alpha: 0.05, firstStage: 10, replications: 46, maxReplications: 1000,
    chosen: 'alert 90 % × pack 100 MB', survivors: ['alert 90 % × pack 100 MB'],
    eliminated: [{ arm: 'no alerts', at: 10 }, { arm: 'alert 60 % × pack 200 MB and a very long name besides', at: 31 }, { arm: 'alert 80 % × pack 50 MB', at: 12 }],
    reason: 'selected',
  };

  it('the text report carries the chosen arm, the indifference zone, the replications and when each other arm went, within 80 columns', () => {
    const out = formatExperiments(report(kn), 80), flat = out.replace(/\s+/g, ' ');
    expect(flat).toContain('Selection by KN (Kim & Nelson 2001) on cost.total (CNY), lowest first, indifference zone 500: "alert 90 % × pack 100 MB" chosen after 46 replications');
    expect(flat).toContain('the best with 95 % probability if it leads every other arm by at least 500');
    expect(out).toMatch(/^alert 90 % × pack 100 MB +chosen$/m);
    // Latest eliminated first.
    expect(out).toMatch(/^alert 60 % × pack 200 MB and a very long name besides +eliminated at 31\nalert 80 % × pack 50 MB +eliminated at 12\nno alerts +eliminated at 10$/m);
    expect(flat).toContain('Each other arm went at the replication count shown.');
    for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
  });

  it('when the maximum came first, it says no arm was chosen and which are still in', () => {
    const out = formatExperiments(report({ ...kn, chosen: null, survivors: ['alert 90 % × pack 100 MB', 'no alerts'], eliminated: [{ arm: 'alert 80 % × pack 50 MB', at: 12 }], replications: 1000, reason: 'maximum' }), 80);
    expect(out.replace(/\s+/g, ' ')).toContain('no arm chosen: the maximum of 1,000 replications came first with 2 arms left');
    expect(out).toMatch(/^no alerts +still in$/m);
  });
});

describe('the Pareto front, in words', () => {
  it('is laid out as the other tables, within 80 columns even with long arm names', () => {
    // 50 columns: the old layout took 2 + 50 + 2 + 7 (cost) + 2 + 20 (downtime) + 2 + 8 (P(front)) = 93.
    const long = (k: number) => `alert ${k} % × pack 200 MB × renewal batch quarterly`;
    const r = handReport([
      { name: long(60), 'cost.total': same(265931), 'downtime.cardDays': same(2583) },
      { name: long(80), 'cost.total': same(193637), 'downtime.cardDays': same(6804) },
      { name: long(90), 'cost.total': same(186121), 'downtime.cardDays': same(8174) },
    ], { objective: 'cost.total', direction: 'minimize', constraints: [] });
    r.pareto = {
      x: 'cost.total', y: 'downtime.cardDays', arms: [long(90), long(80), long(60)].map((arm) => ({ arm, x: r.arms.find((a) => a.name === arm)!.metrics['cost.total'].mean, y: r.arms.find((a) => a.name === arm)!.metrics['downtime.cardDays'].mean })),
      onFront: [{ arm: long(60), p: 0.995 }, { arm: long(80), p: 1 }, { arm: long(90), p: 1 }],
    };
    expect(stringWidth(long(60))).toBe(50);
    const out = formatExperiments(r, 80);
    for (const line of out.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(80);
    const front = out.slice(out.indexOf('Pareto front'));
    expect(front).toMatch(new RegExp(`^${long(90).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} +186,121$`, 'm'));
    expect(front).toMatch(/^arm +downtime \(card-days\)$/m);
    expect(front).toMatch(/ +>99 %$/m);
  });
});

describe('the report header', () => {
  it('counts months as it counts cards and replications: "1 card, 1 month", not "1 months"', async () => {
    const one = { ...base, months: 1, cohorts: [B.cohort({ count: 1 })] };
    const out = formatReport(await runScenario(B.scenario([one], { replications: 1 })), 80);
    expect(out).toMatch(/^1 card, 1 month from \d{4}-\d{2}-\d{2}, 1 replication, seed /m);
  });

  it('names each arm\'s fleet where arms simulate fleets of other sizes, not only the baseline\'s', async () => {
    const small = { ...base, name: 'small', cohorts: [B.cohort({ count: 5 })] }, none = { ...base, name: 'none', cohorts: [B.cohort({ count: 0 })] };
    const out = formatReport(await runScenario(B.scenario([base, small, none], { replications: 1 })), 200);
    expect(out).toMatch(/^100 cards in "baseline" \(5 in "small", 0 in "none"\), 2 months from /m);
    // Arms of one size: the count alone.
    expect(formatReport(await runScenario(B.scenario([base, { ...base, name: 'b' }], { replications: 1 })), 200)).toMatch(/^100 cards, 2 months from /m);
  });
});

describe('availability in the ranking', () => {
  it('is ranked as a share of 1, and the heading says so (the arm table above prints %)', async () => {
    const off = { ...base, name: 'off', plans: [B.plan({ autoStop: false })] };
    const s: ExperimentConfig = { ...B.scenario([base, off], { replications: 3 }), decision: { objective: 'availability', direction: 'maximize', constraints: [] } };
    expect(await text(s)).toContain('Ranking by availability (as a share of 1), highest first; no constraints');
  });
});
