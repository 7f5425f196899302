import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { parseScenario } from '../../scenarios/index.ts';
import { formatSummary, importExport } from '../../import/index.ts';
import { tempDir } from '../import/helpers.ts';
import type { Page } from 'playwright-core';
import { screenshot, startSite, waitForRun, type Site } from './page.ts';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
const text = (path: string) => readFileSync(repo(path), 'utf8');

/** The imported-fleet example as the analyst's own file, reading `fleet.csv` from its own folder. */
const MINE = text('scenarios/examples/imported-fleet.yaml').replace('csv: ../imports/sample-fleet.csv', 'csv: data/fleet.csv');
const FLEET = text('scenarios/imports/sample-fleet.csv');
const csvLine = MINE.split('\n').findIndex((l) => l.includes('csv: data/fleet.csv')) + 1;

/** Drops files on the page as a drag from the desktop does (a synthetic DataTransfer); `bytes` as base64. */
async function drop(page: Page, files: { name: string; text?: string; bytes?: Buffer }[]): Promise<void> {
  const dt = await page.evaluateHandle((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) {
      const data = f.b64 === null ? f.text! : Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0));
      dt.items.add(new File([data], f.name, { type: 'text/csv' }));
    }
    return dt;
  }, files.map((f) => ({ name: f.name, text: f.text ?? null, b64: f.bytes ? f.bytes.toString('base64') : null })));
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

  it('a report.json opened while the example\'s fleet CSV still loads can trace cards once the file lands', async () => {
    const expected = await runScenario(loadScenarioFile(repo('scenarios/examples/imported-fleet.yaml')));
    const { context, page } = await site.open();
    // The example's fleet CSV (a lazily loaded asset) is held back until the report is open.
    let release = () => {};
    const held = new Promise<void>((resolve) => { release = resolve; });
    await page.route('**/assets/sample-fleet*', async (route) => { await held; await route.continue(); });
    await page.selectOption('#example', 'imported-fleet.yaml');
    await page.waitForFunction(() => document.querySelector('#validity')?.textContent === 'loading files…');
    await page.setInputFiles('#open', { name: 'report.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(expected, null, 2) + '\n') });
    // Shown once its check (loaded on first use) has passed.
    await page.waitForFunction(() => document.querySelector('#progress-text')?.textContent === 'Opened report.json.');
    await page.waitForSelector('#chart-cost svg');
    expect(await page.textContent('#trace-note')).toMatch(/open the scenario this report was run from/);
    release();
    await page.waitForFunction(() => document.querySelector('#validity')?.textContent?.startsWith('✓'), null, { timeout: 60_000 });
    await expect.poll(() => page.textContent('#trace-note'), { timeout: 10_000 }).not.toMatch(/open the scenario/);
    await page.waitForSelector('#timeline svg');
    // The opened report stays on show: no run replaced it.
    expect(await page.evaluate(() => JSON.stringify(window.__simlapseReport))).toBe(JSON.stringify(expected));
    expect(await page.textContent('#progress-text')).toMatch(/Opened report\.json/);
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

  it('imports a carrier export dropped on the page (GBK) in a worker: the CLI\'s summary and messages, its four files as downloads, the fleet CSV usable by a scenario', async () => {
    const bytes = readFileSync(repo('scenarios/imports/sample-export.csv'));
    // The CLI on the same export, its outputs named as the page names them.
    const dir = tempDir();
    writeFileSync(join(dir, 'sample-export.csv'), bytes);
    const summary = await importExport({ input: join(dir, 'sample-export.csv'), out: join(dir, 'sample-export-fleet.csv'), start: '2026-01-15' });
    const expectedText = formatSummary('sample-export.csv', '2026-01-15', false, summary).split(`${dir}/`).join('');

    const { context, page } = await site.open();
    await page.selectOption('#example', 'imported-fleet.yaml');
    await waitForRun(page, 'done', 180_000);
    await drop(page, [{ name: 'sample-export.csv', bytes }]);
    await page.waitForFunction(() => document.body.dataset.importState === 'done' || document.body.dataset.importState === 'error', null, { timeout: 60_000 });
    expect(await page.textContent('#import-error')).toBe('');
    expect(await page.inputValue('#import-start')).toBe('2026-01-15');
    expect(await page.textContent('#import-summary')).toBe(expectedText);
    // Every rejected row and every repair, as `line N: message`, the messages of rejected.csv and repaired.csv.
    const rejected = (parse(readFileSync(repo('scenarios/imports/sample-fleet.rejected.csv')), { relax_column_count: true }) as string[][]).slice(1);
    expect(await page.locator('#import-rejected li').allTextContents()).toEqual(rejected.map((r) => `line ${r[0]}: ${r[2]}`));
    const repaired = (parse(readFileSync(repo('scenarios/imports/sample-fleet.repaired.csv'))) as string[][]).slice(1);
    expect(await page.locator('#import-repaired li').allTextContents()).toEqual(repaired.map((r) => `line ${r[0]}: ${r[2]}: ${r[3]}`));
    expect(rejected.length).toBe(summary.rejected);
    for (const [kind, file] of [['fleet', 'sample-fleet.csv'], ['profiles', 'sample-fleet.profiles.yaml'], ['rejected', 'sample-fleet.rejected.csv'], ['repaired', 'sample-fleet.repaired.csv']]) {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(`#import button[data-download="${kind}"]`)]);
      expect(d.suggestedFilename()).toMatch(/^sample-export-fleet\./);
      expect(readFileSync(await d.path()).equals(readFileSync(repo(`scenarios/imports/${file}`))), kind).toBe(true);
    }
    await screenshot(page, 'fleet-imported');
    expect(await page.locator('#held-files li .name').allTextContents()).toEqual(['sample-export-fleet.csv']);

    const mine = MINE.replace('csv: data/fleet.csv', 'csv: sample-export-fleet.csv');
    await page.setInputFiles('#open', { name: 'mine.yaml', mimeType: 'text/yaml', buffer: Buffer.from(mine) });
    await page.waitForFunction(() => document.body.dataset.runState === 'done' && document.querySelector('#file-name')?.textContent === 'mine.yaml' && document.body.dataset.stale === 'false', null, { timeout: 180_000 });
    const expected = parseScenario(mine, { file: 'mine.yaml', readFile: () => FLEET });
    expect(await page.evaluate(() => window.__simlapseReport!.scenario.hash)).toBe(expected.hash);
    await context.close();
  });

  it('imports an .xlsx export picked with Open… as the CLI does; an export with no card leaves the page\'s fleet CSV; one that cannot be imported shows the CLI\'s message', async () => {
    const xlsx = readFileSync(repo('test/fixtures/import/control-center.xlsx'));
    const dir = tempDir();
    writeFileSync(join(dir, 'control-center.xlsx'), xlsx);
    const summary = await importExport({ input: join(dir, 'control-center.xlsx'), out: join(dir, 'control-center-fleet.csv'), start: '2026-01-15' });
    const { context, page } = await site.open();
    await page.selectOption('#example', 'imported-fleet.yaml');
    await waitForRun(page, 'done', 180_000);
    await page.setInputFiles('#open', { name: 'control-center.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: xlsx });
    await page.waitForFunction(() => document.body.dataset.importState === 'done' || document.body.dataset.importState === 'error', null, { timeout: 60_000 });
    expect(await page.textContent('#import-summary')).toBe(formatSummary('control-center.xlsx', '2026-01-15', false, summary).split(`${dir}/`).join(''));
    const [d] = await Promise.all([page.waitForEvent('download'), page.click('#import button[data-download="fleet"]')]);
    expect(readFileSync(await d.path(), 'utf8')).toBe(readFileSync(join(dir, 'control-center-fleet.csv'), 'utf8'));

    // An export of the same name whose every row is rejected: its rejected rows only, as the CLI writes
    // only them; the fleet CSV the page holds under that name stays as it was.
    const held = await page.locator('#held-files li').allTextContents();
    expect(held.join(' ')).toContain('control-center-fleet.csv');
    const bad = 'iccid,status\n123,online\n';
    writeFileSync(join(dir, 'control-center.csv'), bad);
    const badSummary = await importExport({ input: join(dir, 'control-center.csv'), out: join(dir, 'control-center-fleet.csv'), start: '2026-01-15' });
    expect(badSummary.imported).toBe(0);
    await drop(page, [{ name: 'control-center.csv', text: bad }]);
    await page.waitForFunction(() => document.body.dataset.importState === 'done' && document.querySelector('#import-title')?.textContent === 'No card imported from control-center.csv', null, { timeout: 60_000 });
    expect(await page.textContent('#import-summary')).toBe(formatSummary('control-center.csv', '2026-01-15', false, badSummary).split(`${dir}/`).join(''));
    expect(await page.locator('#import-rejected li').allTextContents()).toHaveLength(1);
    expect(await page.locator('#import button[data-download]:visible').allTextContents()).toEqual(['control-center-fleet.rejected.csv']);
    expect(await page.textContent('#import-note')).toContain('the page\'s files are as they were');
    expect(await page.locator('#held-files li').allTextContents()).toEqual(held);

    await drop(page, [{ name: 'not-an-export.csv', text: 'name,colour\nbike,red\n' }]);
    await page.waitForFunction(() => document.body.dataset.importState === 'error', null, { timeout: 60_000 });
    writeFileSync(join(dir, 'not-an-export.csv'), 'name,colour\nbike,red\n');
    const cliMessage = await importExport({ input: join(dir, 'not-an-export.csv'), out: join(dir, 'x.csv'), start: '2026-01-15' }).then(() => '', (e: Error) => e.message);
    expect(cliMessage).not.toBe('');
    expect(await page.textContent('#import-error')).toBe(cliMessage.split(`${dir}/`).join(''));
    await context.close();
  });
});
