import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario, type Report } from '../../engine/index.ts';
import { parseScenario } from '../../scenarios/index.ts';
import { runAndWait, screenshot, SCREENSHOTS, setEditorText, startSite, type Site } from './page.ts';

const example = (file: string) => readFileSync(new URL(`../../scenarios/examples/${file}`, import.meta.url), 'utf8');

/** A number as the page's tooltips write it: every digit, thousands grouped. */
const exact = (n: number) => {
  const [int, frac] = String(n).split('.');
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac === undefined ? '' : `.${frac}`);
};

let site: Site;
beforeAll(async () => { site = await startSite(); }, 120_000);
afterAll(async () => { await site?.close(); });

describe('the page runs an example in Web Workers', () => {
  it('draws every chart from the report: one bar group per arm, totals in the tooltips equal to the report', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'renewal-cadence.yaml');
    await runAndWait(page);
    const report = (await page.evaluate(() => window.__simlapseReport)) as Report;
    const arms = report.arms.length;
    expect(arms).toBeGreaterThan(2);

    const groups = page.locator('#chart-cost g.bar-group');
    expect(await groups.count()).toBe(arms);
    for (let k = 0; k < arms; k++) {
      const g = groups.nth(k);
      const t = report.arms[k].metrics['cost.total'];
      expect(await g.getAttribute('data-arm')).toBe(report.arms[k].name);
      expect(Number(await g.getAttribute('data-total'))).toBe(t.mean);
      expect(await g.locator(':scope > g.total > title').textContent()).toBe(
        `${report.arms[k].name} — total: ${exact(t.mean)} ${report.scenario.currency} (95 % interval ${exact(t.lo!)} – ${exact(t.hi!)})`,
      );
    }
    expect(await page.locator('#chart-downtime .panel.downtime g.row').count()).toBe(arms);
    expect(await page.locator('#chart-diff g.estimate').count()).toBe((arms - 1) * 3);
    expect(await page.locator('#chart-tradeoff g.arm-point').count()).toBe(arms);
    expect(await page.locator('#chart-tradeoff g.arm-point[data-pareto="true"]').count()).toBeGreaterThan(0);
    expect(await page.locator('#chart-fleet-state g.panel').count()).toBe(arms);
    expect(await page.locator('#chart-histogram rect.bar').count()).toBe(arms * report.arms[0].downtimeHistogram.edges.length);
    const firstDiff = report.arms[1].diff!['cost.total'].mean;
    expect(Number(await page.locator('#chart-diff g.panel[data-metric="cost.total"] g.estimate').first().getAttribute('data-value'))).toBe(firstDiff);
    await screenshot(page, 'renewal-cadence');
    for (const id of ['cost', 'downtime', 'diff', 'tradeoff', 'fleet-state', 'histogram']) await page.locator(`#chart-${id}`).screenshot({ path: `${SCREENSHOTS}/chart-${id}.png` });
    await page.locator('#timeline').screenshot({ path: `${SCREENSHOTS}/chart-timeline.png` });
    await page.locator('#chart-cost g.bar-group').nth(1).locator('rect.segment').first().hover();
    await page.waitForSelector('.tooltip:not([hidden])');
    expect(await page.locator('.tooltip').textContent()).toContain(report.arms[1].name);
    await page.locator('#chart-cost').screenshot({ path: `${SCREENSHOTS}/cost-tooltip.png` });
    await context.close();
  });

  it('gives the same report bytes as runScenario in Node, and downloads them as report.json', async () => {
    const text = example('auto-stop.yaml');
    const expected = await runScenario(parseScenario(text, { file: 'auto-stop.yaml' }));
    const { context, page } = await site.open();
    await page.selectOption('#example', 'auto-stop.yaml');
    await runAndWait(page);
    const inPage = await page.evaluate(() => JSON.stringify(window.__simlapseReport));
    expect(inPage).toBe(JSON.stringify(expected));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#save-report')]);
    expect(download.suggestedFilename()).toBe('report.json');
    expect(readFileSync(await download.path(), 'utf8')).toBe(JSON.stringify(expected, null, 2) + '\n');
    await screenshot(page, 'auto-stop');
    await context.close();
  });

  it('streams provisional answers from a sample of batches (only the charts of estimates redrawn, the others marked waiting), then partial reports while replications finish', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'auto-stop.yaml');
    await page.fill('#workers', '2');
    // 6,000 cards: 128-card batches, so a pilot of 64-card windows comes first (2,000 cards have 64-card batches and none).
    await page.uncheck('#auto-run');
    await setEditorText(page, example('auto-stop.yaml').replace('count: 2000', 'count: 6000'));
    await page.waitForFunction(() => document.querySelector('#validity')?.textContent?.includes('6,000 cards'));
    await page.click('#cancel');
    // Every label shown while the run goes, in order (a provisional one may come and go between two polls).
    await page.evaluate(() => {
      const w = window as unknown as { __heads: string[] };
      w.__heads = [];
      new MutationObserver(() => {
        // Each label with the charts that wait for the exact report (not redrawn for a provisional answer).
        const label = document.querySelector('.report-head .partial')?.textContent;
        const waiting = Array.from(document.querySelectorAll('.chart.waiting'), (c) => c.id).join(' ');
        const saving = document.querySelector<HTMLButtonElement>('#save-report')!.disabled ? 'no save' : 'save';
        const t = label && `${label} | ${waiting} | ${saving}`;
        if (t && w.__heads[w.__heads.length - 1] !== t) w.__heads.push(t);
      }).observe(document.querySelector('#report-head')!, { childList: true, subtree: true });
    });
    await page.click('#run');
    await page.waitForFunction(() => (window as unknown as { __heads: string[] }).__heads.some((h) => h.startsWith('partial')), null, { timeout: 60_000 });
    const heads = await page.evaluate(() => (window as unknown as { __heads: string[] }).__heads);
    const provisional = heads.filter((h) => h.startsWith('provisional'));
    expect(provisional.length).toBeGreaterThan(0);
    for (const h of provisional) expect(h).toMatch(/^provisional: estimate from [\d,]+ of 6,000 cards \| chart-fleet-state chart-histogram \| no save$/);
    expect(heads.slice(provisional.length).every((h) => /^partial: \d+ of 10 replications \|  \| no save$/.test(h))).toBe(true);
    await page.waitForFunction(() => document.body.dataset.runState === 'done', null, { timeout: 120_000 });
    expect(await page.locator('.report-head .partial').count()).toBe(0);
    await context.close();
  });

  it('traces one card in the page: the hand-check card is cut on 17 January and 17 February', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'hand-check.yaml');
    await runAndWait(page);
    await page.waitForSelector('#timeline svg');
    const spans = await page.locator('#timeline rect.span').evaluateAll((els) => els.map((e) => [e.getAttribute('data-reason'), e.querySelector('title')!.textContent!.split('\n')[0]]));
    expect(spans).toEqual([
      ['overQuota', 'overQuota: 2026-01-17 to 2026-02-01 (15 days; the stop\'s day counts whole here)'],
      ['overQuota', 'overQuota: 2026-02-17 to 2026-03-01 (12 days; the stop\'s day counts whole here)'],
    ]);
    await screenshot(page, 'hand-check');
    await context.close();
  });

  it('exports a chart as SVG and PNG, and its data as CSV', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'auto-stop.yaml');
    await runAndWait(page);
    const report = (await page.evaluate(() => window.__simlapseReport)) as Report;
    const get = async (kind: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#chart-cost button[data-export="${kind}"]`)]);
      return { name: d.suggestedFilename(), bytes: readFileSync(await d.path()) };
    };
    const svg = await get('svg');
    expect(svg.name).toBe('simlapse-cost.svg');
    expect(svg.bytes.toString('utf8')).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const png = await get('png');
    expect(png.name).toBe('simlapse-cost.png');
    expect(png.bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.bytes.readUInt32BE(16)).toBeGreaterThan(1000); // width at 2× scale
    const csv = (await get('csv')).bytes.toString('utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + report.arms.length);
    expect(csv[1].split(',').at(-3)).toBe(String(report.arms[0].metrics['cost.total'].mean));
    await context.close();
  });
});
