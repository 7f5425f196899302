/**
 * The scaling matrix (issue 3): cards × months × workers through the worker
 * pool, wall time including worker start-up. Prints a table; returns rows.
 */
import { compileArm } from '../engine/index.ts';
import { runOnThreads } from '../node/index.ts';
import { benchScenario } from './fleet.ts';
import { mib, seconds, withPeakRss } from './measure.ts';

export interface ScalingRow {
  cards: number;
  months: number;
  arms: number;
  workers: number;
  cardDays: number;
  seconds: number;
  cardDaysPerSecond: number;
  speedup: number | null;
  efficiency: number | null;
  peakRssBytes: number;
  rssBytesPerCard: number;
}

export async function scaling(sizes: number[], monthsList: number[], workerList: number[], arms = 1): Promise<ScalingRow[]> {
  const rows: ScalingRow[] = [];
  console.log(`\nscaling (${arms} arm${arms > 1 ? 's' : ''}, 1 replication, wall time incl. worker start-up)`);
  console.log('cards        months  workers  wall s   M card-days/s  speed-up  efficiency  peak RSS   RSS/card');
  for (const cards of sizes) {
    for (const months of monthsList) {
      const scenario = benchScenario(cards, months, 1, arms);
      const days = compileArm(scenario.arms[0]).days;
      const cardDays = cards * days * arms;
      let base = 0;
      for (const workers of workerList) {
        (globalThis as { gc?: () => void }).gc?.();
        const rssBefore = process.memoryUsage().rss;
        const t0 = process.hrtime.bigint();
        const { peakRss } = await withPeakRss(() => runOnThreads(scenario, { workers }));
        const s = seconds(t0);
        const rate = cardDays / s;
        if (workers === workerList[0]) base = rate;
        const row: ScalingRow = {
          cards, months, arms, workers, cardDays, seconds: s, cardDaysPerSecond: rate,
          speedup: workers === workerList[0] ? null : rate / base,
          efficiency: workers === workerList[0] ? null : rate / base / (workers / workerList[0]),
          peakRssBytes: peakRss,
          rssBytesPerCard: Math.max(0, peakRss - rssBefore) / cards,
        };
        rows.push(row);
        console.log(
          `${cards.toLocaleString('en').padEnd(12)} ${String(months).padStart(6)}  ${String(workers).padStart(7)}  ${s.toFixed(2).padStart(6)}   ${(rate / 1e6).toFixed(1).padStart(13)}  ${row.speedup === null ? '       -' : (row.speedup.toFixed(2) + '×').padStart(8)}  ${row.efficiency === null ? '         -' : ((row.efficiency * 100).toFixed(0) + ' %').padStart(10)}  ${mib(peakRss).padStart(8)}  ${row.rssBytesPerCard.toFixed(0).padStart(6)} B`,
        );
      }
    }
  }
  return rows;
}
