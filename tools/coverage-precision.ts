/**
 * Coverage of the final 95 % interval of `simlapse run --precision H` (engine/experiments/sequential.ts
 * runToPrecision) on a real scenario, where the stopping time and the control variates' slopes come
 * from the same replications (docs/statistics.md, "Sequential stopping").
 *
 *   npx tsx tools/coverage-precision.ts [--cases 64x12,64x3,256x3] [--runs 300] [--truth 3000] [--aim 40] …
 *
 * For each case (auto-stop.yaml's profile, "auto-stop off" − "auto-stop on", cost.total, every
 * cohort resized to CARDS cards and every arm to MONTHS months):
 *
 * - the truth: one run of --truth replications (seed "truth"), every job in this thread as the
 *   coverage tests do (test/experiments/stratify.test.ts, control-batches.test.ts); its batch
 *   vectors give the control-variate estimate the report uses (faultMB over batches ×
 *   replications, HC3: engine/experiments/control-pooled.ts), computed here without the trust
 *   rule, so that a case the rule keeps plain still has a controlled truth; its own half-width and
 *   the plain mean's are printed;
 * - the target: --target, or the half-width of the estimator the report would headline (the
 *   controlled one where the truth's report trusts it, else the plain one) projected from the
 *   truth run to --aim replications (h · √(truth ÷ aim));
 * - --runs runs of runToPrecision (seeds "<seed>-0", "<seed>-1", …) in this process with
 *   runScenario and a store; per run the final headline interval arms[].diff (controlled where
 *   the trust rule kept it) and the plain one (arms[].controlled.plain where the headline is
 *   controlled, else the headline itself) are checked against the truth.
 *
 * With --skew-rule both (the default), the runs are made twice: with the rule as the CLI applies it
 * (no stop at the target while the watched values' n ≤ 25 G1²), and without it (StoppingRule.skewness
 * false), which stops nearer --aim replications (a median of about --aim).
 *
 * Printed per case: coverage of both with its standard error √(p(1 − p) ÷ runs), mean and range of
 * the replications at the stop, the share of runs whose final headline was controlled, the mean
 * half-widths, on which side of the truth the headline misses and after how many replications;
 * with --fixed, the same seeds also at a fixed count (the mean count at
 * the stop, rounded), to tell the stopping's effect from the interval's own.
 */
import { parseArgs } from 'node:util';
import { compileArm, planJobs, runJob, runScenario, runToPrecision, type ArmConfig, type Estimate, type Report, type ResultStore, type ScenarioConfig } from '../engine/index.ts';
import { BATCH_CARDS, BATCH_CONTROLS, BATCH_START, splitResult, vectorsOf } from '../engine/batches.ts';
import { METRICS } from '../engine/metrics.ts';
import { expectedIn } from '../engine/experiments/control.ts';
import { FAULT_MB, MEAN_MB } from '../engine/experiments/control-draws.ts';
import { pooledControlled } from '../engine/experiments/control-pooled.ts';
import { controlledDiff } from '../engine/experiments/controlled.ts';
import { estimate, skewness } from '../engine/stats.ts';
import { loadScenarioFile } from '../scenarios/node.ts';

const HELP = `Usage: npx tsx tools/coverage-precision.ts [options]

Coverage of the final 95 % interval of runToPrecision (--precision) on auto-stop.yaml's profile,
"auto-stop off" − "auto-stop on", cost.total: the control-variate (headline) interval and the plain
one of the same runs, against a controlled truth from many replications.

Options:
  --cases LIST            cases, CARDSxMONTHS, comma-separated [default: 64x12,64x3,256x3]
  --runs K                runToPrecision runs per case, seeds "<seed>-0" … "<seed>-(K-1)" [default: 300]
  --truth N               replications of the truth run (seed "truth") [default: 3000]
  --aim R                 the default target: the headline estimator's half-width of the truth run
                          projected to R replications, h·√(N/R) [default: 40]
  --target H              the target half-width (yuan) instead, for every case [default: none]
  --max-replications M    runToPrecision's maximum [default: 1000]
  --seed S                prefix of the runs' seeds [default: precision]
  --skew-rule on|off|both runToPrecision's skewness rule (StoppingRule.skewness: no stop at the target
                          while n ≤ 25 G1²; the CLI always applies it), or one row each [default: both]
  --fixed                 also run each seed at a fixed count (the mean count at the stop, rounded)
                          for comparison [default: off]
  -h, --help              this text
`;

const { values: opt } = parseArgs({
  options: {
    cases: { type: 'string', default: '64x12,64x3,256x3' },
    runs: { type: 'string', default: '300' },
    truth: { type: 'string', default: '3000' },
    aim: { type: 'string', default: '40' },
    target: { type: 'string' },
    'max-replications': { type: 'string', default: '1000' },
    seed: { type: 'string', default: 'precision' },
    'skew-rule': { type: 'string', default: 'both' },
    fixed: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (opt.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const int = (name: string, v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`--${name}: a positive integer, not ${v}`);
  return n;
};
const RUNS = int('runs', opt.runs!), TRUTH = int('truth', opt.truth!), AIM = int('aim', opt.aim!), MAX = int('max-replications', opt['max-replications']!);
const TARGET = opt.target === undefined ? undefined : Number(opt.target);
if (TARGET !== undefined && !(TARGET > 0)) throw new RangeError(`--target: a positive number, not ${opt.target}`);
const CASES = opt.cases!.split(',').map((c) => {
  const m = /^(\d+)x(\d+)$/.exec(c.trim());
  if (!m) throw new RangeError(`--cases: CARDSxMONTHS, not ${c}`);
  return { cards: Number(m[1]), months: Number(m[2]) };
});

const SKEW = ({ on: [true], off: [false], both: [true, false] } as Record<string, boolean[]>)[opt['skew-rule']!];
if (!SKEW) throw new RangeError(`--skew-rule: on, off or both, not ${opt['skew-rule']}`);

const METRIC = 'cost.total';
const COST = METRICS.indexOf(METRIC);
const FILE = new URL('../scenarios/examples/auto-stop.yaml', import.meta.url).pathname;

/** auto-stop.yaml with every cohort resized to `cards` and every arm to `months`. */
function example(cards: number, months: number): ScenarioConfig {
  const f = loadScenarioFile(FILE);
  const resize = (a: ArmConfig): ArmConfig => ({ ...a, months, cohorts: a.cohorts.map((c) => ({ ...c, count: cards })) });
  return { ...f, arms: f.arms.map(resize) };
}

interface Truth {
  controlled: Estimate;
  plain: Estimate;
  /** Skewness of the replications' paired differences. */
  skewness: number | null;
  /** Whether the report of this run trusts its controlled estimate, or why not. */
  trusted: true | string;
  /** Batches per replication. */
  batches: number;
}

/**
 * The truth: a run of s, every job in this thread (as test/experiments/stratify.test.ts), and the
 * control-variate estimate over its batches as engine/experiments/controlled.ts computes it
 * (the baseline's faultMB, and the arm's when its draws differ; HC3), without the trust rule.
 */
function truthOf(s: ScenarioConfig): Truth {
  const models = s.arms.map(compileArm);
  const batches: Float64Array[][][] = models.map(() => Array.from({ length: s.replications }, () => []));
  for (const job of planJobs(s, models)) batches[job.arm][job.replication][job.block] = splitResult(runJob(s, models[job.arm], job), models[job.arm]).batches;
  const base = batches[0].flatMap(vectorsOf), arm = batches[1].flatMap(vectorsOf);
  const same = arm.every((v, i) => v[BATCH_CONTROLS + FAULT_MB] === base[i][BATCH_CONTROLS + FAULT_MB] && v[BATCH_CONTROLS + MEAN_MB] === base[i][BATCH_CONTROLS + MEAN_MB]);
  const dev = (k: number, vs: Float64Array[]) => Float64Array.from(vs, (v) => v[BATCH_CONTROLS + FAULT_MB] - expectedIn(models[k], v[BATCH_START], v[BATCH_START] + v[BATCH_CARDS]).faultMB);
  const devs = same ? [dev(0, base)] : [dev(0, base), dev(1, arm)];
  const fit = pooledControlled(Float64Array.from(arm, (v, i) => v[COST] - base[i][COST]), base.map((v) => v[BATCH_CARDS]), devs, s.replications);
  const report = controlledDiff(models, batches, 1)!.diff[METRIC]!;
  if (report.trusted && report.mean !== fit.mean) throw new Error(`the truth's controlled estimate ${fit.mean} is not the report's ${report.mean}`);
  // The plain paired differences of the replications (each replication's sum of its batches).
  const perRep = (k: number) => batches[k].map((blocks) => vectorsOf(blocks).reduce((x, v) => x + v[COST], 0));
  const a = perRep(1), b = perRep(0), d = a.map((x, r) => x - b[r]);
  return { controlled: fit, plain: estimate(d), skewness: skewness(d), trusted: report.trusted ? true : report.reason, batches: base.length / s.replications };
}

const half = (e: Estimate) => (e.hi! - e.lo!) / 2;
const covers = (e: Estimate, x: number) => e.lo !== null && e.hi !== null && e.lo <= x && x <= e.hi;
const pct = (k: number, n: number) => `${(100 * k / n).toFixed(1)} % ± ${(100 * Math.sqrt((k / n) * (1 - k / n) / n)).toFixed(1)}`;
const fmt = (x: number) => Math.round(x).toLocaleString('en-US');

/** The watched arm's final headline interval, the plain one, and whether the headline is controlled. */
function intervals(report: Report): { headline: Estimate; plain: Estimate; controlled: boolean } {
  const a = report.arms.find((x) => x.name === (report.stopping?.arm ?? report.arms[1].name))!;
  const headline = a.diff![METRIC];
  const cv = a.controlled?.diff[METRIC];
  return cv?.trusted ? { headline, plain: a.controlled!.plain![METRIC]!, controlled: true } : { headline, plain: headline, controlled: false };
}

interface Tally {
  covered: number; plainCovered: number; controlled: number; width: number; plainWidth: number;
  /** Headline intervals wholly below and wholly above the truth, and the replications of the runs that miss and of those that cover. */
  below: number; above: number; missN: number; hitN: number;
}
const tally = (): Tally => ({ covered: 0, plainCovered: 0, controlled: 0, width: 0, plainWidth: 0, below: 0, above: 0, missN: 0, hitN: 0 });
function add(t: Tally, r: Report, truth: number): void {
  const i = intervals(r);
  if (covers(i.headline, truth)) { t.covered++; t.hitN += r.scenario.replications; }
  else {
    t.missN += r.scenario.replications;
    if (i.headline.hi !== null && i.headline.hi < truth) t.below++;
    else if (i.headline.lo !== null && i.headline.lo > truth) t.above++;
  }
  if (covers(i.plain, truth)) t.plainCovered++;
  if (i.controlled) t.controlled++;
  t.width += half(i.headline);
  t.plainWidth += half(i.plain);
}

const rows: string[] = [];
for (const { cards, months } of CASES) {
  const s = example(cards, months);
  const name = `${cards} cards × ${months} months`;
  let clock = performance.now();
  const truth = truthOf({ ...s, seed: 'truth', replications: TRUTH });
  const mu = truth.controlled.mean;
  const truthSeconds = (performance.now() - clock) / 1000;
  const projected = truth.trusted === true ? half(truth.controlled) : half(truth.plain);
  const target = TARGET ?? Math.round(projected * Math.sqrt(TRUTH / AIM));
  console.log(`\n${name} (${truth.batches} batch${truth.batches > 1 ? 'es' : ''} per replication): truth over ${TRUTH} replications (${truthSeconds.toFixed(1)} s): ` +
    `controlled ${mu.toFixed(1)} ± ${half(truth.controlled).toFixed(1)} (the report ${truth.trusted === true ? 'trusts it' : `does not: ${truth.trusted}`}), ` +
    `plain ${truth.plain.mean.toFixed(1)} ± ${half(truth.plain).toFixed(1)}, skewness of the paired differences ${truth.skewness?.toFixed(2)} (Cochran: n > ${Math.ceil(25 * (truth.skewness ?? 0) ** 2)})`);
  console.log(`  target ${fmt(target)} ${TARGET === undefined ? `(the ${truth.trusted === true ? 'controlled' : 'plain'} half-width projected to ${AIM} replications)` : '(--target)'}, ${RUNS} runs, at most ${MAX} replications`);

  for (const skew of SKEW) {
    const rule = skew ? 'skewness rule on' : 'skewness rule off';
    clock = performance.now();
    const t = tally(), ns: number[] = [], reasons: Record<string, number> = {}, stores: ResultStore[] = [];
    let skewHeld = 0;
    for (let i = 0; i < RUNS; i++) {
      let store: ResultStore = [];
      let held = false;
      const r = await runToPrecision({ ...s, seed: `${opt.seed}-${i}` }, {
        precision: target, maxReplications: MAX, skewness: skew,
        run: (sc, st) => { store = st; return runScenario(sc, { store: st }); },
        onBatch: (b) => { if (b.skewed && b.halfWidth !== null && b.halfWidth <= b.target) held = true; },
      });
      const stop = r.stopping!;
      ns.push(stop.replications);
      reasons[stop.reason] = (reasons[stop.reason] ?? 0) + 1;
      if (held) skewHeld++;
      add(t, r, mu);
      if (opt.fixed) stores.push(store);
      if ((i + 1) % 50 === 0) process.stderr.write(`  ${rule}: ${i + 1}/${RUNS} runs, ${((performance.now() - clock) / 1000).toFixed(0)} s\n`);
    }
    const seconds = (performance.now() - clock) / 1000;
    const meanN = ns.reduce((a, b) => a + b, 0) / RUNS;
    const sorted = [...ns].sort((a, b) => a - b);
    console.log(`  ${rule}: stopped after ${meanN.toFixed(1)} replications on average (median ${sorted[RUNS >> 1]}, ${sorted[0]}–${sorted[RUNS - 1]}); ` +
      `${Object.entries(reasons).map(([k, v]) => `${k} ${v}`).join(', ')}; held past the target by the skewness rule in ${skewHeld}; final headline controlled in ${t.controlled}/${RUNS} (${seconds.toFixed(0)} s)`);
    console.log(`    coverage of the truth: headline ${pct(t.covered, RUNS)} (mean half-width ${fmt(t.width / RUNS)}), plain ${pct(t.plainCovered, RUNS)} (${fmt(t.plainWidth / RUNS)})`);
    const misses = RUNS - t.covered;
    if (misses > 0) console.log(`    the headline misses: ${t.below} below the truth, ${t.above} above; those runs stopped after ${(t.missN / misses).toFixed(1)} replications on average, the others after ${(t.hitN / Math.max(1, t.covered)).toFixed(1)}`);
    rows.push(`| ${name} | ${fmt(target)} | ${skew ? 'on' : 'off'} | ${RUNS} | ${meanN.toFixed(1)} | ${t.controlled}/${RUNS} | ${pct(t.covered, RUNS)} | ${pct(t.plainCovered, RUNS)} |`);

    if (opt.fixed) {
      const n = Math.round(meanN);
      clock = performance.now();
      const f = tally();
      // the stopped run's store: its replications are not run again (a replication does not depend on the count)
      for (let i = 0; i < RUNS; i++) add(f, await runScenario({ ...s, seed: `${opt.seed}-${i}`, replications: n }, { store: stores[i] }), mu);
      console.log(`    the same seeds at a fixed ${n} replications (${((performance.now() - clock) / 1000).toFixed(0)} s): headline ${pct(f.covered, RUNS)} (controlled in ${f.controlled}/${RUNS}, mean half-width ${fmt(f.width / RUNS)}), plain ${pct(f.plainCovered, RUNS)} (${fmt(f.plainWidth / RUNS)})`);
      rows.push(`| ${name}, fixed count | — | — | ${RUNS} | ${n} | ${f.controlled}/${RUNS} | ${pct(f.covered, RUNS)} | ${pct(f.plainCovered, RUNS)} |`);
    }
  }
}

console.log(`\n| auto-stop.yaml's profile | target | skewness rule | runs | mean replications | headline controlled | coverage, headline | coverage, plain |\n|---|---|---|---|---|---|---|---|\n${rows.join('\n')}`);
