import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import {
  METRICS, compileArm, mergeBlocks, metricsOf, planJobs, runJob, runScenario, welchDifference,
  type MetricName, type ScenarioConfig,
} from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { armArb } from '../reference/arbitrary.ts';
import { scenario } from '../helpers/build.ts';

/** Per-replication metrics of every arm, run in this thread: perRep[arm][replication]. */
function replicationMetrics(s: ScenarioConfig): Record<MetricName, number>[][] {
  const models = s.arms.map(compileArm);
  const blocks: Float64Array[][][] = models.map(() => Array.from({ length: s.replications }, () => []));
  for (const job of planJobs(s, models)) blocks[job.arm][job.replication][job.block] = runJob(s, models[job.arm], job);
  return blocks.map((reps, a) => reps.map((b) => metricsOf(mergeBlocks(b), models[a])));
}

describe('paired differences under common random numbers', () => {
  test.prop([armArb, fc.integer({ min: 2, max: 4 }), fc.string({ minLength: 1, maxLength: 6 })], { numRuns: 15 })(
    'an arm compared with an identical copy of itself differs by exactly zero in every replication: mean 0, no spread (constant), no zero-width interval',
    async (a, replications, seed) => {
      const report = await runScenario(scenario([a, { ...a, name: 'copy' }], { replications, seed, blockSize: 7 }));
      for (const m of METRICS) expect(report.arms[1].diff![m], m).toEqual({ mean: 0, lo: null, hi: null, constant: true });
      expect(report.ranking!.best!.margin).toEqual({ mean: 0, lo: null, hi: null, constant: true });
      expect(report.ranking!.best!.separated).toBe(false);
    },
  );

  it('on alerts.yaml the paired interval of the cost difference is several times narrower than the unpaired (Welch) one', () => {
    const file = loadScenarioFile('scenarios/examples/alerts.yaml');
    const base = { ...file, replications: 10, arms: [file.arms[0], file.arms[2]].map((a) => ({ ...a, cohorts: a.cohorts.map((c) => ({ ...c, count: 1000 })) })) };
    const paired = replicationMetrics(base);
    const crn = paired[1].map((m, r) => m['cost.total'] - paired[0][r]['cost.total']);
    const independent = replicationMetrics({ ...base, commonRandomNumbers: false });
    const welch = welchDifference(independent[0].map((m) => m['cost.total']), independent[1].map((m) => m['cost.total']));
    const half = (xs: number[]) => {
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
      return (2.262157163 * sd) / Math.sqrt(xs.length);
    };
    const ratio = (welch.hi - welch.lo) / 2 / half(crn);
    console.log(`alerts.yaml, "alert at 80 %" minus "no alerts", 1,000 cards, 10 replications: cost.total difference half-width paired ${half(crn).toFixed(0)}, unpaired (Welch) ${((welch.hi - welch.lo) / 2).toFixed(0)}: ${ratio.toFixed(1)}× narrower paired`);
    expect(ratio).toBeGreaterThan(3);
  });
});
