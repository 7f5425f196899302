import { axisBottom, axisLeft } from 'd3-axis';
import { max, min } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { METRIC, unitText, type MetricName, type Report } from '../../engine/index.ts';
import { footnote, numberTicks, armColour, axisTitle, lines, compact, exact, frame, grid, MUTED, short, rounded, armTicks, nameMargin, styleAxis, type G } from './common.ts';
import { spanDomain } from './scales.ts';

/** The metrics the forest plot shows, each in its own panel with its unit; `scale` turns the value into the axis unit. */
export const DIFF_METRICS: readonly { key: MetricName; label: string; unit: (cur: string) => string; scale: number }[] = (['cost.total', 'downtime.cardDays', 'availability'] as const).map((key) => {
  const m = METRIC[key];
  return { key, label: m.label, unit: (cur: string) => unitText(m.unit, cur, true), scale: m.scale };
});

export interface DiffOptions {
  /** Width in px. [default: 820] */
  width?: number;
}

/**
 * Paired difference of each arm from the baseline (this arm minus the
 * baseline, replication by replication): a forest plot per metric, the mean
 * as a dot and its 95 % interval as a line, with zero marked. An interval
 * that does not cross zero means the arms differ.
 */
export function diffChart(report: Report, options: DiffOptions = {}): SVGSVGElement {
  const width = options.width ?? 820;
  const arms = report.arms.slice(1);
  const base = report.arms[0]?.name ?? '';
  const rowH = 46, top = 42, bottom = 76, gap = 26, right = 14;
  const left = nameMargin(report.arms.slice(1).map((a) => a.name), 12, width);
  const h = Math.max(rowH, arms.length * rowH);
  const height = top + h + bottom;
  const svg = frame(width, height, 'Paired difference from the baseline');
  const cur = report.scenario.currency;
  lines(svg.append('text').attr('x', left).attr('y', 16).attr('font-size', 12), `Each arm minus the baseline “${base}”, paired replication by replication (common random numbers).`, width - left - right, 12);
  if (arms.length === 0) {
    svg.append('text').attr('x', left).attr('y', top + 24).attr('fill', MUTED).text('This scenario has one arm: there is nothing to compare it with.');
    return svg.node()!;
  }
  const panelW = (width - left - right - gap * (DIFF_METRICS.length - 1)) / DIFF_METRICS.length;
  const y = scaleBand().domain(arms.map((a) => a.name)).range([0, h]).padding(0.2);
  DIFF_METRICS.forEach((metric, p) => {
    const g: G = svg.append('g').attr('class', 'panel').attr('data-metric', metric.key).attr('transform', `translate(${left + p * (panelW + gap)},${top})`);
    const lo = Math.min(0, min(arms, (a) => (a.diff![metric.key].lo ?? a.diff![metric.key].mean) * metric.scale) ?? 0);
    const hi = Math.max(0, max(arms, (a) => (a.diff![metric.key].hi ?? a.diff![metric.key].mean) * metric.scale) ?? 0);
    // At least a thousandth of the baseline's value wide (a millionth for availability, where 0.001 pp matters).
    const reference = report.arms[0].metrics[metric.key].mean * metric.scale;
    const x = scaleLinear().domain(spanDomain(lo, hi, { pad: 0.08, reference, minRelative: metric.key === 'availability' ? 1e-6 : 1e-3 })).nice().range([0, panelW]);
    grid(g, x.ticks(Math.max(2, Math.floor(panelW / 80))).map(x), h, false);
    g.append('line').attr('class', 'zero').attr('x1', x(0)).attr('x2', x(0)).attr('y1', -4).attr('y2', h).attr('stroke', '#000').attr('stroke-dasharray', '4 3');
    arms.forEach((arm, k) => {
      const e = arm.diff![metric.key], cy = (y(arm.name) ?? 0) + y.bandwidth() / 2, s = metric.scale;
      const row = g.append('g').attr('class', 'estimate').attr('data-arm', arm.name).attr('data-value', e.mean);
      row.append('line').attr('x1', x((e.lo ?? e.mean) * s)).attr('x2', x((e.hi ?? e.mean) * s)).attr('y1', cy).attr('y2', cy).attr('stroke', armColour(k + 1)).attr('stroke-width', 2.5);
      row.append('rect').attr('x', x(e.mean * s) - 5).attr('y', cy - 5).attr('width', 10).attr('height', 10).attr('fill', armColour(k + 1)).attr('stroke', '#000');
      row.append('text').attr('x', x(e.mean * s)).attr('y', cy - 10).attr('text-anchor', 'middle').attr('font-size', 10.5).attr('class', 'value-label').text(rounded(e.mean * s));
      row.append('rect').attr('x', 0).attr('y', y(arm.name)!).attr('width', panelW).attr('height', y.bandwidth()).attr('fill', 'transparent');
      const unit = metric.key === 'availability' ? '' : ` ${metric.unit(cur)}`;
      row.append('title').text(`${arm.name} − ${base}, ${metric.label}: ${exact(e.mean)}${unit} (95 % interval ${exact((e.lo ?? e.mean))} – ${exact((e.hi ?? e.mean))})` +
        (metric.key === 'availability' ? ` = ${short(e.mean * 100)} percentage points` : ''));
    });
    styleAxis(g.append('g').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(Math.max(2, Math.floor(panelW / 80))).tickFormat(numberTicks(x.ticks(Math.max(2, Math.floor(panelW / 80)))))));
    const ay = g.append('g').call(axisLeft(y).tickFormat((d) => (p === 0 ? d : '')));
    styleAxis(ay);
    if (p === 0) armTicks(ay, left - 12);
    axisTitle(g, `Δ ${metric.label} (${metric.unit(cur)})`, panelW / 2, h + 38, false, panelW + gap - 4);
  });
  footnote(svg, 'Dot: mean difference; line: its 95 % interval; dashed: no difference. ≈: rounded.', width, height);
  return svg.node()!;
}

/** The chart's data: one row per arm after the baseline and metric. */
export function diffCsv(report: Report): (string | number)[][] {
  const rows: (string | number)[][] = [['arm', 'baseline', 'metric', 'diff.mean', 'diff.lo', 'diff.hi']];
  for (const a of report.arms.slice(1)) for (const m of DIFF_METRICS) rows.push([a.name, report.arms[0].name, m.key, a.diff![m.key].mean, (a.diff![m.key].lo ?? ''), (a.diff![m.key].hi ?? '')]);
  return rows;
}
