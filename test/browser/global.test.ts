import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExperiment, runScenario, type Report } from '../../engine/index.ts';
import { parseScenario } from '../../scenarios/index.ts';
import { handSensitivity } from '../experiments/hand.ts';
import { runAndWait, SCREENSHOTS, setEditorText, startSite, type Site } from './page.ts';

let site: Site;
beforeAll(async () => { site = await startSite(); }, 120_000);
afterAll(async () => { await site?.close(); });

describe('global sensitivity in the page: a report.json from the CLI with --morris and --sobol', () => {
  it('draws the Morris μ*–σ plane and the Sobol bars from the report, with their data as CSV', async () => {
    const text = handSensitivity('Which parameter moves the cost?');
    const report = await runExperiment(parseScenario(text, { file: 'hand.yaml' }), runScenario, { morris: 6, sobol: 16 });
    const m = report.morris!, s = report.sobol!;
    expect(m.parameters.length).toBe(2);
    const { context, page } = await site.open();
    // The scenario in the editor, run in the page (no Morris or Sobol there: they are CLI options), then the CLI's report opened.
    await setEditorText(page, text);
    await runAndWait(page, 'done');
    expect(await page.locator('#chart-morris').isHidden()).toBe(true);
    await page.setInputFiles('#open', { name: 'report.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(report, null, 2) + '\n') });
    await page.waitForSelector('#chart-morris svg');
    await page.waitForSelector('#chart-sobol svg');
    // Of the scenario in the editor: not marked out of date.
    expect(await page.evaluate(() => document.body.dataset.stale)).toBe('false');
    expect(await page.evaluate(() => JSON.stringify(window.__simlapseReport))).toBe(JSON.stringify(report as Report));

    // Morris: one point per parameter, placed by the report's μ* and σ of the best arm.
    const points = page.locator('#chart-morris g.morris-point');
    expect(await points.count()).toBe(m.parameters.length);
    for (let k = 0; k < m.parameters.length; k++) {
      const p = m.parameters[k], pt = points.nth(k);
      expect(await pt.getAttribute('data-path')).toBe(p.path);
      expect(Number(await pt.getAttribute('data-mu-star'))).toBe(p.muStar);
      expect(await pt.getAttribute('data-sigma')).toBe(p.sigma === null ? '' : String(p.sigma));
      expect(await pt.locator('text.label').textContent()).toBe(p.path);
    }
    // A larger μ* sits further right: the points are ordered as the report ranks them.
    const cx = await points.locator('circle').evaluateAll((cs) => cs.map((c) => Number(c.getAttribute('cx'))));
    for (let k = 1; k < cx.length; k++) expect(cx[k]).toBeLessThanOrEqual(cx[k - 1]);
    // Labels never overlap one another.
    const boxes = await points.locator('text.label').evaluateAll((ts) => ts.map((t) => (t as SVGTextElement).getBoundingClientRect().toJSON() as DOMRect));
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i], b = boxes[j];
      expect(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top).toBe(true);
    }

    // Sobol: one row per parameter, first-order and total bars; a total at least its first-order index draws at least as long.
    const rows = page.locator('#chart-sobol g.sobol-row');
    expect(await rows.count()).toBe(s.parameters.length);
    for (let k = 0; k < s.parameters.length; k++) {
      const p = s.parameters[k], row = rows.nth(k);
      expect(await row.getAttribute('data-path')).toBe(p.path);
      expect(await row.getAttribute('data-total')).toBe(p.total === null ? '' : String(p.total));
      if (p.first === null || p.total === null) continue;
      const w = async (kind: string) => Number(await row.locator(`rect.bar.${kind}`).getAttribute('width'));
      if (p.total >= p.first) expect(await w('total')).toBeGreaterThanOrEqual(await w('first'));
      expect(await row.locator('text').allTextContents()).toContain(p.total.toFixed(2));
    }
    await page.locator('#chart-morris').screenshot({ path: `${SCREENSHOTS}/chart-morris.png` });
    await page.locator('#chart-sobol').screenshot({ path: `${SCREENSHOTS}/chart-sobol.png` });

    // CSV: one row per parameter and arm.
    for (const id of ['morris', 'sobol']) {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#chart-${id} button[data-export="csv"]`)]);
      expect(d.suggestedFilename()).toBe(`simlapse-${id}.csv`);
      const csv = readFileSync(await d.path(), 'utf8').trim().split('\n');
      expect(csv).toHaveLength(1 + m.parameters.length * report.arms.length);
    }
    // A report without them shows neither chart.
    const plain = await runScenario(parseScenario(text, { file: 'hand.yaml' }));
    await page.setInputFiles('#open', { name: 'report.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(plain)) });
    await page.waitForFunction(() => (document.querySelector('#chart-morris') as HTMLElement).hidden);
    expect(await page.locator('#chart-sobol').isHidden()).toBe(true);
    expect(await page.locator('#chart-cost').isVisible()).toBe(true);
    await context.close();
  });
});
