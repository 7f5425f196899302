import { axisBottom, axisLeft } from 'd3-axis';
import { max } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { METRIC, type MetricName, type Report } from '../../engine/index.ts';
import { numberTicks, axisTitle, compact, frame, setHeight, grid, legend, MUTED, OKABE_ITO, short, styleAxis, withInterval, type G } from './common.ts';

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

/** Cost per arm by category (stacked bars of the means) with the total's 95 % interval as a whisker. */
export function costChart(report: Report, options: CostOptions = {}): SVGSVGElement {
  const width = options.width ?? 820, h = 290;
  const cur = report.scenario.currency;
  const m = { top: 44, right: 16, bottom: 56, left: 72 };
  const w = width - m.left - m.right;
  const svg = frame(width, 0, 'Cost per arm by category');
  m.top = 26 + legend(svg.append('g').attr('transform', `translate(${m.left},10)`), [
    ...COST_CATEGORIES.map((c) => ({ label: c.label, colour: c.colour })),
    { label: 'total: 95 % interval', colour: '#000000', shape: 'line' as const },
  ], w);
  const height = m.top + h + m.bottom;
  setHeight(svg, width, height);
  const g: G = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  const x = scaleBand().domain(report.arms.map((a) => a.name)).range([0, w]).padding(0.35);
  const top = max(report.arms, (a) => Math.max((a.metrics['cost.total'].hi ?? a.metrics['cost.total'].mean), COST_CATEGORIES.reduce((t, c) => t + Math.max(0, a.metrics[c.key].mean), 0))) ?? 1;
  const y = scaleLinear().domain([0, top * 1.08 || 1]).nice().range([h, 0]);
  grid(g, y.ticks(6).map(y), w, true);

  const groups = g.selectAll('g.bar-group').data(report.arms).join('g')
    .attr('class', 'bar-group').attr('data-arm', (a) => a.name).attr('data-total', (a) => a.metrics['cost.total'].mean)
    .attr('transform', (a) => `translate(${x(a.name)},0)`);
  groups.each(function (arm) {
    const bar = g.select<SVGGElement>(() => this as SVGGElement);
    let acc = 0;
    for (const c of COST_CATEGORIES) {
      const v = Math.max(0, arm.metrics[c.key].mean);
      if (v > 0) {
        bar.append('rect').attr('class', 'segment').attr('data-category', c.key)
          .attr('x', 0).attr('width', x.bandwidth()).attr('y', y(acc + v)).attr('height', y(acc) - y(acc + v))
          .attr('fill', c.colour).attr('stroke', 'white').attr('stroke-width', 0.5)
          .append('title').text(`${arm.name} — ${c.label}: ${withInterval(arm.metrics[c.key], cur)}`);
      }
      acc += v;
    }
    const t = arm.metrics['cost.total'], cx = x.bandwidth() / 2;
    const wk = bar.append('g').attr('class', 'total').attr('data-value', t.mean);
    wk.append('line').attr('x1', cx).attr('x2', cx).attr('y1', y((t.lo ?? t.mean))).attr('y2', y((t.hi ?? t.mean))).attr('stroke', '#000').attr('stroke-width', 1.5);
    for (const v of [(t.lo ?? t.mean), (t.hi ?? t.mean)]) wk.append('line').attr('x1', cx - 8).attr('x2', cx + 8).attr('y1', y(v)).attr('y2', y(v)).attr('stroke', '#000').attr('stroke-width', 1.5);
    wk.append('rect').attr('x', 0).attr('width', x.bandwidth()).attr('y', y((t.hi ?? t.mean)) - 22).attr('height', 22).attr('fill', 'transparent');
    wk.append('text').attr('x', cx).attr('y', y(Math.max((t.hi ?? t.mean), acc)) - 6).attr('text-anchor', 'middle').attr('font-weight', 600)
      .text(`${short(t.mean)} ${cur}`);
    wk.append('title').text(`${arm.name} — total: ${withInterval(t, cur)}`);
  });

  const ax = g.append('g').attr('transform', `translate(0,${h})`).call(axisBottom(x));
  styleAxis(ax);
  ax.selectAll('.tick text').attr('font-size', 12);
  styleAxis(g.append('g').call(axisLeft(y).ticks(6).tickFormat(numberTicks(y.ticks(6)))));
  axisTitle(g, `cost over the horizon (${cur} per replication, mean)`, -52, h / 2, true);
  axisTitle(g, 'arm', w / 2, h + 38);
  svg.append('text').attr('x', width - m.right).attr('y', height - 6).attr('text-anchor', 'end').attr('fill', MUTED).attr('font-size', 11)
    .text(`Bars: category means (they add up to the total). Whisker: the total's 95 % interval over ${report.scenario.replications} replications.`);
  return svg.node()!;
}

/** The chart's data: one row per arm, mean and interval of each category and of the total. */
export function costCsv(report: Report): (string | number)[][] {
  const keys: MetricName[] = [...COST_CATEGORIES.map((c) => c.key), 'cost.total'];
  const rows: (string | number)[][] = [['arm', ...keys.flatMap((k) => [`${k}.mean`, `${k}.lo`, `${k}.hi`])]];
  for (const a of report.arms) rows.push([a.name, ...keys.flatMap((k) => [a.metrics[k].mean, (a.metrics[k].lo ?? ''), (a.metrics[k].hi ?? '')])]);
  return rows;
}

