/**
 * Files the page refuses to open (viz/open-files.ts, viz/report-check.ts): a report.json that does
 * not check against the report's schema, another format version, text that is not JSON, and
 * files that are no scenario, fleet, trace or export. None of them reaches the editor or the view.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type Report } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { PageFiles } from '../../viz/files.ts';
import { OPEN_REFUSED, openFiles } from '../../viz/open-files.ts';

const f = (name: string, text: string) => ({ name, text: async () => text }) as unknown as File;

/** Opens the files; what reached the editor, the view and the importer, and the refusal's message. */
async function open(...list: File[]) {
  const calls: string[] = [];
  const hooks = {
    report: (_r: Report, name: string) => calls.push(`report ${name}`),
    scenario: (name: string) => calls.push(`scenario ${name}`),
    held: (names: string[]) => calls.push(`held ${names.join(',')}`),
    importExport: (file: File) => calls.push(`import ${file.name}`),
  };
  let refused = '';
  await openFiles(list, new PageFiles(), hooks).catch((err: Error) => {
    expect(err.name).toBe(OPEN_REFUSED);
    refused = err.message;
  });
  return { calls, refused };
}

let good: Record<string, any>;
const variant = (change: (r: Record<string, any>) => void) => { const r = structuredClone(good); change(r); return JSON.stringify(r); };
beforeAll(async () => {
  const config = loadScenarioFile('scenarios/examples/auto-stop.yaml');
  const arms = config.arms.map((a) => ({ ...a, cohorts: a.cohorts.map((c) => ({ ...c, count: Math.min(c.count, 40) })) }));
  good = JSON.parse(JSON.stringify(await runScenario({ ...config, arms, replications: 2 })));
});

describe('a report.json opened in the page', () => {
  it('one the CLI wrote is shown', async () => {
    expect(await open(f('report.json', JSON.stringify(good, null, 2)))).toEqual({ calls: ['report report.json'], refused: '' });
  });

  it('one missing a field is refused, naming the file and the field', async () => {
    const { calls, refused } = await open(f('report.json', variant((r) => { delete r.intervals; })));
    expect(calls).toEqual([]);
    expect(refused).toBe('Cannot open report.json: /intervals: required field missing.');
  });

  it('a mistyped field is named with its value and what was expected; at most three problems, then how many more', async () => {
    expect((await open(f('r.json', variant((r) => { r.scenario.cards = '2000'; })))).refused)
      .toBe('Cannot open r.json: /scenario/cards: "2000", expected integer.');
    expect((await open(f('r.json', variant((r) => { r.scenario.hash = 5; r.arms[0].metrics['cost.total'].mean = 'abc'; delete r.arms[0].name; delete r.months; r.extra = 1; })))).refused)
      .toMatch(/^Cannot open r\.json: (\/[^;]+; ){3}and 2 more\.$/);
  });

  it('one of another format version says which', async () => {
    expect((await open(f('report.json', variant((r) => { r.version = 2; })))).refused)
      .toBe('Cannot open report.json: a report of format version 2; this page reads version 1.');
  });

  it('text that is not JSON is refused with the parser\'s message, not opened as a YAML scenario', async () => {
    const { calls, refused } = await open(f('report.json', JSON.stringify(good, null, 2).slice(0, 3000)));
    expect(calls).toEqual([]);
    expect(refused).toMatch(/^Cannot open report\.json: not valid JSON: .+\.$/);
  });

  it('JSON that is not a report is a scenario', async () => {
    expect((await open(f('s.json', '{"name": "x"}'))).calls).toEqual(['scenario s.json']);
  });
});

describe('a file that is no scenario, fleet, trace or export', () => {
  it.each(['chart.png', 'notes.md', 'plan.docx'])('%s is refused and leaves the editor as it was', async (name) => {
    const { calls, refused } = await open(f(name, '\x89PNG\r\n\x1a\n\0\0\0\rIHDR'));
    expect(calls).toEqual([]);
    expect(refused).toBe(`Cannot open ${name}: not a scenario (.yaml), a report.json, a fleet CSV, a trace or a carrier export.`);
  });

  it('opened with a scenario, the scenario still opens and the other is refused', async () => {
    expect(await open(f('chart.png', 'PNG'), f('empty.yaml', ''))).toEqual({
      calls: ['scenario empty.yaml'],
      refused: 'Cannot open chart.png: not a scenario (.yaml), a report.json, a fleet CSV, a trace or a carrier export.',
    });
  });

  it('a trace under any name is held, as before', async () => {
    expect((await open(f('usage.dat', '1\n2\n3\n'))).calls).toEqual(['held usage.dat']);
  });
});

describe('one scenario and one report a pick', () => {
  const yaml = (name: string) => f(name, 'name: x\n');
  it('a second scenario is refused, naming the one opened; the first goes into the editor', async () => {
    expect(await open(yaml('a.yaml'), yaml('b.yml'), f('c.json', '{"name": "c"}'))).toEqual({
      calls: ['scenario a.yaml'],
      refused: 'Cannot open b.yml as well: the editor holds one scenario, and a.yaml was opened; open b.yml on its own. Cannot open c.json as well: the editor holds one scenario, and a.yaml was opened; open c.json on its own.',
    });
  });

  it('a second report is refused likewise; a scenario and a report together still open both', async () => {
    const r = JSON.stringify(good);
    expect(await open(f('one.json', r), f('two.json', r))).toEqual({
      calls: ['report one.json'],
      refused: 'Cannot open two.json as well: one report is shown at a time, and one.json was opened; open two.json on its own.',
    });
    expect(await open(f('r.json', r), yaml('s.yaml'))).toEqual({ calls: ['scenario s.yaml', 'report r.json'], refused: '' });
  });
});
