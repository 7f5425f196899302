import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../engine/index.ts';
import { runAndWait, screenshot, SCREENSHOTS, startSite, type Site } from './page.ts';

let site: Site;
beforeAll(async () => { site = await startSite(); }, 120_000);
afterAll(async () => { await site?.close(); });

/** What has focus: its tag, id, export kind and chart, as one string. */
const focused = (page: Page) => page.evaluate(() => {
  const el = document.activeElement as HTMLElement | null;
  if (!el || el === document.body) return 'body';
  const chart = el.closest('section.chart')?.id ?? '';
  return `${el.tagName.toLowerCase()}#${el.id}${el.dataset.export ? `[${el.dataset.export}]` : ''}${chart ? ` in ${chart}` : ''}`;
});

/** The focused element's computed outline: style and width in px. */
const outline = (page: Page) => page.evaluate(() => {
  const s = getComputedStyle(document.activeElement!);
  return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: s.outlineColor };
});

describe('any screen, any input device', () => {
  it('at 390 px wide, one column: Run on screen, every chart drawn with a width, nothing wider than the screen', async () => {
    const { context, page } = await site.open();
    await page.setViewportSize({ width: 390, height: 844 });
    const run = await page.locator('#run').boundingBox();
    expect(run!.x).toBeGreaterThanOrEqual(0);
    expect(run!.x + run!.width).toBeLessThanOrEqual(390);
    await page.selectOption('#example', 'renewal-cadence.yaml');
    await runAndWait(page);
    const charts = await page.locator('section.chart:not([hidden]) .figure svg').evaluateAll((els) =>
      els.map((e) => ({ id: e.closest('section')!.id, width: e.getBoundingClientRect().width, right: e.getBoundingClientRect().right })));
    expect(charts.map((c) => c.id)).toEqual(expect.arrayContaining(['chart-cost', 'chart-downtime', 'chart-diff', 'chart-tradeoff', 'chart-fleet-state', 'chart-histogram', 'timeline']));
    for (const c of charts) {
      expect(c.width, c.id).toBeGreaterThan(200);
      expect(c.right, c.id).toBeLessThanOrEqual(390);
    }
    const wide = await page.evaluate(() => Array.from(document.querySelectorAll('body *:not(svg *)'), (e) => [`${e.tagName}#${e.id}.${e.className}`, e.getBoundingClientRect().right] as const).filter(([, r]) => r > 390).slice(0, 5));
    expect(wide).toEqual([]);
    // Chart text stays inside its chart (an SVG clips what overflows it).
    const clipped = await page.locator('section.chart:not([hidden]) .figure svg').evaluateAll((svgs) => svgs.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      return Array.from(svg.querySelectorAll('text'), (t) => [svg.closest('section')!.id, t.textContent, t.getBoundingClientRect()] as const)
        .filter(([, , r]) => r.width > 0 && (r.right > box.right + 1 || r.left < box.left - 1)).map(([id, text]) => `${id}: ${text}`);
    }));
    expect(clipped).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const editor = await page.locator('#source').boundingBox();
    expect(editor!.width).toBeGreaterThan(250);
    await screenshot(page, 'phone-390');
    await context.close();
  });

  it('Tab indents in the editor; Esc then Tab leaves it, and Tab then reaches every export button and data table, each with a focus ring', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'auto-stop.yaml');
    await runAndWait(page);
    await page.click('#source');
    await page.keyboard.press('Control+Home');
    const before = await page.inputValue('#source');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('textarea#source');
    expect(await page.inputValue('#source')).toBe(`  ${before}`);
    const ring = await outline(page);
    expect(ring.style).not.toBe('none');
    expect(ring.width).toBeGreaterThanOrEqual(2);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    expect(await focused(page)).not.toBe('textarea#source');
    expect(await page.inputValue('#source')).toBe(`  ${before}`);

    const exports = await page.locator('section.chart:not([hidden]) button[data-export]').count();
    const tables = await page.locator('section.chart:not([hidden]) details.data > summary').count();
    expect(exports).toBe(3 * tables);
    const seen = new Set<string>();
    for (let i = 0; i < 300 && seen.size < exports + tables; i++) {
      const f = await focused(page);
      if (/\[(svg|png|csv)\]|^summary/.test(f)) seen.add(f);
      const o = await outline(page);
      expect(o.style, `outline of ${f}`).not.toBe('none');
      expect(o.width, `outline of ${f}`).toBeGreaterThanOrEqual(2);
      await page.keyboard.press('Tab');
    }
    expect(seen.size).toBe(exports + tables);
    await context.close();
  });

  it("each chart's data table opens from the keyboard and holds the chart's rows", async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'auto-stop.yaml');
    await runAndWait(page);
    const report = (await page.evaluate(() => window.__simlapseReport)) as Report;
    for (const id of ['chart-cost', 'chart-downtime', 'chart-diff', 'chart-tradeoff', 'chart-fleet-state', 'chart-histogram', 'timeline']) {
      await page.focus(`#${id} details.data > summary`);
      await page.keyboard.press('Enter');
      await page.waitForSelector(`#${id} details.data[open] table tbody tr`);
      expect(await focused(page), id).toMatch(/^summary/);
    }
    const cost = await page.locator('#chart-cost details.data table tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.children, (c) => c.textContent)));
    expect(cost.map((r) => r[0])).toEqual(report.arms.map((a) => a.name));
    const total = report.arms[0].metrics['cost.total'].mean;
    expect(cost[0].at(-3)!.replaceAll(',', '')).toBe(String(total));
    const downtime = await page.locator('#chart-downtime details.data table tbody tr').count();
    expect(downtime).toBe(report.arms.length);
    await page.locator('#chart-cost').screenshot({ path: `${SCREENSHOTS}/cost-data-table.png` });
    await context.close();
  });

  it('line numbers and muted text have a contrast of at least 4.5:1', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'hand-check.yaml');
    await runAndWait(page);
    const ratios = await page.evaluate(() => {
      const rgb = (c: string) => (c.match(/[\d.]+/g) ?? []).map(Number);
      const lum = ([r, g, b]: number[]) => [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
        .reduce((t, v, i) => t + v * [0.2126, 0.7152, 0.0722][i], 0);
      const background = (el: Element | null): number[] => {
        for (; el; el = el.parentElement) {
          const c = rgb(getComputedStyle(el).backgroundColor);
          if (c.length === 3 || (c.length === 4 && c[3] > 0)) return c.slice(0, 3);
        }
        return [255, 255, 255];
      };
      const out: Record<string, number> = {};
      for (const sel of ['#gutter', '.progress-text', '.report-head .meta', '.chart .about', '#trace-note', '.editor-hint', '#validity', 'details.data summary']) {
        const el = document.querySelector(sel)!;
        const a = lum(rgb(getComputedStyle(el).color)), b = lum(background(el));
        out[sel] = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
      }
      return out;
    });
    for (const [sel, ratio] of Object.entries(ratios)) expect(ratio, sel).toBeGreaterThanOrEqual(4.5);
    await context.close();
  });

  it('logs no console error and serves a favicon', async () => {
    const context = await site.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
    await page.goto(site.url);
    await page.waitForSelector('#source');
    await page.selectOption('#example', 'hand-check.yaml');
    await runAndWait(page);
    const icon = await page.evaluate(async () => {
      const href = document.querySelector<HTMLLinkElement>('link[rel=icon]')!.href;
      const r = await fetch(href);
      return { status: r.status, type: r.headers.get('content-type'), body: await r.text() };
    });
    expect(icon.status).toBe(200);
    expect(icon.type).toMatch(/^image\/svg\+xml/);
    expect(icon.body).toContain('<svg');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('honest figures', () => {
  it('a two-month run ticks its date axes by day or week, no label repeated', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'hand-check.yaml');
    await runAndWait(page);
    await page.waitForSelector('#timeline svg');
    const axes = await page.locator('#chart-fleet-state g.panel, #timeline .figure svg').evaluateAll((els) =>
      els.map((e) => Array.from(e.querySelectorAll('.tick text'), (t) => t.textContent!).filter((t) => /[A-Z][a-z]{2}|^\d{4}$/.test(t))));
    expect(axes.length).toBeGreaterThanOrEqual(2);
    for (const labels of axes) {
      expect(labels.length).toBeGreaterThanOrEqual(4);
      expect(new Set(labels).size).toBe(labels.length);
    }
    expect(axes[0]).toContain('Feb');
    await context.close();
  });

  it('pools: the trade-off axes are not zoomed into float noise; only the report\'s front is ringed', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'pools.yaml');
    await runAndWait(page);
    const report = (await page.evaluate(() => window.__simlapseReport))!;
    const costs = report.arms.map((a) => a.metrics['cost.total']);
    const [lo, hi] = (await page.locator('#chart-tradeoff .y-axis').getAttribute('data-domain'))!.split(' ').map(Number);
    expect(hi - lo).toBeGreaterThanOrEqual(Math.max(...costs.map((c) => c.mean)) * 1e-3);
    expect(lo).toBeLessThanOrEqual(Math.min(...costs.map((c) => c.lo ?? c.mean)));
    expect(hi).toBeGreaterThanOrEqual(Math.max(...costs.map((c) => c.hi ?? c.mean)));
    const ticks = await page.locator('#chart-tradeoff .y-axis .tick text').allTextContents();
    for (const t of ticks) expect(t).not.toMatch(/\.\d{3}/);
    // The report's front (cost.total against downtime) has one arm: only it is ringed.
    expect(report.pareto!.arms.map((a) => a.arm)).toEqual(['pooled']);
    expect(await page.locator('#chart-tradeoff g.arm-point[data-pareto="true"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-arm')))).toEqual(['pooled']);
    await page.locator('#chart-tradeoff').screenshot({ path: `${SCREENSHOTS}/pools-tradeoff.png` });
    await context.close();
  });

  it('exported SVG and PNG carry the scenario name, seed and hash', async () => {
    const { context, page } = await site.open();
    await page.selectOption('#example', 'auto-stop.yaml');
    await runAndWait(page);
    const { name, seed, hash } = ((await page.evaluate(() => window.__simlapseReport)) as Report).scenario;
    const get = async (selector: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
      return readFileSync(await d.path());
    };
    const svg = (await get('#chart-cost button[data-export="svg"]')).toString('utf8');
    expect(svg).toMatch(new RegExp(`<title>Cost per arm by category — ${name}</title>`));
    expect(svg).toContain(`<desc>simlapse chart "Cost per arm by category" for ${name} · seed ${seed} · hash ${hash}</desc>`);
    expect(svg).toContain(`data-hash="${hash}"`);
    expect(svg).toContain(`<text class="caption"`);

    const png = await get('#chart-downtime button[data-export="png"]');
    const text = pngText(png);
    expect(text.Title).toBe(`Downtime and availability per arm — ${name}`);
    expect(text.Description).toBe(`${name} · seed ${seed} · hash ${hash}`);
    expect(text['simlapse:seed']).toBe(seed);
    expect(text['simlapse:hash']).toBe(hash);

    const timeline = (await get('#timeline button[data-export="svg"]')).toString('utf8');
    expect(timeline).toContain(`hash ${hash}`);
    await context.close();
  });
});

/** The tEXt and iTXt chunks of a PNG (checking each chunk's CRC), keyword → text. */
function pngText(png: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (let at = 8; at < png.length;) {
    const len = png.readUInt32BE(at), type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + len);
    expect(png.readUInt32BE(at + 8 + len)).toBe(crc32(png.subarray(at + 4, at + 8 + len)));
    const nul = data.indexOf(0);
    if (type === 'tEXt') out[data.toString('latin1', 0, nul)] = data.toString('latin1', nul + 1);
    if (type === 'iTXt') {
      // keyword NUL, compression flag and method (0 0: none), language NUL, translated keyword NUL, UTF-8 text
      expect([data[nul + 1], data[nul + 2]]).toEqual([0, 0]);
      const lang = data.indexOf(0, nul + 3), translated = data.indexOf(0, lang + 1);
      out[data.toString('latin1', 0, nul)] = data.toString('utf8', translated + 1);
    }
    at += 12 + len;
  }
  return out;
}

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}
