/**
 * The kernel against the reference model the tests also use (tools/reference/: plain
 * objects per card, the same rules): card-days per second of each on the same
 * small fleet in this thread, and the ratio. Both are checked to agree first.
 */
import { compileArm, metricsOf, mergeBlocks, planJobs, runJob } from '../engine/index.ts';
import { runReference } from '../tools/reference/model.ts';
import { benchScenario } from './fleet.ts';
import { median, mrate, seconds } from './measure.ts';

export interface ReferenceResult {
  cards: number;
  months: number;
  kernelCardDaysPerSecond: number;
  referenceCardDaysPerSecond: number;
  ratio: number;
}

export function reference(cards: number, months: number, runs: number): ReferenceResult {
  const scenario = benchScenario(cards, months);
  const arm = scenario.arms[0];
  const model = compileArm(arm);
  const jobs = planJobs(scenario, [model]);
  const cardDays = cards * model.days;
  const kernelRun = () => mergeBlocks(jobs.map((job) => runJob(scenario, model, job)));
  // Same figures first: the comparison is only fair if both did the same work.
  const k = metricsOf(kernelRun(), model), r = runReference(arm, scenario.seed, 0).metrics;
  if (k['stops.overQuota'] !== r['stops.overQuota'] || Math.abs(k['cost.total'] - r['cost.total']) > 1e-6 * Math.abs(r['cost.total'])) {
    throw new Error(`kernel and reference disagree on the bench fleet: cost ${k['cost.total']} vs ${r['cost.total']}`);
  }
  const time = (fn: () => unknown) => { const t0 = process.hrtime.bigint(); fn(); return seconds(t0); };
  const kt = median(Array.from({ length: runs }, () => time(kernelRun)));
  const rt = median(Array.from({ length: runs }, () => time(() => runReference(arm, scenario.seed, 0))));
  const ratio = rt / kt;
  console.log(`\nkernel vs the object-per-card reference model (tools/reference), ${cards.toLocaleString('en')} cards × ${months} months, single thread, median of ${runs}:`);
  console.log(`  kernel ${mrate(cardDays, kt)} card-days/s, reference ${mrate(cardDays, rt)} card-days/s: the kernel is ${ratio.toFixed(1)}× faster`);
  return { cards, months, kernelCardDaysPerSecond: cardDays / kt, referenceCardDaysPerSecond: cardDays / rt, ratio };
}
