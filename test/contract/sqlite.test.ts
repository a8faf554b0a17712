import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, describe, expect, it } from 'vitest';
import { localDatabasePath, openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { migrate, openDatabase, schemaVersion } from '../../functions/adapters/local/sqlite/database.ts';
import { sqliteLedgerBackend } from '../../functions/adapters/local/sqlite/ledger.ts';
import { openLocalSigner } from '../../functions/adapters/local/signer.ts';
import { createLedgerWriter } from '../../functions/services/ledger.ts';
import { createMonitor, patchMonitor } from '../../functions/services/monitors.ts';
import { MIGRATIONS } from '../../functions/adapters/local/sqlite/migrations.ts';
import { ConfigError, ConflictError, ValidationError } from '../../functions/core/errors.ts';
import { sha256Base64url } from '../../functions/core/ledger/hash.ts';
import { anomaly, DAY, HOUR, incident, iso, ledgerRecord, monitorWithId, state, storedResult, T0 } from '../helpers/fixtures.ts';
import { describeMonitorWritersContract } from './monitor-writers.contract.ts';
import { describeLedgerBackendContract, describeStoreContract } from './stores.contract.ts';
import { describeLogContract } from './log.contract.ts';
import { ledgerLeafHash, toBase64 } from '../../functions/core/tlog/rfc6962.ts';
import { treeRoot, TreeBuilder } from '../../functions/core/tlog/tree.ts';

describeStoreContract(
  'SQLite in memory',
  async () => openLocalStores({ path: ':memory:' }),
  async (stores) => (stores as LocalStores).close(),
);

describeMonitorWritersContract(
  'SQLite in memory',
  async () => openLocalStores({ path: ':memory:' }),
  async (stores) => (stores as LocalStores).close(),
  { addLatency: true, ledgerWriters: 5 },
);

describeLogContract(
  'SQLite in memory',
  async () => openLocalStores({ path: ':memory:' }),
  async (stores) => (stores as LocalStores).close(),
);

describeLedgerBackendContract('SQLite in memory', async () => {
  const db = openDatabase(':memory:');
  return { backend: sqliteLedgerBackend(db), close: async () => db.close() };
});

const fileDirs = new Map<LocalStores, string>();
describeStoreContract(
  'SQLite file',
  async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crosscheck-contract-'));
    const stores = openLocalStores({ path: localDatabasePath(dir) });
    fileDirs.set(stores, dir);
    return stores;
  },
  async (stores) => {
    (stores as LocalStores).close();
    rmSync(fileDirs.get(stores as LocalStores)!, { recursive: true, force: true });
  },
);

describe('SQLite database file', () => {
  const dirs: string[] = [];
  const tempDb = () => {
    const dir = mkdtempSync(join(tmpdir(), 'crosscheck-sqlite-'));
    dirs.push(dir);
    return localDatabasePath(join(dir, 'data'));
  };
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no ledger entry behind when the monitor write of a change fails (one transaction)', async () => {
    const path = tempDb();
    const stores = openLocalStores({ path });
    const keyDir = dirname(path);
    const signer = await openLocalSigner(keyDir, { ledgerHasEntries: false });
    const clock = { now: () => Date.now() };
    const deps = {
      monitors: stores.monitors,
      ledgerWriter: createLedgerWriter({ ledger: stores.ledger, signer, clock }),
      lifecycle: { stop: async () => undefined, resume: async () => undefined },
      clock,
      ids: { next: () => 'm1' },
      regions: [],
    };
    try {
      const created = await createMonitor(deps, { name: 'api', url: 'https://api.example.test/health' });
      // The disk fills up, as far as monitor rows are concerned: a second connection adds a trigger.
      const other = new DatabaseSync(path);
      other.exec("CREATE TRIGGER full_disk BEFORE UPDATE ON monitors BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END");
      other.close();
      await expect(patchMonitor(deps, 'm1', { timeoutMs: 5_000 })).rejects.toThrow(/disk is full/);
      expect((await stores.ledger.range(0, 10)).map((r) => r.type)).toEqual(['monitor.created']);
      expect(await stores.monitors.get('m1')).toEqual(created);
    } finally {
      stores.close();
    }
  });

  it('keeps its data across a close and reopen, and migrating again changes nothing', async () => {
    const path = tempDb();
    const first = openLocalStores({ path });
    await first.monitors.create(monitorWithId('m1', { tags: ['prod'] }));
    await first.states.put(state('m1'), 0);
    const sha = sha256Base64url('{"e":1}');
    await first.ledger.append(ledgerRecord(1, { evidenceSha256: sha }), { sha256: sha, json: '{"e":1}' });
    await first.results.addToRollup({ monitorId: 'm1', region: 'local-a', hour: T0 }, { checks: 1, failures: 0, anomalies: 0, latencySumMs: 5, histogram: { 2: 1 } });
    first.close();

    for (let reopen = 0; reopen < 2; reopen += 1) {
      const again = openLocalStores({ path });
      expect(await again.monitors.list({ limit: 10, tag: 'prod' })).toEqual({ items: [monitorWithId('m1', { tags: ['prod'] })], nextCursor: null });
      expect(await again.states.get('m1')).toMatchObject({ version: 1 });
      expect(await again.ledger.head()).toEqual(ledgerRecord(1, { evidenceSha256: sha }));
      expect(await again.ledger.evidence(sha)).toBe('{"e":1}');
      expect((await again.results.listRollups('m1', T0, T0 + HOUR))[0]).toMatchObject({ checks: 1, histogram: { 2: 1 } });
      again.close();
    }

    const raw = new DatabaseSync(path, { readOnly: true });
    expect(raw.prepare('PRAGMA user_version').get()).toEqual({ user_version: MIGRATIONS.at(-1)!.version });
    expect(raw.prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
    raw.close();
  });

  it('refuses a database written by a newer CrossCheck', () => {
    const path = tempDb();
    openLocalStores({ path }).close();
    const raw = new DatabaseSync(path);
    raw.exec(`PRAGMA user_version = ${MIGRATIONS.at(-1)!.version + 1}`);
    raw.close();
    expect(() => openLocalStores({ path })).toThrow(ConfigError);
  });

  it('applies only the migrations newer than the stored version, each once', () => {
    const db = new DatabaseSync(':memory:');
    const migrations = [
      { version: 1, description: 'one', sql: 'CREATE TABLE one (x INTEGER) STRICT;' },
      { version: 2, description: 'two', sql: 'CREATE TABLE two (x INTEGER) STRICT;' },
    ];
    migrate(db, migrations.slice(0, 1));
    expect(schemaVersion(db)).toBe(1);
    migrate(db, migrations);
    migrate(db, migrations);
    expect(schemaVersion(db)).toBe(2);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all().map((r) => r.name);
    expect(tables).toEqual(['one', 'two']);
    db.close();
  });

  it('rolls a failing migration back whole', () => {
    const db = new DatabaseSync(':memory:');
    const broken = [{ version: 1, description: 'broken', sql: 'CREATE TABLE half (x INTEGER); CREATE TABLE half (y INTEGER);' }];
    expect(() => migrate(db, broken)).toThrow();
    expect(schemaVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses any update or delete of ledger rows, even in plain SQL', async () => {
    const path = tempDb();
    const stores = openLocalStores({ path });
    const sha = sha256Base64url('{}');
    await stores.ledger.append(ledgerRecord(1, { evidenceSha256: sha }), { sha256: sha, json: '{}' });
    stores.close();
    const raw = new DatabaseSync(path);
    expect(() => raw.exec("UPDATE ledger SET jws = 'forged' WHERE seq = 1")).toThrow(/append-only/);
    expect(() => raw.exec('DELETE FROM ledger')).toThrow(/append-only/);
    expect(() => raw.exec('DELETE FROM ledger_evidence')).toThrow(/append-only/);
    raw.close();
  });

  it('keeps conditional writes exclusive across two connections to one file', async () => {
    const path = tempDb();
    const one = openLocalStores({ path });
    const two = openLocalStores({ path });
    try {
      await one.states.put(state('m1'), 0);
      await two.states.put(state('m1', { status: 'DOWN' }), 1);
      await expect(one.states.put(state('m1', { status: 'UP' }), 1)).rejects.toBeInstanceOf(ConflictError);
      await one.ledger.append(ledgerRecord(1));
      await expect(two.ledger.append(ledgerRecord(1, { key: 'other' }))).rejects.toBeInstanceOf(ConflictError);
      await two.ledger.append(ledgerRecord(2));
      expect(await one.ledger.head()).toEqual(ledgerRecord(2));
      expect(await one.alertLog.claim('down:i1', iso(T0))).toBe(true);
      expect(await two.alertLog.claim('down:i1', iso(T0))).toBe(false);
    } finally {
      one.close();
      two.close();
    }
  });
});

describe('SQLite retention sweep', () => {
  let stores: LocalStores;
  afterEach(() => stores.close());

  it.each([
    [undefined, 90],
    [7, 7],
  ])('with retentionDays %s deletes raw results older than %i days and nothing else', async (retentionDays, days) => {
    stores = openLocalStores({ path: ':memory:', ...(retentionDays === undefined ? {} : { retentionDays }) });
    const now = T0 + 365 * DAY;
    await stores.results.putResult(storedResult('old', 'm1', now - days * DAY - 1));
    await stores.results.putResult(storedResult('kept', 'm1', now - days * DAY));
    await stores.results.putResult(storedResult('recent', 'm1', now - DAY));
    await stores.results.putAnomaly(anomaly('a1', 'm1', T0));
    await stores.incidents.create(incident('i1', 'm1', T0));
    await stores.results.addToRollup({ monitorId: 'm1', region: 'local-a', hour: T0 }, { checks: 1, failures: 0, anomalies: 0, latencySumMs: 1, histogram: {} });

    expect(await stores.sweep(now)).toBe(1);
    expect((await stores.results.listResults('m1', { limit: 10 })).items.map((r) => r.id)).toEqual(['recent', 'kept']);
    expect((await stores.results.listAnomalies('m1', { limit: 10 })).items).toHaveLength(1);
    expect(await stores.incidents.get('i1')).not.toBeNull();
    expect(await stores.results.listRollups('m1', T0, T0 + HOUR)).toHaveLength(1);
  });

  it('removes a deleted monitor\'s stopped state a week after the deletion, and keeps paused and live states', async () => {
    stores = openLocalStores({ path: ':memory:' });
    const deletedAt = T0;
    await stores.states.put(state('gone', { stopped: { reason: 'deleted', at: iso(deletedAt) } }), 0);
    await stores.states.put(state('paused', { stopped: { reason: 'paused', at: iso(deletedAt - 30 * DAY) } }), 0);
    await stores.states.put(state('live'), 0);
    expect(await stores.sweep(deletedAt + 7 * DAY - 1)).toBe(0);
    expect(await stores.states.get('gone')).not.toBeNull();
    expect(await stores.sweep(deletedAt + 7 * DAY + 1)).toBe(1);
    expect(await stores.states.get('gone')).toBeNull();
    expect(await stores.states.get('paused')).not.toBeNull();
    expect(await stores.states.get('live')).not.toBeNull();
  });

  it('deletes more rows than one batch holds', async () => {
    stores = openLocalStores({ path: ':memory:' });
    const now = T0 + 365 * DAY;
    for (let i = 0; i < 12_001; i += 1) await stores.results.putResult(storedResult(`r${i}`, `m${i % 7}`, T0 + i));
    await stores.results.putResult(storedResult('recent', 'm1', now));
    expect(await stores.sweep(now)).toBe(12_001);
    expect((await stores.results.listResults('m1', { limit: 10 })).items.map((r) => r.id)).toEqual(['recent']);
  });

  it.each([0, -1, Number.NaN])('refuses retentionDays %s', (retentionDays) => {
    expect(() => openLocalStores({ path: ':memory:', retentionDays })).toThrow(ValidationError);
    stores = openLocalStores({ path: ':memory:' });
  });
});

describe('SQLite: a ledger written before the tree existed', () => {
  it('gains its tree at the next append, from the entries, which stay as they were', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crosscheck-tree-'));
    try {
      const path = localDatabasePath(dir);
      openLocalStores({ path }).close();
      // Entries as an older CrossCheck wrote them: rows in `ledger`, nothing in `ledger_tree`.
      const raw = new DatabaseSync(path);
      const old = [1, 2, 3, 4, 5].map((seq) => ledgerRecord(seq));
      for (const r of old) raw.prepare('INSERT INTO ledger (seq, key, type, time, jws, evidence_sha256) VALUES (?, ?, ?, ?, ?, NULL)').run(r.seq, r.key, r.type, r.time, r.jws);
      raw.close();

      const stores = openLocalStores({ path });
      await stores.ledger.append(ledgerRecord(6));
      const builder = new TreeBuilder();
      for (const r of [...old, ledgerRecord(6)]) builder.addLeafHash(ledgerLeafHash(r.jws));
      expect(toBase64(await treeRoot(6, (nodes) => stores.log.readNodes(nodes)))).toBe(toBase64(builder.root()));
      expect(await stores.ledger.range(0, 10)).toEqual([...old, ledgerRecord(6)]);
      stores.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses to change or delete a tree record, a checkpoint or the origin, whoever asks', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'crosscheck-tree-'));
    try {
      const path = localDatabasePath(dir);
      const stores = openLocalStores({ path });
      await stores.ledger.append(ledgerRecord(1));
      await stores.log.putCheckpoint({ size: 1, note: 'n' });
      await stores.log.origin('log.example/ledger');
      stores.close();
      const raw = new DatabaseSync(path);
      expect(() => raw.exec("UPDATE ledger_tree SET hashes = x'00'")).toThrow(/append-only/);
      expect(() => raw.exec('DELETE FROM ledger_tree')).toThrow(/append-only/);
      expect(() => raw.exec("UPDATE ledger_checkpoints SET note = 'forged'")).toThrow(/never replaced/);
      expect(() => raw.exec('DELETE FROM ledger_checkpoints')).toThrow(/never deleted/);
      expect(() => raw.exec("UPDATE ledger_origin SET origin = 'other'")).toThrow(/never changes/);
      raw.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
