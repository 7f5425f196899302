import { axisBottom, axisLeft } from 'd3-axis';
import { max } from 'd3-array';
import { scaleBand, scaleLinear, scaleSymlog } from 'd3-scale';
import type { Report } from '../../engine/index.ts';
import { armColour, axisTitle, exact, frame, setHeight, grid, legend, MUTED, short, styleAxis, type G } from './common.ts';

export interface HistogramOptions {
  /** Width in px. [default: 820] */
  width?: number;
  /** A log-like (symlog) count axis, so the few cards with long downtime show next to the many with none. [default: true] */
  log?: boolean;
}

/** Bin labels: "0–1", …, "≥ 365" (each bin holds its lower edge). */
export function binLabels(edges: readonly number[]): string[] {
  return edges.map((e, k) => (k + 1 < edges.length ? `${e}–${edges[k + 1]}` : `≥ ${e}`));
}

/** Distribution of downtime days per card over the horizon: cards per bin (mean over replications), bars grouped by arm. */
export function histogramChart(report: Report, options: HistogramOptions = {}): SVGSVGElement {
  const width = options.width ?? 820, h = 260;
  const log = options.log ?? true;
  const m = { top: 44, right: 16, bottom: 58, left: 76 };
  const w = width - m.left - m.right;
  const svg = frame(width, 0, 'Distribution of downtime days per card');
  m.top = 26 + legend(svg.append('g').attr('transform', `translate(${m.left},10)`), report.arms.map((a, k) => ({ label: a.name, colour: armColour(k) })), w);
  const height = m.top + h + m.bottom;
  setHeight(svg, width, height);
  const g: G = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  const edges = report.arms[0]?.downtimeHistogram.edges ?? [];
  const labels = binLabels(edges);
  const x = scaleBand().domain(labels).range([0, w]).paddingInner(0.2).paddingOuter(0.1);
  const xi = scaleBand<number>().domain(report.arms.map((_, k) => k)).range([0, x.bandwidth()]).padding(0.08);
  const top = max(report.arms, (a) => max(a.downtimeHistogram.cards)) ?? 1;
  const y = log ? scaleSymlog().constant(1).domain([0, top * 1.2 || 1]).range([h, 0]) : scaleLinear().domain([0, top * 1.05 || 1]).nice().range([h, 0]);
  const ticks = log ? logTicks(top) : y.ticks(6);
  grid(g, ticks.map((t) => y(t)), w, true);
  labels.forEach((label, b) => {
    const bin = g.append('g').attr('class', 'bin').attr('data-bin', label).attr('transform', `translate(${x(label)},0)`);
    report.arms.forEach((arm, k) => {
      const v = arm.downtimeHistogram.cards[b];
      bin.append('rect').attr('class', 'bar').attr('data-arm', arm.name).attr('data-value', v)
        .attr('x', xi(k)!).attr('width', xi.bandwidth()).attr('y', y(v)).attr('height', Math.max(0, h - y(v))).attr('fill', armColour(k))
        .append('title').text(`${arm.name}: ${exact(v)} cards down ${label} days (mean over replications)`);
    });
  });
  styleAxis(g.append('g').attr('transform', `translate(0,${h})`).call(axisBottom(x)));
  styleAxis(g.append('g').call(axisLeft(y).tickValues(ticks).tickFormat((v) => short(+v))));
  axisTitle(g, 'downtime per card over the horizon (days; each bin includes its lower edge)', w / 2, h + 40);
  axisTitle(g, `cards (mean over replications${log ? ', log scale' : ''})`, -58, h / 2, true);
  svg.append('text').attr('x', width - m.right).attr('y', height - 6).attr('text-anchor', 'end').attr('fill', MUTED).attr('font-size', 11)
    .text(`${exact(report.scenario.cards)} cards per arm.`);
  return svg.node()!;
}

function logTicks(top: number): number[] {
  const t = [0];
  for (let p = 1; p <= top * 1.2; p *= 10) for (const k of [1, 2, 5]) if (k * p <= top * 1.2) t.push(k * p);
  return t;
}

/** The chart's data: one row per arm and bin. */
export function histogramCsv(report: Report): (string | number)[][] {
  const rows: (string | number)[][] = [['arm', 'fromDays', 'toDays', 'cards']];
  for (const a of report.arms) {
    const { edges, cards } = a.downtimeHistogram;
    edges.forEach((e, k) => rows.push([a.name, e, k + 1 < edges.length ? edges[k + 1] : 'open', cards[k]]));
  }
  return rows;
}
