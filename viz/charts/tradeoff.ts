import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import type { ArmReport, Report } from '../../engine/index.ts';
import { armColour, armMarker, marker, axisTitle, exact, footnote, frame, grid, legend, numberTicks, setHeight, styleAxis, textWidth, withInterval, type G } from './common.ts';
import { spanDomain } from './scales.ts';

export interface TradeoffOptions {
  /** Width in px. [default: 820] */
  width?: number;
}

/** The arms on the report's cost–downtime Pareto front (`report.pareto`; none with one arm). */
export function frontArms(report: Report): Set<string> {
  return new Set(report.pareto?.arms.map((a) => a.arm) ?? []);
}

/** The ranking's choice: the best arm meeting every constraint (`report.ranking.best`); null when none is or there is no ranking. */
export function chosenArm(report: Report): string | null {
  return report.ranking?.best?.arm ?? null;
}

const COST = 'cost.total', DOWN = 'downtime.cardDays';

/**
 * The trade-off: each arm's total cost (downtime valued: the report's Pareto front is on this and
 * downtime) against its downtime, with both 95 % intervals. The arms of the report's front are
 * ringed and joined; ★ marks the ranking's choice (the best arm meeting every constraint). Names
 * sit next to their points where they fit without overlapping (the legend and tooltips name every arm).
 */
export function tradeoffChart(report: Report, options: TradeoffOptions = {}): SVGSVGElement {
  const width = options.width ?? 820, h = 300;
  const m = { top: 46, right: 24, bottom: 74, left: 76 };
  const w = width - m.left - m.right;
  const cur = report.scenario.currency;
  const svg = frame(width, 0, 'Cost against downtime');
  m.top = 26 + legend(svg.append('g').attr('transform', `translate(${m.left},10)`), [
    ...report.arms.map((a, k) => ({ label: a.name, colour: armColour(k), shape: armMarker(k) })),
    { label: 'Pareto front (ringed, joined)', colour: '#000000', shape: 'line' as const },
  ], width - m.left - 16);
  const height = m.top + h + m.bottom;
  setHeight(svg, width, height);
  const g: G = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  const front = frontArms(report), chosen = chosenArm(report);
  const lo = (a: ArmReport, k: 'cost.total' | 'downtime.cardDays') => a.metrics[k].lo ?? a.metrics[k].mean;
  const hi = (a: ArmReport, k: 'cost.total' | 'downtime.cardDays') => a.metrics[k].hi ?? a.metrics[k].mean;
  const [d0, d1] = [Math.min(...report.arms.map((a) => lo(a, DOWN))), Math.max(...report.arms.map((a) => hi(a, DOWN)))];
  const [c0, c1] = [Math.min(...report.arms.map((a) => lo(a, COST))), Math.max(...report.arms.map((a) => hi(a, COST)))];
  const x = scaleLinear().domain(spanDomain(d0, d1, { pad: 0.1, minRelative: 0.01, floor: 0 })).nice().range([0, w]);
  const y = scaleLinear().domain(spanDomain(c0, c1, { pad: 0.15, minRelative: 0.01, floor: 0 })).nice().range([h, 0]);
  grid(g, x.ticks(6).map(x), h, false);
  grid(g, y.ticks(6).map(y), w, true);

  const onFront = report.arms.filter((a) => front.has(a.name)).sort((a, b) => a.metrics[DOWN].mean - b.metrics[DOWN].mean);
  if (onFront.length > 1) g.append('path').attr('class', 'front').attr('fill', 'none').attr('stroke', '#000').attr('stroke-dasharray', '5 4')
    .attr('d', line<ArmReport>().x((a) => x(a.metrics[DOWN].mean)).y((a) => y(a.metrics[COST].mean))(onFront));

  const points = report.arms.map((arm) => ({ arm, cx: x(arm.metrics[DOWN].mean), cy: y(arm.metrics[COST].mean) }));
  points.forEach(({ arm, cx, cy }, k) => {
    const d = arm.metrics[DOWN], c = arm.metrics[COST], ringed = front.has(arm.name), star = arm.name === chosen;
    const p = g.append('g').attr('class', 'arm-point').attr('data-arm', arm.name).attr('data-pareto', String(ringed)).attr('data-chosen', String(star));
    p.append('line').attr('x1', x(lo(arm, DOWN))).attr('x2', x(hi(arm, DOWN))).attr('y1', cy).attr('y2', cy).attr('stroke', armColour(k)).attr('stroke-width', 2);
    p.append('line').attr('x1', cx).attr('x2', cx).attr('y1', y(lo(arm, COST))).attr('y2', y(hi(arm, COST))).attr('stroke', armColour(k)).attr('stroke-width', 2);
    if (ringed) p.append('circle').attr('class', 'ring').attr('cx', cx).attr('cy', cy).attr('r', 12).attr('fill', 'none').attr('stroke', '#000').attr('stroke-width', 1.5);
    marker(p, k, cx, cy, 7);
    p.append('title').text(`${arm.name}${ringed ? ' (on the Pareto front)' : ''}${star ? ' (★ the ranking\'s choice)' : ''}\n` +
      `total cost with downtime valued: ${withInterval(c, cur)}\ndowntime: ${withInterval(d, 'card-days')}\ncost without downtime: ${exact(c.mean - arm.metrics['cost.downtime'].mean)} ${cur}`);
  });
  placeLabels(g, points.map(({ arm, cx, cy }) => ({ arm: arm.name, text: `${arm.name}${arm.name === chosen ? ' ★' : ''}`, cx, cy, bold: front.has(arm.name), first: arm.name === chosen ? 0 : front.has(arm.name) ? 1 : 2 })),
    { x0: 2, x1: w + m.right - 4, y0: 0, y1: h - 2 });
  styleAxis(g.append('g').attr('class', 'x-axis').attr('data-domain', x.domain().join(' ')).attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(6).tickFormat(numberTicks(x.ticks(6)))));
  styleAxis(g.append('g').attr('class', 'y-axis').attr('data-domain', y.domain().join(' ')).call(axisLeft(y).ticks(6).tickFormat(numberTicks(y.ticks(6)))));
  axisTitle(g, 'downtime (card-days over the horizon, mean and 95 % interval)', w / 2, h + 40);
  axisTitle(g, `total cost, downtime valued (${cur}, mean and 95 % interval)`, -56, h / 2, true, h);
  footnote(svg, `Lower left is better. Ringed and joined: the report's Pareto front. ★ the ranking's choice${report.ranking?.constraints.length ? ' (meets every constraint)' : ''}.`, width, height);
  return svg.node()!;
}

interface Label { arm: string; text: string; cx: number; cy: number; bold: boolean; first: number }

/** Writes each label beside its point where it overlaps no other label or point and stays in bounds, the most important first; others are left out. */
function placeLabels(g: G, labels: Label[], bounds: { x0: number; x1: number; y0: number; y1: number }): void {
  const boxes: { x0: number; x1: number; y0: number; y1: number }[] = labels.map((l) => ({ x0: l.cx - 13, x1: l.cx + 13, y0: l.cy - 13, y1: l.cy + 13 }));
  const order = labels.map((_, i) => i).sort((a, b) => labels[a].first - labels[b].first || a - b);
  for (const i of order) {
    const l = labels[i], tw = textWidth(l.text, 12), th = 13;
    const spots = [[16, 4, 'start'], [-16, 4, 'end'], [0, -16, 'middle'], [0, 26, 'middle'], [14, -12, 'start'], [14, 22, 'start'], [-14, -12, 'end'], [-14, 22, 'end']] as const;
    for (const [dx, dy, anchor] of spots) {
      const tx = l.cx + dx, ty = l.cy + dy;
      const x0 = anchor === 'start' ? tx : anchor === 'end' ? tx - tw : tx - tw / 2;
      const box = { x0, x1: x0 + tw, y0: ty - th + 2, y1: ty + 3 };
      if (box.x0 < bounds.x0 || box.x1 > bounds.x1 || box.y0 < bounds.y0 || box.y1 > bounds.y1) continue;
      if (boxes.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
      boxes.push(box);
      g.append('text').attr('class', 'arm-label').attr('data-arm', l.arm).attr('x', tx).attr('y', ty).attr('text-anchor', anchor)
        .attr('font-size', 12).attr('font-weight', l.bold ? 600 : 400).text(l.text);
      break;
    }
  }
}

/** The chart's data: one row per arm. */
export function tradeoffCsv(report: Report): (string | number)[][] {
  const front = frontArms(report), chosen = chosenArm(report);
  const rows: (string | number)[][] = [['arm', 'cost.total.mean', 'cost.total.lo', 'cost.total.hi', 'downtime.cardDays.mean', 'downtime.cardDays.lo', 'downtime.cardDays.hi', 'paretoFront', 'chosen']];
  for (const a of report.arms) rows.push([a.name, a.metrics[COST].mean, a.metrics[COST].lo ?? '', a.metrics[COST].hi ?? '', a.metrics[DOWN].mean, a.metrics[DOWN].lo ?? '', a.metrics[DOWN].hi ?? '', String(front.has(a.name)), String(a.name === chosen)]);
  return rows;
}
