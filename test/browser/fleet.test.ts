import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScenario } from '../../engine/index.ts';
import { loadScenarioFile } from '../../scenarios/node.ts';
import { screenshot, startSite, waitForRun, type Site } from './page.ts';

const repo = (path: string) => fileURLToPath(new URL(`../../${path}`, import.meta.url));

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
});
