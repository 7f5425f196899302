/**
 * A/B of the kernel against another checkout (issue 17's rule: keep a kernel change only with a
 * CPU-time A/B, interleaved, ratios within one run). Loads the engine of `--base` (another
 * worktree, or `git archive HEAD | tar -x -C DIR` of the commit before) and this checkout's in
 * one process, checks that their block results are bit-identical, then times them in rounds
 * A B, B A, A B, … (the order alternates so a burst of load falls on both alike), each run's
 * CPU time from process.cpuUsage(). Prints the median of the per-round ratios A/B (above 1: this
 * checkout is faster), their interquartile mean and range. Asserts nothing about time.
 *
 *   npx tsx bench/ab.ts --base /tmp/base [--fleet reference|bench] [--cards 20000] [--months 36] [--rounds 31] [--plain-draws]
 *
 * `--plain-draws` runs this checkout with `stratify: false` (plain keyed draws, as before issue 12's
 * stratified draws): a like-for-like comparison with a checkout that predates them (the base runs
 * its own default). Block results then differ by design, and that is not an error.
 *
 * `--like-for-like` goes further: this checkout's kernel alone on each job's cards (engine runKernel),
 * with plain draws and without the batch vectors and their fault controls that runJob adds since the
 * experiments issue: the work a kernel from before both did. The block results compared then are the
 * layout vectors alone, and may differ where a rule changed in between.
 *
 * On a shared machine prefer many short rounds (10–20k cards, 31–61 rounds) to a few long ones.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { benchArgs, parsePeersDir, parsePositive, usageOrExit } from './options.ts';
import { MAX_CARDS, MAX_MONTHS, MAX_ROUNDS } from './plan.ts';

const USAGE = `
usage: npx tsx bench/ab.ts --base DIR [options]   (CPU-time A/B of this checkout's kernel against DIR's)

  --base DIR          another checkout of simlapse (a folder with engine/index.ts), e.g. git archive REV | tar -x -C DIR
  --fleet F           reference (the peers' reference model) or bench (bench/fleet.ts) [default: reference]
  --cards N           cards [default: 20000]
  --months M          months [default: 36]
  --rounds R          interleaved rounds, A B then B A … [default: 31]
  --peers-dir D       the folder of the peers' reference-100k.yaml, for --fleet reference [default: ../shared/peers]
  --plain-draws       this checkout with stratify: false (like for like against a checkout before stratified draws)
  --like-for-like     this checkout's kernel alone, with plain draws and no batch vectors or fault controls
                      (the work of a checkout from before both, such as issue 17's baseline eee03c2^)
  -h, --help          this text
`;

/** The part of an engine checkout the A/B runs: one scenario's jobs merged. */
interface Contender {
  cardDays: number;
  run: () => Float64Array;
}

/** Per-round ratios summarised: median, interquartile mean (the middle half's mean), range. */
export interface RatioSummary {
  median: number;
  iqMean: number;
  min: number;
  max: number;
}

export function summarise(ratios: number[]): RatioSummary {
  if (ratios.length === 0) throw new RangeError('no rounds to summarise');
  const s = [...ratios].sort((a, b) => a - b), k = Math.floor(s.length / 4), mid = s.slice(k, s.length - k);
  return { median: s[Math.floor(s.length / 2)], iqMean: mid.reduce((a, b) => a + b, 0) / mid.length, min: s[0], max: s[s.length - 1] };
}

async function contender(root: string, fleet: string, cards: number, months: number, peersDir: string, plain = false, kernelOnly = false): Promise<Contender> {
  const eng = await import(join(root, 'engine/index.ts'));
  let scenario;
  if (fleet === 'bench') {
    const { benchScenario } = await import(join(root, 'bench/fleet.ts'));
    scenario = benchScenario(cards, months, 1, 1);
  } else {
    const { loadScenarioFile } = await import(join(root, 'scenarios/node.ts'));
    const { scaleFleet } = await import(join(root, 'bench/peer-fleet.ts'));
    scenario = scaleFleet(loadScenarioFile(join(peersDir, 'reference-100k.yaml')), cards);
  }
  if (plain) scenario.stratify = false;
  const model = eng.compileArm(scenario.arms[0]), jobs = eng.planJobs(scenario, [model]);
  if (kernelOnly) return { cardDays: cards * model.days, run: () => eng.mergeBlocks(jobs.map((j: unknown) => eng.runKernel(scenario, model, j))) };
  return { cardDays: cards * model.days, run: () => eng.mergeBlocks(jobs.map((j: unknown) => eng.runJob(scenario, model, j))) };
}

function cpu(f: () => unknown): number {
  const t0 = process.cpuUsage();
  f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1e6;
}

async function main(): Promise<void> {
  const { values } = benchArgs({
    options: {
      base: { type: 'string' }, fleet: { type: 'string', default: 'reference' }, cards: { type: 'string' }, months: { type: 'string' },
      rounds: { type: 'string' }, 'peers-dir': { type: 'string', default: '../shared/peers' }, 'plain-draws': { type: 'boolean', default: false },
      'like-for-like': { type: 'boolean', default: false },
    },
  }, USAGE);
  const opts = usageOrExit(() => {
    const base = values.base;
    if (!base || !existsSync(join(base, 'engine/index.ts'))) throw new RangeError(`invalid --base "${base ?? ''}": expected a checkout of simlapse (a folder with engine/index.ts)`);
    if (values.fleet !== 'reference' && values.fleet !== 'bench') throw new RangeError(`invalid --fleet "${values.fleet}": expected reference or bench`);
    return {
      base: resolve(base), fleet: values.fleet, cards: parsePositive(values.cards, 20000, '--cards', MAX_CARDS), months: parsePositive(values.months, 36, '--months', MAX_MONTHS),
      rounds: parsePositive(values.rounds, 31, '--rounds', MAX_ROUNDS), peersDir: values.fleet === 'reference' ? resolve(parsePeersDir(values['peers-dir']!)) : '',
    };
  });
  const a = await contender(opts.base, opts.fleet, opts.cards, opts.months, opts.peersDir);
  const lfl = values['like-for-like']!, plain = values['plain-draws']! || lfl;
  const b = await contender(resolve('.'), opts.fleet, opts.cards, opts.months, opts.peersDir, plain, lfl);
  const ra = a.run(), rb = b.run();
  const same = ra.length === rb.length && Buffer.compare(Buffer.from(ra.buffer, ra.byteOffset, ra.byteLength), Buffer.from(rb.buffer, rb.byteOffset, rb.byteLength)) === 0;
  a.run(); b.run();
  const ratios: number[] = [], ta: number[] = [], tb: number[] = [];
  for (let r = 0; r < opts.rounds; r++) {
    let x: number, y: number;
    if (r % 2) { y = cpu(b.run); x = cpu(a.run); } else { x = cpu(a.run); y = cpu(b.run); }
    ta.push(x); tb.push(y); ratios.push(x / y);
  }
  const r = summarise(ratios), sa = summarise(ta), sb = summarise(tb), f3 = (x: number) => x.toFixed(3);
  console.log(`${opts.fleet} fleet, ${opts.cards.toLocaleString('en')} cards × ${opts.months} months, ${opts.rounds} interleaved rounds, CPU time`);
  console.log(`block results ${same ? 'bit-identical' : plain ? `differ (expected: this checkout runs with ${lfl ? '--like-for-like' : '--plain-draws'})` : 'DIFFER'}`);
  console.log(`base ${f3(sa.median)} s, this checkout ${f3(sb.median)} s (medians; ${(b.cardDays / sb.median / 1e6).toFixed(1)} M card-days/s)`);
  console.log(`base / this checkout: median ${f3(r.median)}, interquartile mean ${f3(r.iqMean)}, rounds ${f3(r.min)}–${f3(r.max)}`);
  if (!same && !plain) process.exitCode = 1;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve('bench/ab.ts')) await main();
