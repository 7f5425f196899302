import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { knScreen } from '../../engine/experiments/kn.ts';
import { runScenario, runToSelection, type Decision, type ExperimentConfig, type ResultStore, type ScenarioConfig } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { handReport, same } from './hand-report.ts';

function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** Adds replications of k arms (shared replication effect sd 3, own noise sd 1; arm 0 better by `lead`) until one arm is left. */
function select(rng: () => number, k: number, lead: number, delta: number): { chosen: number; replications: number } {
  const values: number[][] = Array.from({ length: k }, () => []);
  const all = [...Array(k).keys()];
  for (let r = 1; r <= 100_000; r++) {
    const shared = 3 * normal(rng);
    for (let i = 0; i < k; i++) values[i].push(100 + shared + normal(rng) - (i === 0 ? lead : 0));
    if (r < 10) continue;
    const res = knScreen(values, all, 1, { delta });
    if (res.survivors.length === 1) return { chosen: res.survivors[0], replications: r };
  }
  throw new Error('no selection');
}

describe('KN indifference-zone selection', () => {
  it('by hand: an arm far worse than the others in every replication is eliminated right after the first stage', () => {
    const base = Array.from({ length: 10 }, (_, r) => 10 + (r % 3));
    const values = [base, base.map((x) => x + 0.5), base.map((x, r) => x + 50 + (r % 2))];
    const res = knScreen(values, [0, 1, 2], 1, { delta: 1 });
    expect(res.eliminatedAt[2]).toBe(10);
    // arms 0 and 1 differ by a constant 0.5 < δ: their variance of differences is 0, so the allowance is 0 and the worse goes
    expect(res.eliminatedAt[1]).toBe(10);
    expect(res.survivors).toEqual([0]);
  });

  it('maximising keeps the highest', () => {
    const values = [[1, 2, 3, 4, 5, 1, 2, 3, 4, 5], [9, 9, 9, 9, 9, 9, 9, 9, 9, 9]];
    expect(knScreen(values, [0, 1], -1, { delta: 1 }).survivors).toEqual([1]);
  });

  it('arms tied exactly (arms that never act, under common random numbers) end the procedure once no allowance is left: the first of them is chosen', () => {
    const rng = seedrandom('ties');
    const same = Array.from({ length: 40 }, () => 100 + 10 * normal(rng));
    // Two identical arms and a worse one: S² of the tie is 0, so at r = n0 the worse one goes and the tie is settled.
    const tied = knScreen([same, [...same], same.map((x) => x + 5)], [0, 1, 2], 1, { delta: 1 });
    expect(tied).toEqual({ survivors: [0], eliminatedAt: [null, 10, 10] });
    // Every arm at 1 (availability): the first, at the first stage. Before, all three stayed to the maximum.
    const ones = Array.from({ length: 3 }, () => new Array(1000).fill(1));
    expect(knScreen(ones, [0, 1, 2], -1, { delta: 0.001 })).toEqual({ survivors: [0], eliminatedAt: [null, 10, 10] });
    // In the order given: [2, 1] keeps 2.
    expect(knScreen([same, [...same], [...same]], [2, 1], 1, { delta: 1 }).survivors).toEqual([2]);
    // Arms that differ are not settled by order: with a spread difference, the allowance decides as before.
    const noisy = same.map((x) => x + 0.1 * normal(rng));
    const r = knScreen([same, noisy], [0, 1], 1, { delta: 1 });
    expect(r.survivors).toHaveLength(1);
    expect(r.eliminatedAt.filter((x) => x !== null)[0]).toBeGreaterThanOrEqual(10);
  });

  it('when the best leads by δ it is chosen in at least 95 % of 500 synthetic trials (5 arms, common random numbers)', () => {
    const rng = seedrandom('kn');
    let right = 0, reps = 0;
    for (let t = 0; t < 500; t++) {
      const s = select(rng, 5, 0.5, 0.5);
      if (s.chosen === 0) right++;
      reps += s.replications;
    }
    console.log(`KN, 5 arms, lead = δ = 0.5 sd: best chosen in ${right}/500 trials, mean ${(reps / 500).toFixed(0)} replications`);
    expect(right / 500).toBeGreaterThanOrEqual(0.95);
  });
});

describe('runToSelection', () => {
  it('replicates until KN leaves one arm; the report is a plain run of that many replications plus `indifference`', async () => {
    const file = loadScenarioFile('scenarios/examples/auto-stop.yaml');
    const s = { ...file, replications: 3, arms: file.arms.map((a) => ({ ...a, cohorts: a.cohorts.map((c) => ({ ...c, count: 100 })) })) };
    const report = await runToSelection(s, { delta: 1, maxReplications: 60, run: (x: ScenarioConfig, store: ResultStore) => runScenario(x, { store }) });
    const ind = report.indifference!;
    expect(ind).toMatchObject({ method: 'kn', objective: 'cost.total', delta: 1, alpha: 0.05, firstStage: 10 });
    expect(ind.replications).toBeGreaterThanOrEqual(10);
    if (ind.reason === 'selected') {
      expect(ind.survivors).toEqual([ind.chosen]);
      // the arm with the lower mean cost over the replications run
      expect(ind.chosen).toBe(report.ranking!.arms[0].arm);
    }
    const { indifference: _i, ...rest } = report;
    expect(JSON.stringify(rest)).toBe(JSON.stringify(await runScenario({ ...s, replications: ind.replications })));
  });
});

describe('runToSelection under constraints', () => {
  it('a decision with constraints is refused before any run: KN would choose on the objective alone, an arm that fails them included', async () => {
    // A is the cheaper but fails availability ≥ 0.99; ten replications without spread: KN chose A at its first stage.
    const decision: Decision = { objective: 'cost.total', direction: 'minimize', constraints: [{ metric: 'availability', op: '>=', value: 0.99 }] };
    const report = handReport([
      { name: 'A', 'cost.total': same(4, 10), availability: same(0.95, 10) },
      { name: 'B', 'cost.total': same(5, 10), availability: same(1, 10) },
    ], decision, 10);
    let runs = 0;
    const run = async () => (runs++, report);
    await expect(runToSelection({ replications: 10, decision } as unknown as ExperimentConfig, { delta: 1, run })).rejects.toThrow(/constraints/);
    expect(runs).toBe(0);
    // Without constraints, as before: the cheaper.
    const free = await runToSelection({ replications: 10, decision: { ...decision, constraints: [] } } as unknown as ExperimentConfig, { delta: 1, run });
    expect(free.indifference).toMatchObject({ chosen: 'A', replications: 10, eliminated: [{ arm: 'B', at: 10 }] });
  });
});
