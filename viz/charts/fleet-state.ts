import { axisBottom, axisLeft } from 'd3-axis';
import { max } from 'd3-array';
import { scaleLinear, scaleUtc } from 'd3-scale';
import { area, curveStepAfter, stack } from 'd3-shape';
import type { Report } from '../../engine/index.ts';
import { numberTicks, axisTitle, compact, exact, frame, setHeight, grid, legend, MUTED, STATES, styleAxis, utc, type G } from './common.ts';
import { dateTick } from './scales.ts';

export interface FleetStateOptions {
  /** Width in px. [default: 820] */
  width?: number;
  /** Leave out the online layer, to see the stopped cards. [default: false] */
  stoppedOnly?: boolean;
}

/**
 * Fleet state over time, one panel per arm: stacked areas of the average
 * number of cards per day online, in each stop reason, and cancelled, per
 * monthly period (a card with two reasons counts in both).
 */
export function fleetStateChart(report: Report, options: FleetStateOptions = {}): SVGSVGElement {
  const width = options.width ?? 820;
  const states = STATES.filter((s) => !(options.stoppedOnly && s.key === 'online'));
  const cols = report.arms.length > 1 ? 2 : 1;
  const rows = Math.ceil(report.arms.length / cols);
  const panelH = 190, gapY = 56, left = 64, gapX = 30, right = 24;
  const panelW = (width - left - right - gapX * (cols - 1) - (cols > 1 ? 50 : 0)) / cols;
  const svg = frame(width, 0, 'Fleet state over time per arm');

  const lg = svg.append('g').attr('class', 'legend').attr('transform', `translate(${left},10)`);
  const top = 34 + legend(lg, states.map((s) => ({ label: s.label, colour: s.colour })), width - left - right);
  const height = top + rows * panelH + (rows - 1) * gapY + 58;
  setHeight(svg, width, height);

  const start = utc(report.scenario.start);
  const end = new Date(start.getTime() + report.scenario.days * 86_400_000);
  const dates = report.months.map(utc);
  const x = scaleUtc().domain([start, end]).range([0, panelW]);
  const totals = report.arms.map((a) => max(report.months, (_, m) => states.reduce((t, s) => t + a.series[s.key][m], 0)) ?? 0);
  const y = scaleLinear().domain([0, Math.max(1, max(totals) ?? 1)]).nice().range([panelH, 0]);

  report.arms.forEach((arm, k) => {
    const px = left + (k % cols) * (panelW + gapX + (cols > 1 ? 50 : 0)), py = top + Math.floor(k / cols) * (panelH + gapY);
    const g: G = svg.append('g').attr('class', 'panel').attr('data-arm', arm.name).attr('transform', `translate(${px},${py})`);
    grid(g, y.ticks(5).map(y), panelW, true);
    // One row per month plus a closing copy of the last so the step reaches the horizon's end.
    const rowsData = [...dates, end].map((d, m) => {
      const i = Math.min(m, dates.length - 1);
      const r: Record<string, number> & { date: Date } = { date: d } as never;
      for (const s of states) r[s.key] = arm.series[s.key][i];
      return r;
    });
    const layers = stack<Record<string, number> & { date: Date }>().keys(states.map((s) => s.key))(rowsData);
    const shape = area<[number, number] & { data: { date: Date } }>()
      .x((d) => x(d.data.date)).y0((d) => y(d[0])).y1((d) => y(d[1])).curve(curveStepAfter);
    g.append('g').selectAll('path').data(layers).join('path')
      .attr('class', 'layer')
      .attr('data-state', (l) => l.key)
      .attr('fill', (l) => states.find((s) => s.key === l.key)!.colour)
      .attr('fill-opacity', 0.9)
      .attr('d', (l) => shape(l as never))
      .append('title').text((l) => `${arm.name} — ${states.find((s) => s.key === l.key)!.label}`);
    // Hover targets: one per month, with every state's exact value.
    g.append('g').attr('class', 'months').selectAll('rect').data(dates).join('rect')
      .attr('x', (d) => x(d)).attr('width', (d, m) => x(m + 1 < dates.length ? dates[m + 1] : end) - x(d))
      .attr('y', 0).attr('height', panelH).attr('fill', 'transparent')
      .append('title').text((_, m) => `${arm.name}, month from ${report.months[m]} (average cards per day)\n` +
        STATES.map((s) => `${s.label}: ${exact(arm.series[s.key][m])}`).join('\n'));
    const ax = g.append('g').attr('transform', `translate(0,${panelH})`).call(axisBottom(x).ticks(Math.max(2, Math.floor(panelW / 65))).tickFormat(dateTick));
    styleAxis(ax);
    const ay = g.append('g').call(axisLeft(y).ticks(5).tickFormat(numberTicks(y.ticks(5))));
    styleAxis(ay);
    g.append('text').attr('x', 0).attr('y', -8).attr('font-weight', 600).text(arm.name);
    if (k % cols === 0) axisTitle(g, 'cards (average per day)', -48, panelH / 2, true);
    if (Math.floor(k / cols) === rows - 1) axisTitle(g, 'date (monthly periods, UTC)', panelW / 2, panelH + 34);
  });
  svg.append('text').attr('x', width - right).attr('y', height - 6).attr('text-anchor', 'end').attr('fill', MUTED).attr('font-size', 11)
    .text('A card stopped for two reasons counts in both layers.');
  return svg.node()!;
}

/** The chart's data: one row per arm and month, a column per state. */
export function fleetStateCsv(report: Report): (string | number)[][] {
  const rows: (string | number)[][] = [['arm', 'month', ...STATES.map((s) => s.key)]];
  for (const arm of report.arms) report.months.forEach((m, i) => rows.push([arm.name, m, ...STATES.map((s) => arm.series[s.key][i])]));
  return rows;
}
