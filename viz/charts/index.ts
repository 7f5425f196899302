import type { Report } from '../../engine/index.ts';
import { costChart, costCsv } from './cost.ts';
import { diffChart, diffCsv } from './diff.ts';
import { downtimeChart, downtimeCsv } from './downtime.ts';
import { fleetStateChart, fleetStateCsv } from './fleet-state.ts';
import { morrisChart, morrisCsv, sobolChart, sobolCsv } from './global.ts';
import { heatmapChart, heatmapCsv, sweepGrid } from './heatmap.ts';
import { histogramChart, histogramCsv } from './histogram.ts';
import { tornadoChart, tornadoCsv } from './tornado.ts';
import { tradeoffChart, tradeoffCsv } from './tradeoff.ts';

export { timelineChart, timelineCsv, spans, type CardTrace } from './timeline.ts';

/** Page-level switches some charts read. */
export interface ChartSwitches {
  stoppedOnly: boolean;
  histogramLog: boolean;
}

/** A chart of the report as the page lists it. */
export interface ReportChart {
  id: string;
  title: string;
  /** One sentence under the title: what the chart shows. */
  about: string;
  draw(report: Report, width: number, switches: ChartSwitches): SVGSVGElement;
  csv(report: Report): (string | number)[][];
  /** Whether the report has what the chart shows. [default: always] */
  when?(report: Report): boolean;
  /** Whether the chart shows only the arms' metrics and their intervals, so that a provisional answer (engine/sample.ts) redraws it; other charts wait for the exact report. [default: false] */
  estimates?: boolean;
}

export const REPORT_CHARTS: ReportChart[] = [
  {
    id: 'sweep', estimates: true, title: 'Sweep: the objective over both factors',
    about: "One cell per arm of the two-factor sweep, coloured by the ranking's objective (light is better); ★ the ranking's choice; crossed: fails a constraint.",
    draw: (r, width) => heatmapChart(r, { width }), csv: heatmapCsv, when: (r) => sweepGrid(r) !== null,
  },
  {
    id: 'cost', estimates: true, title: 'Cost per arm by category',
    about: 'Mean cost over the horizon per category, stacked; the whisker is the 95 % interval of the total.',
    draw: (r, width) => costChart(r, { width }), csv: costCsv,
  },
  {
    id: 'downtime', estimates: true, title: 'Downtime and availability per arm',
    about: 'Card-days down, split by the reason that caused them, and availability, each with its 95 % interval.',
    draw: (r, width) => downtimeChart(r, { width }), csv: downtimeCsv,
  },
  {
    id: 'diff', estimates: true, title: 'Paired difference from the baseline',
    about: 'Each arm minus the baseline, replication by replication: an interval that does not cross the dashed zero line is a real difference.',
    draw: (r, width) => diffChart(r, { width }), csv: diffCsv,
  },
  {
    id: 'tradeoff', estimates: true, title: 'Cost against downtime',
    about: "Total cost (downtime valued) against card-days down; ringed: the report's Pareto front (no other arm both cheaper and less down); ★ the ranking's choice.",
    draw: (r, width) => tradeoffChart(r, { width }), csv: tradeoffCsv,
  },
  {
    id: 'tornado', title: 'Sensitivity: does the choice hold?',
    about: "Each parameter one at a time at its low and its high value: the bar runs from the best arm's objective at low to that at high (widest swing first); dashed: the main run; ⚠ and vermillion: the best arm changes.",
    draw: (r, width) => tornadoChart(r, { width }), csv: tornadoCsv, when: (r) => r.sensitivity !== undefined,
  },
  {
    id: 'morris', title: 'Global sensitivity: Morris effects',
    about: "Each parameter moved across its whole range from many points of a Latin hypercube (--morris): μ* its importance, σ how much its effect depends on the others; right of the dashed line mostly linear and additive.",
    draw: (r, width) => morrisChart(r, { width }), csv: morrisCsv, when: (r) => r.morris !== undefined,
  },
  {
    id: 'sobol', title: 'Global sensitivity: Sobol indices',
    about: "Each parameter's share of the variance of the best arm's objective over the ranges (--sobol): alone (first-order) and with its interactions (total).",
    draw: (r, width) => sobolChart(r, { width }), csv: sobolCsv, when: (r) => r.sobol !== undefined,
  },
  {
    id: 'fleet-state', title: 'Fleet state over time',
    about: 'Average number of cards per day online, stopped for each reason, and cancelled, month by month, per arm.',
    draw: (r, width, s) => fleetStateChart(r, { width, stoppedOnly: s.stoppedOnly }), csv: fleetStateCsv,
  },
  {
    id: 'histogram', title: 'Downtime days per card',
    about: 'How many cards were down for how long over the horizon (mean over replications).',
    draw: (r, width, s) => histogramChart(r, { width, log: s.histogramLog }), csv: histogramCsv,
  },
];
