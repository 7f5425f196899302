import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../engine/index.ts';
import { parseScenario } from '../../scenarios/index.ts';
import { screenshot, setEditorText, startSite, type Site } from './page.ts';

const example = (file: string) => readFileSync(new URL(`../../scenarios/examples/${file}`, import.meta.url), 'utf8');
const knob = (key: string) => `#knob-list .knob[data-key="${key}"]`;

let site: Site;
beforeAll(async () => { site = await startSite(); }, 120_000);
afterAll(async () => { await site?.close(); });

describe('knobs beside the editor', () => {
  it('the first view shows the loaded example run, without pressing Run', async () => {
    const { context, page } = await site.open();
    await page.waitForFunction(() => document.body.dataset.runState === 'done', null, { timeout: 120_000 });
    const report = (await page.evaluate(() => window.__simlapseReport)) as Report;
    expect(report.scenario.hash).toBe(parseScenario(example('auto-stop.yaml'), { file: 'auto-stop.yaml' }).hash);
    expect(await page.locator('#chart-cost g.bar-group').count()).toBe(report.arms.length);
    expect(await page.getAttribute('body', 'data-stale')).toBe('false');
    await context.close();
  });

  it('editing the YAML moves the knob; moving the knob rewrites only that value, comments and layout kept', async () => {
    const { context, page } = await site.open();
    await page.uncheck('#auto-run');
    const text = example('auto-stop.yaml');
    const quota = `${knob('plans.small.quotaMB')} input[type=number]`;
    expect(await page.inputValue(quota)).toBe('100');
    expect(text).toMatch(/^ {4}quotaMB: 100$/m);

    // Text → knob.
    await setEditorText(page, text.replace(/^( {4}quotaMB: )100$/m, '$1150'));
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement).value === '150', quota);
    expect(await page.inputValue(`${knob('plans.small.quotaMB')} input[type=range]`)).toBe('150');

    // Knob → text: the slider, then the number box, then a checkbox; each time one value changes.
    await setEditorText(page, text);
    await page.waitForFunction((sel) => (document.querySelector(sel) as HTMLInputElement).value === '100', quota);
    await page.locator(`${knob('plans.small.quotaMB')} input[type=range]`).fill('200');
    expect(await page.inputValue('#source')).toBe(text.replace(/^( {4}quotaMB: )100$/m, '$1200'));
    await page.locator(quota).fill('123.5');
    expect(await page.inputValue('#source')).toBe(text.replace(/^( {4}quotaMB: )100$/m, '$1123.5'));
    const box = `${knob('arms[1].plans.small.autoStop')} input[type=checkbox]`;
    expect(await page.isChecked(box)).toBe(false);
    await page.check(box);
    const after = await page.inputValue('#source');
    const changed = after.split('\n').filter((line, i) => line !== text.split('\n')[i]);
    expect(changed).toHaveLength(2);
    expect(changed[1]).toBe(text.split('\n').find((l) => /autoStop: false/.test(l))!.replace('false', 'true'));
    expect(after.match(/#.*$/gm)).toEqual(text.match(/#.*$/gm)); // every comment kept
    expect(await page.textContent('#validity')).toMatch(/^✓/);
    await context.close();
  });

  it('a kind: field is a menu; a sweep axis and a hazard are sliders with their units', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'renewal-lag-sweep.yaml');
    await page.waitForSelector(knob('policies.renewal.kind'));
    expect(await page.locator(`${knob('policies.renewal.kind')} select option`).allTextContents()).toEqual(['auto', 'manual', 'batch']);
    expect(await page.textContent(`${knob('policies.renewal.lagDays')} .unit`)).toBe('days');
    await page.selectOption('#example', 'alert-pack-sweep.yaml');
    await page.waitForSelector(knob('sweep.policies.alerts.thresholdPct.from'));
    expect(await page.textContent(`${knob('policies.alerts.thresholdPct')} .unit`)).toBe('%');
    expect(await page.textContent(`${knob('profiles.trackers.runaway.dailyHazard')} .unit`)).toBe('per day');
    // No currency: key in the file, so the scenario's default, CNY (scenarios/currency.ts).
    expect(await page.textContent(`${knob('plans.tracker.monthlyFee')} .unit`)).toBe('CNY');
    await screenshot(page, 'knobs-sweep');
    await context.close();
  });

  it('a knob move re-runs by itself; the old result is marked out of date until the new one replaces it', async () => {
    const { context, page } = await site.open();
    await page.waitForFunction(() => document.body.dataset.runState === 'done', null, { timeout: 120_000 });
    const before = (await page.evaluate(() => window.__simlapseReport)) as Report;
    // A move from rest re-runs at once, and a small fleet's new answer may replace the old one
    // within milliseconds: the marks are recorded as they change, not read afterwards.
    await page.evaluate(() => {
      const w = window as unknown as { __marked: { body: boolean; note: boolean; results: boolean } };
      w.__marked = { body: false, note: false, results: false };
      const check = () => {
        w.__marked.body ||= document.body.dataset.stale === 'true';
        w.__marked.note ||= !document.querySelector<HTMLElement>('#stale-note')!.hidden;
        w.__marked.results ||= document.querySelector('#results')!.classList.contains('stale');
      };
      new MutationObserver(check).observe(document.body, { attributes: true, subtree: true, attributeFilter: ['data-stale', 'hidden', 'class'] });
    });
    await page.locator(`${knob('downtimeCostPerCardDay')} input[type=number]`).fill('7');
    expect(await page.evaluate(() => (window as unknown as { __marked: object }).__marked)).toEqual({ body: true, note: true, results: true });
    await screenshot(page, 'knob-stale');
    const edited = await page.inputValue('#source');
    const hash = parseScenario(edited, { file: 'auto-stop.yaml' }).hash;
    expect(hash).not.toBe(before.scenario.hash);
    await page.waitForFunction((h) => document.body.dataset.runState === 'done' && window.__simlapseReport?.scenario.hash === h, hash, { timeout: 120_000 });
    expect(await page.getAttribute('body', 'data-stale')).toBe('false');
    expect(await page.isVisible('#stale-note')).toBe(false);
    const after = (await page.evaluate(() => window.__simlapseReport)) as Report;
    // Downtime valued at 7 instead of 3 a card-day: the downtime cost scales by 7/3.
    expect(after.arms[0].metrics['cost.downtime'].mean).toBeCloseTo(before.arms[0].metrics['cost.downtime'].mean * 7 / 3, 2); // the report rounds to 4 decimals

    // Switching example marks the old charts too, until the new example's run replaces them (its
    // first, provisional answer may come within milliseconds: the marks are recorded as they change).
    await page.evaluate(() => { (window as unknown as { __marked: { body: boolean } }).__marked.body = false; });
    await page.selectOption('#example', 'hand-check.yaml');
    await page.waitForFunction(() => (window as unknown as { __marked: { body: boolean } }).__marked.body, null, { timeout: 10_000 });
    await page.waitForFunction(() => document.body.dataset.runState === 'done' && window.__simlapseReport?.scenario.name === 'Hand check', null, { timeout: 120_000 });
    expect(await page.getAttribute('body', 'data-stale')).toBe('false');
    await context.close();
  });

  it('typing marks the results out of date at once; once parsed, an edit that leaves the scenario as it was (a comment) unmarks them', async () => {
    const { context, page } = await site.open();
    await page.waitForFunction(() => document.body.dataset.runState === 'done', null, { timeout: 120_000 });
    await page.uncheck('#auto-run');
    await page.locator('#source').focus();
    await page.keyboard.press('Control+Home');
    expect(example('auto-stop.yaml').startsWith('#')).toBe(true);
    await page.keyboard.press('End');
    await page.keyboard.type(' (edited)');
    expect(await page.getAttribute('body', 'data-stale')).toBe('true');
    await page.waitForFunction(() => document.body.dataset.stale === 'false');
    await setEditorText(page, (await page.inputValue('#source')).replace(/^seed: 42$/m, 'seed: 99'));
    await page.waitForFunction(() => document.querySelector('#validity')?.textContent?.startsWith('✓'));
    await page.waitForTimeout(300);
    expect(await page.getAttribute('body', 'data-stale')).toBe('true');
    expect(await page.textContent('#stale-note')).toMatch(/press Run/);
    await context.close();
  });

  it('moving knobs quickly runs only the last value (the runs in between are superseded, not reported as cancelled)', async () => {
    const { context, page } = await site.open();
    const slider = page.locator(`${knob('plans.small.monthlyFee')} input[type=range]`);
    const states: string[] = [];
    await page.exposeFunction('__state', (s: string) => states.push(s));
    await page.evaluate(() => new MutationObserver(() => (window as any).__state(document.body.dataset.runState)).observe(document.body, { attributes: true, attributeFilter: ['data-run-state'] }));
    for (const v of ['6', '7', '8', '9']) {
      await slider.fill(v);
      await page.waitForTimeout(250);
    }
    const hash = parseScenario(await page.inputValue('#source'), { file: 'auto-stop.yaml' }).hash;
    await page.waitForFunction((h) => document.body.dataset.runState === 'done' && window.__simlapseReport?.scenario.hash === h, hash, { timeout: 120_000 });
    expect(states).not.toContain('cancelled');
    await context.close();
  });

  it('choosing renewal kind batch in the menu fills dayOfMonth (the least day allowed, 1): the scenario stays valid and runs', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'renewal-cadence.yaml');
    await page.waitForSelector(knob('policies.renewal.kind'));
    await page.waitForFunction(() => document.body.dataset.runState === 'done', null, { timeout: 120_000 });
    const text = example('renewal-cadence.yaml');
    await page.selectOption(`${knob('policies.renewal.kind')} select`, 'batch');
    await page.waitForFunction(() => /^✓/.test(document.querySelector('#validity')?.textContent ?? '') && document.body.dataset.runState === 'done' && document.body.dataset.stale === 'false', null, { timeout: 120_000 });
    const after = await page.inputValue('#source');
    expect(after).toMatch(/^ {2}renewal:\n {4}kind: batch\n {4}dayOfMonth: 1\n\narms:/m);
    expect(await page.locator('#issues li').count()).toBe(0);
    // Only the renewal mapping changed: the text before and after it is as it was.
    const cut = text.indexOf('  renewal:');
    expect(after.slice(0, cut)).toBe(text.slice(0, cut));
    expect(await page.inputValue(`${knob('policies.renewal.dayOfMonth')} input[type=number]`)).toBe('1');
    await context.close();
  });
});
