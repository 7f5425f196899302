import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/index.ts';
import { formatIssue, parseScenario, ScenarioError } from '../../scenarios/index.ts';
import { runAndWait, screenshot, setEditorText, startSite, type Site } from './page.ts';

const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
const example = (file: string) => readFileSync(new URL(`../../scenarios/examples/${file}`, import.meta.url), 'utf8');

/** The messages `simlapse validate` prints for a file (the CLI formats the loader's issues with formatIssue). */
function cliMessages(text: string, file: string): string[] {
  try {
    parseScenario(text, { file });
  } catch (err) {
    if (err instanceof ScenarioError) return err.issues.map(formatIssue);
    throw err;
  }
  throw new Error(`${file} is valid`);
}

let site: Site;
beforeAll(async () => { site = await startSite(); }, 120_000);
afterAll(async () => { await site?.close(); });

describe('scenarios in the page', () => {
  it('starts on the auto-stop example, valid', async () => {
    const { context, page } = await site.open();
    expect(await page.inputValue('#example')).toBe('auto-stop.yaml');
    expect(await page.inputValue('#source')).toBe(example('auto-stop.yaml'));
    expect(await page.textContent('#validity')).toBe('✓ 2 arms, 2,000 cards, 10 replications');
    expect(await page.locator('#issues li').count()).toBe(0);
    // No edit yet: "Your edits" is hidden, not an empty heading.
    expect(await page.locator('#example optgroup').evaluate((g) => (g as HTMLOptGroupElement).hidden)).toBe(true);
    await context.close();
  });

  for (const name of ['negative-quota.yaml', 'many-problems.yaml', 'syntax-error.yaml', 'unknown-plan.yaml']) {
    it(`shows the CLI's messages inline for a bad scenario opened from a file (${name})`, async () => {
      const text = fixture(`bad/${name}`);
      const { context, page } = await site.open();
      await page.setInputFiles('#open', { name, mimeType: 'text/yaml', buffer: Buffer.from(text) });
      await page.waitForSelector('#issues li');
      expect(await page.locator('#issues li').allTextContents()).toEqual(cliMessages(text, name));
      expect(await page.textContent('#file-name')).toBe(name);
      expect(await page.isDisabled('#run')).toBe(true);
      // The gutter marks the lines named in the messages.
      const lines = [...new Set(cliMessages(text, name).map((m) => Number(m.split(':')[1])).filter((l) => l > 0))].sort((a, b) => a - b);
      expect((await page.locator('#gutter .err').allTextContents()).map(Number)).toEqual(lines);
      if (name === 'many-problems.yaml') await screenshot(page, 'bad-scenario');
      await context.close();
    });
  }

  it('shows an error as the analyst types, and clears it when fixed', async () => {
    const { context, page } = await site.open();
    const good = example('auto-stop.yaml');
    const bad = good.replace('quotaMB: 100', 'quotaMB: -100');
    await setEditorText(page, bad);
    await page.waitForSelector('#issues li');
    expect(await page.locator('#issues li').allTextContents()).toEqual(cliMessages(bad, 'auto-stop.yaml'));
    expect(await page.inputValue('#example')).toBe('draft:auto-stop.yaml');
    await setEditorText(page, good);
    await page.waitForFunction(() => document.querySelectorAll('#issues li').length === 0);
    expect(await page.isDisabled('#run')).toBe(false);
    expect(await page.inputValue('#example')).toBe('auto-stop.yaml');
    // Typed back to the example's text: the draft of the bad edit is gone, not kept to come back.
    expect(await page.locator('#example optgroup option').count()).toBe(0);
    expect(await page.locator('#example optgroup').evaluate((g) => (g as HTMLOptGroupElement).hidden)).toBe(true);
    await context.close();
  });

  it('keeps an edit across a reload', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'pools.yaml');
    const edited = example('pools.yaml').replace(/^seed: .*$/m, 'seed: 12345');
    expect(edited).not.toBe(example('pools.yaml'));
    await setEditorText(page, edited);
    await page.reload();
    await page.waitForSelector('#source');
    expect(await page.inputValue('#source')).toBe(edited);
    expect(await page.textContent('#file-name')).toBe('pools.yaml');
    expect(await page.inputValue('#example')).toBe('draft:pools.yaml');
    await page.click('#revert');
    expect(await page.inputValue('#source')).toBe(example('pools.yaml'));
    await page.reload();
    await page.waitForSelector('#source');
    expect(await page.inputValue('#example')).toBe('pools.yaml');
    // Revert forgot the draft: "Your edits" is empty and hidden.
    expect(await page.locator('#example optgroup option').count()).toBe(0);
    await context.close();
  });

  it('picking an example or opening a file keeps the edit, which "Your edits" brings back, also after a reload', async () => {
    const { context, page } = await site.open();
    const mine = example('auto-stop.yaml').replace(/^seed: .*$/m, 'seed: 4242');
    await setEditorText(page, mine);
    await page.waitForFunction(() => document.querySelector<HTMLSelectElement>('#example')?.value === 'draft:auto-stop.yaml');
    // Another example, then a file of one's own: the edit stays listed under "Your edits", each once.
    await page.selectOption('#example', 'pools.yaml');
    expect(await page.inputValue('#source')).toBe(example('pools.yaml'));
    const other = example('pools.yaml').replace(/^seed: .*$/m, 'seed: 7');
    await page.setInputFiles('#open', { name: 'mine.yaml', mimeType: 'text/yaml', buffer: Buffer.from(other) });
    await page.waitForFunction(() => document.querySelector('#file-name')?.textContent === 'mine.yaml');
    expect(await page.locator('#example optgroup option').allTextContents()).toEqual(['mine.yaml (edited)', 'auto-stop.yaml (edited)']);
    await page.selectOption('#example', 'draft:auto-stop.yaml');
    expect(await page.inputValue('#source')).toBe(mine);
    expect(await page.textContent('#file-name')).toBe('auto-stop.yaml');
    // A reload shows the text last shown and keeps both drafts.
    await page.selectOption('#example', 'alerts.yaml');
    await page.reload();
    await page.waitForSelector('#source');
    expect(await page.inputValue('#example')).toBe('alerts.yaml');
    await page.selectOption('#example', 'draft:mine.yaml');
    expect(await page.inputValue('#source')).toBe(other);
    expect(await page.inputValue('#example')).toBe('draft:mine.yaml');
    // A file of one's own holding an example's text exactly is its own draft, shown as such (it showed "(other)").
    await page.setInputFiles('#open', { name: 'copy.yaml', mimeType: 'text/yaml', buffer: Buffer.from(example('alerts.yaml')) });
    await page.waitForFunction(() => document.querySelector('#file-name')?.textContent === 'copy.yaml');
    expect(await page.inputValue('#example')).toBe('draft:copy.yaml');
    // Picking an example keeps its draft: only typing back to the example's text (or Revert) forgets it.
    await page.selectOption('#example', 'auto-stop.yaml');
    expect(await page.locator('#example optgroup option').allTextContents()).toEqual(['copy.yaml (edited)', 'mine.yaml (edited)', 'auto-stop.yaml (edited)']);
    // A file opened under the name of a draft of another text takes a name of its own, and that draft stays (a page
    // hunt: opening one's own auto-stop.yaml replaced the edit of the example without a word).
    await page.setInputFiles('#open', { name: 'auto-stop.yaml', mimeType: 'text/yaml', buffer: Buffer.from(other) });
    await page.waitForFunction(() => document.querySelector('#file-name')?.textContent === 'auto-stop (2).yaml');
    expect(await page.inputValue('#source')).toBe(other);
    expect(await page.locator('#example optgroup option').allTextContents()).toEqual(['auto-stop (2).yaml (edited)', 'copy.yaml (edited)', 'mine.yaml (edited)', 'auto-stop.yaml (edited)']);
    await page.selectOption('#example', 'draft:auto-stop.yaml');
    expect(await page.inputValue('#source')).toBe(mine);
    // The same file opened again is its own draft again, not a third name.
    await page.setInputFiles('#open', { name: 'auto-stop.yaml', mimeType: 'text/yaml', buffer: Buffer.from(other) });
    await page.waitForFunction(() => document.querySelector('#file-name')?.textContent === 'auto-stop (2).yaml');
    await context.close();
  });

  it('opens a report.json written by the CLI and draws it; the card trace needs the same scenario', async () => {
    const text = example('alerts.yaml');
    const report = await runScenario(parseScenario(text, { file: 'alerts.yaml' }));
    const json = JSON.stringify(report, null, 2) + '\n';
    const { context, page } = await site.open();
    await page.setInputFiles('#open', { name: 'report.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    // Shown once its check (loaded on first use) has passed, then drawn.
    await page.waitForFunction(() => document.querySelector('#progress-text')?.textContent === 'Opened report.json.' && document.body.dataset.charts === 'drawn');
    await page.waitForSelector('#chart-cost svg');
    expect(await page.locator('#chart-cost g.bar-group').count()).toBe(report.arms.length);
    expect(await page.evaluate(() => JSON.stringify(window.__simlapseReport))).toBe(JSON.stringify(report));
    expect(await page.textContent('#trace-note')).toMatch(/open the scenario this report was run from/);
    await page.selectOption('#example', 'alerts.yaml');
    await page.setInputFiles('#open', { name: 'report.json', mimeType: 'application/json', buffer: Buffer.from(json) });
    await page.waitForSelector('#timeline svg');
    await context.close();
  });
});
