/**
 * `npm run bench`: how fast the engine is and how it scales. Prints figures and
 * writes bench/results.json with the machine noted; asserts nothing about time.
 * Its modes and options: USAGE below (`npm run bench -- --help`).
 */
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
import { benchArgs, usageOrExit } from './options.ts';
import { benchPlan } from './plan.ts';
import { checkOut, writeResults } from './out.ts';

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
  --out FILE                    write the figures to FILE instead of the mode's own file (bench/results.json, …); checked
                                before anything runs: FILE's folder must exist, and FILE must be absent or an earlier
                                result of the bench (JSON with date, engine, machine), never a folder, link, device, pipe
                                or another file of the project; written through a temporary file beside it, so a failed
                                write leaves the old file as it was
  -h, --help                    this text

  Bounds: --cards and --peer-cards 1..100,000,000 (the engine takes 2^31 - 1, but the kernel section holds the whole fleet
  in one thread, 64 bytes a card, and 10,000,000 is the largest size measured: beyond 100,000,000 is a typo); --months
  1..600 (the engine's horizon); --runs and --rounds 1..1,000. One mode per run; an option that mode does not read
  (--redis without --queue, --rounds without --peers, --large with --warm, …) is refused, naming the modes it applies to.
  Exit 2: a bad option or --out, before anything runs; 1: writing the figures failed after the run.
`;

const { values } = benchArgs({ options: {
  quick: { type: 'boolean' },
  large: { type: 'boolean' },
  cards: { type: 'string' },
  months: { type: 'string' },
  runs: { type: 'string' },
  out: { type: 'string' },
  queue: { type: 'boolean' },
  warm: { type: 'boolean' },
  scaling: { type: 'boolean' },
  redis: { type: 'string' },
  peers: { type: 'boolean' },
  'peers-dir': { type: 'string' },
  'peer-cards': { type: 'string' },
  rounds: { type: 'string' },
  workers: { type: 'string' },
} }, USAGE);
// Every option and --out are checked before anything runs: a mistake costs no minutes of bench.
const plan = usageOrExit(() => benchPlan(values));
const out = usageOrExit(() => checkOut(plan.out));
const quick = plan.quick;
const cores = availableParallelism();
const workers = plan.workers ?? (cores > 1 ? [1, cores] : [1]);
/** Writes the figures to --out (or the mode's own file) and says so; a failed write is one line and exit 1. */
function save(data: object): void {
  try {
    writeResults(out, data);
  } catch (err) {
    if (!(err instanceof RangeError)) throw err;
    console.error(`bench: ${err.message}`);
    process.exit(1);
  }
  console.log(`\nwrote ${out}`);
}
const machine = { cpu: cpus()[0]?.model ?? 'unknown', cores, memory: mib(totalmem()), node: process.version, platform: `${platform()} ${arch()}` };
console.log(`simlapse ${ENGINE_VERSION} bench on ${machine.cpu}, ${cores} cores, ${machine.memory}, Node ${machine.node}\n`);

if (plan.mode === 'queue') {
  const q = await queueBench({
    url: plan.redis, cards: plan.cards ?? (quick ? 20000 : 100000), months: plan.months ?? 12,
    replications: 2, blockSizes: quick ? [1024, 4096, 16384] : [256, 1024, 4096, 16384, 65536], runs: plan.runs ?? (quick ? 1 : 3),
  });
  save({ date: new Date().toISOString(), engine: ENGINE_VERSION, machine, quick, queue: q });
  process.exit(0);
}

if (plan.mode === 'scaling') {
  const rows = await scaling([plan.cards ?? 1000000], [plan.months ?? 36], workers);
  if (plan.large) rows.push(...(await scaling([10000000], [12], workers)));
  save({ date: new Date().toISOString(), engine: ENGINE_VERSION, machine, scaling: rows });
  process.exit(0);
}

const cards = plan.cards ?? (quick ? 20000 : 100000), months = plan.months ?? (quick ? 12 : 36);
const warmOptions = { cards, months, workers: plan.mode === 'warm' && plan.workers ? Math.max(...plan.workers) : 2, runs: plan.runs ?? (quick ? 3 : 7) };
if (plan.mode === 'warm') {
  const w = await warmBench(warmOptions);
  save({ date: new Date().toISOString(), engine: ENGINE_VERSION, machine, quick, warm: w });
  process.exit(0);
}

if (plan.peers) {
  if (values.workers !== undefined) console.log(`note: --workers ${values.workers} is for the scaling section; --peers compares single threads only\n`);
  const p = await peersBench(plan.peers);
  save({ date: new Date().toISOString(), engine: ENGINE_VERSION, machine, peers: p });
  process.exit(0);
}

const start = startup(quick ? 5 : 20);
const k = await kernel(cards, months, plan.runs ?? (quick ? 2 : 5));
const warm = await warmBench(warmOptions);
const ref = reference(quick ? 1000 : 5000, 12, quick ? 1 : 3);
const workerList = workers;
const sizes = quick ? [10000, 100000] : [10000, 100000, 1000000];
const rows = await scaling(sizes, quick ? [12] : [12, 36], workerList);
if (plan.large) rows.push(...(await scaling([10000000], [12], workerList)));
if (!quick) rows.push(...(await scaling([1000000], [36], [cores], 2)));
const imports = await importBench([quick ? 100000 : 1000000]);

const results = { date: new Date().toISOString(), engine: ENGINE_VERSION, machine, quick, startup: start, kernel: k, warm, reference: ref, scaling: rows, import: imports };
save(results);
