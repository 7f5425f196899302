import { traceCard } from '../engine/index.ts';
import { timelineChart, timelineCsv, type CardTrace } from './charts/index.ts';
import { $ } from './dom.ts';
import { download } from './download.ts';
import { EXAMPLES } from './examples.ts';
import { PageFiles } from './files.ts';
import { renderHeldFiles } from './files-view.ts';
import { OPEN_REFUSED, openInTurn, startWritten, type OpenHooks } from './open-files.ts';
import { PageImporter } from './importer.ts';
import { Progress } from './progress.ts';
import { dataTable, refreshTable } from './data-table.ts';
import { exportChart, imageSource, ReportView } from './report-view.ts';
import { RunController } from './run.ts';
import { ScenarioPane } from './scenario-pane.ts';
import { ShownReport } from './shown.ts';
import { loadSaved } from './storage.ts';
import { installTooltip } from './tooltip.ts';
import { findKnobs, KnobPanel, setKind, setKnob } from './knobs/index.ts';
import { defaultWorkers, pagePool } from './workers.ts';
import { largeRunText } from './large-run.ts';

// Each piece owns its state: the pane the edited scenario, the controller the run under way,
// `shown` the report on show (and the scenario it came from), the view the charts' switches.
// The files scenarios read (fleet CSVs, traces): opened with a scenario, imported, or an example's.
const files = new PageFiles(() => renderHeldFiles(files, () => pane.validate('edit')));
const pane: ScenarioPane = new ScenarioPane(files, (why) => {
  if (why === 'typing') { markStale(); return; }
  adoptScenario();
  $<HTMLButtonElement>('run').disabled = pane.scenario === null;
  // A scenario loaded runs at once (the first view shows an answer); a knob or an edit re-runs
  // after a pause, superseding the run under way. The run starts before the knobs are refreshed,
  // so the workers begin while this thread finishes here.
  // `landed`: a file it waited for landed after a report.json was opened; the report stays on show.
  if (why === 'load') runNow();
  else if (why === 'knob' && autoRun.checked) knobRun();
  else if (why === 'edit' && autoRun.checked) runSoon(EDIT_PAUSE_MS);
  // After a knob's own move the panel already shows it: the rest of the panel (a second YAML
  // parse) waits until the first answer has had its turn on this thread.
  if (why === 'knob') refreshKnobsSoon();
  else if (why !== 'check') knobs.update(findKnobs(pane.text));
  markStale();
});
/**
 * An opened report.json whose scenario could not be parsed when it was opened (an example's fleet
 * CSV still loading, say) takes the editor's scenario once it parses, if it is the one the report
 * was run from (same content hash): its cards can then be traced.
 */
function adoptScenario(): void {
  const cur = shown.current, s = pane.scenario;
  if (cur && cur.scenario === null && !cur.partial && s && s.hash === cur.report.scenario.hash) shown.show({ ...cur, scenario: { ...s, seed: cur.report.scenario.seed } });
}
let knobRefresh = 0;
function refreshKnobsSoon(): void {
  if (knobRefresh) return;
  knobRefresh = requestIdleCallback(() => { knobRefresh = 0; knobs.update(findKnobs(pane.text)); }, { timeout: 500 });
}
const knobs = new KnobPanel($('knob-list'), (knob, value) => {
  const text = knob.kind === 'choice' ? setKind(pane.text, knob.path, String(value)) : setKnob(pane.text, knob.path, value);
  if (text !== null && text !== pane.text) pane.edit(text);
});
const autoRun = $<HTMLInputElement>('auto-run');
const progress = new Progress($('progress-fill'), $('progress-text'));
const shown = new ShownReport((s) => {
  $<HTMLButtonElement>('save-report').disabled = s.partial || !!s.incomplete || runs.running;
  markStale();
  schedule('charts');
});
const runs = new RunController(progress, { onRunning: setRunning, onReport: (s) => shown.show(s) });
// body[data-charts] says whether the charts show the report on show yet (`drawn`) or are being drawn (`drawing`).
const view = new ReportView(() => shown.current, () => schedule('charts'), () => { if (!frame) document.body.dataset.charts = 'drawn'; });
// Start the warm pool now: its workers load the engine while the page sets up.
pagePool();
const workersInput = $<HTMLInputElement>('workers');
workersInput.value = String(defaultWorkers());
installTooltip(document.body);

// Redraw at most once per frame, whatever changed in between.
let frame = 0;
const dirty = new Set<'charts' | 'timeline'>();
function schedule(what: 'charts' | 'timeline'): void {
  dirty.add(what);
  if (what === 'charts') document.body.dataset.charts = 'drawing';
  frame ||= requestAnimationFrame(() => {
    frame = 0;
    // A partial report's "k of R replications": R of the run it comes from, not of the editor's text since.
    if (dirty.has('charts')) view.render(shown.current?.scenario?.replications ?? pane.scenario?.replications);
    if (dirty.has('charts') || dirty.has('timeline')) renderTimeline();
    dirty.clear();
  });
}

// ── a report.json opened ────────────────────────────────────────────────────

const openHooks: OpenHooks = {
  report(report, name) {
    // The opened report replaces whatever the run under way would have shown.
    clearTimeout(autoTimer);
    autoTimer = 0;
    runs.cancel(true);
    pane.reportOpened();
    const s = pane.validate();
    shown.show({ report, partial: false, source: `opened from ${name}`, scenario: s && s.hash === report.scenario.hash ? { ...s, seed: report.scenario.seed } : null });
    window.__simlapseReport = report;
    document.body.dataset.runState = 'idle';
    progress.message(`Opened ${name}.`);
  },
  scenario: (name, text) => pane.setText(name, text, 'opened'),
  // A file the scenario lacked runs it as loading it would; otherwise it re-runs as an edit does.
  held: () => { pane.validate(pane.scenario ? 'edit' : 'load'); },
  importExport: (file) => { void importer.open(file); },
};
// A carrier export dropped or opened is imported in a worker; its fleet CSV joins the page's files.
// Its fleet CSV may be the one the editor's scenario reads: the scenario re-runs as it does when a file it reads is opened,
// unless a report.json was opened after the import started (`importAsked`, the latest import's).
let importAsked = 0;
const importer = new PageImporter(
  files,
  () => pane.scenario?.arms[0].start ?? startWritten(pane.text),
  () => { pane.validate(pane.scenario ? 'edit' : 'load', importAsked); },
  () => { importAsked = pane.mark; },
);

// Files are opened one batch at a time, in the order picked or dropped.
// A refused file names itself and why; the editor and the report on show stay as they were. A
// slip of the page's own code (a TypeError) goes to the console, not its raw message to the user.
const open = openInTurn(files, openHooks, (err) => {
  if (err instanceof Error && err.name === OPEN_REFUSED) { progress.message(err.message); return; }
  const slip = !(err instanceof Error) || err instanceof TypeError || err instanceof ReferenceError || err instanceof RangeError;
  if (slip) console.error(err);
  progress.message(`Cannot open: ${slip ? 'the page failed while opening these files (details in the browser console)' : (err as Error).message}`);
});

$<HTMLInputElement>('open').addEventListener('change', async (e) => {
  const input = e.target as HTMLInputElement;
  const list = Array.from(input.files ?? []);
  input.value = '';
  await open(list);
});

// Files dropped anywhere on the page are opened as if picked with Open….
document.addEventListener('dragover', (e) => {
  if (!e.dataTransfer?.types.includes('Files')) return;
  e.preventDefault();
  e.dataTransfer.dropEffect = 'copy';
  document.body.classList.add('dropping');
});
document.addEventListener('dragleave', (e) => { if (e.relatedTarget === null) document.body.classList.remove('dropping'); });
document.addEventListener('drop', (e) => {
  document.body.classList.remove('dropping');
  const list = e.dataTransfer?.files;
  if (!list || list.length === 0) return;
  e.preventDefault();
  void open(Array.from(list));
});

// ── runs ────────────────────────────────────────────────────────────────────

/** Pause after a knob moves before re-running, so a drag runs once it rests (a move from rest runs at once: knobRun). */
const KNOB_PAUSE_MS = 150;
/** Pause after typing (on top of the parse's 200 ms) before re-running. */
const EDIT_PAUSE_MS = 600;
let autoTimer = 0;
let lastKnob = -Infinity;
/** The hash of the scenario the large-run note sizes (null: none shown); the note goes once the editor holds another (a page hunt: it stayed, with a live Run anyway, beside text with problems). */
let largeFor: string | null = null;

/** A knob moved: re-run at once when it was at rest (no move for KNOB_PAUSE_MS: the first answer waits for nothing), else once it rests. */
function knobRun(): void {
  const now = performance.now();
  if (now - lastKnob > KNOB_PAUSE_MS) runNow();
  else runSoon(KNOB_PAUSE_MS);
  lastKnob = now;
}

/**
 * Runs the editor's scenario now (superseding the run under way), when it parses. A run the CLI
 * refuses without --allow-large (engine/size.ts) starts only with `large` (the Run anyway button):
 * else the page says why it is large and leaves the run under way and the results as they are.
 */
function runNow(large = false): void {
  clearTimeout(autoTimer);
  autoTimer = 0;
  const scenario = pane.scenario;
  if (!scenario) return;
  const { workers } = workerCount();
  const why = large ? null : largeRunText(scenario, workers);
  $('large-run-text').textContent = why ?? '';
  $('large-run').hidden = why === null;
  largeFor = why === null ? null : scenario.hash;
  if (why === null) void runs.run(scenario, workers);
  markStale();
}
$('run-large').addEventListener('click', () => {
  if (pane.validate()) runNow(true);
});

/** The Workers box's count, held to its own min and max (a whole number); `note` says what was changed, empty when nothing was. */
function workerCount(): { workers: number; note: string } {
  const text = workersInput.value.trim(), min = Number(workersInput.min), max = Number(workersInput.max);
  if (text === '') return { workers: defaultWorkers(), note: '' };
  const n = Number(text), workers = Math.min(max, Math.max(min, Math.floor(n) || min));
  return { workers, note: Number.isInteger(n) && n === workers ? '' : `Workers ${text}: expected a whole number from ${min} to ${max}; set to ${workers}.` };
}
workersInput.addEventListener('change', () => {
  const { workers, note } = workerCount();
  workersInput.value = String(workers);
  const el = $('workers-note');
  el.textContent = note;
  el.hidden = note === '';
});

function runSoon(ms: number): void {
  clearTimeout(autoTimer);
  autoTimer = window.setTimeout(runNow, ms);
}

/** Marks the results out of date while they do not come from the editor's scenario (another text, another seed, or text with problems). */
function markStale(): void {
  const s = shown.current;
  const p = pane.scenario;
  if (largeFor !== null && (p === null || pane.pending || p.hash !== largeFor)) {
    $('large-run').hidden = true;
    largeFor = null;
  }
  const stale = s !== null && (pane.pending || p === null || p.hash !== s.report.scenario.hash || p.seed !== s.report.scenario.seed);
  document.body.dataset.stale = String(stale);
  $('results').classList.toggle('stale', stale);
  const note = $('stale-note');
  note.hidden = !stale;
  if (stale) {
    note.textContent = p === null
      ? 'Out of date: the scenario has changed since these results and has problems; fix them to run it.'
      // Re-running only when a run is under way or coming (a pause after a knob or an edit, an edit
      // still parsing with re-run on change): an opened report of another scenario waits for Run.
      : largeFor !== null
        ? 'Out of date: the scenario has changed since these results; it is a large run, which starts with Run anyway.'
      : runs.running || autoTimer !== 0 || (autoRun.checked && pane.pending)
        ? 'Out of date: the scenario has changed since these results; re-running…'
        : 'Out of date: the scenario has changed since these results; press Run to update them.';
  }
}

$('run').addEventListener('click', () => {
  if (pane.validate()) runNow();
});
$('cancel').addEventListener('click', () => {
  clearTimeout(autoTimer);
  autoTimer = 0;
  runs.cancel();
});
$('save-report').addEventListener('click', () => {
  const s = shown.current;
  if (s && !s.partial && !s.incomplete) download('report.json', new Blob([JSON.stringify(s.report, null, 2) + '\n'], { type: 'application/json' }));
});

function setRunning(on: boolean): void {
  const s = shown.current;
  $<HTMLButtonElement>('run').disabled = pane.scenario === null;
  $<HTMLButtonElement>('cancel').disabled = !on;
  $<HTMLButtonElement>('save-report').disabled = on || !s || s.partial || !!s.incomplete;
}

// ── one card's timeline ─────────────────────────────────────────────────────

const traceArm = $<HTMLSelectElement>('trace-arm');
const traceRep = $<HTMLInputElement>('trace-rep');
const traceCardInput = $<HTMLInputElement>('trace-card');
for (const el of [traceArm, traceRep, traceCardInput]) el.addEventListener('change', () => schedule('timeline'));
$('timeline').addEventListener('click', (e) => {
  const kind = (e.target as HTMLElement).dataset?.export;
  const t = currentTrace();
  const r = shown.current?.report;
  if (kind && t && r) exportChart($('timeline'), 'card-timeline', kind, () => timelineCsv(t), imageSource(`One card's timeline: ${t.label}`, r));
});
$('trace-next').addEventListener('click', () => {
  const s = shown.current?.scenario, r = shown.current?.report;
  if (!s || !r) return;
  const arm = Number(traceArm.value) || 0, rep = Number(traceRep.value) || 0;
  const from = (Number(traceCardInput.value) || 0) + 1, deadline = performance.now() + 150;
  if (!(rep < r.scenario.replications)) {
    $('trace-note').textContent = `replication ${rep} is not in the report (0 to ${r.scenario.replications - 1})`;
    return;
  }
  for (let c = from; c < r.scenario.cards && performance.now() < deadline; c++) {
    if (traceCard(s, { arm, replication: rep, card: c }).some((e) => e.kind === 'stop')) {
      traceCardInput.value = String(c);
      schedule('timeline');
      return;
    }
  }
  $('trace-note').textContent = `No stopped card found from card ${from} within a short search; try a later card.`;
});

$('timeline').append(dataTable(() => currentTrace() && timelineCsv(currentTrace()!)));

let lastTrace: { key: string; trace: CardTrace | null; error: string } = { key: '', trace: null, error: '' };
function currentTrace(): CardTrace | null {
  const s = shown.current?.scenario, r = shown.current?.report;
  if (!s || !r) return null;
  const arm = Math.min(Math.max(0, Number(traceArm.value) || 0), s.arms.length - 1);
  const replication = Math.max(0, Math.floor(Number(traceRep.value) || 0));
  const card = Math.max(0, Math.floor(Number(traceCardInput.value) || 0));
  const key = `${s.hash}/${s.seed}/${arm}/${replication}/${card}/${r.scenario.replications}`;
  if (key === lastTrace.key) return lastTrace.trace;
  try {
    // The engine traces any replication; one the report has not run is not the report's.
    if (replication >= r.scenario.replications) throw new RangeError(`replication ${replication} is not in the report (0 to ${r.scenario.replications - 1})`);
    const events = traceCard(s, { arm, replication, card });
    lastTrace = { key, trace: { events, start: r.scenario.start, days: r.scenario.days, label: `${s.arms[arm].name}, replication ${replication}, card ${card}` }, error: '' };
  } catch (err) {
    lastTrace = { key, trace: null, error: err instanceof Error ? err.message : String(err) };
  }
  return lastTrace.trace;
}

let drawnTimeline: { trace: CardTrace | null; width: number } = { trace: null, width: 0 };
function renderTimeline(): void {
  const section = $('timeline');
  const r = shown.current?.report, s = shown.current?.scenario;
  if (!r) return;
  section.hidden = false;
  const fig = section.querySelector<HTMLElement>('.figure')!;
  const note = $('trace-note');
  if (!s) {
    drawnTimeline = { trace: null, width: 0 };
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
  // Redrawn only when the trace or the width changed (a new partial report leaves the card's trace as it was).
  if (drawnTimeline.trace === t && drawnTimeline.width === view.chartWidth) return;
  drawnTimeline = { trace: t, width: view.chartWidth };
  fig.replaceChildren(...(t ? [timelineChart(t, { width: view.chartWidth })] : []));
  refreshTable(section);
}


// ── start: the saved edit, else the first example ──────────────────────────

const saved = loadSaved();
if (saved) pane.setText(saved.file, saved.text, false);
else pane.setText(EXAMPLES[0].file, EXAMPLES[0].text, false);
