/**
 * Test harness for the page: builds viz/ with Vite into a temporary folder,
 * serves it with `vite preview` on 127.0.0.1 (a free port) and drives
 * Debian's chromium with playwright-core. Screenshots go to screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { build, preview, type PreviewServer } from 'vite';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SCREENSHOTS = join(ROOT, 'screenshots');
export const CHROMIUM = '/usr/bin/chromium';

export interface Site {
  url: string;
  browser: Browser;
  /** A fresh context (its own localStorage) and page at 1280×800, showing the page. */
  open(): Promise<{ context: BrowserContext; page: Page }>;
  close(): Promise<void>;
}

export async function startSite(): Promise<Site> {
  const outDir = mkdtempSync(join(tmpdir(), 'simlapse-page-'));
  const config = join(ROOT, 'vite.config.ts');
  await build({ configFile: config, mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  let server: PreviewServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await preview({ configFile: config, mode: 'production', logLevel: 'warn', build: { outDir }, preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false } });
    const address = server.httpServer.address();
    if (!address || typeof address === 'string') throw new Error('vite preview did not listen on a port');
    const url = `http://127.0.0.1:${address.port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const b = browser, s = server;
    return {
      url,
      browser: b,
      async open() {
        const context = await b.newContext({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
        const page = await context.newPage();
        page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
        await page.goto(url);
        await page.waitForSelector('#source');
        return { context, page };
      },
      async close() {
        await b.close();
        await s.close();
        rmSync(outDir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    await browser?.close();
    await server?.close();
    rmSync(outDir, { recursive: true, force: true });
    throw err;
  }
}

/** Saves a full-page screenshot as screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Replaces the editor's text as typing would (an input event). */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.locator('#source').fill(text);
}

/** Clicks Run and waits for the run to end in `state` (done, cancelled or error), and once done for its charts. */
export async function runAndWait(page: Page, state = 'done', timeout = 120_000): Promise<void> {
  await page.click('#run');
  await waitForRun(page, state, timeout);
}

/** Waits for the run under way (started by a click, a knob or loading a scenario) to end in `state`; once done, for every chart to show its report. */
export async function waitForRun(page: Page, state = 'done', timeout = 120_000): Promise<void> {
  await page.waitForFunction((s) => document.body.dataset.runState === s && (s !== 'done' || document.body.dataset.charts === 'drawn'), state, { timeout });
}
