import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { runScenario } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { setEditorText, startSite, waitForRun, type Site } from './page.ts';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));
/** The default example with the analyst's own edit (a seed), as kept in the editor and localStorage. */
const MINE = readFileSync(repo('scenarios/examples/auto-stop.yaml'), 'utf8').replace(/^seed: .*$/m, 'seed: 777  # MY EDIT');
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

/** Drops files on the page as a drag from the desktop does (a synthetic DataTransfer). */
async function drop(page: Page, files: { name: string; text?: string; bytes?: Buffer }[]): Promise<void> {
  const dt = await page.evaluateHandle((fs) => {
    const dt = new DataTransfer();
    for (const f of fs) dt.items.add(new File([f.b64 === null ? f.text! : Uint8Array.from(atob(f.b64), (c) => c.charCodeAt(0))], f.name));
    return dt;
  }, files.map((f) => ({ name: f.name, text: f.text ?? null, b64: f.bytes ? f.bytes.toString('base64') : null })));
  await page.dispatchEvent('#results', 'dragover', { dataTransfer: dt });
  await page.dispatchEvent('#results', 'drop', { dataTransfer: dt });
}

const pick = (page: Page, name: string, text: string) => page.setInputFiles('#open', { name, mimeType: 'application/json', buffer: Buffer.from(text) });
const progressIs = (page: Page, re: RegExp) => page.waitForFunction((src) => new RegExp(src).test(document.querySelector('#progress-text')?.textContent ?? ''), re.source);
const shownName = (page: Page) => page.evaluate(() => (window.__simlapseReport as { scenario: { name: string } } | undefined)?.scenario.name);

let site: Site;
/** A report.json the CLI would write for a small alerts.yaml (another scenario than the page's first). */
let alerts: Record<string, any>;
beforeAll(async () => {
  const config = loadScenarioFile(repo('scenarios/examples/alerts.yaml'));
  const arms = config.arms.map((a) => ({ ...a, cohorts: a.cohorts.map((c) => ({ ...c, count: Math.min(c.count, 60) })) }));
  alerts = JSON.parse(JSON.stringify(await runScenario({ ...config, arms, replications: 2 })));
  site = await startSite();
}, 180_000);
afterAll(async () => { await site?.close(); });

describe('files the page refuses', () => {
  it('a dropped image or document leaves the edited scenario, in the editor and across a reload, and says why', async () => {
    const { context, page } = await site.open();
    await waitForRun(page);
    await setEditorText(page, MINE);
    await page.waitForFunction(() => localStorage.getItem('simlapse.scenario.v1')?.includes('MY EDIT'));
    for (const [name, bytes] of [['chart.png', PNG], ['notes.md', Buffer.from('# notes\n')]] as const) {
      await drop(page, [{ name, bytes }]);
      await progressIs(page, new RegExp(`^Cannot open ${name.replace('.', '\\.')}: not a scenario \\(\\.yaml\\), a report\\.json, a fleet CSV, a trace or a carrier export\\.$`));
      expect(await page.inputValue('#source')).toBe(MINE);
    }
    await page.reload();
    await page.waitForSelector('#source');
    expect(await page.inputValue('#source')).toBe(MINE);
    await context.close();
  });

  it('a report.json that does not check is refused with its first problems; the charts keep drawing what comes next', async () => {
    const { context, page } = await site.open();
    await waitForRun(page);
    const editor = await page.inputValue('#source');
    const ran = await shownName(page);
    const bad = structuredClone(alerts);
    delete bad.intervals;
    bad.scenario.cards = '2000';
    await pick(page, 'report.json', JSON.stringify(bad));
    await progressIs(page, /^Cannot open report\.json: /);
    expect(await page.textContent('#progress-text')).toBe('Cannot open report.json: /intervals: required field missing; /scenario/cards: "2000", expected integer.');
    expect(await shownName(page)).toBe(ran);
    expect(await page.inputValue('#source')).toBe(editor);
    // Another format version, and a file cut short: said so, never YAML errors in the editor.
    await pick(page, 'report.json', JSON.stringify({ ...alerts, version: 2 }));
    await progressIs(page, /^Cannot open report\.json: a report of format version 2; this page reads version 1\.$/);
    await pick(page, 'report-2.json', JSON.stringify(alerts, null, 2).slice(0, 2000));
    await progressIs(page, /^Cannot open report-2\.json: not valid JSON: /);
    expect(await page.locator('#issues li').count()).toBe(0);
    expect(await page.inputValue('#source')).toBe(editor);
    // A good report then draws in full.
    await pick(page, 'report.json', JSON.stringify(alerts));
    await progressIs(page, /^Opened report\.json\.$/);
    await page.waitForFunction(() => document.body.dataset.charts === 'drawn');
    expect(await page.textContent('#report-head h2')).toBe(alerts.scenario.name);
    const drawn = await page.evaluate(() => window.__simlapseDraws!.at(-1)!.hash);
    expect(drawn).toBe(alerts.scenario.hash);
    await context.close();
  });

  it("the report's checker is loaded when a report.json is opened, not with the page", async () => {
    const { context, page } = await site.open();
    const scripts: string[] = [];
    page.on('request', (r) => { if (r.resourceType() === 'script') scripts.push(r.url()); });
    await page.reload();
    await waitForRun(page);
    expect(scripts.some((u) => /report-check/.test(u))).toBe(false);
    await pick(page, 'report.json', JSON.stringify(alerts));
    await progressIs(page, /^Opened report\.json\.$/);
    expect(scripts.some((u) => /report-check/.test(u))).toBe(true);
    await context.close();
  });
});
