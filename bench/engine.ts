/**
 * `npm run bench`: card-days per second of the kernel, single thread, on the
 * bench fleet (bench/fleet.ts), with peak memory. Prints figures; asserts nothing.
 *
 *   npm run bench                      100,000 cards × 36 months, 5 runs
 *   npm run bench -- --cards 10000 --months 12 --runs 3
 */
import { parseArgs } from 'node:util';
import { BYTES_PER_CARD, compileArm, planJobs, runJob } from '../engine/index.ts';
import { benchScenario } from './fleet.ts';

const { values } = parseArgs({
  options: {
    cards: { type: 'string', default: '100000' },
    months: { type: 'string', default: '36' },
    runs: { type: 'string', default: '5' },
  },
});
const cards = Number(values.cards), months = Number(values.months), runs = Number(values.runs);
const scenario = benchScenario(cards, months);
const model = compileArm(scenario.arms[0]);
const jobs = planJobs(scenario, [model]);
const cardDays = cards * model.days;

let peakRss = process.memoryUsage().rss;
const sample = setInterval(() => { peakRss = Math.max(peakRss, process.memoryUsage().rss); }, 20);

function once(): number {
  const t0 = process.hrtime.bigint();
  for (const job of jobs) runJob(scenario, model, job);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return s;
}

console.log(`simlapse bench: ${cards.toLocaleString('en')} cards × ${months} months (${model.days} days) = ${(cardDays / 1e6).toFixed(1)} M card-days, single thread, ${jobs.length} blocks`);
once(); // warm-up
const times: number[] = [];
for (let r = 0; r < runs; r++) times.push(once());
clearInterval(sample);
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const rate = (t: number) => (cardDays / t / 1e6).toFixed(1);
console.log(`wall seconds: median ${median.toFixed(3)}  (min ${times[0].toFixed(3)}, max ${times[times.length - 1].toFixed(3)}, ${runs} runs after 1 warm-up)`);
console.log(`card-days per second: median ${rate(median)} M  (best ${rate(times[0])} M, worst ${rate(times[times.length - 1])} M)`);
console.log(`fleet state: ${BYTES_PER_CARD} bytes per card`);
console.log(`peak RSS: ${(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 2 ** 20).toFixed(0)} MiB`);
