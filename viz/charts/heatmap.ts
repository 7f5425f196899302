import { scaleLinear } from 'd3-scale';
import { METRIC, unitText, type ArmReport, type Report } from '../../engine/index.ts';
import { fitText, footnote, frame, INK, rounded, textWidth, withInterval, type G } from './common.ts';

/** A two-factor sweep laid out as a grid: row and column labels, and the arm (if any) in each cell. */
export interface SweepGrid {
  rows: string[];
  cols: string[];
  cells: (ArmReport | null)[][];
}

/**
 * The report's two-factor sweep as a grid, read from the arm names a sweep gives (`alert 80 % ×
 * pack 100 MB`: the first factor's label × the second's); null when fewer than two values of
 * each factor are found. Arms named otherwise (the baseline) are not in the grid.
 */
export function sweepGrid(report: Report): SweepGrid | null {
  const rows: string[] = [], cols: string[] = [];
  const at = new Map<string, ArmReport>();
  for (const arm of report.arms) {
    const parts = arm.name.split(' × ');
    if (parts.length !== 2) continue;
    const [r, c] = parts;
    if (!rows.includes(r)) rows.push(r);
    if (!cols.includes(c)) cols.push(c);
    at.set(`${r}\u0000${c}`, arm);
  }
  if (rows.length < 2 || cols.length < 2 || at.size < (rows.length * cols.length) / 2) return null;
  return { rows, cols, cells: rows.map((r) => cols.map((c) => at.get(`${r}\u0000${c}`) ?? null)) };
}

export interface HeatmapOptions {
  /** Width in px. [default: 820] */
  width?: number;
}

/**
 * The sweep as a heat map: one cell per arm, coloured by the ranking's objective (darker is
 * worse), its rounded value written in; ★ and a thick border on the ranking's choice, a cross on
 * arms that fail a constraint. Every cell's tooltip has the exact value and interval.
 */
export function heatmapChart(report: Report, options: HeatmapOptions = {}): SVGSVGElement {
  const width = options.width ?? 820;
  const grid = sweepGrid(report)!;
  const objective = report.ranking?.objective ?? 'cost.total';
  const minimize = (report.ranking?.direction ?? 'minimize') === 'minimize';
  const unit = unitText(METRIC[objective].unit, report.scenario.currency);
  const chosen = report.ranking?.best?.arm ?? null;
  const status = new Map(report.ranking?.arms.map((a) => [a.arm, a]) ?? []);
  const left = Math.round(Math.min(Math.max(80, ...grid.rows.map((r) => textWidth(r, 12) + 14)), width * 0.3));
  const m = { top: 58, right: 16, bottom: 60, left };
  const cellW = (width - m.left - m.right) / grid.cols.length, cellH = 38;
  const h = grid.rows.length * cellH, height = m.top + h + m.bottom;
  const svg = frame(width, height, `Sweep: ${objective} over both factors`);
  const values = grid.cells.flat().filter((a): a is ArmReport => a !== null).map((a) => a.metrics[objective].mean);
  const lo = Math.min(...values), hi = Math.max(...values);
  // Light is better, dark is worse, whichever the direction.
  const colour = scaleLinear<string>().domain(minimize ? [lo, (lo + hi) / 2, hi] : [hi, (lo + hi) / 2, lo]).range(['#fde725', '#21918c', '#3b0f70']).clamp(true);
  const g: G = svg.append('g').attr('transform', `translate(${m.left},${m.top})`);
  grid.cols.forEach((c, j) => {
    g.append('text').attr('class', 'col-label').attr('x', (j + 0.5) * cellW).attr('y', -8).attr('text-anchor', 'middle').attr('font-size', 12)
      .text(fitText(c, cellW - 6, 12)).append('title').text(c);
  });
  grid.rows.forEach((r, i) => {
    g.append('text').attr('class', 'row-label').attr('x', -8).attr('y', (i + 0.5) * cellH + 4).attr('text-anchor', 'end').attr('font-size', 12)
      .text(fitText(r, left - 14, 12)).append('title').text(r);
    grid.cols.forEach((_, j) => {
      const arm = grid.cells[i][j];
      if (!arm) return;
      const e = arm.metrics[objective], star = arm.name === chosen, st = status.get(arm.name);
      const fill = colour(e.mean);
      // Dark text or light, whichever contrasts more with the cell; a halo of the other keeps it readable on mid tones.
      const l = luminance(fill), dark = (l + 0.05) / (luminance('#222222') + 0.05) >= 1.05 / (l + 0.05);
      const cell = g.append('g').attr('class', 'cell').attr('data-arm', arm.name).attr('data-value', e.mean).attr('data-chosen', String(star))
        .attr('transform', `translate(${j * cellW},${i * cellH})`);
      cell.append('rect').attr('width', cellW - 2).attr('height', cellH - 2).attr('fill', fill)
        .attr('stroke', star ? INK : 'white').attr('stroke-width', star ? 3 : 1);
      if (st && st.status === 'infeasible') cell.append('path').attr('d', `M4,4L${cellW - 6},${cellH - 6}`).attr('stroke', '#ffffffaa').attr('stroke-width', 1.5);
      const label = `${star ? '★ ' : ''}${rounded(e.mean)}`;
      cell.append('text').attr('class', 'value-label').attr('x', (cellW - 2) / 2).attr('y', cellH / 2 + 3).attr('text-anchor', 'middle').attr('font-size', 12)
        .attr('font-weight', star ? 700 : 400).attr('fill', dark ? INK : 'white')
        .attr('stroke', dark ? 'white' : INK).attr('stroke-width', 2.5).attr('stroke-opacity', 0.6).attr('paint-order', 'stroke').text(fitText(label, cellW - 8, 12));
      cell.append('title').text(`${arm.name}${star ? ' (★ the ranking\'s choice)' : ''}\n${objective}: ${withInterval(e, unit)}` +
        (st ? `\nrank ${st.rank}; ${st.feasible ? 'meets every constraint' : st.status === 'infeasible' ? `fails ${st.violated.join(', ')}` : `undetermined for ${st.undetermined.join(', ')}`}` : ''));
    });
  });
  // The colour key: a strip from the best value to the worst.
  const key = svg.append('g').attr('class', 'colour-key').attr('transform', `translate(${m.left},14)`);
  const stops = 40, keyW = Math.min(260, width - m.left - m.right - 200);
  for (let s = 0; s < stops; s++) {
    const v = minimize ? lo + ((hi - lo) * s) / (stops - 1) : hi - ((hi - lo) * s) / (stops - 1);
    key.append('rect').attr('x', (s * keyW) / stops).attr('width', keyW / stops + 0.5).attr('height', 10).attr('fill', colour(v));
  }
  key.append('text').attr('x', -6).attr('y', 9).attr('text-anchor', 'end').attr('font-size', 11).text(rounded(minimize ? lo : hi));
  key.append('text').attr('x', keyW + 6).attr('y', 9).attr('font-size', 11).text(`${rounded(minimize ? hi : lo)} ${unit}: ${objective}, ${minimize ? 'lower' : 'higher'} is better`);
  footnote(svg, `Rows: ${grid.rows.length} values of the first swept field; columns: ${grid.cols.length} of the second. ★ the ranking's choice; crossed: fails a constraint. ≈: rounded.`, width, height);
  return svg.node()!;
}


/** Relative luminance of a #rrggbb or rgb() colour (WCAG), to pick dark or light text on it. */
function luminance(colour: string): number {
  const rgb = colour.startsWith('#') ? [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) : (colour.match(/\d+/g) ?? ['0', '0', '0']).slice(0, 3).map(Number);
  const [r, g, b] = rgb.map((v) => { const c = v / 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The chart's data: one row per grid cell with an arm. */
export function heatmapCsv(report: Report): (string | number)[][] {
  const grid = sweepGrid(report);
  const objective = report.ranking?.objective ?? 'cost.total';
  const rows: (string | number)[][] = [['row', 'column', 'arm', `${objective}.mean`, `${objective}.lo`, `${objective}.hi`, 'chosen']];
  if (!grid) return rows;
  grid.rows.forEach((r, i) => grid.cols.forEach((c, j) => {
    const a = grid.cells[i][j];
    if (a) rows.push([r, c, a.name, a.metrics[objective].mean, a.metrics[objective].lo ?? '', a.metrics[objective].hi ?? '', String(a.name === report.ranking?.best?.arm)]);
  }));
  return rows;
}


