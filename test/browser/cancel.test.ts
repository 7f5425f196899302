import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAndWait, screenshot, setEditorText, startSite, type Site } from './page.ts';

const example = (file: string) => readFileSync(new URL(`../../scenarios/examples/${file}`, import.meta.url), 'utf8');

let site: Site;
beforeAll(async () => { site = await startSite(); }, 120_000);
afterAll(async () => { await site?.close(); });

/** The auto-stop example at a million cards and 36 months: far too long to finish during the test. */
const big = example('auto-stop.yaml').replace('count: 2000', 'count: 1000000').replace('months: 12', 'months: 36');

describe('a big run in the page', () => {
  it('shows progress with rate and time left, and Cancel stops it', async () => {
    const { context, page } = await site.open();
    await setEditorText(page, big);
    await page.waitForFunction(() => document.querySelector('#validity')?.textContent?.includes('1,000,000 cards'));
    await page.click('#run');
    await page.waitForFunction(() => /card-days\/s · .* left/.test(document.querySelector('#progress-text')?.textContent ?? ''), null, { timeout: 60_000 });
    const during = await page.textContent('#progress-text');
    expect(during).toMatch(/^\d+\.\d % — [\d,]+ of [\d,]+ card-days · .* card-days\/s · .* left · \d+ workers?$/);
    // The main thread answers while the workers run.
    const t0 = Date.now();
    expect(await page.evaluate(() => new Promise<number>((resolve) => requestAnimationFrame(() => resolve(1))))).toBe(1);
    const frameWait = Date.now() - t0;
    await screenshot(page, 'big-run');
    await page.click('#cancel');
    await page.waitForFunction(() => document.body.dataset.runState === 'cancelled', null, { timeout: 30_000 });
    const after = await page.textContent('#progress-text');
    expect(after).toMatch(/^Cancelled after [\d,]+ of [\d,]+ card-days/);
    expect(await page.isDisabled('#run')).toBe(false);
    expect(await page.isDisabled('#cancel')).toBe(true);
    // Nothing moves after a cancel: the workers were terminated.
    await page.waitForTimeout(1000);
    expect(await page.textContent('#progress-text')).toBe(after);
    const longest = await page.evaluate(() => document.body.dataset.longestTaskMs);
    console.log(`big run: a frame came ${frameWait} ms after asking during the run; longest main-thread task ${longest} ms`);
    await screenshot(page, 'big-run-cancelled');
    await context.close();
  });

  it('a finished run after a cancelled one still gives a report', async () => {
    const { context, page } = await site.open();
    await setEditorText(page, big);
    await page.click('#run');
    await page.waitForFunction(() => document.body.dataset.runState === 'running');
    await page.click('#cancel');
    await page.waitForFunction(() => document.body.dataset.runState === 'cancelled');
    await page.selectOption('#example', 'hand-check.yaml');
    await runAndWait(page);
    expect(await page.evaluate(() => window.__simlapseReport?.scenario.name)).toBe('Hand check');
    await context.close();
  });
});
