/**
 * Plain-text tables for the terminal: a label column and data columns, split into several
 * tables side by side in order when they do not fit the width. Widths are display columns
 * (columns.ts), so names in Chinese line up.
 */
import { columns as displayWidth, padEnd, padStart } from './display.ts';

/** A data cell: text right-aligned, or a number (right-aligned) with a note (left-aligned), e.g. `12.5 [11.9, 13.1]`. */
export type Cell = string | { value: string; note: string };

export type Row = { label: string; cells: Cell[] } | { section: string };

export interface Table {
  /** Header of the label column, then one per data column. */
  header: string[];
  rows: Row[];
}

const GAP = '  ';

/** Renders `table` within `width` columns (a single column wider than that is still shown whole). */
export function renderTable(table: Table, width: number): string {
  const labelWidth = Math.max(displayWidth(table.header[0]), ...table.rows.map((r) => ('label' in r ? displayWidth(r.label) : 0)));
  const columns = table.header.slice(1).map((_, j) => measure(table, j));
  const groups: number[][] = [];
  let used = Infinity;
  for (let j = 0; j < columns.length; j++) {
    if (used + GAP.length + columns[j].width > width) {
      groups.push([]);
      used = labelWidth;
    }
    groups[groups.length - 1].push(j);
    used += GAP.length + columns[j].width;
  }
  return groups.map((g) => renderGroup(table, g, labelWidth, columns)).join('\n');
}

interface Measure {
  width: number;
  valueWidth: number;
  noteWidth: number;
}

function measure(table: Table, j: number): Measure {
  let valueWidth = 0, noteWidth = 0;
  for (const r of table.rows) {
    if (!('label' in r)) continue;
    const c = r.cells[j];
    if (typeof c === 'string') valueWidth = Math.max(valueWidth, displayWidth(c));
    else {
      valueWidth = Math.max(valueWidth, displayWidth(c.value));
      noteWidth = Math.max(noteWidth, displayWidth(c.note));
    }
  }
  const body = valueWidth + (noteWidth > 0 ? 1 + noteWidth : 0);
  return { width: Math.max(displayWidth(table.header[j + 1]), body), valueWidth, noteWidth };
}

function renderGroup(table: Table, group: number[], labelWidth: number, columns: Measure[]): string {
  const line = (label: string, cells: string[]) => (padEnd(label, labelWidth) + cells.map((c) => GAP + c).join('')).trimEnd() + '\n';
  let text = line(table.header[0], group.map((j) => padStart(table.header[j + 1], columns[j].width)));
  text += line('-'.repeat(labelWidth), group.map((j) => '-'.repeat(columns[j].width)));
  for (const r of table.rows) {
    if (!('label' in r)) {
      text += r.section + '\n';
      continue;
    }
    text += line(r.label, group.map((j) => cell(r.cells[j], columns[j])));
  }
  return text;
}

function cell(c: Cell, m: Measure): string {
  if (typeof c === 'string') return padStart(c, m.width);
  const body = m.noteWidth > 0 ? `${padStart(c.value, m.valueWidth)} ${padEnd(c.note, m.noteWidth)}` : padStart(c.value, m.valueWidth);
  return padStart(body, m.width);
}
