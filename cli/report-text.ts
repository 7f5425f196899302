import { DOWNTIME_REASONS, GROUPS, METRIC, downtimeMetric, unitText, type Estimate, type MetricGroup, type MetricName, type Report } from '../engine/index.ts';
import { renderTable, type Cell, type Row } from './table.ts';
import { wrap } from './display.ts';

/** The per-arm table: groups in this order, each with its metrics (labels, units and scales from the engine's catalog). */
const TABLE: [MetricGroup, MetricName[]][] = [
  ['cost', ['cost.plan', 'cost.overage', 'cost.addon', 'cost.retention', 'cost.replacement', 'cost.downtime', 'cost.total']],
  ['downtime', ['downtime.cardDays', ...DOWNTIME_REASONS.map(downtimeMetric)]],
  ['availability', ['availability']],
  ['data', ['usageMB', 'unservedMB']],
  ['stops', ['stops.overQuota', 'stops.arrears', 'stops.expired', 'stops.manual', 'stops.manualRefused']],
  ['cards', ['cancelled', 'replaced']],
];

/** Rows of the paired-difference table. */
const DIFF: MetricName[] = ['cost.total', 'downtime.cardDays', 'availability'];

/**
 * The run's result for the terminal: a header, one table with metrics as rows and arms as
 * columns (`mean [lo, hi]`), then the paired differences of each arm from the baseline; prose
 * wrapped and tables split to `width` display columns (a single column wider is shown whole).
 */
export function formatReport(report: Report, width = 80): string {
  const s = report.scenario;
  const withUnit = (label: string, unit: string | null) => (unit ? `${label} (${unit})` : label);
  let text = wrap(s.name, width) + wrap(s.question, width);
  text += wrap(`${fleetText(report)}, ${plural(s.months, 'month')} from ${s.start}, ${plural(s.replications, 'replication')}, seed ${s.seed}, hash ${s.hash.slice(0, 12)}`, width);
  text += wrap(`Totals over the fleet and horizon: mean over replications [${intervalText(report)}].`, width);
  text += skewText(report, width) + '\n';

  const rows: Row[] = TABLE.flatMap(([group, metrics]): Row[] => {
    const g = GROUPS[group], heading = withUnit(g.label, g.unit && unitText(g.unit, s.currency));
    const row = (m: MetricName, label: string): Row => ({ label, cells: cells(report.arms.map((a) => a.metrics[m]), m) });
    // A group of one metric is one row under the group's heading (Availability (%)).
    return metrics.length === 1 ? [row(metrics[0], heading)] : [{ section: heading }, ...metrics.map((m) => row(m, `  ${METRIC[m].short}`))];
  });
  text += renderTable({ header: ['', ...report.arms.map((a) => a.name)], rows }, width);

  const others = report.arms.slice(1);
  if (others.length > 0) {
    text += '\n' + wrap(`Paired difference from the baseline "${report.arms[0].name}" (arm minus baseline, replication by replication)`, width) + '\n';
    const diffRows: Row[] = DIFF.map((m) => ({ label: withUnit(METRIC[m].label, unitText(METRIC[m].unit, s.currency, true)), cells: cells(others.map((a) => a.diff![m]), m, true) }));
    const cv = controlledRow(others);
    if (cv?.cells) diffRows.splice(1, 0, { label: withUnit(`${METRIC['cost.total'].label}, without control variates`, unitText(METRIC['cost.total'].unit, s.currency, true)), cells: cv.cells });
    text += renderTable({ header: ['', ...others.map((a) => a.name)], rows: diffRows }, width);
    if (cv) text += wrap(cv.note, width);
  }
  return text;
}

/**
 * Where an arm has control variates (ArmReport.controlled, cost.total): the paired table's total
 * cost row is the controlled estimate where it is trusted (arm.diff holds it), and a row under it
 * (`cells`, only when some arm's is trusted) the plain estimate it replaced, "—" where the row above
 * is already plain; the note says which. Null when no arm has controls.
 */
function controlledRow(others: Report['arms']): { cells: Cell[] | null; note: string } | null {
  const cv = others.map((a) => a.controlled?.diff['cost.total']);
  if (cv.every((c) => c === undefined)) return null;
  const plain = others.map((a, k) => (cv[k]?.trusted ? a.controlled!.plain?.['cost.total'] : undefined));
  const out = cells(plain.map((e, k) => e ?? others[k].diff!['cost.total']), 'cost.total', true).map((cell, k) => (plain[k] ? cell : { value: '—', note: '' }));
  const used = others.flatMap((a, k) => (cv[k]?.trusted ? [`"${a.name}"`] : []));
  const off = cv.flatMap((c, k) => (c && !c.trusted ? [`"${others[k].name}": ${c.reason}`] : []));
  const why = 'docs/statistics.md, "Control variates"';
  const note = used.length
    ? `Total cost: adjusted by control variates (the runaway faults' known expected volume, over batches × replications: ${why}) for ${used.join(', ')}` + (off.length ? `; plain where they may cover less than 95 % (${off.join('; ')}).` : '.')
    : `Total cost: plain; control variates off where they may cover less than 95 % (${why}: ${off.join('; ')}).`;
  return { cells: used.length ? out : null, note };
}

/** One row's cells, with the same number of decimals across the row (none if all are whole numbers; 2 for a percentage). */
function cells(estimates: Estimate[], metric: MetricName, signed = false): Cell[] {
  const { scale, unit } = METRIC[metric];
  const fixed = unit === 'fraction' ? 2 : undefined;
  const all = estimates.flatMap((e) => [e.mean, e.lo ?? e.mean, e.hi ?? e.mean]).map((x) => Math.abs(x * scale));
  const big = Math.max(...all);
  const decimals = fixed ?? (all.every(Number.isInteger) || big >= 1000 ? 0 : big >= 100 ? 1 : big >= 1 ? 2 : 3);
  const f = (x: number) => number(x * scale, decimals, signed);
  // No interval (the header says why) and an interval without spread (every replication alike) both show the mean alone.
  return estimates.map((e) => ({ value: f(e.mean), note: e.lo === null || e.hi === null || f(e.lo) === f(e.hi) ? '' : `[${f(e.lo)}, ${f(e.hi)}]` }));
}

/** Which 95 % interval the table shows (Report.intervals). */
function intervalText(report: Report): string {
  const { headline } = report.intervals;
  if (headline === 'replications') return '95 % interval over replications';
  if (headline === 'none') return 'no interval: one replication of one batch (64 cards or fewer); run 2 replications or more';
  // Batches of 64 × 2^k cards on a grid of their own (engine/batches.ts), whatever the block size; counted in the baseline.
  const n = report.arms[0].batchMeans?.blocks ?? report.arms.find((a) => a.batchMeans)?.batchMeans?.blocks;
  const cards = report.scenario.cards.toLocaleString('en-US');
  return `95 % interval from batch means over ${n === undefined ? 'batches' : `${n.toLocaleString('en-US')} batch${n === 1 ? '' : 'es'}`} of the ${cards} cards (one replication)`;
}

/** Warnings for metrics whose replication totals are too skewed for the number of replications. */
function skewText(report: Report, width: number): string {
  let text = '';
  for (const a of report.arms) {
    for (const w of a.diagnostics.skewed) {
      text += wrap(`Warning: "${a.name}" ${w.metric}: replication totals skewed (G1 = ${w.skewness.toFixed(2)}); its 95 % interval may cover less than 95 % with ${w.replications} replications (about ${w.needed} wanted).`, width);
    }
  }
  return text;
}

function number(x: number, decimals: number, signed: boolean): string {
  const text = x.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  const zero = /^-?[0.,]+$/.test(text);
  if (zero) return text.replace('-', '');
  return signed && x > 0 ? `+${text}` : text;
}

/**
 * The fleet's size: the scenario's (the baseline arm's), or, where arms simulate fleets of other
 * sizes (an arm's own cohorts), each arm's, counted from its downtime histogram (one entry per card).
 */
function fleetText(report: Report): string {
  const counts = report.arms.map((a) => Math.round(a.downtimeHistogram.cards.reduce((x, y) => x + y, 0)));
  if (counts.every((n) => n === counts[0])) return plural(report.scenario.cards, 'card');
  return `${plural(counts[0], 'card')} in "${report.arms[0].name}" (${report.arms.slice(1).map((a, k) => `${counts[k + 1].toLocaleString('en-US')} in "${a.name}"`).join(', ')})`;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}
