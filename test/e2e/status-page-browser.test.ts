/**
 * A public status page in headless Chromium (playwright-core), off the network: the
 * runtime runs in this process; a page with two groups, an incident declared by hand with
 * two updates and announced maintenance is opened on a desktop and on a 390 px phone,
 * screenshotted into test/artifacts/, and checked with axe-core: no serious or critical
 * accessibility violation. Skipped with a notice without Chromium (fails under CI).
 */
import AxeBuilder from '@axe-core/playwright';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalRuntime, type LocalRuntime } from '../../functions/runtime/compose.ts';
import { parseRuntimeOptions, type RuntimeOptions } from '../../functions/runtime/options.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = Boolean(process.env.CI);
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const OFFLINE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost',
];
const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

if (!HAVE_CHROMIUM && !IN_CI) console.warn(`\n!! status-page-browser.test.ts SKIPPED: no Chromium at ${CHROMIUM}.\n`);

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('a status page in headless Chromium', () => {
  let dir: string;
  let runtime: LocalRuntime;
  let browser: Browser;

  const call = async (method: string, path: string, body: unknown): Promise<any> => {
    const res = await fetch(new URL(path, runtime.url), { method, headers: { authorization: `Bearer ${runtime.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, `${method} ${path}: ${res.status}`).toBeLessThan(300);
    return res.json();
  };

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI is set and there is no Chromium at ${CHROMIUM}`);
    dir = await mkdtemp(join(tmpdir(), 'crosscheck-status-page-'));
    runtime = await startLocalRuntime(parseRuntimeOptions(['--port', '0', '--data-dir', join(dir, 'data')]) as RuntimeOptions, quiet);
    await mkdir(ARTIFACTS, { recursive: true });
    // Port 9 on loopback refuses connections: both monitors go down for real.
    const shop = await call('POST', '/v1/monitors', { name: 'shop-internal', url: 'http://127.0.0.1:9/shop' });
    const db = await call('POST', '/v1/monitors', { name: 'db-internal', url: 'http://127.0.0.1:9/db' });
    await call('POST', '/v1/status-pages', {
      slug: 'acme',
      title: 'Acme status',
      description: 'Everything Acme runs.',
      groups: [
        { name: 'Storefront', monitors: [{ monitorId: shop.id, displayName: 'Shop' }] },
        { name: 'Backend', monitors: [{ monitorId: db.id, displayName: 'Database' }] },
      ],
    });
    const declared = await call('POST', '/v1/incidents', { title: 'Checkout is slow', message: 'Payments take minutes; we are looking into it.', monitorIds: [shop.id] });
    await call('POST', `/v1/incidents/${declared.incident.id}/updates`, { status: 'identified', message: 'A slow payment provider; switching to the backup.' });
    const start = new Date(Date.now() + 86_400_000).toISOString();
    await call('POST', '/v1/maintenance', { title: 'Database upgrade', message: 'Writes pause for ten minutes.', start, end: new Date(Date.parse(start) + 3_600_000).toISOString(), monitorIds: [db.id] });
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: OFFLINE_ARGS });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await runtime?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['desktop', { width: 1280, height: 900 }],
    ['phone', { width: 390, height: 844 }],
  ] as const)('reads well on a %s (script off on the phone: the page needs none), and has no serious or critical axe violation', async (name, viewport) => {
    const context = await browser.newContext({ viewport, javaScriptEnabled: name === 'desktop' });
    try {
      const page = await context.newPage();
      const response = await page.goto(new URL('/status/acme', runtime.url).href);
      expect(response?.status()).toBe(200);
      await expect.poll(() => page.locator('h1').textContent()).toBe('Acme status');
      expect(await page.locator('.sp-name').allTextContents()).toEqual(['Shop', 'Database']);
      expect(await page.locator('.sp-group').first().locator('.sp-day').count()).toBe(90);
      expect(await page.locator('.sp-incident').first().textContent()).toContain('A slow payment provider; switching to the backup.');
      expect(await page.locator('body').textContent()).toContain('Database upgrade');
      expect(await page.content()).not.toContain('internal');
      // Nothing scrolls sideways on a phone.
      expect(Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'))).toBeLessThanOrEqual(0);
      await page.screenshot({ path: join(ARTIFACTS, `status-page-${name}.png`), fullPage: true });
      if (name === 'desktop') {
        const results = await new AxeBuilder({ page }).analyze();
        const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`);
        expect(bad).toEqual([]);
      }
    } finally {
      await context.close();
    }
  }, 60_000);
});
