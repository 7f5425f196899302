import type { Report } from '../engine/index.ts';
import { REPORT_CHARTS, type ChartSwitches } from './charts/index.ts';
import { toCsv } from '../csv/index.ts';
import { $ } from './dom.ts';
import { download, pngBlob, svgText, type ImageSource } from './download.ts';
import { dataTable, refreshTable } from './data-table.ts';
import { renderRanking } from './ranking.ts';
import type { Shown } from './shown.ts';

/**
 * The report's head, its ranking and one section per chart, each with its export buttons;
 * owns the charts' switches (stopped cards only, log scale).
 */
export class ReportView {
  private readonly sections = new Map<string, HTMLElement>();
  private readonly switches: ChartSwitches = { stoppedOnly: false, histogramLog: true };

  /** `shown` gives the report on show; `redraw` asks for a render (at the next frame). */
  constructor(private readonly shown: () => Shown | null, private readonly redraw: () => void) {
    for (const chart of REPORT_CHARTS) {
      const section = document.createElement('section');
      section.className = 'chart';
      section.id = `chart-${chart.id}`;
      section.dataset.chart = chart.id;
      section.hidden = true;
      section.innerHTML = `<div class="chart-head"><h2></h2><div class="tools"></div></div><p class="about"></p><div class="figure"></div>`;
      section.append(dataTable(() => { const r = this.shown()?.report; return r ? chart.csv(r) : null; }));
      section.querySelector('h2')!.textContent = chart.title;
      section.querySelector('.about')!.textContent = chart.about;
      const tools = section.querySelector('.tools')!;
      if (chart.id === 'fleet-state') tools.append(this.toggle('stoppedOnly', 'stopped cards only'));
      if (chart.id === 'histogram') tools.append(this.toggle('histogramLog', 'log scale'));
      tools.append(...exportButtons());
      section.addEventListener('click', (e) => {
        const kind = (e.target as HTMLElement).dataset?.export;
        const report = this.shown()?.report;
        if (kind && report) exportChart(section, chart.id, kind, () => chart.csv(report), imageSource(chart.title, report));
      });
      $('charts').append(section);
      this.sections.set(chart.id, section);
    }
  }

  /** Draws the report on show; `requested` is the edited scenario's replication count (shown beside a partial report's). */
  render(requested: number | undefined): void {
    const shown = this.shown();
    const head = $('report-head');
    if (!shown) return;
    const { report: r, partial } = shown;
    const s = r.scenario;
    head.innerHTML = '<h2></h2><p class="question"></p><p class="meta"></p>';
    head.querySelector('h2')!.textContent = s.name;
    head.querySelector('.question')!.textContent = s.question;
    const reps = partial ? `partial: ${s.replications} of ${requested ?? '?'} replications` : `${s.replications} replication${s.replications === 1 ? '' : 's'}`;
    const meta = head.querySelector('.meta')!;
    meta.append(
      Object.assign(document.createElement('span'), { className: partial ? 'partial' : '', textContent: reps }),
      ` · ${s.cards.toLocaleString('en-US')} cards · ${s.months} months from ${s.start} · seed ${s.seed} · hash ${s.hash.slice(0, 12)} · ${r.engine.name} ${r.engine.version} · ${shown.source}`,
    );
    const ranking = $('ranking');
    ranking.hidden = !r.ranking;
    if (r.ranking) renderRanking(ranking, r);
    for (const chart of REPORT_CHARTS) {
      const section = this.sections.get(chart.id)!;
      section.hidden = chart.when ? !chart.when(r) : false;
      if (section.hidden) continue;
      const fig = section.querySelector<HTMLElement>('.figure')!;
      fig.replaceChildren(chart.draw(r, Math.max(640, Math.floor(fig.clientWidth || 800)), this.switches));
      refreshTable(section);
    }
  }

  private toggle(key: keyof ChartSwitches, label: string): HTMLLabelElement {
    const l = document.createElement('label');
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = this.switches[key];
    box.addEventListener('change', () => { this.switches[key] = box.checked; this.redraw(); });
    l.append(box, ` ${label}`);
    return l;
  }
}

/** Downloads a chart as SVG, PNG (both naming the scenario, seed and hash of `source`) or CSV (its rows). */
export async function exportChart(section: HTMLElement, id: string, kind: string, rows: () => (string | number)[][], source: ImageSource): Promise<void> {
  const svg = section.querySelector<SVGSVGElement>('.figure svg');
  const name = `simlapse-${id}`;
  if (kind === 'csv') download(`${name}.csv`, new Blob([toCsv(rows())], { type: 'text/csv' }));
  else if (svg && kind === 'svg') download(`${name}.svg`, new Blob([svgText(svg, source)], { type: 'image/svg+xml' }));
  else if (svg && kind === 'png') download(`${name}.png`, await pngBlob(svg, 2, source));
}

/** What an exported image of a chart of this report names: the chart, the scenario, its seed and hash. */
export function imageSource(chart: string, report: Report): ImageSource {
  return { chart, scenario: report.scenario.name, seed: report.scenario.seed, hash: report.scenario.hash };
}

function exportButtons(): HTMLButtonElement[] {
  return ['svg', 'png', 'csv'].map((k) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.dataset.export = k;
    b.textContent = k.toUpperCase();
    b.title = k === 'csv' ? "Download the chart's data as CSV" : `Download the chart as ${k.toUpperCase()}`;
    return b;
  });
}
