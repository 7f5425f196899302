/**
 * Copy or transfer? (issue 17) Two pools of 2 worker threads kept warm, one whose workers copy
 * each job's result back (node/worker-thread.ts, as shipped) and one whose workers transfer it
 * (bench/detach-entry.ts: the buffer is detached, and V8 then checks every typed-array access in
 * that worker for detachment). Runs the bench fleet on both, alternating, and prints the medians.
 *
 *   npx tsx bench/detach-ab.ts [cards, default 100000] [rounds, default 9]
 */
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { createWorkerPool, type WorkerApi, type WorkerHandle } from '../engine/index.ts';
import { esbuild, WORKER_BUILD } from '../node/index.ts';
import { benchScenario } from './fleet.ts';
import { median } from './measure.ts';

const code = (entry: string) => esbuild().buildSync({ ...WORKER_BUILD, entryPoints: [new URL(entry, import.meta.url).pathname], write: false }).outputFiles[0].text;
const spawnOf = (source: string) => (): WorkerHandle => {
  const w = new Worker(source, { eval: true });
  const api = Comlink.wrap<WorkerApi>(nodeEndpoint(w));
  const dead = new Promise<never>((_, reject) => w.once('exit', (c) => reject(new Error(`worker stopped (exit code ${c})`))));
  dead.catch(() => {});
  return { api, dead, terminate: () => void w.terminate() };
};
const cards = Number(process.argv[2] ?? 100000), rounds = Number(process.argv[3] ?? 9);
const pools = {
  copy: createWorkerPool({ spawn: spawnOf(code('../node/worker-thread.ts')), size: 2 }),
  transfer: createWorkerPool({ spawn: spawnOf(code('./detach-entry.ts')), size: 2 }),
};
const scenario = benchScenario(cards, 36, 1);
const times: Record<keyof typeof pools, number[]> = { copy: [], transfer: [] };
try {
  for (const p of Object.values(pools)) { await p.run(scenario); await p.run(scenario); }
  for (let r = 0; r < rounds; r++) {
    for (const k of r % 2 ? (['copy', 'transfer'] as const) : (['transfer', 'copy'] as const)) {
      const t0 = performance.now();
      await pools[k].run(scenario);
      times[k].push(performance.now() - t0);
    }
  }
} finally {
  for (const p of Object.values(pools)) p.close();
}
const [c, t] = [median(times.copy), median(times.transfer)];
console.log(`${cards.toLocaleString('en')} cards × 36 months on 2 warm workers, ${rounds} alternating rounds:`);
console.log(`copy back: median ${c.toFixed(0)} ms (${times.copy.map((x) => x.toFixed(0)).join(' ')})`);
console.log(`transfer:  median ${t.toFixed(0)} ms (${times.transfer.map((x) => x.toFixed(0)).join(' ')})`);
console.log(`transfer / copy: ${(t / c).toFixed(3)}`);
