import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExperiment, runScenario, type Report } from '../../engine/index.ts';
import { parseScenario } from '../../scenarios/index.ts';
import { runAndWait, screenshot, SCREENSHOTS, setEditorText, startSite, type Site } from './page.ts';

const FILE = 'choose-policy.yaml';
const text = readFileSync(new URL(`../../scenarios/examples/${FILE}`, import.meta.url), 'utf8');

/** A number as the page's tooltips write it: every digit, thousands grouped. */
const exact = (n: number) => {
  const [int, frac] = String(n).split('.');
  return int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac === undefined ? '' : `.${frac}`);
};

let site: Site;
beforeAll(async () => { site = await startSite(); }, 120_000);
afterAll(async () => { await site?.close(); });

describe('experiments in the page: ranking and sensitivity', () => {
  it(`runs ${FILE} with its sensitivity as the CLI does, and draws the tornado and the ranking`, async () => {
    // The experiment the CLI and the page run (runExperiment), here in this thread.
    const scenario = parseScenario(text, { file: FILE });
    const base = await runExperiment(scenario, runScenario);

    const { context, page } = await site.open();
    await page.selectOption('#example', FILE);
    await runAndWait(page, 'done', 240_000);
    const report = (await page.evaluate(() => window.__simlapseReport)) as Report;
    expect(JSON.stringify(report)).toBe(JSON.stringify(base));
    const s = report.sensitivity!;
    expect(s.parameters.length).toBe(scenario.sensitivity!.length);

    // The tornado: one bar per parameter in the report's (widest swing first) order, exact values in the tooltips.
    const bars = page.locator('#chart-tornado g.tornado-bar');
    expect(await bars.count()).toBe(s.parameters.length);
    for (let k = 0; k < s.parameters.length; k++) {
      const p = s.parameters[k], bar = bars.nth(k);
      expect(await bar.getAttribute('data-path')).toBe(p.path);
      // The bar runs from the swing arm (the main run's best) at low to the same arm at high: its length is the swing.
      const arm = p.arms.find((a) => a.arm === p.swingArm)!;
      expect(await bar.getAttribute('data-arm')).toBe(s.base.best);
      expect(Number(await bar.getAttribute('data-low'))).toBe(arm.low);
      expect(Number(await bar.getAttribute('data-high'))).toBe(arm.high);
      expect(Math.abs(arm.high - arm.low - p.swing)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(p.swing)));
      expect(await bar.getAttribute('data-best-changes')).toBe(String(p.bestChanges));
      const title = (await bar.locator(':scope > title').textContent())!;
      expect(title).toContain(`at low (${p.low}): best "${p.atLow.best}", ${exact(p.atLow.objective!)} ${report.scenario.currency}`);
      expect(title).toContain(`at high (${p.high}): best "${p.atHigh.best}", ${exact(p.atHigh.objective!)} ${report.scenario.currency}`);
      expect(await bar.locator('text.label').textContent()).toContain(`${p.low} → ${p.high}`);
    }
    expect(await page.locator('#chart-tornado line.base').count()).toBe(1);

    // The ranking: every arm in the report's order, constraints marked, the best named.
    const ranking = report.ranking!;
    const rows = page.locator('#ranking tbody tr');
    expect(await rows.evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.arm))).toEqual(ranking.arms.map((a) => a.arm));
    for (let k = 0; k < ranking.arms.length; k++) {
      const a = ranking.arms[k];
      const cells = await rows.nth(k).locator('td').allTextContents();
      expect(cells[0]).toBe(String(a.rank));
      expect(cells[3]).toBe(a.feasible ? 'yes' : `no: ${a.violated.join(', ')}`);
    }
    expect(await page.locator('#ranking p.best').textContent()).toContain(`“${ranking.best!.arm}”`);

    await screenshot(page, 'choose-policy');
    await page.locator('#ranking').screenshot({ path: `${SCREENSHOTS}/ranking.png` });
    await page.locator('#chart-tornado').screenshot({ path: `${SCREENSHOTS}/chart-tornado.png` });

    // Hover shows the exact values; CSV export has one row per parameter.
    await bars.first().locator('rect.bar').hover();
    await page.waitForSelector('.tooltip:not([hidden])');
    expect(await page.locator('.tooltip').textContent()).toContain(exact(s.parameters[0].atHigh.objective!));
    await page.locator('#chart-tornado').screenshot({ path: `${SCREENSHOTS}/tornado-tooltip.png` });
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#chart-tornado button[data-export="csv"]')]);
    expect(d.suggestedFilename()).toBe('simlapse-tornado.csv');
    const csv = readFileSync(await d.path(), 'utf8').trim().split('\n');
    expect(csv).toHaveLength(1 + s.parameters.length);
    expect(csv[1].startsWith(`${s.parameters[0].path},`)).toBe(true);
    await context.close();
  }, 300_000);

  it('marks with ⚠ a parameter whose low or high run picks another best arm (constraints dropped)', async () => {
    // Arm "auto-stop" also sets the overage price itself (to the plan's own 0.29: no figure moves), so that entry does not reach it.
    const edited = text.replace(/  constraints: .*\n/, '').replace('replications: 10', 'replications: 3')
      .replace('  - name: auto-stop\n', '  - name: auto-stop\n    plans: {basic: {overagePerMB: 0.29}}\n');
    expect(edited).toContain('overagePerMB: 0.29}}');
    const { context, page } = await site.open();
    await setEditorText(page, edited);
    await page.waitForFunction(() => document.querySelector('#validity')?.classList.contains('ok'));
    await runAndWait(page, 'done', 240_000);
    const s = ((await page.evaluate(() => window.__simlapseReport)) as Report).sensitivity!;
    expect(s.parameters.some((p) => p.bestChanges)).toBe(true);
    const bars = page.locator('#chart-tornado g.tornado-bar');
    for (let k = 0; k < s.parameters.length; k++) {
      const p = s.parameters[k];
      expect(await bars.nth(k).getAttribute('data-best-changes')).toBe(String(p.bestChanges));
      expect((await bars.nth(k).locator('text.label').textContent())!.startsWith('⚠')).toBe(p.bestChanges);
      const title = (await bars.nth(k).locator(':scope > title').textContent())!;
      expect(p.arms.find((a) => a.arm === 'auto-stop')!.reached).toBe(p.path !== 'plans.basic.overagePerMB');
      expect(title.includes('not reached (sets the field itself, effect 0): "auto-stop"')).toBe(p.path === 'plans.basic.overagePerMB');
    }
    await page.locator('#chart-tornado').screenshot({ path: `${SCREENSHOTS}/chart-tornado-changes.png` });
    await context.close();
  }, 300_000);

  it('hides the tornado and shows no ranking for a one-arm scenario without sensitivity', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'hand-check.yaml');
    await runAndWait(page);
    const report = (await page.evaluate(() => window.__simlapseReport)) as Report;
    expect(report.sensitivity).toBeUndefined();
    expect(await page.locator('#chart-tornado').isHidden()).toBe(true);
    expect(await page.locator('#ranking').isHidden()).toBe(report.ranking === undefined);
    await context.close();
  });
});
