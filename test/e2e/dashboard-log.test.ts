/**
 * The dashboard checks the transparency log itself, in headless Chromium: on a first visit
 * it pins the log's key and keeps the verified checkpoint (localStorage); on the next,
 * after the log grew, it verifies a consistency proof and stays quiet; and a checkpoint
 * changed by one byte, or a consistency proof changed by one byte (what a rewritten log
 * would serve), shows a loud warning that names the reason.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './helpers/api-client.ts';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from './helpers/runtime-process.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
const IN_CI = Boolean(process.env.CI);
const OFFLINE_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1, EXCLUDE localhost'];

describe.skipIf(!HAVE_CHROMIUM && !IN_CI)('the dashboard checks the transparency log in headless Chromium', () => {
  let root: string;
  let runtime: RuntimeProcess;
  let api: ApiClient;
  let context: BrowserContext | undefined;
  let page: Page;

  beforeAll(async () => {
    if (!HAVE_CHROMIUM) throw new Error(`CI is set and there is no Chromium at ${CHROMIUM}`);
    root = await mkdtemp(join(tmpdir(), 'crosscheck-browser-log-'));
    runtime = await startRuntime(['--data-dir', join(root, 'data')]);
    api = apiClient(runtime.url, runtime.token);
    // Paused monitors: ledger entries, and no checks against hosts that do not exist.
    for (const name of ['one', 'two']) expect((await api.post('v1/monitors', { name, url: `http://${name}.invalid/`, paused: true })).status).toBe(201);
    context = await chromium.launchPersistentContext(join(root, 'profile'), { executablePath: CHROMIUM, headless: true, args: OFFLINE_ARGS });
    page = context.pages()[0] ?? (await context.newPage());
  });
  afterAll(async () => {
    await context?.close();
    await runtime?.stop();
    await killAllRuntimes();
    await rm(root, { recursive: true, force: true });
  });

  const warning = () => page.locator('#log-warning');
  async function settled(): Promise<string> {
    // A function, not a string: the page's CSP forbids eval. (No DOM types here: the test is typed for Node.)
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { dataset: Record<string, string | undefined> } | null } }).document.getElementById('log-warning')?.dataset['log'] !== undefined, undefined, { timeout: 20_000 });
    return (await warning().getAttribute('data-log')) ?? '';
  }
  const kept = async () => JSON.parse((await page.evaluate(() => localStorage.getItem('crosscheck.log'))) ?? 'null') as { note: string } | null;

  it('keeps the first checkpoint, then verifies the log grew consistently, quietly', async () => {
    await page.goto(runtime.url);
    expect(await settled()).toBe('ok');
    expect(await warning().isHidden()).toBe(true);
    expect((await kept())?.note.split('\n')[1]).toBe('2');

    expect((await api.post('v1/monitors', { name: 'three', url: 'http://three.invalid/', paused: true })).status).toBe(201);
    const consistency = page.waitForRequest((request) => request.url().includes('/v1/ledger/consistency?from=2&to=3'));
    await page.reload();
    await consistency;
    expect(await settled()).toBe('ok');
    expect((await kept())?.note.split('\n')[1]).toBe('3');
  });

  it('a checkpoint changed by one byte is a loud warning, and the kept checkpoint stays', async () => {
    await page.route('**/ledger/checkpoint', async (route) => {
      const response = await route.fetch();
      const text = await response.text();
      const lines = text.split('\n');
      lines[2] = (lines[2]!.startsWith('A') ? 'B' : 'A') + lines[2]!.slice(1);
      await route.fulfill({ response, body: lines.join('\n') });
    });
    await page.reload();
    expect(await settled()).toBe('rewritten');
    expect(await warning().isVisible()).toBe(true);
    expect(await warning().innerText()).toMatch(/WARNING: this log was rewritten.*signature does not verify/s);
    expect((await kept())?.note.split('\n')[1]).toBe('3');
    await page.unroute('**/ledger/checkpoint');
  });

  it('a consistency proof changed by one byte, after the log grew, is a loud warning', async () => {
    expect((await api.post('v1/monitors', { name: 'four', url: 'http://four.invalid/', paused: true })).status).toBe(201);
    await page.route('**/v1/ledger/consistency**', async (route) => {
      const response = await route.fetch();
      const lines = (await response.text()).split('\n');
      lines[0] = (lines[0]!.startsWith('A') ? 'B' : 'A') + lines[0]!.slice(1);
      await route.fulfill({ response, body: lines.join('\n') });
    });
    await page.reload();
    expect(await settled()).toBe('rewritten');
    expect(await warning().innerText()).toMatch(/this log was rewritten/);
    await page.unroute('**/v1/ledger/consistency**');
    await page.reload();
    expect(await settled()).toBe('ok');
    expect((await kept())?.note.split('\n')[1]).toBe('4');
  });
});
