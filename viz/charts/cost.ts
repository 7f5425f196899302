import { axisBottom, axisLeft } from 'd3-axis';
import { max } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { METRIC, type MetricName, type Report } from '../../engine/index.ts';
import { armTicks, axisTitle, frame, grid, footnote, legend, nameMargin, numberTicks, OKABE_ITO, rounded, setHeight, short, styleAxis, textWidth, withInterval, type G } from './common.ts';

/** Cost categories, bottom to top, with their colours; they add up to cost.total. Labels from the engine's catalog. */
export const COST_CATEGORIES: readonly { key: MetricName; label: string; colour: string }[] = ([
  ['cost.plan', OKABE_ITO.blue],
  ['cost.overage', OKABE_ITO.orange],
  ['cost.addon', OKABE_ITO.skyBlue],
  ['cost.retention', OKABE_ITO.reddishPurple],
  ['cost.replacement', OKABE_ITO.yellow],
  ['cost.downtime', OKABE_ITO.vermillion],
] as const).map(([key, colour]) => ({ key, label: METRIC[key].label, colour }));

export interface CostOptions {
  /** Width in px. [default: 820] */
  width?: number;
}

/**
 * Cost per arm by category (stacked bars of the means) with the total's 95 % interval as a whisker.
 * Columns for a few arms whose names fit under them; otherwise (a sweep) one row per arm, names on
 * the left (cut with … past 30 % of the width, the full name on hover).
 */
export function costChart(report: Report, options: CostOptions = {}): SVGSVGElement {
  const width = options.width ?? 820;
  const cur = report.scenario.currency;
  const names = report.arms.map((a) => a.name);
  const m = { top: 44, right: 16, bottom: 70, left: 72 };
  const band = (width - m.left - m.right) / Math.max(1, names.length) * 0.65;
  const rows = names.length > 6 || names.some((n) => textWidth(n, 12) > band) || report.arms.some((a) => textWidth(`≈${short(a.metrics['cost.total'].mean)} ${cur}`, 12) > band + 20);
  if (rows) { m.left = nameMargin(names, 12, width); m.right = 24 + textWidth(`≈9,999,999 ${cur}`, 12); }
  const w = width - m.left - m.right;
  const h = rows ? Math.max(120, names.length * 28) : 290;
  const svg = frame(width, 0, 'Cost per arm by category');
  m.top = 26 + legend(svg.append('g').attr('transform', `translate(${m.left},10)`), [
    ...COST_CATEGORIES.map((c) => ({ label: c.label, colour: c.colour })),
    { label: 'total: 95 % interval', colour: '#000000', shape: 'line' as const },
  ], width - m.left - 16);
  const height = m.top + h + m.bottom;
  setHeight(svg, width, height);
  const g: G = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  const top = max(report.arms, (a) => Math.max((a.metrics['cost.total'].hi ?? a.metrics['cost.total'].mean), COST_CATEGORIES.reduce((t, c) => t + Math.max(0, a.metrics[c.key].mean), 0))) ?? 1;
  const band0 = scaleBand().domain(names).range([0, rows ? h : w]).padding(rows ? 0.25 : 0.35);
  const v = scaleLinear().domain([0, top * 1.08 || 1]).nice().range(rows ? [0, w] : [h, 0]);
  grid(g, v.ticks(6).map(v), rows ? h : w, !rows);
  // A bar as (position along the value axis, length) whichever way it runs.
  const seg = (lo: number, hi: number) => rows
    ? { x: v(lo), width: v(hi) - v(lo), y: 0, height: band0.bandwidth() }
    : { x: 0, width: band0.bandwidth(), y: v(hi), height: v(lo) - v(hi) };

  const groups = g.selectAll('g.bar-group').data(report.arms).join('g')
    .attr('class', 'bar-group').attr('data-arm', (a) => a.name).attr('data-total', (a) => a.metrics['cost.total'].mean)
    .attr('transform', (a) => (rows ? `translate(0,${band0(a.name)})` : `translate(${band0(a.name)},0)`));
  groups.each(function (arm) {
    const bar = g.select<SVGGElement>(() => this as SVGGElement);
    let acc = 0;
    for (const c of COST_CATEGORIES) {
      const val = Math.max(0, arm.metrics[c.key].mean);
      if (val > 0) {
        const r = seg(acc, acc + val);
        bar.append('rect').attr('class', 'segment').attr('data-category', c.key)
          .attr('x', r.x).attr('width', r.width).attr('y', r.y).attr('height', r.height)
          .attr('fill', c.colour).attr('stroke', 'white').attr('stroke-width', 0.5)
          .append('title').text(`${arm.name} — ${c.label}: ${withInterval(arm.metrics[c.key], cur)}`);
      }
      acc += val;
    }
    const t = arm.metrics['cost.total'], mid = band0.bandwidth() / 2, lo = t.lo ?? t.mean, hi = t.hi ?? t.mean;
    const wk = bar.append('g').attr('class', 'total').attr('data-value', t.mean);
    const label = `${rounded(t.mean)} ${cur}`;
    if (rows) {
      wk.append('line').attr('y1', mid).attr('y2', mid).attr('x1', v(lo)).attr('x2', v(hi)).attr('stroke', '#000').attr('stroke-width', 1.5);
      for (const e of [lo, hi]) wk.append('line').attr('y1', mid - 6).attr('y2', mid + 6).attr('x1', v(e)).attr('x2', v(e)).attr('stroke', '#000').attr('stroke-width', 1.5);
      wk.append('rect').attr('y', 0).attr('height', band0.bandwidth()).attr('x', v(hi)).attr('width', 8).attr('fill', 'transparent');
      wk.append('text').attr('class', 'value-label').attr('x', v(Math.max(hi, acc)) + 6).attr('y', mid + 4).attr('font-weight', 600).text(label);
    } else {
      wk.append('line').attr('x1', mid).attr('x2', mid).attr('y1', v(lo)).attr('y2', v(hi)).attr('stroke', '#000').attr('stroke-width', 1.5);
      for (const e of [lo, hi]) wk.append('line').attr('x1', mid - 8).attr('x2', mid + 8).attr('y1', v(e)).attr('y2', v(e)).attr('stroke', '#000').attr('stroke-width', 1.5);
      wk.append('rect').attr('x', 0).attr('width', band0.bandwidth()).attr('y', v(hi) - 22).attr('height', 22).attr('fill', 'transparent');
      wk.append('text').attr('class', 'value-label').attr('x', mid).attr('y', v(Math.max(hi, acc)) - 6).attr('text-anchor', 'middle').attr('font-weight', 600).text(label);
    }
    wk.append('title').text(`${arm.name} — total: ${withInterval(t, cur)}`);
  });

  const valueAxis = (rows ? axisBottom(v) : axisLeft(v)).ticks(6).tickFormat(numberTicks(v.ticks(6)));
  const armAxis = g.append('g').attr('class', 'arm-axis').call(rows ? axisLeft(band0) : axisBottom(band0));
  if (!rows) armAxis.attr('transform', `translate(0,${h})`);
  styleAxis(armAxis);
  armTicks(armAxis, rows ? m.left - 12 : band0.step());
  styleAxis(g.append('g').attr('transform', rows ? `translate(0,${h})` : '').call(valueAxis));
  const valueTitle = `cost over the horizon (${cur} per replication, mean)`;
  if (rows) axisTitle(g, valueTitle, w / 2, h + 38);
  else {
    axisTitle(g, valueTitle, -52, h / 2, true);
    axisTitle(g, 'arm', w / 2, h + 38);
  }
  footnote(svg, `Bars: category means (they add up to the total). Whisker: the total's 95 % interval over ${report.scenario.replications} replications. ≈: rounded.`, width, height);
  return svg.node()!;
}

/** The chart's data: one row per arm, mean and interval of each category and of the total. */
export function costCsv(report: Report): (string | number)[][] {
  const keys: MetricName[] = [...COST_CATEGORIES.map((c) => c.key), 'cost.total'];
  const rows: (string | number)[][] = [['arm', ...keys.flatMap((k) => [`${k}.mean`, `${k}.lo`, `${k}.hi`])]];
  for (const a of report.arms) rows.push([a.name, ...keys.flatMap((k) => [a.metrics[k].mean, (a.metrics[k].lo ?? ''), (a.metrics[k].hi ?? '')])]);
  return rows;
}

