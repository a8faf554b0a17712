/**
 * End to end: `crosscheck backup` of a running runtime's data folder while it writes,
 * `crosscheck restore` into a new folder, and `npm start` on the restored folder. All
 * three are separate processes, as a user runs them. The restored runtime has the
 * monitor, the incident and a ledger that is a prefix of the original's (a snapshot of
 * one moment, never a torn copy); the ledger audits against the JWKS the restored
 * runtime serves, with `jose` and with `crosscheck ledger verify`, and the restored key
 * goes on extending it.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../scripts/start-command.ts';
import { apiClient, type ApiClient } from './helpers/api-client.ts';
import { auditLedger, readJwks, readLedger } from './helpers/ledger-audit.ts';
import { NotYet, pollUntil } from './helpers/poll.ts';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from './helpers/runtime-process.ts';
import { BROKEN, HEALTHY, startSwitchableTarget, type SwitchableTarget } from './helpers/switchable-target.ts';

const INTERVAL_S = 10;
const INTERVAL_MS = INTERVAL_S * 1000;

interface MonitorView {
  id: string;
  name: string;
  url: string;
  intervalSeconds: number;
  state: string;
}
interface Incident {
  id: string;
  status: 'open' | 'resolved';
  openedAt: string;
  ledger: { opened: number | null; resolved: number | null };
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** `crosscheck <args>` as its own process, from the repository root. */
function crosscheck(args: readonly string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'crosscheck.ts'), ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function allMonitors(api: ApiClient): Promise<MonitorView[]> {
  const items: MonitorView[] = [];
  let cursor: string | null = null;
  do {
    const page: Page<MonitorView> = await api.json<Page<MonitorView>>(`v1/monitors?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

const tail = (text: string, lines = 30) => text.trimEnd().split('\n').slice(-lines).join('\n');

describe('crosscheck backup of a running runtime, restored and started elsewhere', () => {
  let root: string;
  let original: string;
  let restored: string;
  let backupFile: string;
  let target: SwitchableTarget;
  let runtime: RuntimeProcess;
  let api: ApiClient;
  let monitorId: string;
  let incident: Incident;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'crosscheck-e2e-backup-'));
    original = join(root, 'original');
    restored = join(root, 'restored');
    backupFile = join(root, 'crosscheck-backup.tar.gz');
    target = await startSwitchableTarget();
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

  it('a runtime with a monitor and an incident is backed up while it writes: one file, mode 0600, a snapshot of one moment', { timeout: 120_000 }, async () => {
    runtime = await startRuntime(['--data-dir', original]);
    api = apiClient(runtime.url, runtime.token);
    const created = await api.post<MonitorView>('v1/monitors', { name: 'backed up', url: target.url, intervalSeconds: INTERVAL_S, conditions: ['[STATUS] == 200'] });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    monitorId = created.body.id;
    await pollUntil(
      async () => {
        const { state } = await api.json<MonitorView>(`v1/monitors/${monitorId}`);
        return state === 'UP' ? state : new NotYet(state);
      },
      { timeoutMs: INTERVAL_MS + 20_000, what: 'the monitor to go UP' },
    );
    target.set(BROKEN);
    const [opened] = await pollUntil(
      async () => {
        const { items } = await api.json<Page<Incident>>(`v1/incidents?monitorId=${monitorId}`);
        return items.length > 0 && items[0]!.ledger.opened !== null ? items : new NotYet(`${items.length} incidents`);
      },
      { timeoutMs: INTERVAL_MS + 20_000, what: 'the incident to open' },
    );
    incident = opened!;

    // Writes while the backup runs: monitor changes through the API (each a store row and
    // a signed ledger entry), besides the failing checks the runtime records.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        const res = await api.post('v1/monitors', { name: `load ${written}`, url: target.url, paused: true });
        expect(res.status).toBe(201);
        written += 1;
      }
    })();
    await pollUntil(async () => (written >= 3 ? written : new NotYet(`${written} written`)), { timeoutMs: 10_000, what: 'the writer to get going' });
    const before = written;
    const backup = await crosscheck(['backup', backupFile, '--data-dir', original]);
    const during = written - before;
    writing = false;
    await writer;

    expect(backup.code, backup.stderr).toBe(0);
    expect(during, 'monitors were created while the backup ran').toBeGreaterThan(0);
    expect(runtime.child.exitCode, 'the runtime is unharmed').toBeNull();
    expect((await stat(backupFile)).mode & 0o777).toBe(0o600);
    expect(backup.stdout).toContain('mode 0600');
    expect(backup.stdout).toMatch(/holds secrets/);
    expect(backup.stdout).toMatch(/every entry verified against the key/);
  });

  it('restore refuses the running folder, restores into a new one, and changes nothing on a refusal', { timeout: 30_000 }, async () => {
    const listing = (await readdir(original)).sort();
    const refused = await crosscheck(['restore', backupFile, '--data-dir', original]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^crosscheck restore: .*original exists and is not an empty folder[^\n]*\n$/);
    expect((await readdir(original)).sort()).toEqual(listing);

    const done = await crosscheck(['restore', backupFile, '--data-dir', restored]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toContain(`npm start -- --data-dir ${restored}`);
    expect((await readdir(restored)).sort()).toEqual(['admin-token', 'crosscheck.db', 'ledger-note-ed25519.key', 'ledger-signing-key.jwk.json', 'outbox']);
  });

  it('the restored folder starts; monitors, the incident and the ledger are there, and the ledger audits against the JWKS it serves', { timeout: 120_000 }, async () => {
    const live = {
      monitors: await allMonitors(api),
      ledger: await readLedger(runtime.url),
      kids: (await readJwks(runtime.url)).keys.map((k) => k.kid),
    };
    expect(await runtime.stop()).toEqual({ code: 0, signal: null });

    runtime = await startRuntime(['--data-dir', restored]);
    api = apiClient(runtime.url, runtime.token);

    const monitors = await allMonitors(api);
    const main = monitors.find((m) => m.id === monitorId);
    expect(main).toMatchObject({ name: 'backed up', url: target.url, intervalSeconds: INTERVAL_S });
    const liveById = new Map(live.monitors.map((m) => [m.id, m]));
    for (const m of monitors) expect(liveById.get(m.id)?.name, `restored monitor ${m.name} existed`).toBe(m.name);
    const restoredIncident = await api.json<Incident>(`v1/incidents/${incident.id}`);
    expect(restoredIncident).toMatchObject({ id: incident.id, openedAt: incident.openedAt, ledger: { opened: incident.ledger.opened } });

    const jwks = await readJwks(runtime.url);
    expect(jwks.keys.map((k) => k.kid)).toEqual(live.kids);
    const ledger = await readLedger(runtime.url);
    expect(ledger.head).toBe(ledger.entries.length);
    expect(ledger.entries.length).toBeGreaterThanOrEqual(incident.ledger.opened!);
    // One moment: the restored ledger is a prefix of the one the original went on writing.
    expect(ledger.entries).toEqual(live.ledger.entries.slice(0, ledger.entries.length));
    const audited = await auditLedger(ledger.entries, jwks);
    // The API writes the ledger entry before the store row, so every monitor row in the snapshot has its entry in it.
    const createdInLedger = new Set(audited.filter((e) => e.payload.type === 'monitor.created').map((e) => (e.payload.monitor as { id: string }).id));
    for (const m of monitors) expect(createdInLedger.has(m.id), `monitor.created of ${m.name} is in the restored ledger`).toBe(true);

    const cli = await crosscheck(['ledger', 'verify', runtime.url, '--jwks', new URL('.well-known/jwks.json', runtime.url).href]);
    expect(cli.code, `${cli.stdout}\n${cli.stderr}`).toBe(0);

    // The restored key goes on signing: healing the target resolves the incident with a new entry that audits.
    target.set(HEALTHY);
    const resolved = await pollUntil(
      async () => {
        const current = await api.json<Incident>(`v1/incidents/${incident.id}`);
        return current.status === 'resolved' && current.ledger.resolved !== null ? current : new NotYet(current.status);
      },
      { timeoutMs: 2 * INTERVAL_MS + 20_000, what: 'the restored runtime to resolve the incident' },
    );
    const extended = await readLedger(runtime.url);
    expect(extended.head).toBeGreaterThanOrEqual(resolved.ledger.resolved!);
    expect((await auditLedger(extended.entries, await readJwks(runtime.url))).at(resolved.ledger.resolved! - 1)?.payload).toMatchObject({
      type: 'incident.resolved',
      incidentId: incident.id,
    });
    expect(await runtime.stop()).toEqual({ code: 0, signal: null });
  });
});
