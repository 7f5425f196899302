import { axisBottom, axisLeft } from 'd3-axis';
import { max, min } from 'd3-array';
import { scaleBand, scaleLinear } from 'd3-scale';
import { DOWNTIME_REASONS, downtimeLabel, downtimeMetric, type MetricName, type Report } from '../../engine/index.ts';
import { numberTicks, axisTitle, compact, frame, setHeight, grid, legend, MUTED, percent, rounded, armTicks, nameMargin, stateColour, styleAxis, withInterval, exact, type G } from './common.ts';

/** Downtime reasons in precedence order, with their metric, label and colour. */
const REASONS = DOWNTIME_REASONS.map((key) => ({ key, metric: downtimeMetric(key), label: downtimeLabel(key), colour: stateColour(key) }));

export interface DowntimeOptions {
  /** Width in px. [default: 820] */
  width?: number;
}

/**
 * Downtime and availability per arm: card-days down split by reason (stacked
 * means) with the total's 95 % interval, and availability with its interval.
 */
export function downtimeChart(report: Report, options: DowntimeOptions = {}): SVGSVGElement {
  const width = options.width ?? 820;
  const n = report.arms.length;
  const rowH = 40, bottom = 60, gap = 70, right = 20;
  const left = nameMargin(report.arms.map((a) => a.name), 12, width);
  const h = Math.max(80, n * rowH);
  const svg = frame(width, 0, 'Downtime and availability per arm');
  const panelW = (width - left - gap - right) / 2;
  const top = 24 + legend(svg.append('g').attr('transform', `translate(${left},10)`), [
    ...REASONS.map((s) => ({ label: s.label, colour: s.colour })),
    { label: '95 % interval', colour: '#000000', shape: 'line' as const },
  ], width - left - right);
  const height = top + h + bottom;
  setHeight(svg, width, height);
  const yb = scaleBand().domain(report.arms.map((a) => a.name)).range([0, h]).padding(0.3);

  // Left panel: downtime card-days by reason.
  const g1: G = svg.append('g').attr('class', 'panel downtime').attr('transform', `translate(${left},${top})`);
  const dmax = max(report.arms, (a) => Math.max((a.metrics['downtime.cardDays'].hi ?? a.metrics['downtime.cardDays'].mean), a.metrics['downtime.cardDays'].mean)) ?? 1;
  const x1 = scaleLinear().domain([0, dmax * 1.05 || 1]).nice().range([0, panelW]);
  grid(g1, x1.ticks(5).map(x1), h, false);
  for (const arm of report.arms) {
    const row = g1.append('g').attr('class', 'row').attr('data-arm', arm.name).attr('transform', `translate(0,${yb(arm.name)})`);
    let acc = 0;
    for (const s of REASONS) {
      const key = s.metric, v = Math.max(0, arm.metrics[key].mean);
      if (v > 0) row.append('rect').attr('x', x1(acc)).attr('width', x1(acc + v) - x1(acc)).attr('height', yb.bandwidth()).attr('fill', s.colour)
        .append('title').text(`${arm.name} — down for ${s.label}: ${withInterval(arm.metrics[key], 'card-days')}`);
      acc += v;
    }
    const dc = arm.metrics['downtime.cardDays'];
    whisker(row, x1, { mean: dc.mean, lo: dc.lo ?? dc.mean, hi: dc.hi ?? dc.mean }, yb.bandwidth(), `${arm.name} — downtime: ${withInterval(arm.metrics['downtime.cardDays'], 'card-days')}`);
  }
  styleAxis(g1.append('g').attr('transform', `translate(0,${h})`).call(axisBottom(x1).ticks(5).tickFormat(numberTicks(x1.ticks(5)))));
  const yAxis = g1.append('g').call(axisLeft(yb));
  styleAxis(yAxis);
  armTicks(yAxis, left - 12);
  axisTitle(g1, 'downtime (card-days over the horizon)', panelW / 2, h + 38, false, panelW + gap - 4);

  // Right panel: availability.
  const g2: G = svg.append('g').attr('class', 'panel availability').attr('transform', `translate(${left + panelW + gap},${top})`);
  const lo = min(report.arms, (a) => (a.metrics.availability.lo ?? a.metrics.availability.mean)) ?? 0;
  const hi = max(report.arms, (a) => (a.metrics.availability.hi ?? a.metrics.availability.mean)) ?? 1;
  const pad = Math.max((hi - lo) * 0.15, 1e-4);
  const x2 = scaleLinear().domain([Math.max(0, lo - pad), Math.min(1, hi + pad)]).range([0, panelW]);
  grid(g2, x2.ticks(5).map(x2), h, false);
  for (const arm of report.arms) {
    const e = arm.metrics.availability, cy = (yb(arm.name) ?? 0) + yb.bandwidth() / 2;
    const row = g2.append('g').attr('class', 'row').attr('data-arm', arm.name).attr('data-value', e.mean);
    row.append('line').attr('x1', x2((e.lo ?? e.mean))).attr('x2', x2((e.hi ?? e.mean))).attr('y1', cy).attr('y2', cy).attr('stroke', '#000').attr('stroke-width', 1.5);
    for (const v of [(e.lo ?? e.mean), (e.hi ?? e.mean)]) row.append('line').attr('x1', x2(v)).attr('x2', x2(v)).attr('y1', cy - 6).attr('y2', cy + 6).attr('stroke', '#000').attr('stroke-width', 1.5);
    row.append('circle').attr('cx', x2(e.mean)).attr('cy', cy).attr('r', 6).attr('fill', stateColour('online')).attr('stroke', '#000');
    row.append('rect').attr('x', 0).attr('width', panelW).attr('y', yb(arm.name)!).attr('height', yb.bandwidth()).attr('fill', 'transparent');
    row.append('title').text(`${arm.name} — availability: ${percent(e.mean, 6)} (95 % interval ${percent((e.lo ?? e.mean), 6)} – ${percent((e.hi ?? e.mean), 6)}; exact ${exact(e.mean)})`);
  }
  styleAxis(g2.append('g').attr('transform', `translate(0,${h})`).call(axisBottom(x2).ticks(5).tickFormat((v) => percent(+v, 3))));
  styleAxis(g2.append('g').call(axisLeft(yb).tickFormat(() => '')));
  axisTitle(g2, 'availability (% of card-days with demand served)', panelW / 2, h + 38, false, panelW + gap - 4);
  svg.append('text').attr('x', width - right).attr('y', height - 4).attr('text-anchor', 'end').attr('fill', MUTED).attr('font-size', 11)
    .text('Each card-day down is attributed to one reason: cancelled > expired > arrears > over quota > manual.');
  return svg.node()!;
}

function whisker(row: G, x: (v: number) => number, e: { mean: number; lo: number; hi: number }, bw: number, text: string): void {
  const w = row.append('g').attr('class', 'total').attr('data-value', e.mean);
  const cy = bw / 2;
  w.append('line').attr('x1', x((e.lo ?? e.mean))).attr('x2', x((e.hi ?? e.mean))).attr('y1', cy).attr('y2', cy).attr('stroke', '#000').attr('stroke-width', 1.5);
  for (const v of [(e.lo ?? e.mean), (e.hi ?? e.mean)]) w.append('line').attr('x1', x(v)).attr('x2', x(v)).attr('y1', cy - 7).attr('y2', cy + 7).attr('stroke', '#000').attr('stroke-width', 1.5);
  w.append('text').attr('x', x(Math.max((e.hi ?? e.mean), e.mean)) + 6).attr('y', cy + 4).attr('font-size', 11).attr('class', 'value-label').text(rounded(e.mean));
  w.append('title').text(text);
}

/** The chart's data: one row per arm, downtime by reason and availability, mean and interval. */
export function downtimeCsv(report: Report): (string | number)[][] {
  const keys: MetricName[] = ['downtime.cardDays', ...REASONS.map((s) => s.metric), 'availability'];
  const rows: (string | number)[][] = [['arm', ...keys.flatMap((k) => [`${k}.mean`, `${k}.lo`, `${k}.hi`])]];
  for (const a of report.arms) rows.push([a.name, ...keys.flatMap((k) => [a.metrics[k].mean, (a.metrics[k].lo ?? ''), (a.metrics[k].hi ?? '')])]);
  return rows;
}
