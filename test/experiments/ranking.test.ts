import { describe, expect, it } from 'vitest';
import { METRICS, paretoFront, rankArms, runScenario, type ArmReport, type Decision, type MetricName } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { estimate } from '../../engine/stats.ts';
import { diagnose } from '../../engine/summarize.ts';

/** An arm whose every metric is 0, with some set per replication: the estimates (mean and 95 % interval over replications) come from them. */
function armOf(name: string, values: Partial<Record<MetricName, number[]>>): { arm: ArmReport; reps: Record<MetricName, number>[] } {
  const R = 3;
  const reps = Array.from({ length: R }, (_, r) => Object.fromEntries(METRICS.map((m) => [m, values[m]?.[r] ?? 0])) as Record<MetricName, number>);
  const metrics = Object.fromEntries(METRICS.map((m) => [m, estimate(reps.map((v) => v[m]))])) as ArmReport['metrics'];
  const replications = Object.fromEntries(METRICS.map((m) => [m, reps.map((v) => v[m])])) as ArmReport['replications'];
  return { arm: { name, metrics, series: {} as ArmReport['series'], downtimeHistogram: { edges: [], cards: [] }, diff: null, replications, batchMeans: null, diagnostics: diagnose(reps) }, reps };
}

const arms = [
  armOf('cheap but down', { 'cost.total': [100, 100, 100], availability: [0.99, 0.99, 0.99], 'downtime.cardDays': [50, 50, 50] }),
  armOf('middle', { 'cost.total': [150, 160, 170], availability: [0.996, 0.996, 0.996], 'downtime.cardDays': [10, 10, 10] }),
  armOf('dear', { 'cost.total': [200, 200, 200], availability: [1, 1, 1], 'downtime.cardDays': [0, 0, 0] }),
  armOf('loses numbers', { 'cost.total': [120, 120, 120], availability: [1, 1, 1], cancelled: [0, 0, 3], 'downtime.cardDays': [60, 60, 60] }),
];
const rank = (d: Partial<Decision>) =>
  rankArms(arms.map((a) => a.arm), arms.map((a) => a.reps), { objective: 'cost.total', direction: 'minimize', constraints: [], ...d });

describe('ranking', () => {
  it('without constraints, arms rank by the objective mean and the best is the cheapest', () => {
    const r = rank({});
    expect(r.arms.map((a) => a.arm)).toEqual(['cheap but down', 'loses numbers', 'middle', 'dear']);
    expect(r.arms.every((a) => a.feasible)).toBe(true);
    expect(r.best).toMatchObject({ arm: 'cheap but down', runnerUp: 'loses numbers', margin: { mean: 20, lo: null, hi: null, constant: true }, separated: true });
  });

  it('constraints are judged on the interval: feasible arms first, then undetermined, then infeasible; only feasible arms are best', () => {
    const r = rank({ constraints: [{ metric: 'availability', op: '>=', value: 0.995 }, { metric: 'cancelled', op: '==', value: 0 }] });
    // cancelled 0, 0, 3: mean 1, interval 1 ± 4.30·1.73/√3 = [−3.30, 5.30] holds 0: undetermined, not infeasible as on the mean
    expect(r.arms.map((a) => [a.rank, a.arm, a.status])).toEqual([
      [1, 'middle', 'feasible'], [2, 'dear', 'feasible'], [3, 'loses numbers', 'undetermined'], [4, 'cheap but down', 'infeasible'],
    ]);
    expect(r.arms[3].violated).toEqual(['availability >= 0.995']);
    expect(r.arms[2]).toMatchObject({ violated: [], undetermined: ['cancelled == 0'], feasible: false });
    expect(r.undetermined).toEqual(['loses numbers']);
    expect(r.suggestedReplications).toBeGreaterThan(3);
    expect(r.constraints).toEqual(['availability >= 0.995', 'cancelled == 0']);
    expect(r.checkedOn).toBe('interval');
    // dear − middle per replication: 50, 40, 30 → mean 40, interval 40 ± t(2)·10/√3
    expect(r.best!.arm).toBe('middle');
    expect(r.best!.margin!.mean).toBe(40);
    expect(r.best!.margin!.lo).toBeCloseTo(40 - 4.30265273 * 10 / Math.sqrt(3), 6);
    expect(r.best!.separated).toBe(true);
  });

  it('when no arm meets the constraints there is no best', () => {
    expect(rank({ constraints: [{ metric: 'availability', op: '>', value: 1 }] }).best).toBeNull();
  });

  it('maximising ranks the highest first and the margin favours the best', () => {
    const r = rank({ objective: 'availability', direction: 'maximize' });
    expect(r.arms.map((a) => a.arm)).toEqual(['dear', 'loses numbers', 'middle', 'cheap but down']);
    expect(r.best).toMatchObject({ arm: 'dear', runnerUp: 'loses numbers', margin: { mean: 0 }, separated: false });
  });
});

describe('Pareto front', () => {
  it('keeps the arms no other arm beats on both cost and downtime, by increasing cost', () => {
    expect(paretoFront(arms.map((a) => a.arm)).arms).toEqual([
      { arm: 'cheap but down', x: 100, y: 50 },
      { arm: 'middle', x: 160, y: 10 },
      { arm: 'dear', x: 200, y: 0 },
    ]);
  });
});

describe('the margin with one replication', () => {
  it('has the batch-paired interval the arms\' diff has (a statistics hunt: it had none, though every diff had one): best the baseline, the margin is the runner-up\'s plain diff', async () => {
    const f = loadScenarioFile('scenarios/examples/auto-stop.yaml');
    const s = { ...f, replications: 1, arms: f.arms.map((a) => ({ ...a, months: 2, cohorts: a.cohorts.map((c) => ({ ...c, count: 2048 })) })) };
    const r = await runScenario(s);
    const best = r.ranking!.best!;
    expect([best.arm, best.runnerUp]).toEqual([r.arms[0].name, r.arms[1].name]);
    const plain = r.arms[1].controlled?.plain?.['cost.total'] ?? r.arms[1].diff!['cost.total'];
    expect(plain.lo).not.toBeNull();
    expect([best.margin!.lo, best.margin!.hi]).toEqual([plain.lo, plain.hi]);
    // Its mean is the replication's difference, from values before their rounding to 10 digits (diff's: after).
    expect(best.margin!.mean).toBeCloseTo(plain.mean, 3);
    expect(best.separated).toBe(best.margin!.lo! > 0);
  });
});
