import { axisBottom, axisLeft } from 'd3-axis';
import { extent } from 'd3-array';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { ArmReport, Report } from '../../engine/index.ts';
import { numberTicks, armColour, axisTitle, compact, exact, frame, setHeight, grid, legend, MUTED, styleAxis, withInterval, type G } from './common.ts';
import { spanDomain } from './scales.ts';

export interface TradeoffOptions {
  /** Width in px. [default: 820] */
  width?: number;
}

/** What an arm costs in money, without the valued downtime (the x axis shows downtime itself). */
export function cashCost(arm: ArmReport): number {
  return arm.metrics['cost.total'].mean - arm.metrics['cost.downtime'].mean;
}

/**
 * Arms no other arm beats on both cost and downtime (lower or equal on both, lower on one); values
 * within a billionth of each other count as equal (pools: 96,000 and 96,000.00004 are one cost).
 */
export function paretoBest(report: Report): boolean[] {
  const pts = report.arms.map((a) => [cashCost(a), a.metrics['downtime.cardDays'].mean] as const);
  const lt = (a: number, b: number) => a < b - 1e-9 * Math.max(Math.abs(a), Math.abs(b));
  return pts.map(([c, d], i) => !pts.some(([c2, d2], j) => j !== i && !lt(c, c2) && !lt(d, d2) && (lt(c2, c) || lt(d2, d))));
}

/**
 * The trade-off: each arm's cost (money spent, downtime not valued) against
 * its downtime, with the downtime's 95 % interval. Pareto-best arms are
 * ringed and joined by the front; the arm with the lowest total cost
 * (downtime valued) is starred.
 */
export function tradeoffChart(report: Report, options: TradeoffOptions = {}): SVGSVGElement {
  const width = options.width ?? 820, h = 300;
  const m = { top: 46, right: 150, bottom: 58, left: 76 };
  const w = width - m.left - m.right;
  const cur = report.scenario.currency;
  const svg = frame(width, 0, 'Cost against downtime');
  m.top = 26 + legend(svg.append('g').attr('transform', `translate(${m.left},10)`), [
    ...report.arms.map((a, k) => ({ label: a.name, colour: armColour(k), shape: 'dot' as const })),
    { label: 'Pareto-best (ringed, joined)', colour: '#000000', shape: 'line' as const },
  ], w + m.right - 10);
  const height = m.top + h + m.bottom;
  setHeight(svg, width, height);
  const g: G = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  const best = paretoBest(report);
  const cheapest = report.arms.reduce((b, a, k) => (a.metrics['cost.total'].mean < report.arms[b].metrics['cost.total'].mean ? k : b), 0);
  const [c0, c1] = extent(report.arms, cashCost) as [number, number];
  const [d0, d1] = [Math.min(...report.arms.map((a) => (a.metrics['downtime.cardDays'].lo ?? a.metrics['downtime.cardDays'].mean))), Math.max(...report.arms.map((a) => (a.metrics['downtime.cardDays'].hi ?? a.metrics['downtime.cardDays'].mean)))];
  const x = scaleLinear().domain(spanDomain(d0, d1, { pad: 0.1, minRelative: 0.01, floor: 0 })).nice().range([0, w]);
  const y = scaleLinear().domain(spanDomain(c0, c1, { pad: 0.15, minRelative: 0.01, floor: 0 })).nice().range([h, 0]);
  grid(g, x.ticks(6).map(x), h, false);
  grid(g, y.ticks(6).map(y), w, true);

  const front = report.arms.filter((_, k) => best[k]).sort((a, b) => a.metrics['downtime.cardDays'].mean - b.metrics['downtime.cardDays'].mean);
  if (front.length > 1) g.append('path').attr('class', 'front').attr('fill', 'none').attr('stroke', '#000').attr('stroke-dasharray', '5 4')
    .attr('d', line<ArmReport>().x((a) => x(a.metrics['downtime.cardDays'].mean)).y((a) => y(cashCost(a)))(front));

  report.arms.forEach((arm, k) => {
    const d = arm.metrics['downtime.cardDays'], c = cashCost(arm), cx = x(d.mean), cy = y(c);
    const p = g.append('g').attr('class', 'arm-point').attr('data-arm', arm.name).attr('data-pareto', String(best[k]));
    p.append('line').attr('x1', x((d.lo ?? d.mean))).attr('x2', x((d.hi ?? d.mean))).attr('y1', cy).attr('y2', cy).attr('stroke', armColour(k)).attr('stroke-width', 2);
    if (best[k]) p.append('circle').attr('cx', cx).attr('cy', cy).attr('r', 12).attr('fill', 'none').attr('stroke', '#000').attr('stroke-width', 1.5);
    p.append('circle').attr('cx', cx).attr('cy', cy).attr('r', 7).attr('fill', armColour(k)).attr('stroke', '#000');
    p.append('text').attr('x', cx + 15).attr('y', cy - 8).attr('font-size', 12).attr('font-weight', best[k] ? 600 : 400)
      .text(`${arm.name}${k === cheapest ? ' ★' : ''}`);
    p.append('title').text(`${arm.name}${best[k] ? ' (Pareto-best)' : ''}${k === cheapest ? ' (lowest total cost)' : ''}\n` +
      `cost without downtime: ${exact(c)} ${cur}\ndowntime: ${withInterval(d, 'card-days')}\ntotal cost with downtime valued: ${withInterval(arm.metrics['cost.total'], cur)}`);
  });
  styleAxis(g.append('g').attr('class', 'x-axis').attr('data-domain', x.domain().join(' ')).attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(6).tickFormat(numberTicks(x.ticks(6)))));
  styleAxis(g.append('g').attr('class', 'y-axis').attr('data-domain', y.domain().join(' ')).call(axisLeft(y).ticks(6).tickFormat(numberTicks(y.ticks(6)))));
  axisTitle(g, 'downtime (card-days over the horizon, mean and 95 % interval)', w / 2, h + 40);
  axisTitle(g, `cost without downtime (${cur}, mean)`, -56, h / 2, true);
  svg.append('text').attr('x', width - 10).attr('y', height - 6).attr('text-anchor', 'end').attr('fill', MUTED).attr('font-size', 11)
    .text('Lower left is better. ★ lowest total cost with downtime valued.');
  return svg.node()!;
}

/** The chart's data: one row per arm. */
export function tradeoffCsv(report: Report): (string | number)[][] {
  const best = paretoBest(report);
  const rows: (string | number)[][] = [['arm', 'costWithoutDowntime', 'downtime.cardDays.mean', 'downtime.cardDays.lo', 'downtime.cardDays.hi', 'cost.total.mean', 'paretoBest']];
  report.arms.forEach((a, k) => rows.push([a.name, cashCost(a), a.metrics['downtime.cardDays'].mean, (a.metrics['downtime.cardDays'].lo ?? ''), (a.metrics['downtime.cardDays'].hi ?? ''), a.metrics['cost.total'].mean, String(best[k])]));
  return rows;
}
