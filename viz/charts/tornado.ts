import { axisBottom } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import type { Report, SensitivityParameter } from '../../engine/index.ts';
import { exact, frame, grid, legend, MUTED, numberTicks, OKABE_ITO, setHeight, short, styleAxis, axisTitle, type G } from './common.ts';
import { spanDomain } from './scales.ts';
import { notReachedLine } from './reach.ts';

export interface TornadoOptions {
  /** Width in px. [default: 820] */
  width?: number;
}

const LOW = OKABE_ITO.blue, HIGH = OKABE_ITO.orange, BAR = OKABE_ITO.skyBlue, CHANGES = OKABE_ITO.vermillion;

/** An objective for a label: whole units when large (as the ranking and the CLI print them), else 4 significant digits. */
const fig = (x: number) => (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : short(x));

/** A parameter value as written in the scenario (every digit). */
const value = (x: number) => String(x);

/**
 * Sensitivity as a tornado: one horizontal bar per parameter (widest swing first, the report's
 * order) from one arm's objective with the parameter at its low value to the same arm's at its
 * high value (the report's `swingArm`, the main run's best: the bar is the report's `swing`; the
 * best arms at low and at high may differ, and the ⚠ line names them); the dashed line is the
 * main run's best objective. Low end: blue dot, high end: orange
 * dot. A vermillion bar and ⚠ mark a parameter whose low or high run picks another best arm.
 */
export function tornadoChart(report: Report, options: TornadoOptions = {}): SVGSVGElement {
  const width = options.width ?? 820;
  const s = report.sensitivity;
  const svg = frame(width, 120, 'Sensitivity: tornado of the best arm\'s objective');
  if (!s || s.parameters.length === 0) {
    svg.append('text').attr('x', 14).attr('y', 30).attr('fill', MUTED).text('This report has no sensitivity runs (add `sensitivity:` to the scenario).');
    return svg.node()!;
  }
  const cur = report.scenario.currency;
  const params = s.parameters;
  const labelChars = Math.max(...params.map((p) => Math.max(p.path.length + 2, `${value(p.low)} → ${value(p.high)}`.length)));
  const left = Math.min(Math.round(width * 0.42), 24 + labelChars * 6.7), right = 16, top = 52, rowH = 52, axisH = 46;
  const plotW = width - left - right;
  const h = params.length * rowH;
  const ends = params.flatMap((p) => { const e = ends_(p); return [e.low, e.high]; }).concat(s.base.objective ?? []);
  const lo = Math.min(...ends), hi = Math.max(...ends);
  const x = scaleLinear().domain(spanDomain(lo, hi, { pad: 0.16, minRelative: 0.01 })).nice().range([0, plotW]);
  const ticks = x.ticks(Math.max(2, Math.floor(plotW / 90)));

  svg.append('text').attr('x', 14).attr('y', 18).attr('font-size', 12)
    .text(`${s.objective} (${cur}, ${s.direction === 'minimize' ? 'lower is better' : 'higher is better'}) of the main run's best arm, each parameter at its low and at its high value, one at a time.`);
  const g: G = svg.append('g').attr('class', 'plot').attr('transform', `translate(${left},${top})`);
  grid(g, ticks.map(x), h, false);

  params.forEach((p, k) => {
    const cy = k * rowH + rowH / 2;
    const e = ends_(p);
    const xl = x(e.low), xh = x(e.high);
    const x0 = Math.min(xl, xh), x1 = Math.max(xl, xh);
    const row = g.append('g').attr('class', 'tornado-bar')
      .attr('data-path', p.path).attr('data-arm', p.swingArm).attr('data-low', e.low).attr('data-high', e.high)
      .attr('data-swing', p.swing).attr('data-best-changes', String(p.bestChanges));
    row.append('rect').attr('class', 'hit').attr('x', -left).attr('y', k * rowH).attr('width', left + plotW).attr('height', rowH).attr('fill', 'transparent');
    row.append('rect').attr('class', 'bar').attr('x', x1 - x0 < 2 ? (x0 + x1) / 2 - 1 : x0).attr('y', cy - 11).attr('width', Math.max(2, x1 - x0)).attr('height', 22)
      .attr('fill', p.bestChanges ? CHANGES : BAR).attr('fill-opacity', 0.85).attr('stroke', p.bestChanges ? CHANGES : OKABE_ITO.blue).attr('stroke-width', 0.8);
    row.append('circle').attr('class', 'end low').attr('cx', xl).attr('cy', cy).attr('r', 4.5).attr('fill', LOW).attr('stroke', 'white');
    row.append('circle').attr('class', 'end high').attr('cx', xh).attr('cy', cy).attr('r', 4.5).attr('fill', HIGH).attr('stroke', 'white');
    // Value labels outside the bar's ends: the low run's and the high run's objective.
    const lowLeft = xl <= xh;
    row.append('text').attr('x', lowLeft ? x0 - 8 : x1 + 8).attr('y', cy + 4).attr('text-anchor', lowLeft ? 'end' : 'start').attr('font-size', 11).attr('fill', LOW)
      .text(fig(e.low));
    if (x1 - x0 >= 2) {
      row.append('text').attr('x', lowLeft ? x1 + 8 : x0 - 8).attr('y', cy + 4).attr('text-anchor', lowLeft ? 'start' : 'end').attr('font-size', 11).attr('fill', HIGH)
        .text(fig(e.high));
    } else {
      row.append('text').attr('x', x1 + 8).attr('y', cy + 4).attr('font-size', 11).attr('fill', MUTED).text('no change');
    }
    if (p.bestChanges) {
      row.append('text').attr('class', 'changes').attr('x', 4).attr('y', cy + 23).attr('font-size', 10.5).attr('fill', CHANGES)
        .text(`⚠ best arm at low: ${p.atLow.best ?? 'none meets the constraints'} · at high: ${p.atHigh.best ?? 'none meets the constraints'}`);
    }
    // The parameter: its path, its low → high values, and ⚠ when the best arm changes.
    const label = row.append('text').attr('class', 'label').attr('x', -10).attr('text-anchor', 'end');
    label.append('tspan').attr('x', -10).attr('y', cy - 3).attr('font-size', 12).attr('font-weight', 600)
      .attr('fill', p.bestChanges ? CHANGES : 'currentColor').text(`${p.bestChanges ? '⚠ ' : ''}${p.path}`);
    label.append('tspan').attr('x', -10).attr('y', cy + 13).attr('font-size', 11).attr('fill', MUTED).text(`${value(p.low)} → ${value(p.high)}`);
    row.append('title').text(tooltip(p, s.base.best, cur));
  });

  // No dashed line when no arm of the main run meets the constraints: there is no best objective to mark.
  const baseObjective = s.base.objective;
  if (baseObjective !== null) {
    g.append('line').attr('class', 'base').attr('x1', x(baseObjective)).attr('x2', x(baseObjective)).attr('y1', -8).attr('y2', h)
      .attr('stroke', '#000').attr('stroke-dasharray', '4 3')
      .append('title').text(`Main run: best arm "${s.base.best}", ${s.objective} ${exact(baseObjective)} ${cur}`);
    g.append('text').attr('x', x(baseObjective)).attr('y', -12).attr('text-anchor', 'middle').attr('font-size', 11)
      .text(`main run: ${fig(baseObjective)} (best: ${s.base.best})`);
  } else {
    g.append('text').attr('x', 0).attr('y', -12).attr('font-size', 11)
      .text(`main run: no arm meets the constraints (bars: "${params[0].swingArm}", ranked first)`);
  }

  styleAxis(g.append('g').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(ticks.length).tickFormat(numberTicks(ticks))));
  axisTitle(g, `${s.objective} of the best arm (${cur})`, plotW / 2, h + 36);

  const lg = svg.append('g').attr('transform', `translate(14,${top + h + axisH + 8})`);
  const lh = legend(lg, [
    { label: 'parameter at low', colour: LOW, shape: 'dot' },
    { label: 'parameter at high', colour: HIGH, shape: 'dot' },
    { label: 'best arm stays', colour: BAR },
    { label: '⚠ best arm changes', colour: CHANGES },
    { label: 'main run (base)', colour: '#000', shape: 'line' },
  ], width - 28);
  setHeight(svg, width, top + h + axisH + 8 + lh + 4);
  return svg.node()!;
}

function tooltip(p: SensitivityParameter, base: string | null, cur: string): string {
  const best = (b: SensitivityParameter['atLow']) => (b.best === null ? 'no arm meets the constraints' : `best "${b.best}", ${exact(b.objective!)} ${cur}`);
  const lines = [
    `${p.path}: ${value(p.low)} → ${value(p.high)}`,
    `at low (${value(p.low)}): ${best(p.atLow)}`,
    `at high (${value(p.high)}): ${best(p.atHigh)}`,
    `"${p.swingArm}" at low ${exact(ends_(p).low)}, at high ${exact(ends_(p).high)} ${cur}: swing (high − low) ${exact(p.swing)} ${cur}`,
    p.bestChanges
      ? `⚠ the best arm changes: main run ${quoted(base)}, at low ${quoted(p.atLow.best)}, at high ${quoted(p.atHigh.best)}`
      : base === null ? 'no arm meets the constraints at low, at high or in the main run' : `the best arm stays "${base}"`,
  ];
  const kept = notReachedLine(p.arms);
  if (kept) lines.push(kept);
  return lines.join('\n');
}

/** A bar's ends: the swing arm's objective at low and at high (the best arms' where an older report has no per-arm figures). */
function ends_(p: SensitivityParameter): { low: number; high: number } {
  const a = p.arms?.find((x) => x.arm === p.swingArm);
  return a ? { low: a.low, high: a.high } : { low: p.atLow.objective ?? NaN, high: p.atHigh.objective ?? NaN };
}

/** An arm's name in quotes, or "none" (no arm meets the constraints). */
function quoted(arm: string | null): string {
  return arm === null ? 'none' : `"${arm}"`;
}

/** The chart's data: one row per parameter, in the report's (tornado) order. */
export function tornadoCsv(report: Report): (string | number)[][] {
  const rows: (string | number)[][] = [['path', 'low', 'high', 'bestAtLow', 'objectiveAtLow', 'bestAtHigh', 'objectiveAtHigh', 'swingArm', 'swingArmAtLow', 'swingArmAtHigh', 'swing', 'bestChanges', 'baseBest', 'baseObjective']];
  const s = report.sensitivity;
  if (!s) return rows;
  for (const p of s.parameters) {
    // Empty cells where no arm meets the constraints.
    rows.push([p.path, p.low, p.high, p.atLow.best ?? '', p.atLow.objective ?? '', p.atHigh.best ?? '', p.atHigh.objective ?? '', p.swingArm, ends_(p).low, ends_(p).high, p.swing, String(p.bestChanges), s.base.best ?? '', s.base.objective ?? '']);
  }
  return rows;
}
