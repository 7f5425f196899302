/**
 * `npm run bench`: how fast the engine is and how it scales. Prints figures and
 * writes bench/results.json with the machine noted; asserts nothing about time.
 * Its modes and options: USAGE below (`npm run bench -- --help`).
 */
import { writeFileSync, renameSync } from 'node:fs';
import { availableParallelism, cpus, totalmem, platform, arch } from 'node:os';
import { ENGINE_VERSION } from '../engine/index.ts';
import { kernel } from './kernel.ts';
import { scaling } from './scaling.ts';
import { importBench } from './import.ts';
import { reference } from './reference.ts';
import { mib } from './measure.ts';
import { queueBench } from './queue.ts';
import { warmBench } from './warm.ts';
import { startup } from './startup.ts';
import { peersBench } from './peers.ts';
import { benchArgs, parsePeersDir, parsePositive, parseWorkerList, usageOrExit } from './options.ts';

const USAGE = `
usage: npm run bench -- [mode] [options]   (figures on stdout; asserts nothing about time)

  npm run bench                 start-up (node -e 0, simlapse --help, simlapse validate: ratios); kernel 100k × 36 months;
                                warm re-runs 100k × 36 months on pools of 1 and 2 workers kept alive; scaling 10k/100k/1M × 12/36 months × 1/all workers;
                                1M × 36 months × 2 arms on all workers; import of a generated 1M-row export
  npm run bench -- --quick      a short version (CI): kernel 20k × 12; scaling 10k/100k × 12 months; import 100k rows
  npm run bench -- --large      adds 10M cards × 12 months
  npm run bench -- --cards N --months M --runs R    the kernel and warm re-run sections' size
  npm run bench -- --peers      only the kernel against ../shared/peers on the reference model, single thread, interleaved
                                rounds in CPU time, each ratio against issue 17's target (--peers-dir D, --peer-cards N,
                                --rounds R [default 5]); bench/peers.ts, written to bench/peers-results.json
  npm run bench -- --workers 1,2,4   the scaling section's worker counts (default 1 and all cores)
  npm run bench -- --scaling    only the scaling section: --cards N (default 1,000,000) × --months M (default 36) on
                                each of --workers (default 1 and all cores); --large adds 10M × 12 months on the same list;
                                written to bench/scaling-results.json (the many-core figures of issue 17)
  npm run bench -- --warm       only the warm re-runs (bench/warm.ts; --cards, --months, --runs apply; --workers N: a pool of N
                                against one of 1 instead of 2), written to bench/warm-results.json
  npm run bench -- --queue      only the queue's cost (bench/queue.ts): BullMQ with 1 and 2 worker processes vs the
                                local pool over a sweep of block sizes, on a local redis-server (or --redis URL);
                                writes bench/queue-results.json
  --out FILE                    write the figures to FILE instead of the mode's own file (bench/results.json, …)
  -h, --help                    this text
`;

const { values } = benchArgs({ options: {
  quick: { type: 'boolean', default: false },
  large: { type: 'boolean', default: false },
  cards: { type: 'string' },
  months: { type: 'string' },
  runs: { type: 'string' },
  out: { type: 'string', default: 'bench/results.json' },
  queue: { type: 'boolean', default: false },
  warm: { type: 'boolean', default: false },
  scaling: { type: 'boolean', default: false },
  redis: { type: 'string' },
  peers: { type: 'boolean', default: false },
  'peers-dir': { type: 'string', default: '../shared/peers' },
  'peer-cards': { type: 'string' },
  rounds: { type: 'string' },
  workers: { type: 'string' },
} }, USAGE);
const quick = values.quick!;
/** A positive integer option (--cards, --months, --runs), or its default for this mode. */
const num = (name: 'cards' | 'months' | 'runs', fallback: number) => usageOrExit(() => parsePositive(values[name], fallback, `--${name}`));
for (const name of ['cards', 'months', 'runs'] as const) num(name, 1); // a bad value is refused before anything runs
const cores = availableParallelism();
const opts = usageOrExit(() => ({
  workers: values.workers ? parseWorkerList(values.workers) : cores > 1 ? [1, cores] : [1],
  peers: values.peers ? { dir: parsePeersDir(values['peers-dir']!), cards: parsePositive(values['peer-cards'], 100000, '--peer-cards'), rounds: parsePositive(values.rounds, 5, '--rounds') } : null,
}));
const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores, memory: mib(totalmem()), node: process.version, platform: `${platform()} ${arch()}` };
console.log(`simlapse ${ENGINE_VERSION} bench on ${machine.cpu}, ${cores} cores, ${machine.memory}, Node ${machine.node}\n`);

if (values.queue) {
  const q = await queueBench({
    url: values.redis, cards: num('cards', quick ? 20000 : 100000), months: num('months', 12),
    replications: 2, blockSizes: quick ? [1024, 4096, 16384] : [256, 1024, 4096, 16384, 65536], runs: num('runs', quick ? 1 : 3),
  });
  const out = values.out === 'bench/results.json' ? 'bench/queue-results.json' : values.out!;
  writeFileSync(`${out}.tmp`, JSON.stringify({ date: new Date().toISOString(), engine: ENGINE_VERSION, machine, quick, queue: q }, null, 2) + '\n');
  renameSync(`${out}.tmp`, out);
  console.log(`\nwrote ${out}`);
  process.exit(0);
}

if (values.scaling) {
  const sc = usageOrExit(() => ({ cards: parsePositive(values.cards, 1000000, '--cards'), months: parsePositive(values.months, 36, '--months') }));
  const rows = await scaling([sc.cards], [sc.months], opts.workers);
  if (values.large) rows.push(...(await scaling([10000000], [12], opts.workers)));
  const out = values.out === 'bench/results.json' ? 'bench/scaling-results.json' : values.out!;
  writeFileSync(`${out}.tmp`, JSON.stringify({ date: new Date().toISOString(), engine: ENGINE_VERSION, machine, scaling: rows }, null, 2) + '\n');
  renameSync(`${out}.tmp`, out);
  console.log(`\nwrote ${out}`);
  process.exit(0);
}

const warmOptions = { cards: num('cards', quick ? 20000 : 100000), months: num('months', quick ? 12 : 36), workers: values.warm && values.workers ? Math.max(...opts.workers) : 2, runs: num('runs', quick ? 3 : 7) };
if (values.warm) {
  const w = await warmBench(warmOptions);
  const out = values.out === 'bench/results.json' ? 'bench/warm-results.json' : values.out!;
  writeFileSync(`${out}.tmp`, JSON.stringify({ date: new Date().toISOString(), engine: ENGINE_VERSION, machine, quick, warm: w }, null, 2) + '\n');
  renameSync(`${out}.tmp`, out);
  console.log(`\nwrote ${out}`);
  process.exit(0);
}

if (opts.peers) {
  if (values.workers) console.log(`note: --workers ${values.workers} is for the scaling section; --peers compares single threads only\n`);
  const p = await peersBench(opts.peers);
  const out = values.out === 'bench/results.json' ? 'bench/peers-results.json' : values.out!;
  writeFileSync(`${out}.tmp`, JSON.stringify({ date: new Date().toISOString(), engine: ENGINE_VERSION, machine, peers: p }, null, 2) + '\n');
  renameSync(`${out}.tmp`, out);
  console.log(`\nwrote ${out}`);
  process.exit(0);
}

const start = startup(quick ? 5 : 20);
const k = await kernel(num('cards', quick ? 20000 : 100000), num('months', quick ? 12 : 36), num('runs', quick ? 2 : 5));
const warm = await warmBench(warmOptions);
const ref = reference(quick ? 1000 : 5000, 12, quick ? 1 : 3);
const workerList = opts.workers;
const sizes = quick ? [10000, 100000] : [10000, 100000, 1000000];
const rows = await scaling(sizes, quick ? [12] : [12, 36], workerList);
if (values.large) rows.push(...(await scaling([10000000], [12], workerList)));
if (!quick) rows.push(...(await scaling([1000000], [36], [cores], 2)));
const imports = await importBench([quick ? 100000 : 1000000]);

const results = { date: new Date().toISOString(), engine: ENGINE_VERSION, machine, quick, startup: start, kernel: k, warm, reference: ref, scaling: rows, import: imports };
const out = values.out!;
writeFileSync(`${out}.tmp`, JSON.stringify(results, null, 2) + '\n');
renameSync(`${out}.tmp`, out);
console.log(`\nwrote ${out}`);
