/** Builds a real ledger for the ledger tests: SQLite store in memory, a local key in a temp folder, the writer. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JSONWebKeySet } from 'jose';
import { openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { openLocalSigner, type LocalSigner } from '../../functions/adapters/local/signer.ts';
import { incidentOpenedBody, incidentResolvedBody, monitorChangeBody } from '../../functions/core/ledger/index.ts';
import { createLedgerWriter, type LedgerWriter } from '../../functions/services/ledger.ts';
import { ledgerIncident, ledgerMonitor } from './fixtures.ts';

export interface TestLedger {
  readonly dir: string;
  readonly stores: LocalStores;
  readonly signer: LocalSigner;
  readonly writer: LedgerWriter;
  readonly jwks: JSONWebKeySet;
  readonly clock: { now: number };
  entries(): Promise<{ seq: number; jws: string }[]>;
  close(): Promise<void>;
}

export async function openTestLedger(start = '2026-05-01T00:00:00.000Z'): Promise<TestLedger> {
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-ledger-'));
  const stores = openLocalStores({ path: ':memory:' });
  const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
  const clock = { now: Date.parse(start) };
  const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock: { now: () => clock.now } });
  return {
    dir,
    stores,
    signer,
    writer,
    clock,
    jwks: { keys: [{ ...(await signer.publicJwk()) }] },
    entries: async () => (await stores.ledger.range(0, 10_000)).map(({ seq, jws }) => ({ seq, jws })),
    close: async () => {
      stores.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const HOUR = 3_600_000;

/**
 * Seven entries over ten hours:
 * 1 monitor.created api (00:00), 2 monitor.created web (00:00), 3 incident.opened inc-1 on api (01:00),
 * 4 incident.resolved inc-1 (01:30), 5 incident.opened inc-2 on web (06:00), 6 monitor.updated api (08:00),
 * 7 monitor.created db (10:00).
 */
export async function writeSampleLedger(ledger: TestLedger): Promise<void> {
  const start = ledger.clock.now;
  const at = (hours: number) => {
    ledger.clock.now = start + hours * HOUR;
    return new Date(ledger.clock.now).toISOString();
  };
  const api = ledgerMonitor({ id: 'api', name: 'API' });
  const web = ledgerMonitor({ id: 'web', name: 'Website', url: 'https://www.example.test/' });
  at(0);
  await ledger.writer.append({ type: 'monitor.created', key: 'monitor.created:api', body: monitorChangeBody(api) });
  await ledger.writer.append({ type: 'monitor.created', key: 'monitor.created:web', body: monitorChangeBody(web) });
  const inc1 = ledgerIncident({ id: 'inc-1', monitorId: 'api', monitorName: 'API', openedAt: at(1) });
  const opened1 = incidentOpenedBody(inc1, api);
  await ledger.writer.append({ type: 'incident.opened', key: 'incident.opened:inc-1', ...opened1 });
  const resolved1 = incidentResolvedBody({ ...inc1, status: 'resolved', resolvedAt: at(1.5) });
  await ledger.writer.append({ type: 'incident.resolved', key: 'incident.resolved:inc-1', ...resolved1 });
  const inc2 = ledgerIncident({ id: 'inc-2', monitorId: 'web', monitorName: 'Website', openedAt: at(6) });
  await ledger.writer.append({ type: 'incident.opened', key: 'incident.opened:inc-2', ...incidentOpenedBody(inc2, web) });
  at(8);
  await ledger.writer.append({ type: 'monitor.updated', key: 'monitor.updated:api:1', body: monitorChangeBody({ ...api, intervalSeconds: 30 }) });
  at(10);
  await ledger.writer.append({ type: 'monitor.created', key: 'monitor.created:db', body: monitorChangeBody(ledgerMonitor({ id: 'db', name: 'Database' })) });
}
