/**
 * The kernel's single-thread speed (issue 2): card-days per second on the
 * bench fleet, in this thread, median of several runs after a warm-up.
 */
import { BYTES_PER_CARD, compileArm, planJobs, runJob } from '../engine/index.ts';
import { benchScenario } from './fleet.ts';
import { median, mib, mrate, seconds, withPeakRss } from './measure.ts';

export interface KernelResult {
  cards: number;
  months: number;
  cardDays: number;
  runs: number;
  medianSeconds: number;
  cardDaysPerSecond: number;
  bestCardDaysPerSecond: number;
  bytesPerCard: number;
  peakRssBytes: number;
}

export async function kernel(cards: number, months: number, runs: number): Promise<KernelResult> {
  const scenario = benchScenario(cards, months);
  const model = compileArm(scenario.arms[0]);
  const jobs = planJobs(scenario, [model]);
  const cardDays = cards * model.days;
  const once = () => {
    const t0 = process.hrtime.bigint();
    for (const job of jobs) runJob(scenario, model, job);
    return seconds(t0);
  };
  console.log(`kernel, single thread: ${cards.toLocaleString('en')} cards × ${months} months (${model.days} days) = ${(cardDays / 1e6).toFixed(1)} M card-days in ${jobs.length} blocks`);
  const { value: times, peakRss } = await withPeakRss(() => {
    once(); // warm-up
    return Array.from({ length: runs }, once);
  });
  const m = median(times), best = Math.min(...times), worst = Math.max(...times);
  console.log(`  wall: median ${m.toFixed(3)} s (best ${best.toFixed(3)}, worst ${worst.toFixed(3)}; ${runs} runs after a warm-up)`);
  console.log(`  card-days per second: median ${mrate(cardDays, m)} (best ${mrate(cardDays, best)}, worst ${mrate(cardDays, worst)})`);
  console.log(`  fleet state: ${BYTES_PER_CARD} bytes per card; peak RSS ${mib(peakRss)}`);
  return { cards, months, cardDays, runs, medianSeconds: m, cardDaysPerSecond: cardDays / m, bestCardDaysPerSecond: cardDays / best, bytesPerCard: BYTES_PER_CARD, peakRssBytes: peakRss };
}
