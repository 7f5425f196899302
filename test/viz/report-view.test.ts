/**
 * The report view's chart pump (viz/report-view.ts) when drawing a chart throws: the charts are
 * replaced by two stand-ins, so the test says which draw throws and sees what each section shows.
 */
import { byId, resetDom, type FakeEl } from '../helpers/fakedom.ts';
import { describe, expect, it, vi } from 'vitest';

vi.mock('../../viz/charts/index.ts', () => ({
  REPORT_CHARTS: ['a', 'b'].map((id) => ({
    id, title: `Chart ${id}`, about: '', estimates: true, csv: () => [],
    draw: (r: { scenario: { name: string } }) => {
      if (id === 'a' && r.scenario.name === 'throws') throw new Error('no figure for this one');
      return Object.assign(document.createElement('svg'), { textContent: `${id}: ${r.scenario.name}` });
    },
  })),
}));
const { ReportView } = await import('../../viz/report-view.ts');

const report = (name: string, intervals = true) => ({
  scenario: { name, question: '', hash: 'f'.repeat(64), seed: '1', replications: 1, cards: 1, months: 1, start: '2026-01-01' },
  engine: { name: 'simlapse', version: '0' },
  ...(intervals && { intervals: { headline: 'replications' } }),
});
const tick = () => new Promise((r) => setTimeout(r, 0));

/** A view over a report the test swaps; `figure(id)` is what chart `id` shows, once drawing has settled. */
async function view() {
  resetDom();
  vi.spyOn(console, 'error').mockImplementation(() => {});
  let current: unknown = null, settled = 0;
  const v = new ReportView(() => current as never, () => {}, () => { settled++; });
  const section = (id: string) => (byId.get('charts')!.children as FakeEl[]).find((s) => s.dataset.chart === id)!;
  return {
    async show(r: unknown) {
      current = { report: r, partial: false, source: 'test' };
      const before = settled;
      v.render(undefined);
      for (let i = 0; i < 20 && settled === before; i++) await tick();
      return settled > before;
    },
    figure: (id: string) => section(id).querySelector('.figure').text,
  };
}

describe('the report view when a chart cannot draw', () => {
  it('a report that throws while its draw is logged does not stop later reports from drawing', async () => {
    const page = await view();
    await page.show(report('missing intervals', false)); // report.intervals.headline throws
    expect(await page.show(report('next'))).toBe(true);
    expect(page.figure('a')).toBe('a: next');
    expect(page.figure('b')).toBe('b: next');
  });

  it("a chart whose draw throws says so in its place; the other charts still draw and the view settles", async () => {
    const page = await view();
    expect(await page.show(report('throws'))).toBe(true);
    expect(page.figure('a')).toBe('Cannot draw Chart a for this report: no figure for this one');
    expect(page.figure('b')).toBe('b: throws');
    expect(await page.show(report('fine'))).toBe(true);
    expect(page.figure('a')).toBe('a: fine');
  });
});
