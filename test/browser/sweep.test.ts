import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Report } from '../../engine/index.ts';
import { SCREENSHOTS, screenshot, startSite, type Site } from './page.ts';

let site: Site;
beforeAll(async () => { site = await startSite(); }, 120_000);
afterAll(async () => { await site?.close(); });

/** Loads an example (it runs by itself) and waits for its report. */
async function load(page: Page, file: string, name: string): Promise<Report> {
  await page.selectOption('#example', file);
  await page.waitForFunction((n) => document.body.dataset.runState === 'done' && document.body.dataset.charts === 'drawn' && window.__simlapseReport?.scenario.name === n, name, { timeout: 180_000 });
  return (await page.evaluate(() => window.__simlapseReport)) as Report;
}

/** Pairs of texts in a chart whose boxes overlap (by more than 1 px each way), and texts reaching outside the chart. */
function textProblems(page: Page, id: string): Promise<{ overlaps: string[]; outside: string[]; texts: number }> {
  return page.evaluate((sel) => {
    const svg = document.querySelector(`${sel} .figure svg`)!;
    const frame = svg.getBoundingClientRect();
    const texts = Array.from(svg.querySelectorAll('text')).filter((t) => (t.textContent ?? '').trim() !== '');
    const boxes = texts.map((t) => ({ t: t.textContent!.trim(), r: t.getBoundingClientRect() }));
    const overlaps: string[] = [], outside: string[] = [];
    for (let i = 0; i < boxes.length; i++) {
      const a = boxes[i].r;
      if (a.left < frame.left - 1 || a.right > frame.right + 1 || a.top < frame.top - 1 || a.bottom > frame.bottom + 1) outside.push(boxes[i].t);
      for (let j = i + 1; j < boxes.length; j++) {
        const b = boxes[j].r;
        if (Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 1) overlaps.push(`"${boxes[i].t}" / "${boxes[j].t}"`);
      }
    }
    return { overlaps, outside, texts: boxes.length };
  }, `#chart-${id}`);
}

describe('charts that scale to a 13-arm sweep', () => {
  it('no text overlaps another or leaves its chart; names cut with … keep the full name on hover; 13 distinct colours', async () => {
    const { context, page } = await site.open();
    const report = await load(page, 'alert-pack-sweep.yaml', 'Alert threshold × pack size');
    expect(report.arms).toHaveLength(13);
    for (const id of ['sweep', 'cost', 'downtime', 'diff', 'tradeoff']) {
      const p = await textProblems(page, id);
      console.log(`${id}: ${p.texts} texts, ${p.overlaps.length} overlapping pairs, ${p.outside.length} outside${p.overlaps.length ? `: ${p.overlaps.slice(0, 5).join('; ')}` : ''}${p.outside.length ? ` outside: ${p.outside.slice(0, 5).join('; ')}` : ''}`);
      expect(p.overlaps, id).toEqual([]);
      expect(p.outside, id).toEqual([]);
      await page.locator(`#chart-${id}`).screenshot({ path: `${SCREENSHOTS}/sweep-${id}.png` });
    }
    for (const id of ['histogram', 'fleet-state']) {
      const p = await textProblems(page, id);
      console.log(`${id} (printed, not checked): ${p.texts} texts, ${p.overlaps.length} overlapping pairs, ${p.outside.length} outside`);
    }
    // Every arm name on an axis is whole, or cut with … and whole in its tooltip.
    for (const id of ['cost', 'downtime', 'diff']) {
      const labels = await page.locator(`#chart-${id} text.arm-label`).evaluateAll((els) => els.map((e) => [e.firstChild?.textContent ?? '', e.querySelector('title')?.textContent ?? '']));
      expect(labels.length, id).toBeGreaterThanOrEqual(12);
      for (const [shown, full] of labels) {
        expect(report.arms.map((a) => a.name), id).toContain(full);
        expect(shown === full || (shown.endsWith('…') && full.startsWith(shown.slice(0, -1))), `${id}: ${shown} for ${full}`).toBe(true);
      }
    }
    const colours = await page.locator('#chart-tradeoff g.arm-point circle.dot').evaluateAll((els) => els.map((e) => e.getAttribute('fill')));
    expect(new Set(colours).size).toBe(13);
    expect(await page.locator('#chart-sweep g.cell').count()).toBe(12);
    await screenshot(page, 'sweep-13-arms');
    await context.close();
  });

  for (const file of ['alert-pack-sweep.yaml', 'pools.yaml', 'choose-policy.yaml']) {
    it(`★ and the Pareto rings are the report's ranking choice and front (${file})`, async () => {
      const { context, page } = await site.open();
      await page.selectOption('#example', file);
      await page.waitForFunction((f) => document.body.dataset.runState === 'done' && document.body.dataset.charts === 'drawn' && document.body.dataset.stale === 'false' && (document.querySelector('#file-name')?.textContent === f), file, { timeout: 180_000 });
      const report = (await page.evaluate(() => window.__simlapseReport)) as Report;
      const ringed = await page.locator('#chart-tradeoff g.arm-point[data-pareto="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-arm')));
      expect(ringed.sort()).toEqual(report.pareto!.arms.map((a) => a.arm).sort());
      expect(await page.locator('#chart-tradeoff g.arm-point circle.ring').count()).toBe(report.pareto!.arms.length);
      const starred = await page.locator('#chart-tradeoff g.arm-point[data-chosen="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-arm')));
      expect(starred).toEqual(report.ranking!.best ? [report.ranking!.best.arm] : []);
      const starText = await page.locator('#chart-tradeoff text.arm-label').allTextContents();
      expect(starText.filter((t) => t.includes('★'))).toEqual(report.ranking!.best ? [`${report.ranking!.best.arm} ★`] : []);
      if (file === 'alert-pack-sweep.yaml') {
        const cell = await page.locator('#chart-sweep g.cell[data-chosen="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-arm')));
        expect(cell).toEqual([report.ranking!.best!.arm]);
      }
      await page.locator('#chart-tradeoff').screenshot({ path: `${SCREENSHOTS}/tradeoff-${file.replace('.yaml', '')}.png` });
      await context.close();
    });
  }
});
