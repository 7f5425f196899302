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

  it('a 50-arm sweep (7 × 7 and a baseline): no text overlaps another or leaves its chart; every arm has its own colour and marker, or a direct label', async () => {
    const yaml = [
      'name: Fifty arms',
      'question: Which alert threshold and pack size cost least over fifty arms?',
      'start: 2026-01-01',
      'months: 6',
      'seed: 50',
      'replications: 2',
      'downtimeCostPerCardDay: 3',
      'plans:',
      '  tracker: {quotaMB: 100, monthlyFee: 8, autoStop: true, addon: {sizeMB: 100, price: 10}}',
      'profiles:',
      '  trackers: {meanDailyMB: {lognormal: {median: 2.5, spread: 0.8}}, runaway: {dailyHazard: 0.0005}}',
      'cohorts:',
      '  - {name: trackers, count: 200, plan: tracker, profile: trackers}',
      'policies:',
      '  alerts: {thresholdPct: 80, reactionDays: 1, maxPerCycle: 2}',
      'arms:',
      '  - name: no alerts',
      '    policies: {alerts: null}',
      'sweep:',
      '  policies.alerts.thresholdPct: {from: 55, to: 85, step: 5, label: "alert {} %"}',
      '  plans.tracker.addon:',
      `    values: [${[20, 50, 80, 100, 150, 200, 300].map((mb) => `{sizeMB: ${mb}, price: ${Math.round(mb / 10)}}`).join(', ')}]`,
      `    labels: [${[20, 50, 80, 100, 150, 200, 300].map((mb) => `pack ${mb} MB`).join(', ')}]`,
      '',
    ].join('\n');
    const { context, page } = await site.open();
    await page.setInputFiles('#open', { name: 'fifty.yaml', mimeType: 'text/yaml', buffer: Buffer.from(yaml) });
    await page.waitForFunction(() => document.body.dataset.runState === 'done' && document.body.dataset.charts === 'drawn' && window.__simlapseReport?.scenario.name === 'Fifty arms', null, { timeout: 180_000 });
    const report = (await page.evaluate(() => window.__simlapseReport)) as Report;
    expect(report.arms).toHaveLength(50);
    for (const id of ['sweep', 'cost', 'downtime', 'diff', 'tradeoff']) {
      const p = await textProblems(page, id);
      console.log(`50 arms, ${id}: ${p.texts} texts, ${p.overlaps.length} overlapping pairs, ${p.outside.length} outside${p.overlaps.length ? `: ${p.overlaps.slice(0, 5).join('; ')}` : ''}${p.outside.length ? ` outside: ${p.outside.slice(0, 5).join('; ')}` : ''}`);
      expect(p.overlaps, id).toEqual([]);
      expect(p.outside, id).toEqual([]);
      await page.locator(`#chart-${id}`).screenshot({ path: `${SCREENSHOTS}/sweep50-${id}.png` });
    }
    // In the cost–downtime chart every arm is told apart: by a colour and marker no other arm has, or by its name written beside it.
    const points = await page.locator('#chart-tradeoff g.arm-point').evaluateAll((els) => els.map((e) => {
      const dot = e.querySelector('.dot')!;
      const arm = e.getAttribute('data-arm')!;
      return { arm, look: `${dot.getAttribute('fill')} ${dot.getAttribute('data-marker')}`, label: Array.from(document.querySelectorAll('#chart-tradeoff text.arm-label')).some((t) => t.getAttribute('data-arm') === arm) };
    }));
    expect(points).toHaveLength(50);
    const uses = new Map<string, number>();
    for (const p of points) uses.set(p.look, (uses.get(p.look) ?? 0) + 1);
    const untold = points.filter((p) => uses.get(p.look)! > 1 && !p.label);
    console.log(`50 arms: ${uses.size} colour × marker looks (${new Set(points.map((p) => p.look.split(' ')[0])).size} colours); ${points.filter((p) => p.label).length} direct labels; ${untold.length} arms told apart by neither`);
    expect(untold.map((p) => p.arm)).toEqual([]);
    // The legend shows each arm's look.
    const legendLooks = await page.locator('#chart-tradeoff g.legend-item').evaluateAll((els) => els.slice(0, 50).map((e) => e.firstElementChild!.tagName));
    expect(new Set(legendLooks)).toEqual(new Set(['circle', 'rect', 'path']));
    expect(await page.locator('#chart-sweep g.cell').count()).toBe(49);
    await screenshot(page, 'sweep-50-arms');
    await context.close();
  }, 300_000);
});
