import { create, type Selection } from 'd3-selection';
import { STATES as CARD_STATES, type CardState, type Estimate } from '../../engine/index.ts';

export type Svg = Selection<SVGSVGElement, undefined, null, undefined>;
export type G = Selection<SVGGElement, any, any, any>;

/** Okabe–Ito, the colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"). */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/**
 * Arm colours: Okabe–Ito first (up to 8 arms), then Paul Tol's "muted" and "dark" qualitative
 * schemes (personal.sron.nl/~pault, colour-blind-aware), then a few of his "light" ones: 24
 * distinct colours, so a 13-arm sweep repeats none. Past 24 arms, point charts change marker
 * (armMarker), and direct labels and tooltips tell arms apart.
 */
export const ARM_COLOURS: readonly string[] = [
  OKABE_ITO.blue, OKABE_ITO.orange, OKABE_ITO.bluishGreen, OKABE_ITO.vermillion, OKABE_ITO.reddishPurple, OKABE_ITO.skyBlue, OKABE_ITO.black, OKABE_ITO.yellow,
  '#332288', '#117733', '#882255', '#999933', '#44AA99', '#CC6677', '#AA4499', '#DDCC77',
  '#004488', '#994455', '#997700', '#6699CC', '#EE99AA', '#77AADD', '#AAAA00', '#BBBBBB',
];

/** Colour of arm k (the baseline is blue). */
export function armColour(k: number): string {
  return ARM_COLOURS[k % ARM_COLOURS.length];
}

/** Marker shapes of arms in point charts: each round of ARM_COLOURS gets the next, so colour and shape together tell 72 arms apart. */
export const ARM_MARKERS = ['dot', 'square', 'diamond'] as const;
export type Marker = (typeof ARM_MARKERS)[number];

/** Marker of arm k: a dot for the first 24 arms, then squares, then diamonds. */
export function armMarker(k: number): Marker {
  return ARM_MARKERS[Math.floor(k / ARM_COLOURS.length) % ARM_MARKERS.length];
}

/** Appends arm k's marker (class `dot`, `data-marker`) of about `r` radius centred on (cx, cy). */
export function marker(g: G, k: number, cx: number, cy: number, r: number): void {
  const m = armMarker(k);
  const el: G = g.append(m === 'dot' ? 'circle' : m === 'square' ? 'rect' : 'path') as unknown as G;
  if (m === 'dot') el.attr('cx', cx).attr('cy', cy).attr('r', r);
  else if (m === 'square') el.attr('x', cx - r * 0.9).attr('y', cy - r * 0.9).attr('width', r * 1.8).attr('height', r * 1.8);
  else el.attr('d', `M${cx},${cy - r * 1.25}L${cx + r * 1.25},${cy}L${cx},${cy + r * 1.25}L${cx - r * 1.25},${cy}Z`);
  el.attr('class', 'dot').attr('data-marker', m).attr('fill', armColour(k)).attr('stroke', '#000');
}

/** Estimated width in px of a text at this font size (system-ui averages about 0.56 em a character; 0.6 errs wide). */
export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

/** The text cut to at most `maxWidth` px, ending in … when cut. */
export function fitText(text: string, maxWidth: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const keep = Math.max(1, Math.floor(maxWidth / (fontSize * 0.6)) - 1);
  // Cut between graphemes (at least one), never inside one: a UTF-16 cut can leave half an emoji's surrogate pair.
  let cut = '';
  for (const { segment } of new Intl.Segmenter().segment(text)) {
    if (cut !== '' && cut.length + segment.length > keep) break;
    cut += segment;
  }
  return `${cut.trimEnd()}…`;
}

/** A left margin wide enough for the arm names at this font size, between `min` px and 30 % of the chart's width. */
export function nameMargin(names: readonly string[], fontSize: number, width: number, min = 80): number {
  const widest = Math.max(0, ...names.map((n) => textWidth(n, fontSize)));
  return Math.round(Math.min(Math.max(min, widest + 14), width * 0.3));
}

/** Sets a band axis's tick labels to the arm names cut to `maxWidth` px, each with its full name as a tooltip. */
export function armTicks(axis: G, maxWidth: number, fontSize = 12): void {
  axis.selectAll<SVGTextElement, string>('.tick text')
    .attr('class', 'arm-label').attr('font-size', fontSize)
    .each(function (name) {
      const t = this as SVGTextElement;
      t.textContent = fitText(String(name), maxWidth, fontSize);
      const title = document.createElementNS('http://www.w3.org/2000/svg', 'title');
      title.textContent = String(name);
      t.append(title);
    });
}

/** Each card state's colour. */
const STATE_COLOURS: Record<CardState, string> = {
  online: OKABE_ITO.bluishGreen,
  manual: OKABE_ITO.skyBlue,
  overQuota: OKABE_ITO.orange,
  arrears: OKABE_ITO.reddishPurple,
  expired: OKABE_ITO.vermillion,
  cancelled: '#444444',
  preService: '#BBBBBB',
};
/** Throttled demand (online, slowed past the allowance): a downtime reason, not a state. */
const THROTTLED_COLOUR = OKABE_ITO.yellow;

/** Card states (keys and labels from the engine's catalog), bottom to top in stacks, with their colours (also used by the card timeline). */
export const STATES: readonly { key: CardState; label: string; colour: string }[] = CARD_STATES.map((s) => ({ key: s.key, label: s.label, colour: STATE_COLOURS[s.key] }));

/** A card state's colour. */
export function stateColour(state: CardState | 'throttled'): string {
  return state === 'throttled' ? THROTTLED_COLOUR : STATE_COLOURS[state];
}

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';
export const INK = '#222222';
export const MUTED = '#666666';

/** A chart's root: a white SVG with its fonts as attributes, so exported files look like the page. */
export function frame(width: number, height: number, label: string): Svg {
  const svg = create('svg')
    .attr('xmlns', 'http://www.w3.org/2000/svg')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('font-family', FONT)
    .attr('font-size', 12)
    .attr('fill', INK)
    .attr('role', 'img')
    .attr('aria-label', label);
  svg.append('rect').attr('class', 'background').attr('width', width).attr('height', height).attr('fill', 'white');
  return svg;
}

/** A horizontal legend that wraps at maxWidth; returns its height. */
export function legend(g: G, items: readonly { label: string; colour: string; shape?: 'square' | 'line' | 'dot' | 'diamond' }[], maxWidth: number): number {
  let x = 0, y = 0;
  const row = 18;
  for (const item of items) {
    const w = 18 + textWidth(item.label, 12) + 14;
    if (x > 0 && x + w > maxWidth) { x = 0; y += row; }
    const it = g.append('g').attr('class', 'legend-item').attr('transform', `translate(${x},${y})`);
    if (item.shape === 'line') it.append('line').attr('x1', 0).attr('x2', 12).attr('y1', 6).attr('y2', 6).attr('stroke', item.colour).attr('stroke-width', 2);
    else if (item.shape === 'dot') it.append('circle').attr('cx', 6).attr('cy', 6).attr('r', 5).attr('fill', item.colour);
    else if (item.shape === 'diamond') it.append('path').attr('d', 'M6,0L12,6L6,12L0,6Z').attr('fill', item.colour);
    else it.append('rect').attr('width', 12).attr('height', 12).attr('fill', item.colour).attr('stroke', '#00000033');
    it.append('text').attr('x', 18).attr('y', 10).text(item.label);
    x += w;
  }
  return y + row;
}

/** Axis styling: muted domain line, readable tick labels. */
export function styleAxis(g: G): void {
  g.attr('font-family', FONT).attr('font-size', 11);
  g.selectAll('.domain').attr('stroke', MUTED);
  g.selectAll('.tick line').attr('stroke', MUTED);
  g.selectAll('.tick text').attr('fill', INK);
}

/** Light grid lines at the given positions (horizontal when `horizontal`). */
export function grid(g: G, positions: number[], length: number, horizontal: boolean): void {
  g.append('g').attr('class', 'grid').selectAll('line').data(positions).join('line')
    .attr('x1', (p) => (horizontal ? 0 : p)).attr('x2', (p) => (horizontal ? length : p))
    .attr('y1', (p) => (horizontal ? p : 0)).attr('y2', (p) => (horizontal ? p : length))
    .attr('stroke', '#e3e3e3');
}

/** An axis title, on two lines when it would be wider than `maxWidth` px (narrow charts). */
export function axisTitle(g: G, text: string, x: number, y: number, rotate = false, maxWidth = Infinity): void {
  const t = g.append('text')
    .attr('class', 'axis-title')
    .attr('text-anchor', 'middle')
    .attr('font-size', 12)
    .attr('fill', INK)
    .attr('transform', `translate(${x},${y})${rotate ? ' rotate(-90)' : ''}`);
  lines(t, text, maxWidth, 12);
}

/**
 * Sets a text element's content, broken into lines (tspans 1.2 em apart) of at most `maxWidth`
 * px, estimating a character at 0.56 × the font size (system-ui averages about that).
 */
export function lines(t: Selection<SVGTextElement, any, any, any>, text: string, maxWidth: number, fontSize: number): void {
  const perLine = Math.max(8, Math.floor(maxWidth / (fontSize * 0.56)));
  if (text.length <= perLine) { t.text(text); return; }
  const rows: string[] = [];
  let row = '';
  for (const word of text.split(' ')) {
    if (row && row.length + 1 + word.length > perLine) { rows.push(row); row = word; } else row = row ? `${row} ${word}` : word;
  }
  rows.push(row);
  rows.forEach((r, i) => t.append('tspan').attr('x', t.attr('x') ?? 0).attr('dy', i === 0 ? 0 : '1.2em').text(r));
}

/** A number with every digit the report holds, thousands grouped: 12,345.6789. */
export function exact(n: number): string {
  const s = String(n);
  if (/e/i.test(s)) return s;
  const [int, frac] = s.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

// Formatters made once: toLocaleString with options builds a new one on every call (a hot spot when charts redraw).
const SIG4 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 4 });
const COMPACT3 = new Intl.NumberFormat('en-US', { notation: 'compact', maximumSignificantDigits: 3 });
const FRACTION6 = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** A short number for labels: 4 significant digits, grouped. */
export function short(n: number): string {
  return SIG4.format(n);
}

/** A value label that says when it is rounded: 4 significant digits, "≈" in front when digits were dropped (the tooltip has them all). */
export function rounded(n: number): string {
  const s = short(n);
  return Number(s.replace(/,/g, '')) === n ? s : `≈${s}`;
}

/** "mean [lo – hi]" with exact figures. */
export function withInterval(e: Estimate, unit = ''): string {
  const u = unit ? ` ${unit}` : '';
  return e.lo === null || e.hi === null ? `${exact(e.mean)}${u} (no interval)` : `${exact(e.mean)}${u} (95 % interval ${exact(e.lo)} – ${exact(e.hi)})`;
}

/** Percent with up to 4 decimals, exact enough for availability: 99.9871 %. */
export function percent(x: number, digits = 4): string {
  const t = (x * 100).toFixed(digits);
  // Trailing zeros of the fraction only (not of a whole number: 100 with 0 digits stays 100), cut without a regex.
  let end = t.length;
  if (t.includes('.')) {
    while (t.charCodeAt(end - 1) === 48) end--;
    if (t[end - 1] === '.') end--;
  }
  return `${t.slice(0, end)} %`;
}

/** The day after the last month of a report's series: the horizon's end (UTC). */
export function monthEnd(first: string): Date {
  const d = new Date(`${first}T00:00:00Z`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()));
}

export function utc(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

/** Adds a `<title>` (the exact-value tooltip) to each mark of a selection. */
export function titled<E extends Element, D>(sel: Selection<E, D, any, any>, text: (d: D) => string): Selection<E, D, any, any> {
  sel.append('title').text(text);
  return sel;
}




/** Compact axis labels: 1.8M, 250K, 0.25. */
export function compact(n: number): string {
  return Math.abs(n) >= 1e4 ? COMPACT3.format(n) : SIG4.format(n);
}

/** Sets a chart's final height (once the legend's height is known). */
export function setHeight(svg: Svg, width: number, height: number): void {
  svg.attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
  svg.select('rect.background').attr('height', height);
}

/** A tick formatter for these ticks: compact labels when they stay distinct, else every digit needed (costs that differ by little). */
export function numberTicks(ticks: number[]): (v: { valueOf(): number }) => string {
  const labels = ticks.map(compact);
  if (new Set(labels).size === labels.length) return (v) => compact(+v);
  return (v) => FRACTION6.format(+v);
}

/** The note under a chart, right-aligned, on as many lines as the width needs, its last line 6 px above the bottom. */
export function footnote(svg: Svg, text: string, width: number, height: number): void {
  const rows = Math.ceil(textWidth(text, 11) / (width - 32));
  lines(svg.append('text').attr('class', 'footnote').attr('x', width - 16).attr('y', height - 6 - 13 * (rows - 1)).attr('text-anchor', 'end').attr('fill', MUTED).attr('font-size', 11), text, width - 32, 11);
}
