/**
 * The store base layer (functions/adapters/common/stores) over fake backends: which
 * rules it keeps itself, and what exactly it asks a backend to do. The contract suite
 * (test/contract) checks the same rules end to end on SQLite and DynamoDB.
 */
import { describe, expect, it, vi } from 'vitest';
import { encodeCursor, listPage, type Listing } from '../../functions/adapters/common/paging.ts';
import { createLedgerStore, ledgerConflict, type LedgerBackend } from '../../functions/adapters/common/stores/ledger-store.ts';
import { createMonitorStore, type MonitorBackend } from '../../functions/adapters/common/stores/monitor-store.ts';
import { createResultStore, type ResultBackend } from '../../functions/adapters/common/stores/result-store.ts';
import { createStateStore, type StateBackend } from '../../functions/adapters/common/stores/state-store.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../functions/core/errors.ts';
import { sha256Base64url } from '../../functions/core/ledger/hash.ts';
import { ledgerRecord, monitorWithId, state, storedResult, T0 } from '../helpers/fixtures.ts';

async function validationPaths(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path);
}

function fakeLedger(): LedgerBackend & { [K in keyof LedgerBackend]: ReturnType<typeof vi.fn> } {
  return {
    head: vi.fn(async () => null),
    appendIfFree: vi.fn(async () => undefined),
    byKey: vi.fn(async () => null),
    readRange: vi.fn(async () => []),
    evidence: vi.fn(async () => null),
    // A tree that holds every earlier leaf: the base computes the new leaf's record from it.
    treeRecords: vi.fn(async (leaves: readonly number[]) => new Map(leaves.map((leaf) => [leaf, new Uint8Array(32 * 64)]))),
    lastTreeLeaf: vi.fn(async () => null),
    putTreeRecord: vi.fn(async () => undefined),
  };
}

describe('ledger base', () => {
  const json = '{"e":1}';
  const sha256 = sha256Base64url(json);

  it('asks the backend for the first entry with no predecessor, and for entry n with n - 1', async () => {
    const backend = fakeLedger();
    const ledger = createLedgerStore(backend);
    await ledger.append(ledgerRecord(1));
    await ledger.append(ledgerRecord(2, { evidenceSha256: sha256 }), { sha256, json });
    const treeRecord = expect.any(Uint8Array);
    expect(backend.appendIfFree).toHaveBeenNthCalledWith(1, { record: ledgerRecord(1), previousSeq: null, evidence: null, monitor: null, treeRecord });
    expect(backend.appendIfFree).toHaveBeenNthCalledWith(2, { record: ledgerRecord(2, { evidenceSha256: sha256 }), previousSeq: 1, evidence: { sha256, json }, monitor: null, treeRecord });
  });

  it.each([
    ['seq 0', ledgerRecord(0), undefined, ['seq']],
    ['a fractional seq', ledgerRecord(2.5), undefined, ['seq']],
    ['evidence the entry does not name', ledgerRecord(1), { sha256, json }, ['evidenceSha256']],
    ['evidence under a hash that is not its own', ledgerRecord(1, { evidenceSha256: sha256 }), { sha256, json: '{"e":2}' }, ['evidence.sha256']],
    ['a hash that is no SHA-256 at all', ledgerRecord(1, { evidenceSha256: 'sha' }), { sha256: 'sha', json }, ['evidence.sha256']],
    ['an entry naming evidence it does not bring', ledgerRecord(1, { evidenceSha256: sha256 }), undefined, ['evidence']],
  ] as const)('refuses %s before the backend sees it', async (_label, record, evidence, paths) => {
    const backend = fakeLedger();
    expect(await validationPaths(createLedgerStore(backend).append(record, evidence))).toEqual(paths);
    expect(backend.appendIfFree).not.toHaveBeenCalled();
  });

  it('passes the backend’s ConflictError on untouched', async () => {
    const backend = fakeLedger();
    const conflict = ledgerConflict({ record: ledgerRecord(2), previousSeq: 1, evidence: null, monitor: null, treeRecord: new Uint8Array() }, ['seqIsFree']);
    backend.appendIfFree.mockRejectedValueOnce(conflict);
    await expect(createLedgerStore(backend).append(ledgerRecord(2))).rejects.toBe(conflict);
  });

  it('names every failed condition in a conflict, or a concurrent writer when none is known', () => {
    const append = { record: ledgerRecord(3), previousSeq: 2, evidence: { sha256, json }, monitor: null, treeRecord: new Uint8Array() };
    expect(ledgerConflict(append, ['keyIsFree', 'previousExists', 'evidenceIsNewOrSame']).message).toBe(
      `ledger entry 3 (incident.opened:i3) not appended: key incident.opened:i3 has an entry already, entry 3 would leave a gap (entry 2 does not exist), other evidence is stored under ${sha256}`,
    );
    expect(ledgerConflict(append, []).message).toMatch(/another transaction was writing the same items/);
    expect(ledgerConflict(append, [])).toBeInstanceOf(ConflictError);
  });

  it('checks a range before reading it', async () => {
    const backend = fakeLedger();
    const ledger = createLedgerStore(backend);
    await ledger.range(0, 5);
    expect(backend.readRange).toHaveBeenCalledWith(0, 5);
    expect(await validationPaths(ledger.range(-1, 5))).toEqual(['afterSeq']);
    expect(await validationPaths(ledger.range(0, 0))).toEqual(['limit']);
    expect(backend.readRange).toHaveBeenCalledTimes(1);
  });
});

describe('state base', () => {
  function fakeStates(stored: string | null = null) {
    return {
      readBody: vi.fn(async (_id: string, _consistent: boolean) => stored),
      insertIfAbsent: vi.fn(async () => true),
      replaceAtVersion: vi.fn(async () => true),
      delete: vi.fn(async () => undefined),
    } satisfies StateBackend;
  }

  it('upgrades a legacy state (outbox) on read, from any backend', async () => {
    const effect = { type: 'alert', id: 'a1' };
    const backend = fakeStates(JSON.stringify({ ...state('m1'), version: 3, outbox: [effect] }));
    const read = await createStateStore(backend).get('m1');
    expect(read).toEqual({ ...state('m1'), version: 3, pendingEffects: [effect] });
    expect(read).not.toHaveProperty('outbox');
  });

  it('reads strongly consistent unless told otherwise', async () => {
    const backend = fakeStates();
    const states = createStateStore(backend);
    await states.get('m1');
    await states.get('m1', { consistent: false });
    expect(backend.readBody.mock.calls).toEqual([['m1', true], ['m1', false]]);
  });

  it('inserts when expecting version 0 and replaces at the version otherwise, storing version + 1', async () => {
    const backend = fakeStates();
    const states = createStateStore(backend);
    const first = await states.put(state('m1'), 0);
    expect(backend.insertIfAbsent).toHaveBeenCalledWith({ monitorId: 'm1', version: 1, body: JSON.stringify(first), expiresAtMs: null });
    const next = await states.put(state('m1', { status: 'DOWN' }), 4);
    expect(next.version).toBe(5);
    expect(backend.replaceAtVersion).toHaveBeenCalledWith({ monitorId: 'm1', version: 5, body: JSON.stringify(next), expiresAtMs: null }, 4);
  });

  it('hands the backend when a deleted monitor\'s state may go (a week after the deletion), and null for a paused one', async () => {
    const backend = fakeStates();
    const states = createStateStore(backend);
    await states.put(state('m1', { stopped: { reason: 'deleted', at: '2026-11-21T10:00:00.000Z' } }), 2);
    expect(backend.replaceAtVersion).toHaveBeenLastCalledWith(expect.objectContaining({ expiresAtMs: Date.parse('2026-11-28T10:00:00.000Z') }), 2);
    await states.put(state('m1', { stopped: { reason: 'paused', at: '2026-11-21T10:00:00.000Z' } }), 3);
    expect(backend.replaceAtVersion).toHaveBeenLastCalledWith(expect.objectContaining({ expiresAtMs: null }), 3);
  });

  it('turns a lost condition into ConflictError, and refuses a bad expected version unasked', async () => {
    const backend = fakeStates();
    backend.replaceAtVersion.mockResolvedValueOnce(false);
    const states = createStateStore(backend);
    await expect(states.put(state('m1'), 2)).rejects.toBeInstanceOf(ConflictError);
    expect(await validationPaths(states.put(state('m1'), -1))).toEqual(['expectedVersion']);
    expect(await validationPaths(states.put(state('m1'), 1.5))).toEqual(['expectedVersion']);
    expect(backend.insertIfAbsent).not.toHaveBeenCalled();
    expect(backend.replaceAtVersion).toHaveBeenCalledTimes(1);
  });
});

describe('monitor base', () => {
  function fakeMonitors(answer: boolean) {
    return {
      readBody: vi.fn(async () => null),
      listing: vi.fn(() => ({ position: () => null, read: async () => [] })),
      allBodies: vi.fn(async () => []),
      bodiesNamed: vi.fn(async (): Promise<string[]> => []),
      insertIfAbsent: vi.fn(async () => answer),
      replaceIfPresent: vi.fn(async () => answer),
      delete: vi.fn(async () => answer),
    } satisfies MonitorBackend<object>;
  }

  it('names what a lost condition means: ConflictError on create, NotFoundError on replace', async () => {
    const monitors = createMonitorStore(fakeMonitors(false));
    await expect(monitors.create(monitorWithId('m1'))).rejects.toBeInstanceOf(ConflictError);
    await expect(monitors.replace(monitorWithId('m1'))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('hands the backend the JSON and the creation time in ms', async () => {
    const backend = fakeMonitors(true);
    const monitor = monitorWithId('m1');
    await createMonitorStore(backend).create(monitor);
    expect(backend.insertIfAbsent).toHaveBeenCalledWith({ monitor, createdMs: Date.parse(monitor.createdAt), body: JSON.stringify(monitor) });
  });

  it('keeps only exact name matches of the candidates a backend hands back', async () => {
    const backend = fakeMonitors(true);
    const named = monitorWithId('m1', { name: 'shop' });
    backend.bodiesNamed.mockResolvedValueOnce([JSON.stringify(named), JSON.stringify(monitorWithId('m2', { name: 'shop (eu)', headers: { x: '"shop"' } }))]);
    expect(await createMonitorStore(backend).named('shop')).toEqual([named]);
    expect(backend.bodiesNamed).toHaveBeenCalledWith('shop');
  });

  it.each(['yesterday', '1969-12-31T23:59:59.000Z'])('refuses createdAt %s unasked', async (createdAt) => {
    const backend = fakeMonitors(true);
    expect(await validationPaths(createMonitorStore(backend).create(monitorWithId('m1', { createdAt })))).toEqual(['createdAt']);
    expect(backend.insertIfAbsent).not.toHaveBeenCalled();
  });
});

describe('paging base', () => {
  interface Pos {
    readonly n: number;
  }
  const rows = Array.from({ length: 5 }, (_, n) => ({ body: JSON.stringify({ n }), position: { n } }));
  const listing = () => {
    const read = vi.fn(async (after: Pos | null, take: number) => rows.filter((row) => after === null || row.position.n > after.n).slice(0, take));
    const l: Listing<Pos> = {
      position: (value) => (typeof value === 'object' && value !== null && typeof (value as Pos).n === 'number' ? { n: (value as Pos).n } : null),
      read,
    };
    return { listing: l, read };
  };

  it('reads limit + 1 and makes the last kept item’s position the cursor', async () => {
    const { listing: l, read } = listing();
    const page = await listPage<{ n: number }, Pos>({ limit: 2 }, l);
    expect(read).toHaveBeenCalledWith(null, 3);
    expect(page).toEqual({ items: [{ n: 0 }, { n: 1 }], nextCursor: encodeCursor({ n: 1 }) });
    const last = await listPage<{ n: number }, Pos>({ limit: 2, cursor: encodeCursor({ n: 2 }) }, l);
    expect(last).toEqual({ items: [{ n: 3 }, { n: 4 }], nextCursor: null });
  });

  it('caps the limit at 1000 and refuses a bad limit or a foreign cursor before reading', async () => {
    const { listing: l, read } = listing();
    await listPage({ limit: 5000 }, l);
    expect(read).toHaveBeenCalledWith(null, 1001);
    expect(await validationPaths(listPage({ limit: 0 }, l))).toEqual(['limit']);
    expect(await validationPaths(listPage({ limit: 1, cursor: encodeCursor({ t: 1, id: 'x' }) }, l))).toEqual(['cursor']);
    expect(await validationPaths(listPage({ limit: 1, cursor: '!!' }, l))).toEqual(['cursor']);
    expect(read).toHaveBeenCalledTimes(1);
  });
});

describe('result base', () => {
  function fakeResults() {
    const read = vi.fn(async () => []);
    const results = vi.fn(() => ({ position: (value: unknown) => (value === null ? null : {}), read }));
    return {
      read,
      backend: {
        insertResultIfAbsent: vi.fn(async () => false),
        results,
        addToRollup: vi.fn(async () => undefined),
        readRollups: vi.fn(async () => []),
        insertAnomalyIfAbsent: vi.fn(async () => true),
        anomalies: results,
        deleteResultsBefore: vi.fn(async () => 0),
      } satisfies ResultBackend<object>,
    };
  }

  it('treats a repeated result as done', async () => {
    const { backend } = fakeResults();
    await expect(createResultStore(backend).putResult(storedResult('r1', 'm1', T0))).resolves.toBeUndefined();
  });

  it('hands the backend whole-ms windows, and reads nothing for an empty one', async () => {
    const { backend, read } = fakeResults();
    const store = createResultStore(backend);
    await store.listResults('m1', { limit: 1, since: -5, until: 10.2, region: 'eu-west-1' });
    expect(backend.results).toHaveBeenLastCalledWith('m1', { region: 'eu-west-1', window: { from: 0, below: 11 } });
    expect(read).toHaveBeenCalledTimes(1);
    expect(await store.listAnomalies('m1', { limit: 1, since: 10, until: 10 })).toEqual({ items: [], nextCursor: null });
    expect(await validationPaths(store.listResults('m1', { limit: 1, since: 10, until: 5, cursor: '!!' }))).toEqual(['cursor']);
    expect(await validationPaths(store.listResults('m1', { limit: 1, since: Number.NaN }))).toEqual(['since']);
    expect(read).toHaveBeenCalledTimes(1);

    expect(await store.listRollups('m1', T0, T0)).toEqual([]);
    expect(backend.readRollups).not.toHaveBeenCalled();
    await store.deleteResultsBefore(99.5);
    expect(backend.deleteResultsBefore).toHaveBeenCalledWith(100);
  });

  it.each([
    ['a region no store can name', { region: 'EU West' }, 'region'],
    ['a fractional hour', { hour: 1.5 }, 'hour'],
    ['a counter that is not finite', { checks: Number.POSITIVE_INFINITY }, 'checks'],
    ['a histogram bucket that is no index', { histogram: { [-1]: 1 } }, 'histogram.-1'],
  ])('refuses a rollup with %s before the backend sees it', async (_label, change, path) => {
    const { backend } = fakeResults();
    const key = { monitorId: 'm1', region: 'eu-west-1', hour: T0 };
    const delta = { checks: 1, failures: 0, anomalies: 0, latencySumMs: 1, histogram: {} };
    const { monitorId, region, hour, ...rest } = { ...key, ...delta, ...change };
    expect(await validationPaths(createResultStore(backend).addToRollup({ monitorId, region, hour }, rest))).toEqual([path]);
    expect(backend.addToRollup).not.toHaveBeenCalled();
  });
});
