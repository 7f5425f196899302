import { describe, expect, it } from 'vitest';
import { runScenario, runToPrecision, type ResultStore, type ScenarioConfig } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';

/** auto-stop.yaml with 300 cards, starting at 3 replications. */
function example(): ScenarioConfig {
  const file = loadScenarioFile('scenarios/examples/auto-stop.yaml');
  return { ...file, replications: 3, arms: file.arms.map((a) => ({ ...a, cohorts: a.cohorts.map((c) => ({ ...c, count: 300 })) })) };
}
const run = (s: ScenarioConfig, store: ResultStore) => runScenario(s, { store });

describe('sequential stopping (--precision)', () => {
  it('stops once the half-width of the cost difference is at or below the target, with the bytes of a plain run of that many replications', async () => {
    const s = example();
    const first = await runScenario(s);
    const h3 = (first.arms[1].diff!['cost.total'].hi! - first.arms[1].diff!['cost.total'].lo!) / 2;
    const batches: number[] = [];
    const report = await runToPrecision(s, { precision: h3 / 2, run, onBatch: (b) => batches.push(b.replications) });
    const stop = report.stopping!;
    expect(stop).toMatchObject({ reason: 'target', metric: 'cost.total', arm: 'auto-stop off', baseline: 'auto-stop on', target: h3 / 2 });
    expect(stop.halfWidth).toBeLessThanOrEqual(h3 / 2);
    expect(stop.replications).toBeGreaterThan(3);
    expect(stop.batches[0]).toBe(3);
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

  it('a store is reused: a second, longer run only runs the new replications', async () => {
    const s = example();
    const store: ResultStore = [];
    await runScenario(s, { store });
    let jobs = 0;
    await runScenario({ ...s, replications: 5 }, { store, onProgress: () => jobs++ });
    expect(jobs).toBe(2 * 2); // 2 new replications × 2 arms × 1 block
  });
});
