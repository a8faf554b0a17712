/**
 * The dashboard in a real browser: Debian's headless Chromium driven by playwright-core,
 * kept off the network (every host name resolves to nothing but loopback). The runtime
 * runs as a process against a target the test breaks, so the page shows a real, signed
 * incident; the page must verify its ledger entries itself (WebCrypto against the
 * JWKS) and show the verified mark. Screenshots land in test/artifacts/ (gitignored).
 *
 * Without Chromium the test is skipped with a loud notice, except under CI, where it fails.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './helpers/api-client.ts';
import { NotYet, pollUntil } from './helpers/poll.ts';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from './helpers/runtime-process.ts';
import { BROKEN, HEALTHY, startSwitchableTarget, type SwitchableTarget } from './helpers/switchable-target.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = Boolean(process.env.CI);
const ARTIFACTS = fileURLToPath(new URL('../artifacts/', import.meta.url));
const INTERVAL_S = 10;
const INTERVAL_MS = INTERVAL_S * 1000;
/** Off the network: nothing resolves but loopback; no background traffic of the browser's own. */
const OFFLINE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost',
];

if (!HAVE_CHROMIUM && !IN_CI) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! dashboard-browser.test.ts SKIPPED: no Chromium at ${CHROMIUM}.\n!! Install it with 'apt-get install -y chromium' (or set CHROMIUM_PATH). Under CI this fails.\n${'!'.repeat(78)}\n`,
  );
}

interface Incident {
  id: string;
  status: 'open' | 'resolved';
  ledger: { opened: number | null; resolved: number | null };
}

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('the dashboard in headless Chromium', () => {
  let root: string;
  let broken: SwitchableTarget;
  let steady: SwitchableTarget;
  let runtime: RuntimeProcess;
  let api: ApiClient;
  let context: BrowserContext | undefined;
  let page: Page;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI is set and there is no Chromium at ${CHROMIUM}: .ci/run installs Debian's chromium when a browser test exists`);
    root = await mkdtemp(join(tmpdir(), 'crosscheck-browser-'));
    [broken, steady] = await Promise.all([startSwitchableTarget(), startSwitchableTarget()]);
    runtime = await startRuntime(['--data-dir', join(root, 'data')]);
    api = apiClient(runtime.url, runtime.token);
    await mkdir(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await context?.close();
    await killAllRuntimes();
    await broken?.close();
    await steady?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(async () => {
      if (runtime) console.error(`--- runtime stderr (last lines) ---\n${runtime.stderr().trimEnd().split('\n').slice(-30).join('\n')}`);
      if (page) await page.screenshot({ path: join(ARTIFACTS, 'dashboard-failure.png'), fullPage: true }).catch(() => undefined);
    });
  });

  async function createMonitor(name: string, url: string): Promise<string> {
    const res = await api.post<{ id: string }>('v1/monitors', { name, url, intervalSeconds: INTERVAL_S, conditions: ['[STATUS] == 200', '[BODY].status == UP'] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body.id;
  }

  const incidentOf = (monitorId: string, status: 'open' | 'resolved') =>
    pollUntil(
      async () => {
        const { items } = await api.json<{ items: Incident[] }>(`v1/incidents?monitorId=${monitorId}&status=${status}`);
        return items[0] ?? new NotYet(`no ${status} incident`);
      },
      { timeoutMs: 2 * INTERVAL_MS + 20_000, what: `an ${status} incident` },
    );

  /** The verified mark of one incident, once the page has checked it. */
  async function expectVerified(incidentId: string, status: string): Promise<string> {
    const item = page.locator(`li.incident[data-incident-id="${incidentId}"][data-status="${status}"]`);
    await item.waitFor({ timeout: 20_000 });
    const mark = item.locator('.verify');
    await item.locator('.verify:not([data-verified="pending"])').waitFor({ timeout: 20_000 });
    expect(await mark.getAttribute('data-verified'), `the page said: ${await mark.innerText()}`).toBe('true');
    const text = await mark.innerText();
    expect(text).toContain('Signature verified');
    return text;
  }

  it('shows the monitors, a verified incident (open, then resolved), works offline, and fits a phone', { timeout: 120_000 }, async () => {
    const downId = await createMonitor('Checkout API', broken.url);
    const upId = await createMonitor('Status site', steady.url);
    await pollUntil(
      async () => {
        const states = await Promise.all([downId, upId].map((id) => api.json<{ state: string }>(`v1/monitors/${id}`).then((m) => m.state)));
        return states.every((s) => s === 'UP') ? states : new NotYet(states.join(', '));
      },
      { timeoutMs: INTERVAL_MS + 20_000, what: 'both monitors to go UP' },
    );
    broken.set(BROKEN);
    const opened = await incidentOf(downId, 'open');

    context = await chromium.launchPersistentContext(join(root, 'profile'), {
      executablePath: CHROMIUM,
      headless: true,
      args: OFFLINE_ARGS,
      viewport: { width: 1280, height: 900 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    const origin = new URL(runtime.url).origin;
    page.on('request', (request) => {
      if (!request.url().startsWith(`${origin}/`) && !request.url().startsWith('data:')) foreignRequests.push(request.url());
    });
    page.on('pageerror', (error) => pageErrors.push(`pageerror: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(`console: ${message.text()}`);
    });

    await page.goto(runtime.url);
    const down = page.locator(`article.monitor[data-monitor-id="${downId}"]`);
    const up = page.locator(`article.monitor[data-monitor-id="${upId}"]`);
    await down.and(page.locator('[data-state="DOWN"]')).waitFor({ timeout: 20_000 });
    await up.and(page.locator('[data-state="UP"]')).waitFor({ timeout: 20_000 });
    expect(await down.locator('.name').innerText()).toBe('Checkout API');
    expect(await up.locator('.name').innerText()).toBe('Status site');
    expect(await page.locator('#overall').getAttribute('data-overall')).toBe('down');
    const openMark = await expectVerified(opened.id, 'open');
    expect(openMark).toContain(`#${opened.ledger.opened}`);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-incident-open.png'), fullPage: true });

    broken.set(HEALTHY);
    const resolved = await pollUntil(
      async () => {
        const incident = await api.json<Incident>(`v1/incidents/${opened.id}`);
        return incident.status === 'resolved' ? incident : new NotYet(incident.status);
      },
      { timeoutMs: 2 * INTERVAL_MS + 20_000, what: 'the incident to resolve' },
    );
    await page.locator('#refresh-now').click();
    await down.and(page.locator('[data-state="UP"]')).waitFor({ timeout: 20_000 });
    const resolvedMark = await expectVerified(opened.id, 'resolved');
    expect(resolvedMark).toContain(`#${resolved.ledger.opened}`);
    expect(resolvedMark).toContain(`#${resolved.ledger.resolved}`);
    expect(await page.locator('#overall').getAttribute('data-overall')).toBe('ok');
    expect(await up.locator('li.incident').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });

    await page.setViewportSize({ width: 375, height: 812 });
    await page.reload();
    await expectVerified(opened.id, 'resolved');
    const overflow = Number(await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth'));
    expect(overflow, 'the page scrolls sideways at 375 px').toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard-mobile.png'), fullPage: true });

    expect(foreignRequests, 'every asset comes from the runtime (no CDN)').toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
