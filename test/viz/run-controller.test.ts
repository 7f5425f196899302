/**
 * The page's run controller and progress bar when a run stops (viz/run.ts, viz/progress.ts): the
 * experiment is replaced by one the test drives (what it reports, then waiting to be aborted), so the
 * controller's own handling of a cancel is under test; test/browser/ runs the real one.
 */
import { runFrames } from '../helpers/fakedom.ts';
import { describe, expect, it, vi } from 'vitest';

let script: (o: any) => void = () => {};
vi.mock('../../viz/workers.ts', () => ({ pagePool: () => ({ run: () => Promise.reject(new Error('not used')) }) }));
vi.mock('../../engine/index.ts', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  runExperiment: (_scenario: unknown, _runner: unknown, o: any) => new Promise((_, reject) => {
    o.signal.addEventListener('abort', () => reject(o.signal.reason));
    script(o);
  }),
}));
const { RunController } = await import('../../viz/run.ts');
const { Progress } = await import('../../viz/progress.ts');
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('a run in the page that stops', () => {
  it("a report opened during a run keeps its 'Opened …' line: the run's pending progress frame is dropped", async () => {
    const text = document.getElementById('t1') as any;
    const progress = new Progress(document.getElementById('f1') as any, text);
    const runs = new RunController(progress, { onRunning: () => {}, onReport: () => {} });
    script = (o) => o.onProgress({ done: 432, total: 1000 }, { kind: 'main' }); // a job's result asks for a frame
    void runs.run({ arms: [], replications: 5 } as any, 2);
    await tick();
    // main.ts, a report opened: runs.cancel(true), then the progress line names it.
    runs.cancel(true);
    progress.message('Opened report.json.');
    await tick();
    runFrames();
    expect(text.textContent).toBe('Opened report.json.');
  });

  it('Cancel during the sensitivity runs leaves the main run on show marked incomplete (not saved), not as the final report', async () => {
    const shown: any[] = [];
    const progress = new Progress(document.getElementById('f2') as any, document.getElementById('t2') as any);
    const runs = new RunController(progress, { onRunning: () => {}, onReport: (s) => shown.push(s) });
    const main = { scenario: { hash: 'h', seed: '1', replications: 5 }, arms: [] };
    script = (o) => o.onMain(main); // the main run is done; the variant runs go
    const done = runs.run({ arms: [], replications: 5, sensitivity: [{}] } as any, 2);
    await tick();
    expect(shown.at(-1)).toMatchObject({ report: main, partial: false, source: expect.stringMatching(/sensitivity: running 2 variant runs…$/) });
    expect(shown.at(-1).incomplete).toBeUndefined();
    runs.cancel(); // the Cancel button
    await done;
    expect(shown.at(-1)).toMatchObject({ report: main, incomplete: true, source: 'run in this page on 2 workers; sensitivity cancelled: the main run only, not saved' });
    expect(document.body.dataset.runState).toBe('cancelled');
  });

  it('a newer run superseding one in its sensitivity runs shows nothing more of the old one', async () => {
    const shown: any[] = [];
    const progress = new Progress(document.getElementById('f3') as any, document.getElementById('t3') as any);
    const runs = new RunController(progress, { onRunning: () => {}, onReport: (s) => shown.push(s) });
    const main = { scenario: { hash: 'h', seed: '1', replications: 5 }, arms: [] };
    script = (o) => o.onMain(main);
    void runs.run({ arms: [], replications: 5, sensitivity: [{}] } as any, 2);
    await tick();
    script = () => {};
    void runs.run({ arms: [], replications: 5 } as any, 2);
    await tick();
    expect(shown.filter((s) => s.incomplete)).toEqual([]);
    runs.cancel();
  });
});
