/**
 * The kernel against its peers (issue 17): the reference fleet model (peers/refmodel.md) run by
 * the kernel in this thread, and by the peers in ../shared/peers as child processes (tuned
 * typed-array JS, object-per-card JS, the C card-outer loop when gcc is there), interleaved
 * A B C D A B C D … so load on a shared machine falls on all of them alike. Each figure is the
 * run's own wall time (the peers print theirs, without Node's start-up); ratios are kernel/peer.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compileArm, mergeBlocks, metricsOf, planJobs, runJob } from '../engine/index.ts';
import { loadScenarioFile } from '../scenarios/node.ts';
import { median, seconds } from './measure.ts';
import { scaleFleet } from './peer-fleet.ts';

export interface PeersOptions {
  /** Folder of the peers and reference-100k.yaml. @defaultValue '../shared/peers' */
  dir: string;
  /** Cards in the fleet (the scenario's cohorts are scaled to it). @defaultValue 100000 */
  cards: number;
  /** Interleaved rounds; each contestant runs once per round. @defaultValue 3 */
  rounds: number;
}

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
  cardDaysPerSecond: number[];
  medianCardDaysPerSecond: number;
  /** Kernel card-days/s over this one's (median over median); 1 for the kernel. */
  kernelRatio: number;
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
  const runs: { name: string; what: string; cardDays: number; once: () => PeerOutput }[] = [];

  const model = compileArm(arm), jobs = planJobs(scenario, [model]);
  const kernelOnce = (): PeerOutput => {
    const t0 = process.hrtime.bigint();
    const total = mergeBlocks(jobs.map((job) => runJob(scenario, model, job)));
    const s = seconds(t0), m = metricsOf(total, model);
    return { cardDays: cards * model.days, seconds: s, totalCost: m['cost.total'] + REPLACEMENT * m.cancelled, downtimeCardDays: m['downtime.cardDays'] - m['downtime.cardDays.cancelled'], cancelled: m.cancelled };
  };
  runs.push({ name: 'kernel', what: 'simlapse kernel, this thread', cardDays: cards * model.days, once: kernelOnce });
  const args = [String(cards), String(months), String(seed), '1'];
  const node = (file: string) => () => runPeer(process.execPath, [join(dir, file), ...args]);
  runs.push({ name: 'soa-js', what: 'tuned typed-array JS (fleet_soa.mjs)', cardDays: cards * months * 30, once: node('fleet_soa.mjs') });
  runs.push({ name: 'naive-js', what: 'object-per-card JS (fleet_naive.mjs)', cardDays: cards * months * 30, once: node('fleet_naive.mjs') });
  const tmp = mkdtempSync(join(tmpdir(), 'simlapse-peers-'));
  try {
    const binary = compileC(dir, tmp, notes);
    if (binary) runs.push({ name: 'c-cardouter', what: 'C card-outer loop (fleet.c, gcc -O2)', cardDays: cards * months * 30, once: () => runPeer(binary, [...args, 'cardouter']) });

    console.log(`\npeers: the reference model (${join(options.dir, 'reference-100k.yaml')}) at ${cards.toLocaleString('en')} cards × ${months} months, seed ${seed}, autoStop on, single thread; ${rounds} interleaved round${rounds > 1 ? 's' : ''} after a kernel warm-up`);
    const warm = kernelOnce();
    const rates = runs.map(() => [] as number[]);
    let soa: PeerOutput | null = null;
    for (let r = 0; r < rounds; r++) {
      runs.forEach((c, k) => {
        const out = c.once();
        if (c.name === 'soa-js') soa = out;
        rates[k].push(out.cardDays / out.seconds);
      });
    }
    const kernelMedian = median(rates[0]);
    const contestants = runs.map((c, k): Contestant => {
      const m = median(rates[k]);
      return { name: c.name, what: c.what, cardDays: c.cardDays, cardDaysPerSecond: rates[k], medianCardDaysPerSecond: m, kernelRatio: kernelMedian / m };
    });
    console.log('contestant     M card-days/s (median; runs)        kernel / it');
    for (const c of contestants) {
      const all = c.cardDaysPerSecond.map((x) => (x / 1e6).toFixed(1)).join(', ');
      console.log(`${c.name.padEnd(13)}  ${(c.medianCardDaysPerSecond / 1e6).toFixed(1).padStart(6)}  (${all})`.padEnd(50) + `${c.kernelRatio.toFixed(2)}×`.padStart(8) + `   ${c.what}`);
    }
    const agreement = agree(warm, soa ?? warm);
    console.log(`same model? kernel vs soa-js: cost ${pct(agreement.totalCost.difference)}, downtime ${pct(agreement.downtimeCardDays.difference)}, cancelled ${pct(agreement.cancelled.difference)} (the scenario's calendar months and cohorts differ slightly from refmodel.md: see its header)`);
    for (const n of notes) console.log(`note: ${n}`);
    return { dir: options.dir, cards, months, seed, rounds, contestants, agreement, notes };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

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

/** gcc -O2 fleet.c into `tmp`; null (with a note) when gcc is absent or the compile fails. */
function compileC(dir: string, tmp: string, notes: string[]): string | null {
  if (spawnSync('sh', ['-c', 'command -v gcc'], { encoding: 'utf8' }).status !== 0) {
    notes.push('gcc not found: the C card-outer loop was skipped');
    return null;
  }
  const binary = join(tmp, 'fleet');
  const r = spawnSync('gcc', ['-O2', '-o', binary, join(dir, 'fleet.c'), '-lm'], { encoding: 'utf8' });
  if (r.status !== 0) {
    notes.push(`gcc -O2 fleet.c failed, the C loop was skipped: ${(r.stderr || String(r.error)).trim().split('\n')[0]}`);
    return null;
  }
  return binary;
}

function agree(kernel: PeerOutput, peer: PeerOutput): PeersResult['agreement'] {
  const one = (k: number, p: number) => ({ kernel: k, peer: p, difference: p === 0 ? (k === 0 ? 0 : Infinity) : k / p - 1 });
  return { totalCost: one(kernel.totalCost, peer.totalCost), downtimeCardDays: one(kernel.downtimeCardDays, peer.downtimeCardDays), cancelled: one(kernel.cancelled, peer.cancelled) };
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} %`;
