/**
 * The page (viz/main.ts) when a file a scenario waits for lands late: an example's fleet CSV (a
 * lazily loaded asset) or an export's fleet CSV imported in a worker. The page runs the scenario
 * as the file lands, unless the user opened a report.json meanwhile: then the file is held and the
 * scenario parsed, but the report stays on show. Replaced here: the experiment (it records the run
 * and waits), the pool, the import worker (answered by the test) and the asset's arrival (when the
 * test says); the page's own code runs as is, on the stand-in DOM.
 */
import { byId, resetDom } from '../helpers/fakedom.ts';
import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';

const started: Array<{ hash: string }> = [];
vi.mock('../../viz/workers.ts', () => ({ pagePool: () => ({ run: () => Promise.reject(new Error('not used')) }), defaultWorkers: () => 2 }));
vi.mock('../../engine/index.ts', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  runExperiment: (scenario: { hash: string }, _runner: unknown, o: { signal: AbortSignal }) => new Promise((_, reject) => {
    started.push(scenario);
    o.signal.addEventListener('abort', () => reject(o.signal.reason));
  }),
}));
const imports: Array<{ name: string; answer: (r: unknown) => void }> = [];
vi.mock('comlink', () => ({
  wrap: () => ({ importExport: (req: { name: string }) => new Promise((answer) => imports.push({ name: req.name, answer })) }),
}));
// An example's asset arrives when the test calls `land`; `landed` settles once the page has it.
let land = () => {};
let landed: Promise<string> = Promise.resolve('');
vi.mock('../../viz/examples.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../viz/examples.ts')>();
  const late = (load: () => Promise<string>) => () => (landed = new Promise<void>((r) => { land = r; }).then(load));
  return { ...real, EXAMPLE_FILES: Object.fromEntries(Object.entries(real.EXAMPLE_FILES).map(([name, load]) => [name, late(load)])) };
});
const { EXAMPLES } = await import('../../viz/examples.ts');
const { pageOutputNames } = await import('../../viz/import-names.ts');

const example = EXAMPLES.find((e) => e.file === 'imported-fleet.yaml')!;
const fleet = readFileSync(new URL('../../scenarios/imports/sample-fleet.csv', import.meta.url), 'utf8');
const waiting = { file: 'fleet-scenario.yaml', text: example.text.replace('../imports/sample-fleet.csv', 'acme-fleet.csv') };
// A report the engine wrote (an opened report.json is checked against the report's schema): the hand-check example's.
const { runScenario } = await import('../../engine/index.ts');
const { loadScenarioFile } = await import('../../scenarios/node.ts');
const report = JSON.parse(JSON.stringify(await runScenario(loadScenarioFile('scenarios/examples/hand-check.yaml'))));
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));
const file = (name: string, text: string) => ({ name, text: async () => text, arrayBuffer: async () => new TextEncoder().encode(text).buffer }) as unknown as File;
const imported = (name: string) => ({ ok: true, result: {
  files: pageOutputNames(name), fleet, text: `summary of ${name}`, rejected: '', repaired: '', profiles: '', rejectedRows: [], repairedRows: [], summary: { repaired: 0 },
} });
const g = globalThis as { __simlapseReport?: unknown };

/** A fresh page whose editor holds `saved` (the edit kept across reloads). */
async function page(saved: { file: string; text: string }): Promise<void> {
  resetDom();
  vi.resetModules();
  for (const k of Object.keys(document.body.dataset)) delete document.body.dataset[k];
  started.length = 0;
  imports.length = 0;
  g.__simlapseReport = undefined;
  localStorage.setItem('simlapse.scenario.v1', JSON.stringify(saved));
  await import('../../viz/main.ts');
}

/** The report.json opened: it is shown once its check (a lazily loaded module) has passed. */
async function openReport(): Promise<void> {
  await open(file('report.json', JSON.stringify(report)));
  await vi.waitFor(() => expect(byId.get('progress-text')!.textContent).toBe('Opened report.json.'), { timeout: 20_000 });
}

/** Files picked with Open…. */
async function open(...files: File[]): Promise<void> {
  byId.get('open')!.dispatch('change', { target: { files, value: '' } });
  await tick();
}

describe('a run that waits for a file that lands late', () => {
  it("an example's fleet CSV landing runs the example when nothing replaced what is shown meanwhile", async () => {
    await page(example);
    expect(byId.get('validity')!.textContent).toBe('loading files…');
    expect(started).toEqual([]);
    land();
    await landed;
    await tick();
    expect(byId.get('validity')!.textContent).toMatch(/^✓ /);
    expect(started).toHaveLength(1);
  });

  it("an example's fleet CSV landing after the user opened a report.json parses the example and leaves the report on show", async () => {
    await page(example);
    (byId.get('auto-run') as unknown as { checked: boolean }).checked = true;
    await openReport();
    expect(g.__simlapseReport).toMatchObject({ scenario: { hash: report.scenario.hash } });
    land();
    await landed;
    await tick();
    expect(byId.get('validity')!.textContent).toMatch(/^✓ /); // the file is here: the example parses
    expect(byId.get('knob-list')!.childElementCount).toBeGreaterThan(0); // and its knobs show
    expect(started).toEqual([]);
    expect(g.__simlapseReport).toMatchObject({ scenario: { hash: report.scenario.hash } });
    expect(document.body.dataset.runState).toBe('idle');
    expect(byId.get('progress-text')!.textContent).toBe('Opened report.json.');
    // Out of date against the editor's scenario, and nothing re-runs, whatever re-run on change says: the note says Run.
    expect(byId.get('stale-note')!.textContent).toBe('Out of date: the scenario has changed since these results; press Run to update them.');
  });

  it("an example's fleet CSV landing after the user picked another example runs nothing more: the other example's run stands", async () => {
    await page(example);
    const menu = byId.get('example')!;
    menu.value = 'auto-stop.yaml';
    menu.dispatch('change');
    expect(started).toHaveLength(1);
    land();
    await landed;
    await tick();
    expect(started).toHaveLength(1);
    expect(byId.get('file-name')!.textContent).toBe('auto-stop.yaml');
  });

  it('an import landing after the user opened a report.json holds its fleet CSV; the scenario waiting for it parses and does not run', async () => {
    await page(waiting);
    await open(file('acme.csv', 'ICCID;状态\n8986;正常\n'));
    await openReport();
    expect(imports.map((r) => r.name)).toEqual(['acme.csv']);
    imports[0].answer(imported('acme.csv'));
    await tick(10);
    expect(byId.get('held-files')!.hidden).toBe(false);
    expect(byId.get('validity')!.textContent).toMatch(/^✓ /);
    expect(started).toEqual([]);
    expect(g.__simlapseReport).toMatchObject({ scenario: { hash: report.scenario.hash } });
  });

  it('an export opened after the report.json is newer: its fleet CSV landing runs the scenario waiting for it', async () => {
    await page(waiting);
    await openReport();
    await open(file('acme.csv', 'ICCID;状态\n8986;正常\n'));
    imports[0].answer(imported('acme.csv'));
    await tick(10);
    expect(byId.get('validity')!.textContent).toMatch(/^✓ /);
    expect(started).toHaveLength(1);
  });
});
