import { axisBottom, axisLeft } from 'd3-axis';
import { scaleBand, scaleUtc } from 'd3-scale';
import { describeEvent, type CardState, type TraceEvent, type TraceEventKind } from '../../engine/index.ts';
import { axisTitle, frame, setHeight, grid, legend, MUTED, OKABE_ITO, STATES, styleAxis, utc, type G } from './common.ts';
import { dateTick } from './scales.ts';

/** A card's trace and where it sits. */
export interface CardTrace {
  events: TraceEvent[];
  /** Scenario start (YYYY-MM-DD) and horizon in days. */
  start: string;
  days: number;
  /** Shown in the title: `auto-stop on, replication 0, card 17`. */
  label: string;
}

/** A span of days [from, to) during which a stop reason (or cancellation) held. */
export interface Span {
  reason: Exclude<CardState, 'online'>;
  from: number;
  to: number;
  /** The event that started it. */
  event: TraceEvent;
}

const REASONS = STATES.filter((s) => s.key !== 'online');

/** Reads the stop spans out of a trace: a `stop` opens its reason, a `resume` closes it, a renewal that resumes service closes `expired`; cancellation closes every reason and opens `cancelled` until a replacement. */
export function spans(events: readonly TraceEvent[], days: number): Span[] {
  const open = new Map<Span['reason'], { from: number; event: TraceEvent }>();
  const out: Span[] = [];
  const close = (reason: Span['reason'], d: number) => {
    const o = open.get(reason);
    if (o) { out.push({ reason, from: o.from, to: d, event: o.event }); open.delete(reason); }
  };
  for (const e of events) {
    if (e.kind === 'stop' && !open.has(e.reason)) open.set(e.reason, { from: e.day, event: e });
    else if (e.kind === 'resume') close(e.reason, e.day);
    else if (e.kind === 'renewal' && e.resumes) close('expired', e.day);
    else if (e.kind === 'cancellation') {
      for (const r of [...open.keys()]) close(r, e.day);
      open.set('cancelled', { from: e.day, event: e });
    } else if (e.kind === 'replacement') close('cancelled', e.day);
    else if (e.kind === 'preService') open.set('preService', { from: e.day, event: e });
    else if (e.kind === 'activation') close('preService', e.day);
  }
  for (const r of [...open.keys()]) close(r, days);
  return out.sort((a, b) => a.from - b.from);
}

const EVENT_ROW = 'events';
const EVENT_COLOURS: Record<TraceEventKind, string> = {
  invoice: OKABE_ITO.blue, payment: OKABE_ITO.bluishGreen, renewal: OKABE_ITO.bluishGreen, retention: OKABE_ITO.reddishPurple,
  runaway: OKABE_ITO.orange, alert: OKABE_ITO.skyBlue, addon: OKABE_ITO.skyBlue, refused: OKABE_ITO.vermillion,
  replacement: OKABE_ITO.black, cancellation: OKABE_ITO.black, stop: OKABE_ITO.vermillion, resume: OKABE_ITO.bluishGreen, imported: MUTED, throttle: OKABE_ITO.yellow,
  opening: MUTED,
  action: MUTED,
  preService: MUTED, testEnd: MUTED, activation: OKABE_ITO.bluishGreen, restartCancelled: OKABE_ITO.vermillion,
};

const EVENT_LEGEND: [string, string][] = [
  ['bill', OKABE_ITO.blue], ['payment, renewal, resume', OKABE_ITO.bluishGreen], ['stop, refused request, restart called off', OKABE_ITO.vermillion],
  ['device fault', OKABE_ITO.orange], ['alert, add-on', OKABE_ITO.skyBlue], ['retention fee', OKABE_ITO.reddishPurple], ['cancellation, replacement', OKABE_ITO.black],
];

export interface TimelineOptions {
  /** Width in px. [default: 820] */
  width?: number;
}

/** One card's timeline: its stop reasons as bars over the dates, and every traced event as a tick below. */
export function timelineChart(trace: CardTrace, options: TimelineOptions = {}): SVGSVGElement {
  const width = options.width ?? 820;
  const rows = [...REASONS.map((s) => s.key as string), EVENT_ROW];
  const m = { top: 40, right: 16, bottom: 54, left: 130 };
  const rowH = 30, h = rows.length * rowH;
  const w = width - m.left - m.right;
  const svg = frame(width, 0, `Card timeline: ${trace.label}`);
  m.top = 22 + legend(svg.append('g').attr('transform', `translate(${m.left},10)`), [
    ...REASONS.map((s) => ({ label: s.label, colour: s.colour })),
    ...EVENT_LEGEND.map(([label, colour]) => ({ label, colour, shape: 'line' as const })),
  ], w);
  const height = m.top + h + m.bottom;
  setHeight(svg, width, height);
  const g: G = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  const t0 = utc(trace.start).getTime();
  const date = (d: number) => new Date(t0 + d * 86_400_000);
  const iso = (d: number) => date(d).toISOString().slice(0, 10);
  const x = scaleUtc().domain([date(0), date(trace.days)]).range([0, w]);
  const y = scaleBand().domain(rows).range([0, h]).padding(0.2);
  grid(g, x.ticks(10).map((d) => x(d)), h, false);
  g.append('g').selectAll('rect.lane').data(rows).join('rect').attr('class', 'lane')
    .attr('x', 0).attr('width', w).attr('y', (r) => y(r)!).attr('height', y.bandwidth()).attr('fill', (_, i) => (i % 2 ? '#f6f6f6' : '#fbfbfb'));

  const sp = spans(trace.events, trace.days);
  g.append('g').selectAll('rect.span').data(sp).join('rect').attr('class', 'span').attr('data-reason', (s) => s.reason)
    .attr('x', (s) => x(date(s.from))).attr('width', (s) => Math.max(2, x(date(s.to)) - x(date(s.from))))
    .attr('y', (s) => y(s.reason) ?? 0).attr('height', y.bandwidth())
    .attr('fill', (s) => REASONS.find((r) => r.key === s.reason)?.colour ?? MUTED)
    .append('title').text((s) => `${s.reason}: ${iso(s.from)} to ${iso(s.to)} (${s.to - s.from} days; the stop's day counts whole here)\n${describeEvent(s.event)}`);

  const ev = trace.events;
  g.append('g').selectAll('line.event').data(ev).join('line').attr('class', 'event')
    .attr('x1', (e) => x(date(e.day) ) + 0.5).attr('x2', (e) => x(date(e.day)) + 0.5)
    .attr('y1', y(EVENT_ROW)!).attr('y2', y(EVENT_ROW)! + y.bandwidth())
    .attr('stroke', (e) => EVENT_COLOURS[e.kind] ?? MUTED).attr('stroke-width', 2);
  // Wider invisible hover targets over each tick.
  g.append('g').selectAll('rect.event-hit').data(ev).join('rect').attr('class', 'event-hit')
    .attr('x', (e) => x(date(e.day)) - 3).attr('width', 7).attr('y', y(EVENT_ROW)!).attr('height', y.bandwidth()).attr('fill', 'transparent')
    .append('title').text((e) => `${e.date} ${e.kind}: ${describeEvent(e)}`);

  styleAxis(g.append('g').attr('transform', `translate(0,${h})`).call(axisBottom(x).ticks(Math.max(2, Math.floor(w / 65))).tickFormat(dateTick)));
  const labels: Record<string, string> = Object.fromEntries([...REASONS.map((s) => [s.key, s.label]), [EVENT_ROW, 'events']]);
  const ay = g.append('g').call(axisLeft(y).tickFormat((r) => labels[r]));
  styleAxis(ay);
  ay.selectAll('.tick text').attr('font-size', 12);
  axisTitle(g, 'date (UTC)', w / 2, h + 38);
  svg.append('text').attr('x', width - m.right).attr('y', height - 6).attr('text-anchor', 'end').attr('fill', MUTED).attr('font-size', 11)
    .text(`${trace.label} — ${ev.length} events, ${sp.length} stop spans`);
  return svg.node()!;
}

/** The chart's data: every event of the trace, and the spans read from it. */
export function timelineCsv(trace: CardTrace): (string | number)[][] {
  const rows: (string | number)[][] = [['record', 'date', 'day', 'kind', 'toDate', 'days', 'detail']];
  const t0 = utc(trace.start).getTime();
  const iso = (d: number) => new Date(t0 + d * 86_400_000).toISOString().slice(0, 10);
  for (const e of trace.events) rows.push(['event', e.date, e.day, e.kind, '', '', describeEvent(e)]);
  for (const s of spans(trace.events, trace.days)) rows.push(['span', iso(s.from), s.from, s.reason, iso(s.to), s.to - s.from, describeEvent(s.event)]);
  return rows;
}
