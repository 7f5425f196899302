/**
 * The page's importer when results land late (viz/importer.ts, viz/open-files.ts): the import worker
 * is replaced by requests the test answers in the order it chooses (the importer's own sequencing is
 * under test, not the import, which test/browser/ and test/import/ run for real).
 */
import { byId, resetDom } from '../helpers/fakedom.ts';
import { describe, expect, it, vi } from 'vitest';

const requests: Array<{ req: { name: string; start: string }; answer: (r: unknown) => void }> = [];
vi.mock('comlink', () => ({
  wrap: () => ({ importExport: (req: { name: string; start: string }) => new Promise((answer) => requests.push({ req, answer })) }),
}));
const { PageImporter } = await import('../../viz/importer.ts');
const { PageFiles } = await import('../../viz/files.ts');
const { ScenarioPane } = await import('../../viz/scenario-pane.ts');
const { EXAMPLES } = await import('../../viz/examples.ts');
const { openFiles, startWritten } = await import('../../viz/open-files.ts');
const { pageOutputNames } = await import('../../viz/import-names.ts');

const file = (name: string, text = 'x') => ({
  name,
  text: () => new Promise<string>((r) => setTimeout(() => r(text), 0)),
  arrayBuffer: () => new Promise<ArrayBuffer>((r) => setTimeout(() => r(new TextEncoder().encode(text).buffer as ArrayBuffer), 0)),
}) as unknown as File;
const ok = (name: string, fleet: string) => ({ ok: true, result: {
  files: pageOutputNames(name), fleet, text: `summary of ${name}`, rejected: '', repaired: '', profiles: '', rejectedRows: [], repairedRows: [], summary: { repaired: 0 },
} });
const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

describe('an import in the page, answered late', () => {
  it("keeps a file the user opened under the fleet CSV's name while the export was importing, and says so", async () => {
    resetDom();
    requests.length = 0;
    const files = new PageFiles(), imported: string[] = [];
    const importer = new PageImporter(files, () => '2026-01-15', (f) => imported.push(f));
    void importer.open(file('acme.csv'));
    await tick();
    files.add('acme-fleet.csv', 'MINE\n', 'opened');
    requests.shift()!.answer(ok('acme.csv', 'IMPORTED\n'));
    await tick();
    expect(files.list()).toEqual([expect.objectContaining({ name: 'acme-fleet.csv', origin: 'opened', text: 'MINE\n' })]);
    expect(byId.get('import-note')!.textContent).toMatch(/^You opened a file named acme-fleet\.csv while this export was importing: the page keeps yours/);
    expect(imported).toEqual([]);
    // Imported again with nothing opened meanwhile, it replaces the page's copy, imported or not.
    byId.get('import-again')!.click();
    await tick();
    requests.shift()!.answer(ok('acme.csv', 'AGAIN\n'));
    await tick();
    expect(files.list()).toEqual([expect.objectContaining({ name: 'acme-fleet.csv', origin: 'imported', text: 'AGAIN\n' })]);
    expect(imported).toEqual(['acme-fleet.csv']);
  });

  it('drops an earlier import that answers after a later one: the panel, the held files and Import again stay with the later', async () => {
    resetDom();
    requests.length = 0;
    const files = new PageFiles();
    const importer = new PageImporter(files, () => '2026-01-15', () => {});
    void importer.open(file('a.xlsx'));
    await tick();
    void importer.open(file('b.csv'));
    await tick();
    expect(requests.map((r) => r.req.name)).toEqual(['a.xlsx', 'b.csv']);
    requests[1].answer(ok('b.csv', 'B\n'));
    await tick();
    requests[0].answer(ok('a.xlsx', 'A\n'));
    await tick();
    expect(byId.get('import-title')!.textContent).toBe('Imported b.csv');
    expect(files.list().map((f) => f.name)).toEqual(['b-fleet.csv']);
    requests.length = 0;
    byId.get('import-again')!.click();
    await tick();
    expect(requests.map((r) => r.req.name)).toEqual(['b.csv']);
  });

  for (const order of ['export first', 'scenario first']) {
    it(`dates an export opened together with its scenario by that scenario's start (${order})`, async () => {
      resetDom();
      requests.length = 0;
      const files = new PageFiles();
      const pane = new ScenarioPane(files, () => {});
      pane.setText('auto-stop.yaml', EXAMPLES.find((e) => e.file === 'auto-stop.yaml')!.text); // on show before: starts 2026-01-01
      // As main.ts wires them: the scenario's start, else the start written in the editor (the scenario waits for its fleet).
      const importer = new PageImporter(files, () => pane.scenario?.arms[0].start ?? startWritten(pane.text), () => {});
      const hooks = { report() {}, scenario: (n: string, t: string) => pane.setText(n, t), held() {}, importExport: (f: File) => { void importer.open(f); } };
      const scenario = EXAMPLES.find((e) => e.file === 'imported-fleet.yaml')!.text.replace('../imports/sample-fleet.csv', 'acme-fleet.csv');
      expect(startWritten(scenario)).toBe('2026-01-15');
      const pair = [file('acme.csv', 'ICCID;状态\n8986;正常\n'), file('fleet-scenario.yaml', scenario)];
      await openFiles(order === 'export first' ? pair : pair.reverse(), files, hooks);
      await tick(10);
      expect(requests.map((r) => r.req.start)).toEqual(['2026-01-15']);
    });
  }
});

describe('startWritten', () => {
  it("reads the top level's start: date, quoted or not, with a comment; nothing else", () => {
    expect(startWritten('name: x\nstart: 2026-03-01\n')).toBe('2026-03-01');
    expect(startWritten("start: '2026-03-01'   # the first day\n")).toBe('2026-03-01');
    expect(startWritten('start: "2026-03-01"\n')).toBe('2026-03-01');
    expect(startWritten('arms:\n  - start: 2026-03-01\n')).toBeNull();
    expect(startWritten('start: 2026-3-1\n')).toBeNull();
    expect(startWritten('start: "2026-03-01\'\n')).toBeNull();
    expect(startWritten('')).toBeNull();
  });
});
