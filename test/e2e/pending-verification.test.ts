/**
 * End to end: a verification requested just before the runtime stops is carried out
 * after the restart, within one interval, and not only once it has gone stale
 * (2 x interval + timeout, when the next failure would ask again).
 *
 * The target fails local-a's checks at once and holds local-b's unanswered, so the
 * verification local-a's failure asks of local-b is caught in flight; the monitor's
 * 60 s timeout keeps it there. Then the runtime is killed (SIGKILL) or stopped
 * (SIGTERM: the stop waits its bounded grace for the held checks, then exits 0 with
 * the verification still unanswered). After the restart the target fails everywhere at
 * once. The incident must open within one interval of the restart and must be the
 * original verification's: opened at the moment the monitor went VERIFYING before the
 * stop. A new verification (after the stale age, 80 s here) would carry a later time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiClient, type ApiClient } from './helpers/api-client.ts';
import { NotYet, pollUntil } from './helpers/poll.ts';
import { killAllRuntimes, startRuntime, type Exit, type RuntimeProcess } from './helpers/runtime-process.ts';
import { BROKEN, HEALTHY, holding, startSwitchableTarget, type SwitchableTarget } from './helpers/switchable-target.ts';

const INTERVAL_S = 10;
const INTERVAL_MS = INTERVAL_S * 1000;
const TIMEOUT_MS = 60_000;
const STALE_MS = 2 * INTERVAL_MS + TIMEOUT_MS;
/** The runtime's shutdown grace is 15 s for the checks queues, then 15 s for the verify queues. */
const SIGTERM_EXIT_BOUND_MS = 50_000;

interface MonitorView {
  id: string;
  state: 'PENDING' | 'UP' | 'VERIFYING' | 'DOWN';
  stateSince: string | null;
}
interface Incident {
  id: string;
  status: 'open' | 'resolved';
  openedAt: string;
  verification: string;
  primary: { region: string };
  verifier: { region: string; outcome?: string } | null;
}

const tail = (text: string, lines = 30) => text.trimEnd().split('\n').slice(-lines).join('\n');

function exitWithin(runtime: RuntimeProcess, ms: number): Promise<Exit> {
  return Promise.race([
    runtime.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the runtime did not exit within ${ms / 1000} s\n${tail(runtime.stderr())}`)), ms).unref()),
  ]);
}

describe('a verification requested just before the runtime stops', () => {
  let root: string;
  let target: SwitchableTarget;

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'crosscheck-e2e-pending-'));
    target = await startSwitchableTarget();
  });

  afterAll(async () => {
    await killAllRuntimes();
    await target?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  for (const signal of ['SIGKILL', 'SIGTERM'] as const) {
    it(`is carried out within one interval after a restart that follows ${signal}`, { timeout: 150_000 }, async () => {
      target.set(HEALTHY); // also answers whatever is still held from the previous case
      const dataDir = join(root, signal);
      let runtime = await startRuntime(['--data-dir', dataDir]);
      let api: ApiClient = apiClient(runtime.url, runtime.token);
      const created = await api.post<{ id: string }>('v1/monitors', {
        name: `pending ${signal}`,
        url: target.url,
        intervalSeconds: INTERVAL_S,
        timeoutMs: TIMEOUT_MS,
        conditions: ['[STATUS] == 200'],
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      const monitorId = created.body.id;
      const monitor = () => api.json<MonitorView>(`v1/monitors/${monitorId}`);
      const incidents = () => api.json<{ items: Incident[] }>(`v1/incidents?monitorId=${monitorId}`).then((p) => p.items);

      await pollUntil(
        async () => {
          const { state } = await monitor();
          return state === 'UP' ? state : new NotYet(state);
        },
        { timeoutMs: INTERVAL_MS + 20_000, what: 'the monitor to go UP' },
      );

      target.set(holding('local-a', 'local-b'));
      const verifying = await pollUntil(
        async () => {
          const m = await monitor();
          return m.state === 'VERIFYING' && m.stateSince !== null ? m : new NotYet(m.state);
        },
        { timeoutMs: INTERVAL_MS + 10_000, intervalMs: 100, what: 'local-a to fail and ask local-b to verify' },
      );
      const requestedAt = verifying.stateSince!;
      // local-b's re-check is in flight (held by the target); nothing has been decided.
      await pollUntil(async () => (target.held() > 0 ? true : new NotYet('no local-b request held')), { timeoutMs: 5_000, what: 'the verifier to reach the target' });
      expect(await incidents()).toEqual([]);

      let exit: Exit;
      if (signal === 'SIGKILL') {
        runtime.child.kill('SIGKILL');
        exit = await exitWithin(runtime, 10_000);
        expect(exit).toEqual({ code: null, signal: 'SIGKILL' });
      } else {
        runtime.child.kill('SIGTERM');
        exit = await exitWithin(runtime, SIGTERM_EXIT_BOUND_MS);
        expect(exit, tail(runtime.stderr())).toEqual({ code: 0, signal: null });
      }

      target.set(BROKEN);
      runtime = await startRuntime(['--data-dir', dataDir]);
      const restartedAt = Date.now();
      api = apiClient(runtime.url, runtime.token);
      const [incident] = await pollUntil(
        async () => {
          const items = await incidents();
          return items.length > 0 ? items : new NotYet(`no incident; monitor ${(await monitor()).state}`);
        },
        { timeoutMs: INTERVAL_MS, what: 'the verification from before the stop to open the incident within one interval of the restart' },
      );
      expect(Date.now() - restartedAt).toBeLessThan(INTERVAL_MS);
      expect(Date.now(), 'before the verification would have gone stale').toBeLessThan(Date.parse(requestedAt) + STALE_MS);
      expect(incident!.openedAt, 'the incident is the original verification’s, not a new one asked after it went stale').toBe(requestedAt);
      expect(incident!.verification).toBe('confirmed');
      expect(incident!.primary.region).toBe('local-a');
      expect(incident!.verifier?.region).toBe('local-b');
      expect((await monitor()).state).toBe('DOWN');
      expect((await incidents()).map((i) => i.id)).toEqual([incident!.id]);
      expect(runtime.stderr()).toMatch(/"message":"verification requests from before the stop","redelivered":1,"dropped":0/);

      expect(await runtime.stop()).toEqual({ code: 0, signal: null });
    });
  }
});
