import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { setEditorText, startSite, waitForRun, type Site } from './page.ts';

/** Edges of the page's controls that an adversarial hunt found: each is refused or held with a clear message. */

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const text = (path: string) => readFileSync(repo(path), 'utf8');
const AUTO_STOP = text('scenarios/examples/auto-stop.yaml');

let site: Site;
beforeAll(async () => { site = await startSite(); }, 120_000);
afterAll(async () => { await site?.close(); });

/** Sets an input's value and fires its change event (as leaving the box does). */
async function change(page: Page, selector: string, value: string): Promise<void> {
  await page.fill(selector, value);
  await page.dispatchEvent(selector, 'change');
}

/** The editor's line holding the cursor. */
const cursorLine = (page: Page) => page.evaluate(() => {
  const t = document.querySelector<HTMLTextAreaElement>('#source')!;
  return t.value.slice(0, t.selectionStart).split('\n').length;
});

describe('the page at its edges', () => {
  it('a fleet CSV\'s problem marks no line of the scenario, and clicking it moves no cursor', async () => {
    const mine = text('scenarios/examples/imported-fleet.yaml').replace('csv: ../imports/sample-fleet.csv', 'csv: data/fleet.csv');
    const rows = text('scenarios/imports/sample-fleet.csv').split('\n').slice(0, 30);
    rows[25] = rows[25].replace(/,2025-\d\d-\d\d,/, ',2025-13-45,');
    expect(rows[25]).toContain('2025-13-45');
    const { context, page } = await site.open();
    await page.setInputFiles('#open', [
      { name: 'mine.yaml', mimeType: 'text/yaml', buffer: Buffer.from(mine) },
      { name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n') + '\n') },
    ]);
    await page.waitForSelector('#issues li');
    const issues = await page.locator('#issues li').allTextContents();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(/^data\/fleet\.csv:26:1: fleet\.csv: /);
    // Line 26 of the CSV is not line 26 of mine.yaml.
    expect(await page.locator('#gutter .err').count()).toBe(0);
    await page.evaluate(() => document.querySelector<HTMLTextAreaElement>('#source')!.setSelectionRange(0, 0));
    await page.click('#issues li');
    expect(await cursorLine(page)).toBe(1);
    await context.close();
  });

  it('Import again with the start date cleared says what the CLI says for --start, and imports nothing', async () => {
    const { context, page } = await site.open();
    await page.setInputFiles('#open', { name: 'sample-export.csv', mimeType: 'text/csv', buffer: readFileSync(repo('scenarios/imports/sample-export.csv')) });
    await page.waitForFunction(() => document.body.dataset.importState === 'done', null, { timeout: 60_000 });
    await page.fill('#import-start', '');
    await page.click('#import-again');
    await page.waitForFunction(() => document.body.dataset.importState === 'error', null, { timeout: 60_000 });
    expect(await page.textContent('#import-error')).toBe('Start date "": expected a date YYYY-MM-DD (the day the export describes).');
    expect(await page.textContent('#import-title')).toBe('Cannot import sample-export.csv');
    await context.close();
  });

  it('the Workers box holds its count between its own min and max, and says so', async () => {
    const { context, page } = await site.open();
    expect([await page.getAttribute('#workers', 'min'), await page.getAttribute('#workers', 'max')]).toEqual(['1', '64']);
    for (const [typed, held] of [['1000', '64'], ['100', '64'], ['-3', '1'], ['0', '1'], ['2.5', '2']]) {
      await change(page, '#workers', typed);
      expect(await page.inputValue('#workers')).toBe(held);
      expect(await page.textContent('#workers-note')).toBe(`Workers ${typed}: expected a whole number from 1 to 64; set to ${held}.`);
      expect(await page.isVisible('#workers-note')).toBe(true);
    }
    await change(page, '#workers', '3');
    expect(await page.inputValue('#workers')).toBe('3');
    expect(await page.isHidden('#workers-note')).toBe(true);
    await context.close();
  });

  it('a card\'s trace refuses a replication the report did not run', async () => {
    const { context, page } = await site.open();
    await waitForRun(page, 'done', 180_000);
    await page.waitForSelector('#timeline svg');
    const replications = await page.evaluate(() => window.__simlapseReport!.scenario.replications);
    expect(replications).toBe(10);
    for (const rep of ['10', '9999']) {
      await change(page, '#trace-rep', rep);
      await expect.poll(() => page.textContent('#trace-note')).toBe(`replication ${rep} is not in the report (0 to 9)`);
      expect(await page.locator('#timeline svg').count()).toBe(0);
    }
    await change(page, '#trace-rep', '9');
    await expect.poll(() => page.textContent('#trace-note')).toMatch(/^\d+ events$/);
    await page.waitForSelector('#timeline svg');
    await context.close();
  });

  it('a run the CLI refuses as large does not start on an edit or on Run: the page says why, and Run anyway starts it', async () => {
    const { context, page } = await site.open();
    await waitForRun(page, 'done', 180_000);
    const report = await page.evaluate(() => JSON.stringify(window.__simlapseReport));
    // 10,000 replications of blocks of one card: 40 million jobs (before, it froze the page for half a minute).
    await setEditorText(page, AUTO_STOP.replace('replications: 10\n', 'replications: 10000\nblockSize: 1\n'));
    await page.waitForSelector('#large-run', { state: 'visible', timeout: 10_000 });
    expect(await page.textContent('#large-run-text')).toMatch(/^This run is large: 1\.5 × 10\^10 card-days .* in 40,000,000 jobs, past the 1\.0 × 10\^11 card-days or 1,000,000 jobs a run takes without asking\. .* Run it anyway, or make it smaller/);
    await page.click('#run');
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => document.body.dataset.runState)).toBe('done');
    expect(await page.evaluate(() => JSON.stringify(window.__simlapseReport))).toBe(report);
    expect(await page.isVisible('#large-run')).toBe(true);
    expect(await page.textContent('#stale-note')).toBe('Out of date: the scenario has changed since these results; it is a large run, which starts with Run anyway.');
    // The note sizes the scenario in the editor: text with problems takes it away (a page hunt: it stayed, with a live
    // Run anyway, and the stale note promised a re-run that was not coming).
    await setEditorText(page, 'name: [');
    await page.waitForSelector('#large-run', { state: 'hidden', timeout: 10_000 });
    await expect.poll(() => page.textContent('#stale-note'), { timeout: 10_000 }).toBe('Out of date: the scenario has changed since these results and has problems; fix them to run it.');

    // Large by card-days in few jobs: Run anyway starts it (and Cancel stops it).
    await setEditorText(page, AUTO_STOP.replace('replications: 10\n', 'replications: 3000\n').replace('count: 2000', 'count: 100000'));
    await expect.poll(() => page.textContent('#large-run-text'), { timeout: 10_000 }).toMatch(/card-days .* in 42,000 jobs/);
    expect(await page.evaluate(() => document.body.dataset.runState)).toBe('done');
    await page.click('#run-large');
    expect(await page.evaluate(() => document.body.dataset.runState)).toBe('running');
    expect(await page.isHidden('#large-run')).toBe(true);
    await page.click('#cancel');
    await waitForRun(page, 'cancelled', 60_000);

    // Back to a small run: it re-runs on the edit as before.
    await setEditorText(page, AUTO_STOP);
    await waitForRun(page, 'done', 180_000);
    expect(await page.isHidden('#large-run')).toBe(true);
    await context.close();
  });
});
