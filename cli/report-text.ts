import type { Estimate, MetricName, Report } from '../engine/index.ts';
import { renderTable, type Cell, type Row } from './table.ts';

/** Rows of the per-arm table: a section heading, or a metric with its label. Availability is shown in %. */
const LAYOUT: (string | [MetricName, string])[] = [
  'Cost ({currency})',
  ['cost.plan', '  plan fees'],
  ['cost.overage', '  overage'],
  ['cost.addon', '  add-on packs'],
  ['cost.retention', '  retention'],
  ['cost.replacement', '  replacement'],
  ['cost.downtime', '  downtime'],
  ['cost.total', '  total'],
  'Downtime (card-days)',
  ['downtime.cardDays', '  total'],
  ['downtime.cardDays.cancelled', '  cancelled'],
  ['downtime.cardDays.expired', '  expired'],
  ['downtime.cardDays.arrears', '  arrears'],
  ['downtime.cardDays.overQuota', '  over quota'],
  ['downtime.cardDays.manual', '  manual stop'],
  ['availability', 'Availability (%)'],
  'Data (MB)',
  ['usageMB', '  served'],
  ['unservedMB', '  not served'],
  'Stops',
  ['stops.overQuota', '  over quota'],
  ['stops.arrears', '  arrears'],
  ['stops.expired', '  expired'],
  ['stops.manual', '  manual'],
  ['stops.manualRefused', '  manual refused'],
  'Cards',
  ['cancelled', '  cancelled'],
  ['replaced', '  replaced'],
];

/** Rows of the paired-difference table. */
const DIFF: [MetricName, string][] = [
  ['cost.total', 'cost total ({currency})'],
  ['downtime.cardDays', 'downtime (card-days)'],
  ['availability', 'availability (pp)'],
];

/**
 * The run's result for the terminal: a header, one table with metrics as rows and arms as
 * columns (`mean [lo, hi]`), then the paired differences of each arm from the baseline.
 */
export function formatReport(report: Report, width = 100): string {
  const s = report.scenario;
  const label = (text: string) => text.replace('{currency}', s.currency);
  const scale = (m: MetricName) => (m === 'availability' ? 100 : 1);
  const decimals = (m: MetricName) => (m === 'availability' ? 2 : undefined);
  let text = `${s.name}\n${wrap(s.question, width)}`;
  text += `${plural(s.cards, 'card')}, ${s.months} months from ${s.start}, ${plural(s.replications, 'replication')}, seed ${s.seed}, hash ${s.hash.slice(0, 12)}\n`;
  text += `Totals over the fleet and horizon: mean [95 % interval] over replications.\n\n`;

  const rows: Row[] = LAYOUT.map((item) =>
    typeof item === 'string' ? { section: label(item) } : { label: item[1], cells: cells(report.arms.map((a) => a.metrics[item[0]]), scale(item[0]), decimals(item[0])) },
  );
  text += renderTable({ header: ['', ...report.arms.map((a) => a.name)], rows }, width);

  const others = report.arms.slice(1);
  if (others.length > 0) {
    text += `\nPaired difference from the baseline "${report.arms[0].name}" (arm minus baseline, replication by replication)\n\n`;
    const diffRows: Row[] = DIFF.map(([m, l]) => ({ label: label(l), cells: cells(others.map((a) => a.diff![m]), scale(m), decimals(m), true) }));
    text += renderTable({ header: ['', ...others.map((a) => a.name)], rows: diffRows }, width);
  }
  return text;
}

/** One row's cells, with the same number of decimals across the row (none if all are whole numbers). */
function cells(estimates: Estimate[], scale: number, fixed: number | undefined, signed = false): Cell[] {
  const all = estimates.flatMap((e) => [e.mean, e.lo, e.hi]).map((x) => Math.abs(x * scale));
  const big = Math.max(...all);
  const decimals = fixed ?? (all.every(Number.isInteger) || big >= 1000 ? 0 : big >= 100 ? 1 : big >= 1 ? 2 : 3);
  const f = (x: number) => number(x * scale, decimals, signed);
  return estimates.map((e) => ({ value: f(e.mean), note: f(e.lo) === f(e.hi) ? '' : `[${f(e.lo)}, ${f(e.hi)}]` }));
}

function number(x: number, decimals: number, signed: boolean): string {
  const text = x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  const zero = /^-?[0.,]+$/.test(text);
  if (zero) return text.replace('-', '');
  return signed && x > 0 ? `+${text}` : text;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** Word-wraps text to `width` columns, one line per output line. */
function wrap(text: string, width: number): string {
  let out = '', line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      out += line + '\n';
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return out + line + '\n';
}
