import { recordingLifecycle } from '../helpers/lifecycle.ts';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, SignerError, ValidationError } from '../../functions/core/errors.ts';
import { decodeLedgerJws, monitorDefinitionSha256 } from '../../functions/core/ledger/index.ts';
import type { Monitor } from '../../functions/core/monitor.ts';
import { initialState } from '../../functions/core/state.ts';
import { computeSla } from '../../functions/audit/sla.ts';
import { auditLedger } from '../../functions/audit/ledger-audit.ts';
import { createLedgerWriter } from '../../functions/services/ledger.ts';
import { createMonitor, deleteMonitor, patchMonitor, replaceMonitor, type MonitorServiceDeps } from '../../functions/services/monitors.ts';
import { openTestLedger, type TestLedger } from '../helpers/ledger-build.ts';

let ledger: TestLedger;
let deps: MonitorServiceDeps;
let nextId: number;

beforeEach(async () => {
  ledger = await openTestLedger('2026-06-01T00:00:00.000Z');
  nextId = 0;
  deps = {
    monitors: ledger.stores.monitors,
    lifecycle: recordingLifecycle(ledger.stores, ledger.writer, { now: () => ledger.clock.now }, ['local-a', 'local-b']),
    ledgerWriter: ledger.writer,
    clock: { now: () => ledger.clock.now },
    ids: { next: () => `mon-${++nextId}` },
    regions: ['local-a', 'local-b'],
  };
});
afterEach(async () => {
  await ledger.close();
});

const advance = (ms = 60_000) => {
  ledger.clock.now += ms;
};

async function payloads(): Promise<Record<string, unknown>[]> {
  return (await ledger.entries()).map((e) => decodeLedgerJws(e.jws).payload);
}

/** Whatever a rejected call did, it must have left monitors, states and ledger as they were. */
async function snapshot() {
  return { monitors: await ledger.stores.monitors.all(), entries: await ledger.entries() };
}

describe('createMonitor', () => {
  it('validates, fills defaults, assigns id and times, stores, and writes monitor.created', async () => {
    const monitor = await createMonitor(deps, { name: 'API', url: 'https://api.example.test/health', regions: ['local-b'] });
    expect(monitor).toMatchObject({
      id: 'mon-1',
      name: 'API',
      method: 'GET',
      intervalSeconds: 60,
      regions: ['local-b'],
      createdAt: '2026-06-01T00:00:00.000Z',
      updatedAt: '2026-06-01T00:00:00.000Z',
    });
    expect(await ledger.stores.monitors.get('mon-1')).toEqual(monitor);
    expect(await payloads()).toEqual([
      {
        seq: 1,
        prev: 'A'.repeat(43),
        type: 'monitor.created',
        time: '2026-06-01T00:00:00.000Z',
        monitor: { id: 'mon-1', name: 'API' },
        definitionSha256: monitorDefinitionSha256(monitor),
      },
    ]);
  });

  it.each([
    [{ url: 'https://x.test' }, 'name'],
    [{ name: 'x', url: 'ftp://x.test' }, 'url'],
    [{ name: 'x', url: 'https://x.test', regions: ['local-a', 'mars-1'] }, 'regions[1]'],
    [{ name: 'x', url: 'https://x.test', intervalSeconds: 5 }, 'intervalSeconds'],
  ])('rejects %j naming %s, and changes nothing', async (input, path) => {
    const before = await snapshot();
    const error = await createMonitor(deps, input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues.map((i) => i.path)).toEqual([path]);
    expect(await snapshot()).toEqual(before);
  });

  it('names the configured regions when one is not', async () => {
    await expect(createMonitor(deps, { name: 'x', url: 'https://x.test', regions: ['mars-1'] })).rejects.toThrow(
      'regions[0]: mars-1 is not a configured region (configured: local-a, local-b)',
    );
  });

  it('stores nothing when the ledger cannot be written (a change is never unrecorded)', async () => {
    const broken = createLedgerWriter({
      ledger: ledger.stores.ledger,
      signer: { publicJwk: () => ledger.signer.publicJwk(), sign: async () => Promise.reject(new SignerError('key unavailable')) },
      clock: deps.clock,
    });
    await expect(createMonitor({ ...deps, ledgerWriter: broken }, { name: 'x', url: 'https://x.test' })).rejects.toThrow(SignerError);
    expect(await snapshot()).toEqual({ monitors: [], entries: [] });
  });
});

describe('replaceMonitor and patchMonitor', () => {
  let original: Monitor;
  beforeEach(async () => {
    original = await createMonitor(deps, { name: 'API', url: 'https://api.example.test/', tags: ['prod'], intervalSeconds: 30 });
    advance();
  });

  it('replace: the new definition whole (left-out fields take defaults), same id and createdAt, monitor.updated', async () => {
    const replaced = await replaceMonitor(deps, original.id, { name: 'API v2', url: 'https://api.example.test/v2' });
    expect(replaced).toMatchObject({ id: 'mon-1', name: 'API v2', tags: [], intervalSeconds: 60, createdAt: original.createdAt, updatedAt: '2026-06-01T00:01:00.000Z' });
    expect(await ledger.stores.monitors.get(original.id)).toEqual(replaced);
    expect((await payloads())[1]).toEqual({
      seq: 2,
      prev: expect.any(String),
      type: 'monitor.updated',
      time: '2026-06-01T00:01:00.000Z',
      monitor: { id: 'mon-1', name: 'API v2' },
      definitionSha256: monitorDefinitionSha256(replaced),
    });
  });

  it('patch: given fields replace, null resets to the default, the rest stays', async () => {
    const patched = await patchMonitor(deps, original.id, { paused: true, tags: null });
    expect(patched).toEqual({ ...original, paused: true, tags: [], updatedAt: '2026-06-01T00:01:00.000Z' });
    expect(await ledger.stores.monitors.get(original.id)).toEqual(patched);
    expect((await payloads()).map((p) => [p.type, p.definitionSha256])).toEqual([
      ['monitor.created', monitorDefinitionSha256(original)],
      ['monitor.updated', monitorDefinitionSha256(patched)],
    ]);
  });

  it('a change that changes nothing writes nothing', async () => {
    expect(await patchMonitor(deps, original.id, { intervalSeconds: 30 })).toEqual(original);
    expect(await replaceMonitor(deps, original.id, { name: 'API', url: 'https://api.example.test/', tags: ['prod'], intervalSeconds: 30 })).toEqual(original);
    expect(await ledger.entries()).toHaveLength(1);
  });

  it('two different changes in the same millisecond are two entries', async () => {
    await patchMonitor(deps, original.id, { paused: true });
    await patchMonitor(deps, original.id, { paused: false, name: 'Renamed' });
    expect((await payloads()).map((p) => p.type)).toEqual(['monitor.created', 'monitor.updated', 'monitor.updated']);
    expect((await ledger.stores.monitors.get(original.id))?.name).toBe('Renamed');
  });

  it.each([
    ['patch with a bad value', () => patchMonitor(deps, 'mon-1', { intervalSeconds: 5 }), ValidationError, 'intervalSeconds'],
    ['patch with an unknown field', () => patchMonitor(deps, 'mon-1', { intervalSecs: 30 }), ValidationError, ''],
    ['patch that is not an object', () => patchMonitor(deps, 'mon-1', [1]), ValidationError, ''],
    ['patch with an unknown region', () => patchMonitor(deps, 'mon-1', { regions: ['local-c'] }), ValidationError, 'regions[0]'],
    ['patch of the id', () => patchMonitor(deps, 'mon-1', { id: 'other' }), ValidationError, ''],
    ['replace with a bad body', () => replaceMonitor(deps, 'mon-1', { name: 'x' }), ValidationError, 'url'],
    ['replace of a missing monitor', () => replaceMonitor(deps, 'nope', { name: 'x', url: 'https://x.test' }), NotFoundError, null],
    ['patch of a missing monitor', () => patchMonitor(deps, 'nope', { paused: true }), NotFoundError, null],
  ])('%s is rejected and changes nothing', async (_name, call, kind, path) => {
    const before = await snapshot();
    const error = await call().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(kind);
    if (path !== null) expect((error as ValidationError).issues[0]?.path).toBe(path);
    expect(await snapshot()).toEqual(before);
  });
});

describe('deleteMonitor', () => {
  it('deletes the monitor, stops its state (so checks in flight are dropped), writes monitor.deleted, and keeps earlier entries', async () => {
    const monitor = await createMonitor(deps, { name: 'API', url: 'https://api.example.test/' });
    await ledger.stores.states.put(initialState(monitor.id, monitor.createdAt), 0);
    advance();
    await deleteMonitor(deps, monitor.id);
    expect(await ledger.stores.monitors.get(monitor.id)).toBeNull();
    expect(await ledger.stores.states.get(monitor.id)).toMatchObject({ status: 'PENDING', stopped: { reason: 'deleted', at: '2026-06-01T00:01:00.000Z' } });
    expect((await payloads()).map((p) => [p.seq, p.type, p.time])).toEqual([
      [1, 'monitor.created', '2026-06-01T00:00:00.000Z'],
      [2, 'monitor.deleted', '2026-06-01T00:01:00.000Z'],
    ]);
    expect((await payloads())[1]).toMatchObject({ monitor: { id: 'mon-1', name: 'API' }, definitionSha256: monitorDefinitionSha256(monitor) });
    await expect(deleteMonitor(deps, monitor.id)).rejects.toThrow(NotFoundError);
    expect(await ledger.entries()).toHaveLength(2);
  });
});

it('a history of monitor changes verifies end to end and yields the monitors in the SLA figures', async () => {
  const a = await createMonitor(deps, { name: 'A', url: 'https://a.example.test/' });
  advance();
  const b = await createMonitor(deps, { name: 'B', url: 'https://b.example.test/' });
  advance();
  await patchMonitor(deps, a.id, { name: 'A prime' });
  advance();
  await deleteMonitor(deps, b.id);
  const report = await auditLedger(await ledger.entries(), ledger.jwks, { expectHead: 4 });
  expect(report.problem).toBeNull();
  expect(report.entries.map((e) => e.payload.type)).toEqual(['monitor.created', 'monitor.created', 'monitor.updated', 'monitor.deleted']);
  const sla = computeSla(report.entries.map((e) => e.payload));
  expect(sla.monitors.map((m) => [m.name, m.observedMs, m.deletedAt, m.uptimeRatio])).toEqual([
    ['A prime', 180_000, null, 1],
    ['B', 120_000, '2026-06-01T00:03:00.000Z', 1],
  ]);
});
