import { describe, expect, it } from 'vitest';
import { PageFiles } from '../../viz/files.ts';
import { openInTurn } from '../../viz/open-files.ts';
import { runScenario } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';

const f = (name: string, text: string, wait?: Promise<void>) => ({ name, text: async () => { await wait; return text; } }) as unknown as File;

describe('files opened in the page', () => {
  it('batches open in the order they were picked or dropped, though an earlier one is read slowly', async () => {
    const got: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((r) => { release = r; });
    const hooks = { report() {}, scenario: (name: string) => got.push(name), held() {}, importExport() {} };
    const open = openInTurn(new PageFiles(), hooks, (err) => { throw err; });
    const first = open([f('big-trace.csv', '1,2,3\n', slow), f('a.yaml', 'name: a')]); // a large trace and a.yaml, dropped
    const second = open([f('b.yaml', 'name: b')]); // then b.yaml, dropped while the trace is read
    setTimeout(release, 20);
    await Promise.all([first, second]);
    expect(got).toEqual(['a.yaml', 'b.yaml']);
  });

  it('a report opened with its scenario is shown after the scenario goes into the editor, and exports are imported last', async () => {
    const calls: string[] = [];
    const hooks = {
      report: (_r: unknown, name: string) => calls.push(`report ${name}`),
      scenario: (name: string) => calls.push(`scenario ${name}`),
      held: () => calls.push('held'),
      importExport: (file: File) => calls.push(`import ${file.name}`),
    };
    // A report the engine wrote (an opened report.json is checked against the report's schema).
    const report = JSON.stringify(await runScenario(loadScenarioFile('scenarios/examples/hand-check.yaml')));
    await openInTurn(new PageFiles(), hooks, (err) => { throw err; })([f('e.csv', 'a;b\n1;2\n'), f('report.json', report), f('s.yaml', 'name: s'), f('e.xlsx', '')]);
    expect(calls).toEqual(['scenario s.yaml', 'report report.json', 'import e.csv', 'import e.xlsx']);
  });
});
