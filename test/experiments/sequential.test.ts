import { describe, expect, it } from 'vitest';
import { runScenario, runToPrecision, type Decision, type ExperimentConfig, type MetricName, type ResultStore, type ScenarioConfig } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import seedrandom from 'seedrandom';
import { firstBatch, look } from '../../engine/experiments/stopping.ts';
import { estimate, skewness } from '../../engine/stats.ts';
import { handReport, same } from './hand-report.ts';

/** auto-stop.yaml with 300 cards, starting at 3 replications. */
function example(): ScenarioConfig {
  const file = loadScenarioFile('scenarios/examples/auto-stop.yaml');
  return { ...file, replications: 3, arms: file.arms.map((a) => ({ ...a, cohorts: a.cohorts.map((c) => ({ ...c, count: 300 })) })) };
}
const run = (s: ScenarioConfig, store: ResultStore) => runScenario(s, { store });

describe('sequential stopping (--precision)', () => {
  it('stops once the half-width of the cost difference is at or below the target, with the bytes of a plain run of that many replications', async () => {
    const s = example();
    const first = await runScenario({ ...s, replications: 10 });
    const h10 = (first.arms[1].diff!['cost.total'].hi! - first.arms[1].diff!['cost.total'].lo!) / 2;
    const batches: number[] = [];
    const report = await runToPrecision(s, { precision: h10 / 2, run, onBatch: (b) => batches.push(b.replications) });
    const stop = report.stopping!;
    expect(stop).toMatchObject({
      reason: 'target', metric: 'cost.total', arm: 'auto-stop off', baseline: 'auto-stop on', target: h10 / 2,
      precision: h10 / 2, relativePrecision: null, firstBatch: 10,
    });
    expect(stop.halfWidth).toBeLessThanOrEqual(h10 / 2);
    expect(stop.replications).toBeGreaterThan(10);
    // the scenario asks for 3 replications: the first look waits for 10
    expect(stop.batches[0]).toBe(10);
    expect(stop.batches.slice(0, -1)).toEqual(batches);
    const { stopping: _s, ...rest } = report;
    expect(JSON.stringify(rest)).toBe(JSON.stringify(await runScenario({ ...s, replications: stop.replications })));
  });

  it('stops at the maximum when the target is out of reach, and says so', async () => {
    const report = await runToPrecision(example(), { precision: 1e-9, maxReplications: 5, run });
    expect(report.stopping).toMatchObject({ reason: 'maximum', replications: 5, maxReplications: 5 });
    expect(report.stopping!.halfWidth).toBeGreaterThan(1e-9);
    expect(report.scenario.replications).toBe(5);
  });

  it('a relative target stops once the half-width is within that share of the difference', async () => {
    const report = await runToPrecision(example(), { relativePrecision: 0.2, maxReplications: 200, run });
    const stop = report.stopping!;
    const diff = report.arms[1].diff!['cost.total'];
    expect(stop.reason).toBe('target');
    expect(stop.target).toBeCloseTo(0.2 * Math.abs(diff.mean), 6);
    expect(stop.halfWidth!).toBeLessThanOrEqual(0.2 * Math.abs(diff.mean));
  });

  it('real scenario: the cost differences of 300 replications of auto-stop.yaml (300 cards) fed to the stopping rule cover their mean in 93–97 % of 1,000 runs', async () => {
    const r = await runScenario({ ...example(), replications: 300 });
    const d = r.arms[1].replications['cost.total'].map((x, k) => x - r.arms[0].replications['cost.total'][k]);
    const mu = d.reduce((a, b) => a + b, 0) / d.length;
    const sd = Math.sqrt(d.reduce((a, b) => a + (b - mu) ** 2, 0) / d.length);
    const rng = seedrandom('sequential/real');
    let covered = 0, total = 0;
    for (let t = 0; t < 1000; t++) {
      // the stream draws replications of the real run with replacement: its true mean is mu
      const xs: number[] = [];
      const rule = { precision: 0.1 * sd };
      let n = firstBatch(rule, 2);
      for (;;) {
        while (xs.length < n) xs.push(d[Math.floor(rng() * d.length)]);
        const e = estimate(xs), l = look(e, xs, rule);
        if (l.stop) { if (e.lo! <= mu && mu <= e.hi!) covered++; total += n; break; }
        n = l.next;
      }
    }
    console.log(`stopping on auto-stop.yaml's cost difference (skewness ${skewness(d)!.toFixed(2)}), target 0.1 sd: coverage ${(covered / 1000).toFixed(3)}, mean replications ${(total / 1000).toFixed(0)}`);
    expect(covered / 1000).toBeGreaterThanOrEqual(0.93);
    expect(covered / 1000).toBeLessThanOrEqual(0.97);
  });

  it('a store is reused: a second, longer run only runs the new replications', async () => {
    const s = example();
    const store: ResultStore = [];
    await runScenario(s, { store });
    let jobs = 0;
    await runScenario({ ...s, replications: 5 }, { store, onProgress: () => jobs++ });
    expect(jobs).toBe(2 * 2); // 2 new replications × 2 arms × 1 block
  });
});

describe('the watched arm with --metric (hand-made reports)', () => {
  // Ten replications without spread: the first look stops ("constant") and names the arm it watched.
  const watch = (decision: Decision, metric: MetricName, arms: Parameters<typeof handReport>[0]) =>
    runToPrecision({ replications: 10, decision } as unknown as ExperimentConfig, { precision: 1, metric, run: async () => handReport(arms, decision, 10) }).then((r) => r.stopping!);
  const cheapest: Decision = { objective: 'cost.total', direction: 'minimize', constraints: [] };

  it('watching availability under "cheapest first" follows the arm the decision favours, not the least available', async () => {
    // B is the cheapest and the most available; C the least available. The objective's direction
    // (lowest first) applied to availability picked C.
    const stop = await watch(cheapest, 'availability', [
      { name: 'base', 'cost.total': same(20, 10), availability: same(0.9, 10) },
      { name: 'B', 'cost.total': same(10, 10), availability: same(0.99, 10) },
      { name: 'C', 'cost.total': same(15, 10), availability: same(0.95, 10) },
    ]);
    expect(stop).toMatchObject({ metric: 'availability', arm: 'B', baseline: 'base', reason: 'constant' });
  });

  it('the arm the decision favours is the first other than the baseline in the ranking: meeting the constraints first', async () => {
    // B is cheaper but fails availability ≥ 0.99; C meets it.
    const decision: Decision = { ...cheapest, constraints: [{ metric: 'availability', op: '>=', value: 0.99 }] };
    const arms = [
      { name: 'base', 'cost.total': same(20, 10), availability: same(1, 10) },
      { name: 'B', 'cost.total': same(10, 10), availability: same(0.95, 10) },
      { name: 'C', 'cost.total': same(15, 10), availability: same(0.995, 10) },
    ];
    expect(await watch(decision, 'cost.total', arms)).toMatchObject({ arm: 'C' });
    expect(await watch(decision, 'availability', arms)).toMatchObject({ arm: 'C' });
  });
});
