/**
 * LedgerStore over SQLite. The rules live in ../../common/stores/ledger-store.ts; this
 * file carries out an append in one IMMEDIATE transaction (the write lock is held from
 * the first read, so no other connection can slip in between the checks and the
 * insert): it checks the append's conditions, names the ones that failed, and writes
 * the entry and its evidence only when all hold. A monitor change given with the append
 * is written in the same transaction, so both land or neither does. The primary key on seq and the unique
 * key stay as a second line. Append-only: there is no update or delete path here, and
 * triggers refuse both anyway.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { LedgerRecord, LedgerStore } from '../../../ports/ledger-store.ts';
import { createLedgerStore, ledgerConflict, type LedgerBackend, type LedgerCondition } from '../../common/stores/ledger-store.ts';
import { monitorChanged, type MonitorWrite } from '../../common/stores/monitor-change.ts';
import { transaction } from './database.ts';
import { step } from './errors.ts';
import { sqliteMonitorWrites, type SqliteMonitorWrites } from './monitors.ts';
import { sqliteTree } from './tree.ts';

interface Row {
  seq: number;
  key: string;
  type: string;
  time: string;
  jws: string;
  evidence_sha256: string | null;
}

const COLUMNS = 'seq, key, type, time, jws, evidence_sha256';

/** Carries out a monitor write on its condition; false when the condition did not hold. */
function applyMonitorWrite(writes: SqliteMonitorWrites, write: MonitorWrite): boolean {
  switch (write.op) {
    case 'create':
      return writes.insert(write.row);
    case 'replace':
      return writes.replace(write.row, write.expectedBody);
    case 'delete':
      return writes.remove(write.id, write.expectedBody);
  }
}

function toRecord(row: Row): LedgerRecord {
  return { seq: row.seq, jws: row.jws, type: row.type, key: row.key, time: row.time, evidenceSha256: row.evidence_sha256 };
}

export function sqliteLedgerBackend(db: DatabaseSync): LedgerBackend {
  const head = db.prepare(`SELECT ${COLUMNS} FROM ledger ORDER BY seq DESC LIMIT 1`);
  const byKey = db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE key = ?`);
  const range = db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE seq > ? ORDER BY seq LIMIT ?`);
  const seqExists = db.prepare('SELECT 1 AS found FROM ledger WHERE seq = ?');
  const keyExists = db.prepare('SELECT 1 AS found FROM ledger WHERE key = ?');
  const insert = db.prepare('INSERT INTO ledger (seq, key, type, time, jws, evidence_sha256) VALUES (:seq, :key, :type, :time, :jws, :evidence)');
  const evidence = db.prepare('SELECT json FROM ledger_evidence WHERE sha256 = ?');
  const insertEvidence = db.prepare('INSERT INTO ledger_evidence (sha256, json) VALUES (?, ?)');
  const monitorWrites = sqliteMonitorWrites(db);
  const tree = sqliteTree(db);

  const recordOf = (row: unknown) => (row === undefined ? null : toRecord(row as Row));

  return {
    head: () => step('ledger head', () => recordOf(head.get())),
    appendIfFree: (append) =>
      step(`ledger entry ${append.record.seq} (${append.record.key})`, () => {
        const { record, previousSeq, evidence: doc } = append;
        transaction(db, () => {
          // The monitor first: its lost condition is the one to report, as a newer seq would not help.
          // Any failure below rolls the monitor write back with the rest.
          if (append.monitor !== null && !applyMonitorWrite(monitorWrites, append.monitor)) throw monitorChanged(append.monitor);
          const failed: LedgerCondition[] = [];
          if (seqExists.get(record.seq) !== undefined) failed.push('seqIsFree');
          if (keyExists.get(record.key) !== undefined) failed.push('keyIsFree');
          const stored = doc === null ? undefined : (evidence.get(doc.sha256) as { json: string } | undefined);
          if (doc !== null && stored !== undefined && stored.json !== doc.json) failed.push('evidenceIsNewOrSame');
          if (previousSeq !== null && seqExists.get(previousSeq) === undefined) failed.push('previousExists');
          if (previousSeq !== null && !tree.has(previousSeq - 1)) failed.push('previousInTree');
          if (failed.length > 0) throw ledgerConflict(append, failed);
          insert.run({ seq: record.seq, key: record.key, type: record.type, time: record.time, jws: record.jws, evidence: record.evidenceSha256 });
          // The same document under its hash is stored once; entries share it.
          if (doc !== null && stored === undefined) insertEvidence.run(doc.sha256, doc.json);
          tree.insert(record.seq - 1, append.treeRecord);
        });
      }),
    byKey: (key) => step('ledger entry', () => recordOf(byKey.get(key))),
    readRange: (afterSeq, limit) => step('ledger range', () => (range.all(afterSeq, limit) as unknown as Row[]).map(toRecord)),
    evidence: (sha256) => step('ledger evidence', () => (evidence.get(sha256) as { json: string } | undefined)?.json ?? null),
    ...tree.hooks,
  };
}

export function createSqliteLedgerStore(db: DatabaseSync): LedgerStore {
  return createLedgerStore(sqliteLedgerBackend(db));
}
