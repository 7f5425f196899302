import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { parseScenario } from '../../scenarios/index.ts';
import type { Page } from 'playwright-core';
import { screenshot, startSite, waitForRun, type Site } from './page.ts';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const text = (path: string) => readFileSync(repo(path), 'utf8');

/** The imported-fleet example as the analyst's own file, reading `fleet.csv` from its own folder. */
const MINE = text('scenarios/examples/imported-fleet.yaml').replace('csv: ../imports/sample-fleet.csv', 'csv: data/fleet.csv');
const FLEET = text('scenarios/imports/sample-fleet.csv');
const csvLine = MINE.split('\n').findIndex((l) => l.includes('csv: data/fleet.csv')) + 1;

/** Drops files on the page as a drag from the desktop does (a synthetic DataTransfer). */
async function drop(page: Page, files: { name: string; text: string }[]): Promise<void> {
  const dt = await page.evaluateHandle((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) dt.items.add(new File([f.text], f.name, { type: 'text/csv' }));
    return dt;
  }, files);
  await page.dispatchEvent('#results', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('#results', 'drop', { dataTransfer: dt });
}

let site: Site;
beforeAll(async () => { site = await startSite(); }, 120_000);
afterAll(async () => { await site?.close(); });

describe('fleets in the page', () => {
  it('runs the imported-fleet example with its fleet CSV: the same report bytes as the CLI', async () => {
    const expected = await runScenario(loadScenarioFile(repo('scenarios/examples/imported-fleet.yaml')));
    const { context, page } = await site.open();
    await page.selectOption('#example', 'imported-fleet.yaml');
    await waitForRun(page, 'done', 180_000);
    expect(await page.locator('#issues li').count()).toBe(0);
    expect(await page.textContent('#validity')).toMatch(/^✓ 2 arms, [\d,]+ cards, 10 replications$/);
    const inPage = await page.evaluate(() => JSON.stringify(window.__simlapseReport));
    expect(inPage).toBe(JSON.stringify(expected));
    await screenshot(page, 'imported-fleet');
    await context.close();
  });

  it('opens a scenario together with its fleet CSV (several files picked at once); lists the file with its size', async () => {
    const { context, page } = await site.open();
    await page.setInputFiles('#open', [
      { name: 'mine.yaml', mimeType: 'text/yaml', buffer: Buffer.from(MINE) },
      { name: 'fleet.csv', mimeType: 'text/csv', buffer: Buffer.from(FLEET) },
    ]);
    await waitForRun(page, 'done', 180_000);
    expect(await page.textContent('#file-name')).toBe('mine.yaml');
    expect(await page.locator('#issues li').count()).toBe(0);
    const expected = parseScenario(MINE, { file: 'mine.yaml', readFile: () => FLEET });
    expect(await page.evaluate(() => window.__simlapseReport!.scenario.hash)).toBe(expected.hash);
    expect(await page.locator('#held-files li').allTextContents()).toEqual([`fleet.csv${(Buffer.byteLength(FLEET) / 1024).toFixed(1)} KB×`]);
    await screenshot(page, 'fleet-opened');
    await context.close();
  });

  it('a missing fleet CSV is the loader\'s inline error on the csv: line; dropping the file fixes it, removing it brings the error back', async () => {
    const { context, page } = await site.open();
    await page.setInputFiles('#open', { name: 'mine.yaml', mimeType: 'text/yaml', buffer: Buffer.from(MINE) });
    await page.waitForSelector('#issues li');
    const issues = await page.locator('#issues li').allTextContents();
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(new RegExp(`^mine\\.yaml:${csvLine}:\\d+: fleet\\.csv: cannot read fleet file "data/fleet\\.csv": not open in the page: open fleet\\.csv together with the scenario`));
    expect((await page.locator('#gutter .err').allTextContents()).map(Number)).toEqual([csvLine]);
    expect(await page.isDisabled('#run')).toBe(true);
    expect(await page.isHidden('#held-files')).toBe(true);
    await screenshot(page, 'fleet-missing');

    await drop(page, [{ name: 'fleet.csv', text: FLEET }]);
    await waitForRun(page, 'done', 180_000);
    expect(await page.locator('#issues li').count()).toBe(0);
    expect(await page.locator('#held-files li .name').allTextContents()).toEqual(['fleet.csv']);

    await page.click('#held-files li button.remove');
    await page.waitForSelector('#issues li');
    expect(await page.locator('#issues li').allTextContents()).toEqual(issues);
    expect(await page.isHidden('#held-files')).toBe(true);
    await context.close();
  });
});
