/**
 * End to end: `npm start` (node bin/local.ts) as a separate process on a temp data
 * folder, watching a loopback target that the test breaks and heals. Everything is
 * observed from outside, as a user would: the printed URL and token, the HTTP API, the
 * outbox folder, the exit code. The ledger is checked with `jose` against the JWKS,
 * with no CrossCheck code in that path.
 *
 * The steps share one runtime and run in order; waits poll every 250 ms with generous
 * deadlines (bounds against hanging, not performance assertions).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './helpers/api-client.ts';
import { auditLedger, readJwks, readLedger, type AuditedEntry } from './helpers/ledger-audit.ts';
import { readOutbox, type OutboxAlert } from './helpers/outbox.ts';
import { NotYet, pollUntil } from './helpers/poll.ts';
import { killAllRuntimes, runRuntimeToExit, startRuntime, type RuntimeProcess } from './helpers/runtime-process.ts';
import { BROKEN, brokenIn, HEALTHY, startSwitchableTarget, type SwitchableTarget } from './helpers/switchable-target.ts';

const INTERVAL_S = 10;
const INTERVAL_MS = INTERVAL_S * 1000;
const REGIONS = ['local-a', 'local-b'] as const;

interface MonitorView {
  id: string;
  name: string;
  url: string;
  intervalSeconds: number;
  tags: string[];
  state: 'PENDING' | 'UP' | 'VERIFYING' | 'DOWN';
  stateSince: string | null;
  updatedAt: string;
}
interface RegionSummary {
  region: string;
  outcome?: string;
  result: { status: number; failedConditions: string[] };
}
interface Incident {
  id: string;
  monitorId: string;
  status: 'open' | 'resolved';
  openedAt: string;
  resolvedAt: string | null;
  verification: string;
  primary: RegionSummary;
  verifier: RegionSummary | null;
  ledger: { opened: number | null; resolved: number | null };
  entries?: { seq: number; jws: string }[];
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface Stats {
  checks: number;
  failures: number;
  anomalies: number;
  incidents: number;
  regions: { region: string; checks: number; failures: number; anomalies: number }[];
}
interface StoredResult {
  id: string;
  region: string;
  startedAt: string;
  success: boolean;
  kind: string;
}

/** Every item of a paged listing. */
async function allPages<T>(api: ApiClient, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Page<T> = await api.json<Page<T>>(`${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const tail = (text: string, lines = 40) => text.trimEnd().split('\n').slice(-lines).join('\n');

describe('npm start as a separate process, against a target the test breaks and heals', () => {
  let root: string;
  let dataDir: string;
  let target: SwitchableTarget;
  let runtime: RuntimeProcess;
  let api: ApiClient;
  let monitorId: string;
  let incident: Incident;
  let audited: AuditedEntry[];

  const monitor = () => api.json<MonitorView>(`v1/monitors/${monitorId}`);
  const incidents = () => api.json<Page<Incident>>(`v1/incidents?monitorId=${monitorId}`).then((p) => p.items);
  const alertsFor = (kind: string) => readOutbox(dataDir).then((all) => all.filter((a) => a.json.kind === kind && a.json.monitor.id === monitorId));

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'crosscheck-e2e-'));
    dataDir = join(root, 'data');
    target = await startSwitchableTarget();
    runtime = await startRuntime(['--data-dir', dataDir]);
    api = apiClient(runtime.url, runtime.token);
  });

  afterAll(async () => {
    await killAllRuntimes();
    await target?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      if (runtime) console.error(`--- runtime stderr (last lines) ---\n${tail(runtime.stderr())}`);
    });
  });

  it('prints the dashboard URL and an admin token kept in <data-dir>/admin-token, and refuses a second runtime on the same folder', { timeout: 40_000 }, async () => {
    expect(runtime.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await readFile(join(dataDir, 'admin-token'), 'utf8')).trim()).toBe(runtime.token);
    expect((await api.get('v1/monitors')).status).toBe(200);
    expect((await apiClient(runtime.url, 'not-the-token').get('v1/monitors')).status).toBe(401);

    const second = await runRuntimeToExit(['--data-dir', dataDir]);
    expect(second.code, `a second runtime should refuse; it said:\n${second.stdout}\n${second.stderr}`).not.toBe(0);
    expect(second.code).not.toBeNull();
    expect(second.stderr).toMatch(/another CrossCheck runtime \(pid \d+\) is already using the data folder/);
    expect(second.stdout).not.toContain('admin token');
    // The first one is unharmed.
    expect(runtime.child.exitCode).toBeNull();
    expect((await api.get('v1/monitors')).status).toBe(200);
  });

  it('a monitor added through the API goes UP, checked from both regions', { timeout: 40_000 }, async () => {
    const created = await api.post<MonitorView>('v1/monitors', {
      name: 'e2e target',
      url: target.url,
      intervalSeconds: INTERVAL_S,
      conditions: ['[STATUS] == 200', '[BODY].status == UP'],
      successThreshold: 2,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    monitorId = created.body.id;
    expect(created.headers.get('location')).toBe(`/v1/monitors/${monitorId}`);

    await pollUntil(
      async () => {
        const m = await monitor();
        return m.state === 'UP' ? m : new NotYet(m.state);
      },
      { timeoutMs: INTERVAL_MS + 20_000, what: 'the new monitor to go UP' },
    );
    const byRegion = target.requestsByRegion();
    for (const region of REGIONS) expect(byRegion.get(region) ?? 0, `requests from ${region}`).toBeGreaterThan(0);
  });

  it('a failure seen from one region only, for 3+ intervals, is recorded as anomalies and opens no incident', { timeout: 90_000 }, async () => {
    target.set(brokenIn('local-a'));
    const seen = new Set<string>();
    const stats = await pollUntil(
      async () => {
        const m = await monitor();
        seen.add(m.state);
        expect(m.state, 'a single-region failure must not take the monitor DOWN').not.toBe('DOWN');
        expect(await incidents(), 'a single-region failure must not open an incident').toEqual([]);
        const s = await api.json<Stats>(`v1/monitors/${monitorId}/stats?window=24h`);
        const a = s.regions.find((r) => r.region === 'local-a');
        return a && a.anomalies >= 3 ? s : new NotYet(`anomalies in local-a: ${a?.anomalies ?? 'none'}`);
      },
      { timeoutMs: 3 * INTERVAL_MS + 30_000, what: 'three anomalies recorded in local-a' },
    );
    expect(stats.anomalies).toBeGreaterThanOrEqual(3);
    expect(stats.incidents).toBe(0);
    expect(stats.regions.find((r) => r.region === 'local-b')?.anomalies).toBe(0);
    expect([...seen].every((s) => s === 'UP' || s === 'VERIFYING'), `states seen: ${[...seen].join(', ')}`).toBe(true);

    // The local-a checks failed and local-b refuted them; nothing was alerted.
    const failedInA = (await allPages<StoredResult>(api, `v1/monitors/${monitorId}/checks?region=local-a`)).filter((r) => !r.success);
    expect(failedInA.length).toBeGreaterThanOrEqual(3);
    expect(await incidents()).toEqual([]);
    expect(await alertsFor('down')).toEqual([]);
    target.set(HEALTHY);
    await pollUntil(
      async () => {
        const m = await monitor();
        return m.state === 'UP' ? m : new NotYet(m.state);
      },
      { timeoutMs: INTERVAL_MS + 10_000, what: 'the monitor to be UP' },
    );
  });

  it('a failure in every region opens exactly one confirmed incident within an interval plus verification, with both regions as evidence and a DOWN alert', { timeout: 90_000 }, async () => {
    target.set(BROKEN);
    const brokenAt = Date.now();
    const [opened] = await pollUntil(
      async () => {
        const items = await incidents();
        return items.length > 0 ? items : new NotYet('no incident');
      },
      { timeoutMs: INTERVAL_MS + 10_000, what: 'an incident to open within one interval plus verification' },
    );
    incident = opened!;
    expect(incident.status).toBe('open');
    expect(incident.verification).toBe('confirmed');
    expect(new Set([incident.primary.region, incident.verifier?.region])).toEqual(new Set(REGIONS));
    expect(incident.verifier?.outcome).toBe('confirmed');
    for (const side of [incident.primary, incident.verifier!]) {
      expect(side.result.status).toBe(503);
      expect(side.result.failedConditions).toContain('[STATUS] (503) == 200');
    }
    expect((await monitor()).state).toBe('DOWN');

    // Stay broken for another full round from both regions: still one incident, one alert.
    await pollUntil(
      async () => {
        const later = (await allPages<StoredResult>(api, `v1/monitors/${monitorId}/checks?since=${new Date(Date.parse(incident.openedAt) + 1000).toISOString()}`)).filter(
          (r) => r.kind === 'scheduled' && !r.success,
        );
        const regions = new Set(later.map((r) => r.region));
        return REGIONS.every((r) => regions.has(r)) ? later : new NotYet(`later failures from ${[...regions].join(', ') || 'no region'}`);
      },
      { timeoutMs: INTERVAL_MS + 20_000, what: 'another failing round from both regions' },
    );
    const all = await incidents();
    expect(all.map((i) => i.id)).toEqual([incident.id]);
    expect((await monitor()).state).toBe('DOWN');
    expect(Date.parse(incident.openedAt)).toBeGreaterThanOrEqual(brokenAt - 1000);

    const down = await pollUntil(
      async () => {
        const alerts = await alertsFor('down');
        return alerts.length > 0 && alerts.every((a) => a.emlSubject !== null) ? alerts : new NotYet(`${alerts.length} down alerts`);
      },
      { timeoutMs: 15_000, what: 'the DOWN alert in the outbox' },
    );
    expect(down).toHaveLength(1);
    expectAlert(down[0]!, 'down', incident.id);
    expect(down[0]!.json.subject).toMatch(/DOWN/);
    expect(down[0]!.json.subject).toContain('e2e target');
    // The terminal hears of it too (JSON lines here: stderr is not a terminal).
    const events = runtime.stderr().split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as { event?: string; incidentId?: string });
    expect(events.filter((e) => e.event === 'down').map((e) => e.incidentId)).toEqual([incident.id]);
  });

  it('after healing, the incident resolves (successThreshold 2), the monitor is UP, and a RECOVERED alert is in the outbox', { timeout: 90_000 }, async () => {
    target.set(HEALTHY);
    incident = await pollUntil(
      async () => {
        const current = await api.json<Incident>(`v1/incidents/${incident.id}`);
        return current.status === 'resolved' ? current : new NotYet(current.status);
      },
      { timeoutMs: 2 * INTERVAL_MS + 20_000, what: 'the incident to resolve' },
    );
    expect(incident.resolvedAt).not.toBeNull();
    expect(incident.ledger.resolved).not.toBeNull();
    expect((await monitor()).state).toBe('UP');

    const recovered = await pollUntil(
      async () => {
        const alerts = await alertsFor('recovered');
        return alerts.length > 0 && alerts.every((a) => a.emlSubject !== null) ? alerts : new NotYet(`${alerts.length} recovered alerts`);
      },
      { timeoutMs: 15_000, what: 'the RECOVERED alert in the outbox' },
    );
    expect(recovered).toHaveLength(1);
    expectAlert(recovered[0]!, 'recovered', incident.id);
    expect(recovered[0]!.json.subject).toMatch(/RECOVERED/);
    expect(await alertsFor('down')).toHaveLength(1);
    expect(await incidents()).toHaveLength(1);
  });

  it('every ledger entry verifies with jose against /.well-known/jwks.json, prev links included, and the server agrees', { timeout: 30_000 }, async () => {
    const jwks = await readJwks(runtime.url);
    expect(jwks.keys.length).toBeGreaterThan(0);
    const ledger = await readLedger(runtime.url);
    expect(ledger.head).toBe(ledger.entries.length);
    audited = await auditLedger(ledger.entries, jwks);

    const created = audited.find((e) => e.payload.type === 'monitor.created' && (e.payload.monitor as { id: string }).id === monitorId);
    expect(created, 'the monitor creation is a ledger entry').toBeDefined();

    const detail = await api.json<Incident>(`v1/incidents/${incident.id}`);
    expect(detail.entries?.map((e) => e.seq)).toEqual([incident.ledger.opened, incident.ledger.resolved]);
    for (const entry of detail.entries!) expect(audited[entry.seq - 1]?.jws).toBe(entry.jws);
    const opened = audited[incident.ledger.opened! - 1]!.payload;
    expect(opened).toMatchObject({ type: 'incident.opened', incidentId: incident.id, monitor: { id: monitorId } });
    const evidence = opened as unknown as { primary: { region: string }; verification: { region: string; outcome: string } };
    expect(new Set([evidence.primary.region, evidence.verification.region])).toEqual(new Set(REGIONS));
    expect(evidence.verification.outcome).toBe('confirmed');
    expect(audited[incident.ledger.resolved! - 1]!.payload).toMatchObject({ type: 'incident.resolved', incidentId: incident.id });
    for (const e of audited) expect(jwks.keys.map((k) => k.kid)).toContain(e.kid);

    const verdict = await api.json<{ valid: boolean; checks: { name: string; ok: boolean }[] }>(`v1/incidents/${incident.id}/verify`);
    expect(verdict.valid).toBe(true);
    expect(verdict.checks.length).toBeGreaterThan(0);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
  });

  it('SIGTERM exits 0; a restart on the same folder has the monitor, the incident, the ledger, the results and the alerts', { timeout: 90_000 }, async () => {
    const before = {
      monitor: await monitor(),
      incident: await api.json<Incident>(`v1/incidents/${incident.id}`),
      incidents: await incidents(),
      ledger: await readLedger(runtime.url),
      kids: (await readJwks(runtime.url)).keys.map((k) => k.kid),
      results: await allPages<StoredResult>(api, `v1/monitors/${monitorId}/checks`),
      alerts: (await readOutbox(dataDir)).map((a) => a.name),
    };
    expect(before.results.length).toBeGreaterThan(10);

    const exit = await runtime.stop();
    expect(exit).toEqual({ code: 0, signal: null });
    expect(existsSync(join(dataDir, 'runtime.pid')), 'the lock is released on a clean stop (the restart below takes it)').toBe(false);
    const stoppedAt = Date.now();

    runtime = await startRuntime(['--data-dir', dataDir]);
    api = apiClient(runtime.url, runtime.token);
    expect(runtime.token, 'the admin token is kept').toBe((await readFile(join(dataDir, 'admin-token'), 'utf8')).trim());
    expect(runtime.stdout(), 'a restart with monitors does not ask for a first one').toMatch(/Watching 1 monitor: /);
    expect(runtime.stdout()).not.toContain('Add a first monitor');

    const after = await monitor();
    expect({ ...after, state: undefined, stateSince: undefined }).toEqual({ ...before.monitor, state: undefined, stateSince: undefined });
    expect(['UP', 'VERIFYING']).toContain(after.state);
    expect(await api.json<Incident>(`v1/incidents/${incident.id}`)).toEqual(before.incident);
    expect(await incidents()).toEqual(before.incidents);

    const ledger = await readLedger(runtime.url);
    expect(ledger.head).toBe(before.ledger.head);
    expect(ledger.entries.slice(0, before.ledger.entries.length)).toEqual(before.ledger.entries);
    const jwks = await readJwks(runtime.url);
    expect(jwks.keys.map((k) => k.kid)).toEqual(before.kids);
    const reaudited = await auditLedger(ledger.entries, jwks);
    expect(reaudited.map((e) => e.kid)).toEqual(audited.map((e) => e.kid));

    const results = await allPages<StoredResult>(api, `v1/monitors/${monitorId}/checks?until=${new Date(stoppedAt).toISOString()}`);
    // Checks may have finished between the snapshot and the stop; none may be lost.
    const kept = new Map(results.map((r) => [r.id, r]));
    expect(before.results.filter((r) => !kept.has(r.id))).toEqual([]);
    for (const r of before.results) expect(kept.get(r.id)).toEqual(r);
    expect((await readOutbox(dataDir)).map((a) => a.name)).toEqual(before.alerts);

    // It keeps checking after the restart.
    await pollUntil(
      async () => {
        const fresh = await api.json<Page<StoredResult>>(`v1/monitors/${monitorId}/checks?since=${new Date(stoppedAt).toISOString()}`);
        return fresh.items.length > 0 ? fresh : new NotYet('no check since the restart');
      },
      { timeoutMs: INTERVAL_MS + 20_000, what: 'a check after the restart' },
    );
    expect(await runtime.stop()).toEqual({ code: 0, signal: null });
  });
});

function expectAlert(alert: OutboxAlert, kind: string, incidentId: string): void {
  expect(alert.json.kind).toBe(kind);
  expect(alert.json.incident?.id).toBe(incidentId);
  expect(alert.emlSubject, `${alert.name}.eml is missing`).not.toBeNull();
  expect(alert.emlSubject).toBe(alert.json.subject);
}

describe('npm start --config with a Gatus-shaped YAML file', () => {
  let root: string;
  let target: SwitchableTarget;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'crosscheck-e2e-config-'));
    target = await startSwitchableTarget();
  });

  afterAll(async () => {
    await killAllRuntimes();
    await target?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('creates the monitors of the file at start, each a signed ledger entry; a bad file exits non-zero naming endpoints[0].interval and changes nothing', { timeout: 90_000 }, async () => {
    const dataDir = join(root, 'data');
    const good = join(root, 'monitors.yaml');
    await writeFile(
      good,
      [
        'endpoints:',
        '  - name: yaml health',
        `    url: "${target.url}"`,
        '    interval: 30s',
        '    conditions:',
        '      - "[STATUS] == 200"',
        '      - "[BODY].status == UP"',
        '    tags: [yaml]',
        '  - name: yaml home',
        `    url: "${target.url.replace('/health', '/')}"`,
        '    interval: 1m',
        '',
      ].join('\n'),
    );
    let runtime = await startRuntime(['--data-dir', dataDir, '--config', good]);
    let api = apiClient(runtime.url, runtime.token);
    const monitors = await allPages<MonitorView>(api, 'v1/monitors');
    expect(monitors.map((m) => [m.name, m.intervalSeconds]).sort()).toEqual([
      ['yaml health', 30],
      ['yaml home', 60],
    ]);
    expect(monitors.find((m) => m.name === 'yaml health')?.tags).toEqual(['yaml']);
    await pollUntil(
      async () => {
        const states = await Promise.all(monitors.map((m) => api.json<MonitorView>(`v1/monitors/${m.id}`).then((x) => x.state)));
        return states.every((s) => s === 'UP') ? states : new NotYet(states.join(', '));
      },
      { timeoutMs: 30_000, what: 'the monitors from the file to go UP' },
    );
    const ledger = await readLedger(runtime.url);
    const entries = await auditLedger(ledger.entries, await readJwks(runtime.url));
    expect(entries.filter((e) => e.payload.type === 'monitor.created').map((e) => (e.payload.monitor as { name: string }).name).sort()).toEqual(['yaml health', 'yaml home']);
    expect(await runtime.stop()).toEqual({ code: 0, signal: null });

    const bad = join(root, 'bad.yaml');
    await writeFile(bad, ['endpoints:', '  - name: too often', `    url: "${target.url}"`, '    interval: 5s', '  - name: fine', `    url: "${target.url}"`, ''].join('\n'));
    const refused = await runRuntimeToExit(['--data-dir', dataDir, '--config', bad]);
    expect(refused.code, `a bad config should stop the start; it said:\n${refused.stdout}\n${refused.stderr}`).not.toBe(0);
    expect(refused.code).not.toBeNull();
    expect(refused.stderr).toContain('endpoints[0].interval');
    expect(refused.stdout).not.toContain('admin token');

    runtime = await startRuntime(['--data-dir', dataDir]);
    api = apiClient(runtime.url, runtime.token);
    const unchanged = await allPages<MonitorView>(api, 'v1/monitors');
    expect(unchanged.map((m) => [m.id, m.name, m.updatedAt]).sort()).toEqual(monitors.map((m) => [m.id, m.name, m.updatedAt]).sort());
    expect((await readLedger(runtime.url)).head).toBe(ledger.head);
    expect(await runtime.stop()).toEqual({ code: 0, signal: null });
  });
});
