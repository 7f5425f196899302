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
  private readonly drawn = new Map<string, { report: Report; key: string; at: number }>();
  private drawnHead: { report: Report | null; key: string } = { report: null, key: '' };
  private width = 800;
  private clock = 0;
  private pumping = false;
  private firstDrawn: Report | null = null;

  /**
   * `shown` gives the report on show; `redraw` asks for a render (at the next frame); `onSettled`
   * is told each time every chart shows it.
   */
  constructor(private readonly shown: () => Shown | null, private readonly redraw: () => void, private readonly onSettled: () => void = () => {}) {
    for (const chart of REPORT_CHARTS) {
      const section = document.createElement('section');
      section.className = 'chart';
      section.id = `chart-${chart.id}`;
      section.dataset.chart = chart.id;
      section.hidden = true;
      section.innerHTML = `<div class="chart-head"><h2></h2><div class="tools"></div></div><p class="about"></p><div class="figure"></div>`;
      section.append(dataTable(() => { const r = this.drawn.get(chart.id)?.report; return r ? chart.csv(r) : null; }));
      section.querySelector('h2')!.textContent = chart.title;
      section.querySelector('.about')!.textContent = chart.about;
      const tools = section.querySelector('.tools')!;
      if (chart.id === 'fleet-state') tools.append(this.toggle('stoppedOnly', 'stopped cards only'));
      if (chart.id === 'histogram') tools.append(this.toggle('histogramLog', 'log scale'));
      tools.append(...exportButtons());
      section.addEventListener('click', (e) => {
        const kind = (e.target as HTMLElement).dataset?.export;
        const report = this.drawn.get(chart.id)?.report;
        if (kind && report) exportChart(section, chart.id, kind, () => chart.csv(report), imageSource(chart.title, report));
      });
      $('charts').append(section);
      this.sections.set(chart.id, section);
    }
    // The charts' width, told after layout (never read in the middle of writes, which would force a layout).
    new ResizeObserver((entries) => {
      const width = Math.max(640, Math.floor(entries[0].contentRect.width - 30));
      if (width !== this.width) { this.width = width; this.redraw(); }
    }).observe($('charts'));
  }

  /**
   * Draws the report on show; `requested` is the edited scenario's replication count (shown beside
   * a partial report's). The head and the ranking are drawn now; the charts one per task (so no
   * task runs long, however many charts), each only when what it shows changed (the report, the
   * width, its switch), the least recently drawn first. Nothing here reads layout: the width comes
   * from a ResizeObserver.
   */
  render(requested: number | undefined): void {
    const shown = this.shown();
    if (!shown) { this.onSettled(); return; }
    const { report: r, partial } = shown;
    const headKey = `${partial}/${r.scenario.replications}/${requested}/${shown.source}/${shown.sample?.cards}`;
    if (this.drawnHead.report !== r || this.drawnHead.key !== headKey) {
      this.drawnHead = { report: r, key: headKey };
      this.renderHead(shown, requested);
      const ranking = $('ranking');
      ranking.hidden = !r.ranking;
      if (r.ranking) renderRanking(ranking, r);
    }
    for (const chart of REPORT_CHARTS) {
      const section = this.sections.get(chart.id)!;
      const hidden = chart.when ? !chart.when(r) : false;
      if (section.hidden !== hidden) section.hidden = hidden;
      // A provisional answer redraws only the charts of estimates; the others wait, marked, for the exact report.
      const waiting = !hidden && shown.sample !== undefined && !chart.estimates;
      if (section.classList.contains('waiting') !== waiting) section.classList.toggle('waiting', waiting);
    }
    this.pump();
  }

  /** The charts' width in px, as read at the last render (before its writes). */
  get chartWidth(): number {
    return this.width;
  }

  private renderHead(shown: Shown, requested: number | undefined): void {
    const { report: r, partial } = shown;
    const s = r.scenario;
    const head = $('report-head');
    head.innerHTML = '<h2></h2><p class="question"></p><p class="meta"></p>';
    head.querySelector('h2')!.textContent = s.name;
    head.querySelector('.question')!.textContent = s.question;
    const reps = shown.sample ? `provisional: estimate from ${sampled(shown.sample)}`
      : partial ? `partial: ${s.replications} of ${requested ?? '?'} replications` : `${s.replications} replication${s.replications === 1 ? '' : 's'}`;
    const meta = head.querySelector('.meta')!;
    meta.append(
      Object.assign(document.createElement('span'), { className: partial ? 'partial' : '', textContent: reps }),
      ` · ${s.cards.toLocaleString('en-US')} cards · ${s.months} months from ${s.start} · seed ${s.seed} · hash ${s.hash.slice(0, 12)} · ${r.engine.name} ${r.engine.version} · ${shown.source}`,
    );
  }

  /** What a chart would show now: the report, the width and the switch it reads. */
  private wanted(id: string): { report: Report; key: string } | null {
    const shown = this.shown();
    if (!shown) return null;
    // A provisional answer leaves a chart that is not of estimates as it is (it shows the last exact report).
    if (shown.sample && !REPORT_CHARTS.find((c) => c.id === id)!.estimates) return this.drawn.get(id) ?? null;
    const r = shown.report;
    const sw = id === 'fleet-state' ? this.switches.stoppedOnly : id === 'histogram' ? this.switches.histogramLog : '';
    return { report: r, key: `${this.width}/${sw}` };
  }

  /** The chart to draw next: out of date and not hidden, the least recently drawn first. */
  private next(): (typeof REPORT_CHARTS)[number] | null {
    let pick: (typeof REPORT_CHARTS)[number] | null = null, oldest = Infinity;
    for (const chart of REPORT_CHARTS) {
      if (this.sections.get(chart.id)!.hidden) continue;
      const want = this.wanted(chart.id), have = this.drawn.get(chart.id);
      if (!want || (have && have.report === want.report && have.key === want.key)) continue;
      const at = have?.at ?? -1;
      if (at < oldest) { oldest = at; pick = chart; }
    }
    return pick;
  }

  /** Draws one out-of-date chart, then yields to the event loop before the next. */
  private pump(): void {
    if (this.pumping) return;
    const chart = this.next();
    if (!chart) { this.onSettled(); return; }
    this.pumping = true;
    const want = this.wanted(chart.id)!;
    const section = this.sections.get(chart.id)!;
    // A chart that cannot draw this report says so in its place and the others still draw: a
    // throw must neither skip the next task (every later pump would return at once) nor be lost.
    try {
      section.querySelector<HTMLElement>('.figure')!.replaceChildren(chart.draw(want.report, this.width, this.switches));
      refreshTable(section);
      if (want.report !== this.firstDrawn) {
        this.firstDrawn = want.report;
        const draws = (window.__simlapseDraws ??= []);
        const sample = this.shown()?.report === want.report ? this.shown()?.sample : undefined;
        draws.push({ hash: want.report.scenario.hash, replications: want.report.scenario.replications, headline: want.report.intervals.headline, at: performance.now(), ...(sample && { provisional: sampled(sample) }) });
        if (draws.length > 50) draws.shift();
      }
    } catch (err) {
      console.error(err);
      const p = Object.assign(document.createElement('p'), { className: 'chart-error', textContent: `Cannot draw ${chart.title} for this report: ${err instanceof Error ? err.message : String(err)}` });
      section.querySelector<HTMLElement>('.figure')!.replaceChildren(p);
    } finally {
      this.drawn.set(chart.id, { ...want, at: ++this.clock });
      setTimeout(() => { this.pumping = false; this.pump(); }, 0);
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

/** A provisional answer's sample in words: "512 of 10,000 cards". */
function sampled(s: { cards: number; of: number }): string {
  return `${s.cards.toLocaleString('en-US')} of ${s.of.toLocaleString('en-US')} cards`;
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
