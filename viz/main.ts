import { runnable, runParallel, runSensitivity, traceCard, type ExperimentConfig, type Report, type ScenarioConfig } from '../engine/index.ts';
import { parseScenario, ScenarioError } from '../scenarios/index.ts';
import { REPORT_CHARTS, timelineChart, timelineCsv, type CardTrace, type ChartSwitches } from './charts/index.ts';
import { toCsv } from '../csv/index.ts';
import { download, pngBlob, svgText } from './download.ts';
import { Editor } from './editor.ts';
import { EXAMPLES } from './examples.ts';
import { Progress } from './progress.ts';
import { renderRanking } from './ranking.ts';
import { forget, loadSaved, save } from './storage.ts';
import { installTooltip } from './tooltip.ts';
import { defaultWorkers, spawnBrowserWorker } from './workers.ts';

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

const state = {
  file: 'scenario.yaml',
  /** The last scenario that parsed, or null while the text has problems. */
  scenario: null as ExperimentConfig | null,
  report: null as Report | null,
  /** Replications in the report so far, while a run streams in. */
  partial: false,
  /** Where the report came from: a run in this page, or a report.json. */
  source: '' as string,
  /** The scenario the report was run from, for tracing a card (null when unknown). */
  reportScenario: null as ScenarioConfig | null,
  running: null as AbortController | null,
  switches: { stoppedOnly: false, histogramLog: true } as ChartSwitches,
};

const editor = new Editor($('source'), $('gutter'), $<HTMLUListElement>('issues'), onEdit);
const progress = new Progress($('progress-fill'), $('progress-text'));
const exampleSelect = $<HTMLSelectElement>('example');
const workersInput = $<HTMLInputElement>('workers');
workersInput.value = String(defaultWorkers());
installTooltip(document.body);

// Redraw at most once per frame, whatever changed in between.
let frame = 0;
const dirty = new Set<'charts' | 'timeline'>();
function schedule(what: 'charts' | 'timeline'): void {
  dirty.add(what);
  frame ||= requestAnimationFrame(() => {
    frame = 0;
    if (dirty.has('charts')) renderReport();
    if (dirty.has('charts') || dirty.has('timeline')) renderTimeline();
    dirty.clear();
  });
}

// ── the scenario ────────────────────────────────────────────────────────────

for (const ex of EXAMPLES) exampleSelect.append(new Option(ex.file, ex.file));
exampleSelect.append(new Option('(edited)', ''));
exampleSelect.addEventListener('change', () => {
  const ex = EXAMPLES.find((e) => e.file === exampleSelect.value);
  if (ex) setScenarioText(ex.file, ex.text);
});

$('revert').addEventListener('click', () => {
  forget();
  const ex = EXAMPLES.find((e) => e.file === state.file) ?? EXAMPLES[0];
  setScenarioText(ex.file, ex.text);
});

function setScenarioText(file: string, text: string, persist = true): void {
  state.file = file;
  editor.text = text;
  $('file-name').textContent = file;
  syncExampleSelect();
  validate();
  if (persist) save({ file, text });
}

function syncExampleSelect(): void {
  const ex = EXAMPLES.find((e) => e.file === state.file && e.text === editor.text);
  exampleSelect.value = ex ? ex.file : '';
}

let validateTimer = 0;
function onEdit(): void {
  save({ file: state.file, text: editor.text });
  syncExampleSelect();
  clearTimeout(validateTimer);
  validateTimer = window.setTimeout(validate, 200);
}

/** Parses the editor's text with the CLI's loader; shows every problem inline. */
function validate(): ExperimentConfig | null {
  clearTimeout(validateTimer);
  const validity = $('validity');
  try {
    const s = parseScenario(editor.text, { file: state.file });
    state.scenario = s;
    editor.showIssues([]);
    const cards = s.arms[0].cohorts.reduce((t, c) => t + c.count, 0);
    validity.className = 'validity ok';
    validity.textContent = `✓ ${s.arms.length} arm${s.arms.length === 1 ? '' : 's'}, ${cards.toLocaleString('en-US')} cards, ${s.replications} replication${s.replications === 1 ? '' : 's'}`;
  } catch (err) {
    state.scenario = null;
    validity.className = 'validity bad';
    if (err instanceof ScenarioError) {
      editor.showIssues(err.issues);
      validity.textContent = `${err.issues.length} problem${err.issues.length === 1 ? '' : 's'}`;
    } else {
      editor.showIssues([], [err instanceof Error ? err.message : String(err)]);
      validity.textContent = 'cannot read';
    }
  }
  $<HTMLButtonElement>('run').disabled = state.scenario === null || state.running !== null;
  return state.scenario;
}

$<HTMLInputElement>('open').addEventListener('change', async (e) => {
  const input = e.target as HTMLInputElement;
  const f = input.files?.[0];
  input.value = '';
  if (!f) return;
  const text = await f.text();
  const report = asReport(text);
  if (report) {
    if (state.running) return;
    const s = validate();
    state.reportScenario = s && s.hash === report.scenario.hash ? { ...s, seed: report.scenario.seed } : null;
    showReport(report, false, `opened from ${f.name}`);
    window.__simlapseReport = report;
    document.body.dataset.runState = 'idle';
    progress.message(`Opened ${f.name}.`);
  } else {
    setScenarioText(f.name, text);
  }
});

/** The text as a report.json written by the CLI, or null when it is something else (a scenario). */
function asReport(text: string): Report | null {
  try {
    const v = JSON.parse(text);
    if (v && v.format === 'simlapse-report' && v.version === 1 && Array.isArray(v.arms) && Array.isArray(v.months)) return v as Report;
  } catch {
    // Not JSON: a YAML scenario.
  }
  return null;
}

// ── runs ────────────────────────────────────────────────────────────────────

$('run').addEventListener('click', () => void run());
$('cancel').addEventListener('click', () => state.running?.abort(new DOMException('Cancelled', 'AbortError')));
$('save-report').addEventListener('click', () => {
  if (state.report && !state.partial) download('report.json', new Blob([JSON.stringify(state.report, null, 2) + '\n'], { type: 'application/json' }));
});

async function run(): Promise<void> {
  const scenario = validate();
  if (!scenario || state.running) return;
  const workers = Math.max(1, Math.floor(Number(workersInput.value)) || defaultWorkers());
  const controller = new AbortController();
  state.running = controller;
  setRunning(true);
  document.body.dataset.runState = 'running';
  progress.start(workers);
  try {
    // As the CLI: the main run without the sensitivity cases, then (with `sensitivity:`) every arm
    // at each parameter's low and high value through the engine's runSensitivity, on the same workers.
    const main = runnable(scenario);
    const variants = 2 * (scenario.sensitivity?.length ?? 0);
    let phase = 0;
    const onProgress = (p: { done: number; total: number }) =>
      progress.update({ done: phase * p.total + p.done, total: p.total * (1 + variants) });
    const report = await runParallel(main, {
      workers,
      spawn: spawnBrowserWorker,
      signal: controller.signal,
      onProgress,
      onPartial: (r) => {
        state.reportScenario = main;
        showReport(r, true, 'running');
      },
    });
    state.reportScenario = main;
    const source = `run in this page on ${workers} worker${workers === 1 ? '' : 's'}`;
    if (scenario.sensitivity) {
      showReport(report, false, `${source}; sensitivity: running ${variants} variant runs…`);
      report.sensitivity = await runSensitivity(scenario, report, {
        run: (s, label) => {
          phase++;
          progress.label(`sensitivity ${phase} of ${variants}: ${label}`);
          return runParallel(s, { workers, spawn: spawnBrowserWorker, signal: controller.signal, onProgress });
        },
      });
      progress.label('');
    }
    window.__simlapseReport = report;
    showReport(report, false, source);
    progress.finish('done');
    document.body.dataset.runState = 'done';
  } catch (err) {
    if (controller.signal.aborted) {
      progress.finish('cancelled');
      document.body.dataset.runState = 'cancelled';
    } else {
      progress.finish('error', err instanceof Error ? err.message : String(err));
      document.body.dataset.runState = 'error';
    }
  } finally {
    state.running = null;
    setRunning(false);
  }
}

function setRunning(on: boolean): void {
  $<HTMLButtonElement>('run').disabled = on || state.scenario === null;
  $<HTMLButtonElement>('cancel').disabled = !on;
  $<HTMLButtonElement>('save-report').disabled = on || !state.report || state.partial;
  $<HTMLInputElement>('open').disabled = on;
}

// ── the report ──────────────────────────────────────────────────────────────

function showReport(report: Report, partial: boolean, source: string): void {
  state.report = report;
  state.partial = partial;
  state.source = source;
  $<HTMLButtonElement>('save-report').disabled = partial || state.running !== null;
  schedule('charts');
}

const chartSections = new Map<string, HTMLElement>();
for (const chart of REPORT_CHARTS) {
  const section = document.createElement('section');
  section.className = 'chart';
  section.id = `chart-${chart.id}`;
  section.dataset.chart = chart.id;
  section.hidden = true;
  section.innerHTML = `<div class="chart-head"><h2></h2><div class="tools"></div></div><p class="about"></p><div class="figure"></div>`;
  section.querySelector('h2')!.textContent = chart.title;
  section.querySelector('.about')!.textContent = chart.about;
  const tools = section.querySelector('.tools')!;
  if (chart.id === 'fleet-state') tools.append(toggle('stoppedOnly', 'stopped cards only'));
  if (chart.id === 'histogram') tools.append(toggle('histogramLog', 'log scale'));
  tools.append(...exportButtons());
  section.addEventListener('click', (e) => {
    const kind = (e.target as HTMLElement).dataset?.export;
    if (kind && state.report) exportChart(section, chart.id, kind, () => chart.csv(state.report!));
  });
  $('charts').append(section);
  chartSections.set(chart.id, section);
}

function toggle(key: keyof ChartSwitches, label: string): HTMLLabelElement {
  const l = document.createElement('label');
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.checked = state.switches[key];
  box.addEventListener('change', () => { state.switches[key] = box.checked; schedule('charts'); });
  l.append(box, ` ${label}`);
  return l;
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

async function exportChart(section: HTMLElement, id: string, kind: string, rows: () => (string | number)[][]): Promise<void> {
  const svg = section.querySelector<SVGSVGElement>('.figure svg');
  const name = `simlapse-${id}`;
  if (kind === 'csv') download(`${name}.csv`, new Blob([toCsv(rows())], { type: 'text/csv' }));
  else if (svg && kind === 'svg') download(`${name}.svg`, new Blob([svgText(svg)], { type: 'image/svg+xml' }));
  else if (svg && kind === 'png') download(`${name}.png`, await pngBlob(svg));
}

function renderReport(): void {
  const r = state.report;
  const head = $('report-head');
  if (!r) return;
  const s = r.scenario;
  head.innerHTML = '<h2></h2><p class="question"></p><p class="meta"></p>';
  head.querySelector('h2')!.textContent = s.name;
  head.querySelector('.question')!.textContent = s.question;
  const reps = state.partial ? `partial: ${s.replications} of ${state.scenario?.replications ?? '?'} replications` : `${s.replications} replication${s.replications === 1 ? '' : 's'}`;
  const meta = head.querySelector('.meta')!;
  meta.append(
    Object.assign(document.createElement('span'), { className: state.partial ? 'partial' : '', textContent: reps }),
    ` · ${s.cards.toLocaleString('en-US')} cards · ${s.months} months from ${s.start} · seed ${s.seed} · hash ${s.hash.slice(0, 12)} · ${r.engine.name} ${r.engine.version} · ${state.source}`,
  );
  const ranking = $('ranking');
  ranking.hidden = !r.ranking;
  if (r.ranking) renderRanking(ranking, r);
  for (const chart of REPORT_CHARTS) {
    const section = chartSections.get(chart.id)!;
    section.hidden = chart.when ? !chart.when(r) : false;
    if (section.hidden) continue;
    const fig = section.querySelector<HTMLElement>('.figure')!;
    fig.replaceChildren(chart.draw(r, Math.max(640, Math.floor(fig.clientWidth || 800)), state.switches));
  }
}

// ── one card's timeline ─────────────────────────────────────────────────────

const traceArm = $<HTMLSelectElement>('trace-arm');
const traceRep = $<HTMLInputElement>('trace-rep');
const traceCardInput = $<HTMLInputElement>('trace-card');
for (const el of [traceArm, traceRep, traceCardInput]) el.addEventListener('change', () => schedule('timeline'));
$('timeline').addEventListener('click', (e) => {
  const kind = (e.target as HTMLElement).dataset?.export;
  const t = currentTrace();
  if (kind && t) exportChart($('timeline'), 'card-timeline', kind, () => timelineCsv(t));
});
$('trace-next').addEventListener('click', () => {
  const s = state.reportScenario, r = state.report;
  if (!s || !r) return;
  const arm = Number(traceArm.value) || 0, rep = Number(traceRep.value) || 0;
  const from = (Number(traceCardInput.value) || 0) + 1, deadline = performance.now() + 150;
  for (let c = from; c < r.scenario.cards && performance.now() < deadline; c++) {
    if (traceCard(s, { arm, replication: rep, card: c }).some((e) => e.kind === 'stop')) {
      traceCardInput.value = String(c);
      schedule('timeline');
      return;
    }
  }
  $('trace-note').textContent = `No stopped card found from card ${from} within a short search; try a later card.`;
});

let lastTrace: { key: string; trace: CardTrace | null; error: string } = { key: '', trace: null, error: '' };
function currentTrace(): CardTrace | null {
  const s = state.reportScenario, r = state.report;
  if (!s || !r) return null;
  const arm = Math.min(Math.max(0, Number(traceArm.value) || 0), s.arms.length - 1);
  const replication = Math.max(0, Math.floor(Number(traceRep.value) || 0));
  const card = Math.max(0, Math.floor(Number(traceCardInput.value) || 0));
  const key = `${s.hash}/${s.seed}/${arm}/${replication}/${card}`;
  if (key === lastTrace.key) return lastTrace.trace;
  try {
    const events = traceCard(s, { arm, replication, card });
    lastTrace = { key, trace: { events, start: r.scenario.start, days: r.scenario.days, label: `${s.arms[arm].name}, replication ${replication}, card ${card}` }, error: '' };
  } catch (err) {
    lastTrace = { key, trace: null, error: err instanceof Error ? err.message : String(err) };
  }
  return lastTrace.trace;
}

function renderTimeline(): void {
  const section = $('timeline');
  const r = state.report, s = state.reportScenario;
  if (!r) return;
  section.hidden = false;
  const fig = section.querySelector<HTMLElement>('.figure')!;
  const note = $('trace-note');
  if (!s) {
    fig.replaceChildren();
    note.textContent = 'To trace a card, open the scenario this report was run from (the same content hash).';
    return;
  }
  const names = s.arms.map((a) => a.name).join('\u0000');
  if (traceArm.dataset.names !== names) {
    traceArm.replaceChildren(...s.arms.map((a, k) => new Option(a.name, String(k))));
    traceArm.dataset.names = names;
  }
  traceRep.max = String(r.scenario.replications - 1);
  traceCardInput.max = String(r.scenario.cards - 1);
  const t = currentTrace();
  note.textContent = t ? `${t.events.length} events` : lastTrace.error;
  fig.replaceChildren(...(t ? [timelineChart(t, { width: Math.max(640, Math.floor(fig.clientWidth || 800)) })] : []));
}

let resizeTimer = 0;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => schedule('charts'), 150);
});

// ── start: the saved edit, else the first example ──────────────────────────

const saved = loadSaved();
if (saved) setScenarioText(saved.file, saved.text, false);
else setScenarioText(EXAMPLES[0].file, EXAMPLES[0].text, false);
