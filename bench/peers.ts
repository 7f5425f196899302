/**
 * The kernel against its peers (issue 17): the reference fleet model (peers/refmodel.md) run by
 * the kernel in this thread, and by the peers in ../shared/peers as child processes (tuned
 * typed-array JS, object-per-card JS, the C card-outer loop when gcc is there), interleaved
 * A B C D, B C D A, … (each round starts one later) so load on a shared machine falls on all of
 * them alike. Each figure is the run's own CPU time, not wall time, so other processes on the
 * machine move it far less: the kernel's from process.cpuUsage(); the JS peers time themselves
 * with performance.now(), which a preloaded module (--import) makes read process.cpuUsage(); the
 * C peer is compiled from a copy of fleet.c whose clock is CLOCK_PROCESS_CPUTIME_ID. None of them
 * count Node's start-up. A ratio is the kernel's card-days/s over the peer's in the same round;
 * the median over rounds is set against its target (issue 17), with the rounds' range beside it.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileArm, mergeBlocks, metricsOf, planJobs, runJob } from '../engine/index.ts';
import { loadScenarioFile } from '../scenarios/node.ts';
import { median } from './measure.ts';
import { scaleFleet } from './peer-fleet.ts';

export interface PeersOptions {
  /** Folder of the peers and reference-100k.yaml. @defaultValue '../shared/peers' */
  dir: string;
  /** Cards in the fleet (the scenario's cohorts are scaled to it). @defaultValue 100000 */
  cards: number;
  /** Interleaved rounds; each contestant runs once per round. @defaultValue 5 */
  rounds: number;
}

/** Issue 17's single-thread targets: the kernel's card-days/s at least this many times the peer's. */
export const TARGETS: Record<string, number> = { 'soa-js': 1.3, 'c-cardouter': 0.4, 'naive-js': 8 };

/** How a contestant's time was measured. */
export type Clock = 'cpu' | 'wall';

/** What a peer prints: one JSON line (the fields used here). */
export interface PeerOutput {
  cardDays: number;
  seconds: number;
  totalCost: number;
  downtimeCardDays: number;
  cancelled: number;
}

export interface Contestant {
  name: string;
  what: string;
  /** Card-days of one run: cards × the implementation's days (1,080 for the peers' 30-day months, the calendar's for the kernel). */
  cardDays: number;
  /** How its time was measured: CPU time of its process ('wall' only where CPU time could not be had). */
  clock: Clock;
  /** Card-days per second of each round, in round order. */
  cardDaysPerSecond: number[];
  medianCardDaysPerSecond: number;
  /** Kernel card-days/s over this one's, round by round (1 for the kernel). */
  roundRatios: number[];
  /** The median of roundRatios; 1 for the kernel. */
  kernelRatio: number;
  /** Issue 17's target for kernelRatio (TARGETS); null: none. */
  target: number | null;
}

export interface PeersResult {
  dir: string;
  cards: number;
  months: number;
  seed: number;
  rounds: number;
  contestants: Contestant[];
  /**
   * The kernel's totals beside the tuned peer's, on the peer's terms (cost + 80 per cancelled card,
   * downtime without cancelled cards' days): the same model, so within a few % (1,096 calendar days vs 1,080).
   */
  agreement: Record<'totalCost' | 'downtimeCardDays' | 'cancelled', { kernel: number; peer: number; difference: number }>;
  notes: string[];
}

/**
 * The peers' cost includes 80 per cancelled card, which the scenario leaves out (replacement off;
 * see its header); the peers skip a cancelled card, so its days are not downtime there.
 */
const REPLACEMENT = 80;

export async function peersBench(options: PeersOptions): Promise<PeersResult> {
  const dir = resolve(options.dir), { cards, rounds } = options;
  const scenario = scaleFleet(loadScenarioFile(join(dir, 'reference-100k.yaml')), cards);
  const arm = scenario.arms[0], months = arm.months, seed = Number(scenario.seed);
  const notes: string[] = [];
  const runs: { name: string; what: string; cardDays: number; clock: Clock; once: () => PeerOutput }[] = [];

  const model = compileArm(arm), jobs = planJobs(scenario, [model]);
  const kernelOnce = (): PeerOutput => {
    const t0 = process.cpuUsage();
    const total = mergeBlocks(jobs.map((job) => runJob(scenario, model, job)));
    const t = process.cpuUsage(t0), s = (t.user + t.system) / 1e6, m = metricsOf(total, model);
    return { cardDays: cards * model.days, seconds: s, totalCost: m['cost.total'] + REPLACEMENT * m.cancelled, downtimeCardDays: m['downtime.cardDays'] - m['downtime.cardDays.cancelled'], cancelled: m.cancelled };
  };
  runs.push({ name: 'kernel', what: 'simlapse kernel, this thread', cardDays: cards * model.days, clock: 'cpu', once: kernelOnce });
  const args = [String(cards), String(months), String(seed), '1'];
  const tmp = mkdtempSync(join(tmpdir(), 'simlapse-peers-'));
  try {
    const preload = join(tmp, 'cpu-clock.mjs');
    writeFileSync(preload, CPU_CLOCK);
    const node = (file: string) => () => runPeer(process.execPath, ['--import', preload, join(dir, file), ...args]);
    runs.push({ name: 'soa-js', what: 'tuned typed-array JS (fleet_soa.mjs)', cardDays: cards * months * 30, clock: 'cpu', once: node('fleet_soa.mjs') });
    runs.push({ name: 'naive-js', what: 'object-per-card JS (fleet_naive.mjs)', cardDays: cards * months * 30, clock: 'cpu', once: node('fleet_naive.mjs') });
    const c = compileC(dir, tmp, notes);
    if (c) runs.push({ name: 'c-cardouter', what: 'C card-outer loop (fleet.c, gcc -O2)', cardDays: cards * months * 30, clock: c.clock, once: () => runPeer(c.binary, [...args, 'cardouter']) });

    console.log(`peers: the reference model (${join(options.dir, 'reference-100k.yaml')}) at ${cards.toLocaleString('en')} cards × ${months} months, seed ${seed}, autoStop on, single thread;`);
    console.log(`${rounds} interleaved round${rounds > 1 ? 's' : ''} after a warm-up of each, CPU time of each run (not wall time)\n`);
    const warm = kernelOnce();
    let soa: PeerOutput | null = null;
    for (const r of runs.slice(1)) if (r.name === 'soa-js') soa = r.once(); else r.once();
    const rates = runs.map(() => [] as number[]);
    for (let r = 0; r < rounds; r++) {
      for (let j = 0; j < runs.length; j++) {
        const k = (r + j) % runs.length, out = runs[k].once();
        rates[k].push(out.cardDays / out.seconds);
      }
    }
    const contestants = runs.map((c, k): Contestant => {
      const roundRatios = rates[0].map((x, r) => x / rates[k][r]);
      return {
        name: c.name, what: c.what, cardDays: c.cardDays, clock: c.clock, cardDaysPerSecond: rates[k], medianCardDaysPerSecond: median(rates[k]),
        roundRatios, kernelRatio: median(roundRatios), target: TARGETS[c.name] ?? null,
      };
    });
    console.log('contestant     M card-days/s: median (min–max)   clock   what');
    for (const c of contestants) {
      const rs = c.cardDaysPerSecond;
      console.log(`${c.name.padEnd(13)}  ${m1(c.medianCardDaysPerSecond).padStart(7)} (${m1(Math.min(...rs))}–${m1(Math.max(...rs))})`.padEnd(47) + `${c.clock.padEnd(6)}  ${c.what}`);
    }
    console.log('\nkernel / peer  median  (rounds min–max)   target   verdict');
    for (const c of contestants.slice(1)) {
      const lo = Math.min(...c.roundRatios), hi = Math.max(...c.roundRatios);
      const verdict = c.target === null ? '' : verdict3(c.target, c.kernelRatio, lo, hi);
      console.log(`${c.name.padEnd(13)}  ${x2(c.kernelRatio).padStart(6)}  (${x2(lo)}–${x2(hi)})`.padEnd(40) + `${c.target === null ? '' : `≥ ${c.target}×`}`.padEnd(9) + verdict);
    }
    const agreement = agree(warm, soa ?? warm);
    console.log(`\nsame model? kernel vs soa-js: cost ${pct(agreement.totalCost.difference)}, downtime ${pct(agreement.downtimeCardDays.difference)}, cancelled ${pct(agreement.cancelled.difference)} (the scenario's calendar months and cohorts differ slightly from refmodel.md: see its header)`);
    for (const n of notes) console.log(`note: ${n}`);
    return { dir: options.dir, cards, months, seed, rounds, contestants, agreement, notes };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Met only when every round met it; missed when none did; otherwise the rounds disagree (noise). */
export function verdict3(target: number, median: number, lo: number, hi: number): string {
  if (lo >= target) return 'met';
  if (hi < target) return 'missed';
  return `${median >= target ? 'met' : 'missed'} at the median; the rounds disagree`;
}

/**
 * Preloaded into the JS peers (node --import): their performance.now() reads this process's CPU
 * time (user + system, all threads), so the seconds they print are CPU seconds.
 */
const CPU_CLOCK = `const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
Object.defineProperty(performance, 'now', { value: cpu, configurable: true, writable: true });
`;

const m1 = (x: number) => (x / 1e6).toFixed(1);
const x2 = (x: number) => `${x.toFixed(2)}×`;

/** The JSON line a peer prints (the last line that parses as an object with `cardDays` and `seconds`). */
export function parsePeerOutput(stdout: string, name: string): PeerOutput {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    let v: unknown;
    try { v = JSON.parse(line); } catch { continue; }
    const o = v as Record<string, unknown>;
    if (o && typeof o === 'object' && typeof o.cardDays === 'number' && typeof o.seconds === 'number' && o.seconds > 0) {
      return { cardDays: o.cardDays, seconds: o.seconds, totalCost: Number(o.totalCost), downtimeCardDays: Number(o.downtimeCardDays), cancelled: Number(o.cancelled) };
    }
  }
  throw new Error(`${name} printed no result line (JSON with cardDays and seconds); its output began: ${JSON.stringify(stdout.slice(0, 200))}`);
}

function runPeer(command: string, args: string[]): PeerOutput {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1 << 20 });
  const name = [command, ...args].join(' ');
  if (r.error) throw new Error(`${name}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${name} exited with ${r.status ?? r.signal}: ${r.stderr.trim().slice(0, 300)}`);
  return parsePeerOutput(r.stdout, name);
}

/**
 * gcc -O2 a copy of fleet.c into `tmp`, its clock switched to CLOCK_PROCESS_CPUTIME_ID (CPU time of
 * the process; the copy is otherwise the same); null (with a note) when gcc is absent or the
 * compile fails. Where the source has no single CLOCK_MONOTONIC to switch, it is compiled as is (wall time, noted).
 */
function compileC(dir: string, tmp: string, notes: string[]): { binary: string; clock: Clock } | null {
  if (spawnSync('sh', ['-c', 'command -v gcc'], { encoding: 'utf8' }).status !== 0) {
    notes.push('gcc not found: the C card-outer loop was skipped');
    return null;
  }
  const source = readFileSync(join(dir, 'fleet.c'), 'utf8'), uses = source.split('CLOCK_MONOTONIC').length - 1;
  const clock: Clock = uses === 1 ? 'cpu' : 'wall';
  if (clock === 'wall') notes.push(`fleet.c names CLOCK_MONOTONIC ${uses} times, not once: the C loop is timed by its own (wall) clock`);
  const copy = join(tmp, 'fleet.c'), binary = join(tmp, 'fleet');
  writeFileSync(copy, clock === 'cpu' ? source.replace('CLOCK_MONOTONIC', 'CLOCK_PROCESS_CPUTIME_ID') : source);
  const r = spawnSync('gcc', ['-O2', '-o', binary, copy, '-lm'], { encoding: 'utf8' });
  if (r.status !== 0) {
    notes.push(`gcc -O2 fleet.c failed, the C loop was skipped: ${(r.stderr || String(r.error)).trim().split('\n')[0]}`);
    return null;
  }
  return { binary, clock };
}

function agree(kernel: PeerOutput, peer: PeerOutput): PeersResult['agreement'] {
  const one = (k: number, p: number) => ({ kernel: k, peer: p, difference: p === 0 ? (k === 0 ? 0 : Infinity) : k / p - 1 });
  return { totalCost: one(kernel.totalCost, peer.totalCost), downtimeCardDays: one(kernel.downtimeCardDays, peer.downtimeCardDays), cancelled: one(kernel.cancelled, peer.cancelled) };
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
