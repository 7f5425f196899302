import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import type { Morris, Report, Sobol } from '../../engine/index.ts';
import { axisTitle, exact, frame, grid, legend, lines, MUTED, numberTicks, OKABE_ITO, setHeight, short, styleAxis, textWidth, type G, type Svg } from './common.ts';
import { notReachedLine } from './reach.ts';

/**
 * Global sensitivity (runs with `--morris r` or `--sobol N`; docs/statistics.md): the Morris μ*–σ
 * plane and the Sobol indices, both of the main run's best arm (the report's `arm`), as the CLI
 * prints them. Opened in the page from a report.json the CLI wrote.
 */
export interface GlobalOptions {
  /** Width in px. [default: 820] */
  width?: number;
}

const RAISES = OKABE_ITO.vermillion, LOWERS = OKABE_ITO.blue, FIRST = OKABE_ITO.blue, TOTAL = OKABE_ITO.orange;

/** The subtitle shared by both charts: objective, arm, design size and how often the best arm changes. */
function subtitle(s: Morris | Sobol, cur: string, design: string): string {
  const dir = s.direction === 'minimize' ? 'lower is better' : 'higher is better';
  const changes = s.bestChanges > 0 ? `the best arm meeting the constraints (or none) changes at ${(s.bestChanges * 100).toFixed(1)} % of design points` : 'the best arm never changes';
  return `${s.objective} (${cur}, ${dir}) of "${s.arm}", ${design}; ${changes}.`;
}

/** Writes the subtitle at the top, wrapped to the width; returns the y below it. */
function head(svg: Svg, text: string, width: number): number {
  const t = svg.append('text').attr('class', 'subtitle').attr('x', 14).attr('y', 18).attr('font-size', 12);
  lines(t, text, width - 28, 12);
  return 18 + Math.max(1, t.selectAll('tspan').size()) * 14.4;
}

/**
 * Morris elementary effects as the μ*–σ plane (Campolongo et al. 2007): one point per parameter,
 * μ* (importance) across, σ (interactions and curvature) up; right of the dashed σ = μ* line the
 * effect is mostly linear and additive, left of it mostly not. Vermillion: raising the parameter
 * raises the objective on average (μ > 0); blue: lowers it. With one base point σ is unknown and
 * the points sit on the axis.
 */
export function morrisChart(report: Report, options: GlobalOptions = {}): SVGSVGElement {
  const width = options.width ?? 820;
  const m = report.morris;
  const svg = frame(width, 120, 'Global sensitivity: Morris μ* against σ');
  if (!m || m.parameters.length === 0) {
    svg.append('text').attr('x', 14).attr('y', 30).attr('fill', MUTED).text('This report has no Morris effects (run the CLI with --morris r on a scenario with sensitivity:).');
    return svg.node()!;
  }
  const cur = report.scenario.currency;
  const top = head(svg, subtitle(m, cur, `${m.trajectories} base points, ${m.runs} runs of every arm`), width) + 22, left = 64, right = 24, plotH = 280, axisH = 46;
  const plotW = width - left - right;
  const sigma = (p: Morris['parameters'][number]) => p.sigma ?? 0;
  const hi = Math.max(...m.parameters.map((p) => Math.max(p.muStar, sigma(p))));
  const span = hi > 0 ? hi * 1.08 : 1;
  const x = scaleLinear().domain([0, span]).nice().range([0, plotW]);
  const y = scaleLinear().domain([0, span]).nice().range([plotH, 0]);
  const g: G = svg.append('g').attr('class', 'plot').attr('transform', `translate(${left},${top})`);
  const xt = x.ticks(Math.max(2, Math.floor(plotW / 90))), yt = y.ticks(6);
  grid(g, xt.map(x), plotH, false);
  grid(g, yt.map(y), plotW, true);
  const d = Math.min(x.domain()[1], y.domain()[1]);
  g.append('line').attr('class', 'diagonal').attr('x1', x(0)).attr('y1', y(0)).attr('x2', x(d)).attr('y2', y(d))
    .attr('stroke', MUTED).attr('stroke-dasharray', '4 3');
  g.append('text').attr('x', x(d * 0.9) - 8).attr('y', y(d * 0.9)).attr('text-anchor', 'end').attr('font-size', 11).attr('fill', MUTED).text('σ = μ*');

  // Labels right of their point, nudged down past labels already placed (largest μ* first, the report's order).
  const placed: { x0: number; x1: number; y: number }[] = [];
  m.parameters.forEach((p) => {
    const cx = x(p.muStar), cy = y(sigma(p));
    const pt = g.append('g').attr('class', 'morris-point')
      .attr('data-path', p.path).attr('data-mu-star', p.muStar).attr('data-mu', p.mu).attr('data-sigma', p.sigma === null ? '' : p.sigma);
    pt.append('circle').attr('cx', cx).attr('cy', cy).attr('r', 5.5).attr('fill', p.mu > 0 ? RAISES : LOWERS).attr('stroke', 'white');
    const w = textWidth(p.path, 11);
    let lx = cx + 9;
    if (lx + w > plotW + right) lx = cx - 9 - w;
    // Above the point near the μ* axis (not on it), else level with it; nudged off labels already placed.
    const step = cy > plotH - 14 ? -13 : 13;
    let ly = cy > plotH - 14 ? cy - 9 : cy + 4;
    while (placed.some((b) => b.x0 < lx + w && lx < b.x1 && Math.abs(b.y - ly) < 13)) ly += step;
    placed.push({ x0: lx, x1: lx + w, y: ly });
    pt.append('text').attr('class', 'label').attr('x', lx).attr('y', ly).attr('font-size', 11).text(p.path);
    pt.append('title').text([
      `${p.path}: ${p.low} → ${p.high}`,
      `μ* ${exact(p.muStar)} ${cur} (mean absolute effect of the whole range)`,
      `μ ${exact(p.mu)} ${cur} (${p.mu > 0 ? 'raising it raises' : p.mu < 0 ? 'raising it lowers' : 'no net effect on'} ${m.objective})`,
      `σ ${p.sigma === null ? 'unknown (one base point)' : `${exact(p.sigma)} ${cur}`}`,
      notReachedLine(p.arms),
    ].filter((l) => l !== null).join('\n'));
  });

  styleAxis(g.append('g').attr('transform', `translate(0,${plotH})`).call(axisBottom(x).ticks(xt.length).tickFormat(numberTicks(xt))));
  styleAxis(g.append('g').call(axisLeft(y).ticks(yt.length).tickFormat(numberTicks(yt))));
  axisTitle(g, `μ*: importance (${cur} over the whole range)`, plotW / 2, plotH + 36);
  axisTitle(g, `σ: interactions, curvature (${cur})`, -48, plotH / 2, true);
  const lg = svg.append('g').attr('transform', `translate(14,${top + plotH + axisH + 8})`);
  const lh = legend(lg, [
    { label: 'raising it raises the objective (μ > 0)', colour: RAISES, shape: 'dot' },
    { label: 'raising it lowers the objective (μ ≤ 0)', colour: LOWERS, shape: 'dot' },
    { label: 'σ = μ*', colour: MUTED, shape: 'line' },
  ], width - 28);
  setHeight(svg, width, top + plotH + axisH + 8 + lh + 4);
  return svg.node()!;
}

/**
 * Sobol indices as paired bars per parameter (largest total first, the report's order): the
 * first-order index (its share of the objective's variance alone) and the total index (with
 * every interaction). Estimates may stray a little outside [0, 1]: bars are drawn from 0 and the
 * label gives the estimate as the CLI prints it (2 decimals).
 */
export function sobolChart(report: Report, options: GlobalOptions = {}): SVGSVGElement {
  const width = options.width ?? 820;
  const s = report.sobol;
  const svg = frame(width, 120, 'Global sensitivity: Sobol indices');
  if (!s || s.parameters.length === 0) {
    svg.append('text').attr('x', 14).attr('y', 30).attr('fill', MUTED).text('This report has no Sobol indices (run the CLI with --sobol N on a scenario with sensitivity:).');
    return svg.node()!;
  }
  const cur = report.scenario.currency;
  // Labels: the path in bold 12 px (about 0.66 em a character), its range in 11 px.
  const labelW = Math.max(...s.parameters.map((p) => Math.max(p.path.length * 12 * 0.66, textWidth(`${p.low} → ${p.high}`, 11))));
  const left = Math.round(Math.min(width * 0.42, 24 + labelW)), right = 56, rowH = 44, axisH = 46;
  const top = head(svg, subtitle(s, cur, `${s.samples} base samples, ${s.runs} runs of every arm`), width) + 16;
  const plotW = width - left - right, h = s.parameters.length * rowH;
  const most = Math.max(1, ...s.parameters.map((p) => Math.max(p.first ?? 0, p.total ?? 0)));
  const x = scaleLinear().domain([0, most]).nice().range([0, plotW]);
  const xt = x.ticks(Math.max(2, Math.floor(plotW / 90)));
  const g: G = svg.append('g').attr('class', 'plot').attr('transform', `translate(${left},${top})`);
  grid(g, xt.map(x), h, false);
  s.parameters.forEach((p, k) => {
    const y0 = k * rowH;
    const row = g.append('g').attr('class', 'sobol-row')
      .attr('data-path', p.path).attr('data-first', p.first === null ? '' : p.first).attr('data-total', p.total === null ? '' : p.total);
    const label = row.append('text').attr('class', 'label').attr('x', -10).attr('text-anchor', 'end');
    label.append('tspan').attr('x', -10).attr('y', y0 + 18).attr('font-size', 12).attr('font-weight', 600).text(p.path);
    label.append('tspan').attr('x', -10).attr('y', y0 + 33).attr('font-size', 11).attr('fill', MUTED).text(`${p.low} → ${p.high}`);
    if (p.first === null || p.total === null) {
      row.append('text').attr('x', 4).attr('y', y0 + 24).attr('font-size', 11).attr('fill', MUTED).text('the objective does not move');
    } else {
      ([['first', p.first, FIRST, 6], ['total', p.total, TOTAL, 22]] as const).forEach(([kind, v, colour, dy]) => {
        row.append('rect').attr('class', `bar ${kind}`).attr('x', 0).attr('y', y0 + dy).attr('height', 14)
          .attr('width', Math.max(v > 0 ? 1 : 0, x(Math.max(0, v)))).attr('fill', colour);
        row.append('text').attr('x', x(Math.max(0, v)) + 6).attr('y', y0 + dy + 11).attr('font-size', 11).attr('fill', colour === TOTAL ? '#8a5f00' : colour)
          .text(v.toFixed(2));
      });
    }
    row.append('title').text([
      `${p.path}: ${p.low} → ${p.high}`,
      `first-order index ${p.first === null ? 'none' : short(p.first)}: the share of the variance of ${s.objective} it explains alone`,
      `total index ${p.total === null ? 'none' : short(p.total)}: its share with every interaction`,
      `variance of ${s.objective} over the design: ${exact(s.variance)} ${cur}²`,
      notReachedLine(p.arms),
    ].filter((l) => l !== null).join('\n'));
  });
  styleAxis(g.append('g').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(xt.length).tickFormat(numberTicks(xt))));
  axisTitle(g, 'share of the variance of the objective', plotW / 2, h + 36);
  const lg = svg.append('g').attr('transform', `translate(14,${top + h + axisH + 8})`);
  const lh = legend(lg, [
    { label: 'first-order index (alone)', colour: FIRST },
    { label: 'total index (with interactions)', colour: TOTAL },
  ], width - 28);
  setHeight(svg, width, top + h + axisH + 8 + lh + 4);
  return svg.node()!;
}

/** The Morris chart's data: one row per parameter and arm (the report's order; `best`: the arm the chart shows). */
export function morrisCsv(report: Report): (string | number)[][] {
  const rows: (string | number)[][] = [['path', 'low', 'high', 'arm', 'shown', 'muStar', 'mu', 'sigma']];
  const m = report.morris;
  if (!m) return rows;
  for (const p of m.parameters) {
    for (const a of p.arms) rows.push([p.path, p.low, p.high, a.arm, String(a.arm === m.arm), a.muStar, a.mu, a.sigma ?? '']);
  }
  return rows;
}

/** The Sobol chart's data: one row per parameter and arm (the report's order). */
export function sobolCsv(report: Report): (string | number)[][] {
  const rows: (string | number)[][] = [['path', 'low', 'high', 'arm', 'shown', 'first', 'total']];
  const s = report.sobol;
  if (!s) return rows;
  for (const p of s.parameters) {
    for (const a of p.arms) rows.push([p.path, p.low, p.high, a.arm, String(a.arm === s.arm), a.first ?? '', a.total ?? '']);
  }
  return rows;
}
