/**
 * LogStore over SQLite: the tree records (tree.ts), the checkpoints (one per size,
 * never replaced) and the origin (written once). Rules: ../../common/stores/log-store.ts.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { LogStore, StoredCheckpoint } from '../../../ports/log-store.ts';
import { createLogStore, type LogBackend } from '../../common/stores/log-store.ts';
import { step } from './errors.ts';
import { sqliteLedgerBackend } from './ledger.ts';

export function sqliteLogBackend(db: DatabaseSync): LogBackend {
  const ledger = sqliteLedgerBackend(db);
  const latest = db.prepare('SELECT size, note FROM ledger_checkpoints ORDER BY size DESC LIMIT 1');
  const atSize = db.prepare('SELECT size, note FROM ledger_checkpoints WHERE size = ?');
  const insertCheckpoint = db.prepare('INSERT INTO ledger_checkpoints (size, note) VALUES (?, ?) ON CONFLICT (size) DO NOTHING');
  const origin = db.prepare('SELECT origin FROM ledger_origin WHERE id = 1');
  const insertOrigin = db.prepare('INSERT INTO ledger_origin (id, origin) VALUES (1, ?) ON CONFLICT (id) DO NOTHING');
  const insertCosignature = db.prepare('INSERT INTO ledger_cosignatures (size, witness, line) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
  const cosignatures = db.prepare('SELECT witness, line FROM ledger_cosignatures WHERE size = ? ORDER BY witness');
  const checkpointOf = (row: unknown): StoredCheckpoint | null => (row === undefined ? null : { size: (row as StoredCheckpoint).size, note: (row as StoredCheckpoint).note });

  return {
    treeRecords: ledger.treeRecords,
    lastTreeLeaf: ledger.lastTreeLeaf,
    putTreeRecord: ledger.putTreeRecord,
    readRange: ledger.readRange,
    latestCheckpoint: () => step('ledger checkpoint', () => checkpointOf(latest.get())),
    checkpointAt: (size) => step('ledger checkpoint', () => checkpointOf(atSize.get(size))),
    putCheckpointIfNew: ({ size, note }) => step(`ledger checkpoint ${size}`, () => Number(insertCheckpoint.run(size, note).changes) === 1),
    storedOrigin: () => step('ledger origin', () => (origin.get() as { origin: string } | undefined)?.origin ?? null),
    putOriginIfNone: (value) => step('ledger origin', () => Number(insertOrigin.run(value).changes) === 1),
    putCosignatureIfNew: (size, witness, line) =>
      step('ledger cosignature', () => {
        insertCosignature.run(size, witness, line);
      }),
    cosignaturesAt: (size) => step('ledger cosignatures', () => cosignatures.all(size) as Array<{ witness: string; line: string }>),
  };
}

export function createSqliteLogStore(db: DatabaseSync): LogStore {
  return createLogStore(sqliteLogBackend(db));
}
