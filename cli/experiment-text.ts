import { METRIC, unitText, type Estimate, type Report } from '../engine/index.ts';
import { renderTable, type Row } from './table.ts';
import { wrap, wrapIndented } from './display.ts';

/**
 * The experiment sections for the terminal: the ranking with the best and the Pareto front, the KN
 * selection (--indifference), then sensitivity, Morris and Sobol; prose wrapped and tables fitted to
 * `width` display columns.
 */
export function formatExperiments(report: Report, width = 80): string {
  let text = '';
  const r = report.ranking;
  if (r) {
    const u = METRIC[r.objective].unit;
    // A fraction (availability) is ranked as a share of 1, where the arm table prints %: said.
    const unit = u === 'fraction' ? ' (as a share of 1)' : ` (${unitText(u, report.scenario.currency)})`;
    const sense = r.direction === 'minimize' ? 'lowest first' : 'highest first';
    const rule = r.constraints.length ? `constraints, checked on each arm's 95 % interval: ${r.constraints.join(', ')}` : 'no constraints';
    text += '\n' + wrap(`Ranking by ${r.objective}${unit}, ${sense}; ${rule}`, width) + '\n';
    const d = decimalsFor(r.arms.flatMap((a) => [a.objective.mean, a.objective.lo ?? a.objective.mean, a.objective.hi ?? a.objective.mean]));
    const rows: Row[] = r.arms.map((a) => ({
      label: `${String(a.rank).padStart(2)}  ${a.arm}`,
      cells: [
        { value: num(a.objective.mean, d), note: interval(a.objective, d) },
        a.status === 'feasible' ? 'yes' : a.status === 'infeasible' ? `no: ${a.violated.join(', ')}` : `undetermined: ${a.undetermined.join(', ')}`,
        ...(r.selection ? [a.pBest === null ? '–' : `${percent(a.pBest)}${a.inSubset ? ' *' : ''}`] : []),
      ],
    }));
    text += renderTable({ header: ['rank arm', r.objective, 'meets constraints', ...(r.selection ? ['P(best)'] : [])], rows }, width);
    text += '\n' + wrap(bestLine(report, d), width);
    if (r.selection) text += wrap(selectionLine(r), width);
    else text += wrap('No best subset and no P(best): one replication gives no paired units when every fleet is one batch (64 cards or fewer) or the arms\' fleets are cut into different batches (a pool moves a batch\'s cut to its end); run 2 replications or more.', width);
    if (r.undetermined.length) {
      const more = r.suggestedReplications === null ? 'more replications' : `about ${r.suggestedReplications.toLocaleString('en-US')} replications`;
      text += wrap(`Undetermined (the 95 % interval straddles a constraint, or there is none): ${r.undetermined.map((a) => `"${a}"`).join(', ')}; ${more} may settle ${r.undetermined.length === 1 ? 'it' : 'them'}.`, width);
    }
    text += '\n';
    if (report.pareto) {
      const p = report.pareto;
      const pd = decimalsFor(p.arms.map((a) => a.x));
      const boot = p.onFront && r.selection ? `; P(front): the share of the ${r.selection.resamples.toLocaleString('en-US')} resamples with the arm on the front` : '';
      text += wrap(`Cost–downtime Pareto front (mean cost.total vs downtime.cardDays, both lower is better; no other arm beats these on both${boot}):`, width) + '\n';
      const onFront = new Map(p.onFront?.map((o) => [o.arm, o.p]));
      const rows: Row[] = p.arms.map((a) => ({
        label: a.arm,
        cells: [num(a.x, pd), num(a.y, decimalsFor([a.y])), ...(p.onFront ? [onFront.has(a.arm) ? percent(onFront.get(a.arm)!) : ''] : [])],
      }));
      text += renderTable({ header: ['arm', 'cost', 'downtime (card-days)', ...(p.onFront ? ['P(front)'] : [])], rows }, width);
      const near = (p.onFront ?? []).filter((o) => o.p >= 0.05 && !p.arms.some((a) => a.arm === o.arm));
      if (near.length) text += wrapIndented(`Off the front of the means, but on it in some resamples: ${near.map((o) => `${o.arm}, P(front) ${percent(o.p)}`).join('; ')}`, width);
    }
  }
  if (report.indifference) text += selectionText(report, width);
  const s = report.sensitivity;
  if (s) {
    // With no arm meeting the constraints in the main run there is no best: the swing is on its first-ranked arm.
    const noBest = s.base.best === null;
    const swingArm = s.parameters[0]?.swingArm ?? '';
    text += '\n' + wrap(`Sensitivity of ${s.objective} (one parameter at a time at its low and high value, all arms; widest swing first; the swing is ${noBest ? 'one arm' : "the main run's best arm"} at high minus the same arm at low).`, width);
    text += wrap(noBest
      ? `Main run: no arm meets the constraints; the swing is measured on "${swingArm}", ranked first.`
      : `Main run: best "${s.base.best}", ${s.objective} ${num(s.base.objective!, decimalsFor([s.base.objective!]))}`, width) + '\n';
    const same = (p: (typeof s.parameters)[number]) => p.arms.find((a) => a.arm === p.swingArm) ?? { low: p.atLow.objective ?? NaN, high: p.atHigh.objective ?? NaN };
    const best = (arm: string | null) => arm ?? '(none)';
    const d = decimalsFor(s.parameters.flatMap((p) => [same(p).low, same(p).high]));
    const rows: Row[] = s.parameters.map((p) => ({
      label: p.path,
      cells: [
        `${p.low} → ${p.high}`,
        `${num(same(p).low, d)} → ${num(same(p).high, d)}`,
        // An arm that sets the field itself is not reached: its swing is 0 for that reason, not robustness.
        num(p.swing, d, true) + unreached(p, p.swingArm),
        // Both ends agreeing on another arm than the main run's best: the flip is from the main run's.
        !p.bestChanges ? 'no' : p.atLow.best === p.atHigh.best ? `yes: ${best(s.base.best)} → ${best(p.atLow.best)} at both ends` : `yes: ${best(p.atLow.best)} → ${best(p.atHigh.best)}`,
      ],
    }));
    text += renderTable({ header: ['parameter', 'low → high', noBest ? 'main rank 1 arm' : 'main best arm', 'swing', 'best arm changes'], rows }, width);
    if (s.parameters.some((p) => p.bestChanges && (p.atLow.best === null || p.atHigh.best === null))) text += wrap('(none): no arm meets the constraints there.', width);
    text += notReached(s.parameters, width);
  }
  // Morris and Sobol: with no arm meeting the constraints in the main run, the figures are its first-ranked arm's.
  const noMainBest = report.ranking !== undefined && report.ranking.best === null;
  const onArm = (arm: string) => (noMainBest ? `on "${arm}", ranked first in the main run, where no arm meets the constraints` : `on the main best arm "${arm}"`);
  const changes = (share: number) => (noMainBest
    ? `An arm meets the constraints at ${percent(share)} of the design points (none does in the main run).`
    : `The best arm differs from the main run's${report.ranking?.constraints.length ? ' (or no arm meets the constraints)' : ''} at ${percent(share)} of the design points.`);
  const m = report.morris;
  if (m) {
    text += '\n' + wrap(`Global sensitivity of ${m.objective} (Morris elementary effects, ${m.trajectories} base points of a Latin hypercube, ${m.runs} runs of every arm; effects per whole range, ${onArm(m.arm)}; largest μ* first). ${changes(m.bestChanges)}`, width) + '\n';
    const d = decimalsFor(m.parameters.flatMap((p) => [p.muStar, p.mu, p.sigma ?? 0]));
    const rows: Row[] = m.parameters.map((p) => ({ label: p.path, cells: [num(p.muStar, d) + unreached(p, m.arm), num(p.mu, d, true), p.sigma === null ? '–' : num(p.sigma, d)] }));
    text += renderTable({ header: ['parameter', 'μ* (importance)', 'μ (direction)', 'σ (interactions)'], rows }, width);
    if (!s) text += notReached(m.parameters, width);
  }
  const so = report.sobol;
  if (so) {
    text += '\n' + wrap(`Variance-based sensitivity of ${so.objective} (Sobol indices, ${so.samples} base samples of two Latin hypercubes, ${so.runs} runs of every arm; shares of its variance over the ranges, ${onArm(so.arm)}; largest total first). First order: the parameter alone; total: with its interactions. ${changes(so.bestChanges)}`, width) + '\n';
    const share = (x: number | null) => (x === null ? '–' : x.toFixed(2));
    const rows: Row[] = so.parameters.map((p) => ({ label: p.path, cells: [share(p.first), share(p.total) + unreached(p, so.arm)] }));
    text += renderTable({ header: ['parameter', 'first order', 'total'], rows }, width);
    if (!s && !m) text += notReached(so.parameters, width);
  }
  return text;
}

/** ' (not reached)' when the parameter does not reach `arm` (it sets the field itself: its figures are 0 for that reason); else ''. */
function unreached(p: { arms?: Array<{ arm: string; reached?: boolean }> }, arm: string): string {
  return p.arms?.find((a) => a.arm === arm)?.reached === false ? ' (not reached)' : '';
}

/**
 * One line per sensitivity parameter that does not reach some arms (they set the field themselves),
 * naming them; '' when every parameter reaches every arm (or the report predates `reached`).
 */
function notReached(parameters: Array<{ path: string; arms?: Array<{ arm: string; reached?: boolean }> }>, width: number): string {
  let text = '';
  for (const p of parameters) {
    const kept = (p.arms ?? []).filter((a) => a.reached === false).map((a) => `"${a.arm}"`);
    if (kept.length === 0) continue;
    const one = kept.length === 1;
    text += wrap(`${p.path} does not reach arm${one ? '' : 's'} ${kept.join(', ')}: ${one ? 'it sets' : 'they set'} the field itself (or what holds it), so ${one ? 'it keeps its' : 'they keep their'} own value over the whole range (effect 0).`, width);
  }
  return text;
}

/** The KN selection (--indifference): what was chosen, on what terms, and when each other arm went (latest first). */
function selectionText(report: Report, width: number): string {
  const k = report.indifference!;
  const u = METRIC[k.objective].unit;
  const unit = u === 'fraction' ? ' (as a share of 1)' : ` (${unitText(u, report.scenario.currency)})`;
  const sense = k.direction === 'minimize' ? 'lowest first' : 'highest first';
  const delta = k.delta.toLocaleString('en-US', { maximumFractionDigits: 10 });
  const head = `Selection by KN (Kim & Nelson 2001) on ${k.objective}${unit}, ${sense}, indifference zone ${delta}: `;
  const outcome = k.chosen !== null
    ? `"${k.chosen}" chosen after ${k.replications.toLocaleString('en-US')} replications, the best with ${Math.round((1 - k.alpha) * 100)} % probability if it leads every other arm by at least ${delta} (first stage ${k.firstStage} replications).`
    : `no arm chosen: the maximum of ${k.maxReplications.toLocaleString('en-US')} replications came first with ${k.survivors.length} arms left.`;
  const went = k.eliminated.length ? ' Each other arm went at the replication count shown.' : '';
  const gone = k.eliminated.map((e, i) => ({ ...e, i })).sort((a, b) => b.at - a.at || a.i - b.i);
  const rows: Row[] = [
    ...k.survivors.map((arm) => ({ label: arm, cells: [arm === k.chosen ? 'chosen' : 'still in'] })),
    ...gone.map((e) => ({ label: e.arm, cells: [`eliminated at ${e.at.toLocaleString('en-US')}`] })),
  ];
  return '\n' + wrap(head + outcome + went, width) + '\n' + renderTable({ header: ['arm', 'KN outcome'], rows }, width);
}

function bestLine(report: Report, d: number): string {
  const r = report.ranking!;
  const b = r.best;
  if (!b) return 'No arm is feasible (every constraint met over its whole 95 % interval), so none is chosen; the ranking above orders them by objective.';
  if (!b.runnerUp || !b.margin) return `Best: "${b.arm}", the only feasible arm (every constraint met over its whole 95 % interval).`;
  const better = r.direction === 'minimize' ? 'lower' : 'higher';
  const m = b.margin;
  const lead = `Best: "${b.arm}", ${r.objective} ${num(m.mean, d)} ${better} than the runner-up "${b.runnerUp}"`;
  // A constant difference has no interval either, but for want of spread, not of replications (with one replication, the units are its batches).
  const units = report.scenario.replications === 1 ? 'batch of cards' : 'replication';
  if (m.constant) return m.mean === 0
    ? `Best: "${b.arm}" and the runner-up "${b.runnerUp}" gave the same ${r.objective} in every ${units}: not told apart (the first in file order is named).`
    : `${lead} in every ${units} alike (paired differences without spread).`;
  if (m.lo === null || m.hi === null) {
    // Not "0.00 lower": with one replication alike, the two are simply level.
    return m.mean === 0
      ? `Best: "${b.arm}" and the runner-up "${b.runnerUp}" gave the same ${r.objective} (one replication without paired batches: no paired interval; the first in file order is named).`
      : `${lead} (one replication without paired batches: no paired interval; run 2 replications or more).`;
  }
  const verdict = b.separated
    ? 'the interval excludes 0: the two are told apart'
    : 'the interval includes 0: the two are not told apart at this number of replications';
  return `${lead} (paired 95 % interval ${interval(m, d)}; ${verdict}).`;
}

/** The best subset and what P(best) means, under the ranking. */
function selectionLine(r: NonNullable<Report['ranking']>): string {
  const sel = r.selection!;
  if (sel.subset.length === 0) return 'No arm is feasible over its whole 95 % interval, so none is named the best (multiple comparisons with the best need a feasible arm).';
  const units = `${sel.units} ${sel.over === 'replications' ? 'replications' : 'batches of cards'}`;
  const subset = sel.subset.length === 1
    ? `"${sel.subset[0]}" alone: no other feasible arm can be the best`
    : `${sel.subset.map((a) => `"${a}"`).join(', ')} (marked *): any of them may be the best`;
  return `With 95 % confidence the best feasible arm is among ${subset} (multiple comparisons with the best over ${units}). ` +
    `P(best): the share of ${sel.resamples.toLocaleString('en-US')} bootstrap resamples of the ${sel.over} in which the arm comes first.` + fewUnits(sel.units, sel.over);
}

/** Below this many units a bootstrap has so few distinct resamples that P(best) is coarse. */
const FEW_UNITS = 10;

/**
 * A caution when the units are few: n units give only C(2n − 1, n) distinct resamples (3 for 2,
 * 10 for 3, 126 for 5), so a P(best) of 100 % from 2 replications says little.
 */
function fewUnits(n: number, over: string): string {
  if (n >= FEW_UNITS) return '';
  let distinct = 1;
  for (let k = 1; k <= n; k++) distinct = (distinct * (n - 1 + k)) / k;
  return ` With ${n} ${over} there are only ${Math.round(distinct).toLocaleString('en-US')} distinct resamples: P(best) is coarse (more replications refine it).`;
}

function percent(p: number): string {
  return p === 0 ? '0 %' : p === 1 ? '100 %' : p < 0.01 ? '<1 %' : p > 0.99 ? '>99 %' : `${Math.round(p * 100)} %`;
}

function interval(e: Estimate, d: number): string {
  if (e.lo === null || e.hi === null) return e.constant ? '[no spread]' : '[no interval]';
  return `[${num(e.lo, d)}, ${num(e.hi, d)}]`;
}

function decimalsFor(xs: number[]): number {
  const big = Math.max(0, ...xs.map(Math.abs));
  return xs.every(Number.isInteger) || big >= 1000 ? 0 : big >= 100 ? 1 : big >= 1 ? 2 : 4;
}

function num(x: number, decimals: number, signed = false): string {
  const text = x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  if (/^-?[0.,]+$/.test(text)) return text.replace('-', '');
  return signed && x > 0 ? `+${text}` : text;
}
