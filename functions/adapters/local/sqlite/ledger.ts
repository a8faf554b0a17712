/**
 * LedgerStore over SQLite. Append-only: the table has no update or delete path here,
 * and triggers refuse both anyway. An append writes the entry and its evidence in one
 * transaction, on three conditions: the seq is free, the key is free, and (once the
 * ledger has entries) the seq is the head's + 1 — no forks, no duplicates, no gaps.
 */
import type { DatabaseSync } from 'node:sqlite';
import { ConflictError, ValidationError } from '../../../core/errors.ts';
import type { LedgerRecord, LedgerStore } from '../../../ports/ledger-store.ts';
import { transaction } from './database.ts';
import { step } from './errors.ts';
import { checkLimit } from '../../common/paging.ts';

interface Row {
  seq: number;
  key: string;
  type: string;
  time: string;
  jws: string;
  evidence_sha256: string | null;
}

const COLUMNS = 'seq, key, type, time, jws, evidence_sha256';

function toRecord(row: Row): LedgerRecord {
  return { seq: row.seq, jws: row.jws, type: row.type, key: row.key, time: row.time, evidenceSha256: row.evidence_sha256 };
}

export function createSqliteLedgerStore(db: DatabaseSync): LedgerStore {
  const head = db.prepare(`SELECT ${COLUMNS} FROM ledger ORDER BY seq DESC LIMIT 1`);
  const byKey = db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE key = ?`);
  const range = db.prepare(`SELECT ${COLUMNS} FROM ledger WHERE seq > ? ORDER BY seq LIMIT ?`);
  const insert = db.prepare('INSERT INTO ledger (seq, key, type, time, jws, evidence_sha256) VALUES (:seq, :key, :type, :time, :jws, :evidence)');
  const evidence = db.prepare('SELECT json FROM ledger_evidence WHERE sha256 = ?');
  // Evidence is addressed by its hash: the same document twice is one row.
  const insertEvidence = db.prepare('INSERT INTO ledger_evidence (sha256, json) VALUES (?, ?) ON CONFLICT DO NOTHING');

  const readHead = () => {
    const row = head.get() as Row | undefined;
    return row ? toRecord(row) : null;
  };

  return {
    head: () => step('ledger head', readHead),
    append: (record, doc) =>
      step(`ledger entry ${record.seq} (${record.key})`, () => {
        if (!Number.isSafeInteger(record.seq) || record.seq < 0) {
          throw new ValidationError([{ path: 'seq', message: 'must be a non-negative integer' }]);
        }
        if (doc !== undefined && doc.sha256 !== record.evidenceSha256) {
          throw new ValidationError([{ path: 'evidenceSha256', message: 'must be the SHA-256 of the evidence stored with the entry' }]);
        }
        transaction(db, () => {
          const current = readHead();
          if (current !== null && record.seq !== current.seq + 1) {
            throw new ConflictError(
              record.seq <= current.seq
                ? `ledger entry ${record.seq} exists already`
                : `ledger entry ${record.seq} would leave a gap after ${current.seq}`,
            );
          }
          insert.run({
            seq: record.seq,
            key: record.key,
            type: record.type,
            time: record.time,
            jws: record.jws,
            evidence: record.evidenceSha256,
          });
          if (doc !== undefined) insertEvidence.run(doc.sha256, doc.json);
        });
      }),
    byKey: (key) =>
      step('ledger entry', () => {
        const row = byKey.get(key) as Row | undefined;
        return row ? toRecord(row) : null;
      }),
    range: (afterSeq, limit) =>
      step('ledger range', () => (range.all(afterSeq, checkLimit(limit, Number.MAX_SAFE_INTEGER)) as unknown as Row[]).map(toRecord)),
    evidence: (sha256) =>
      step('ledger evidence', () => {
        const row = evidence.get(sha256) as { json: string } | undefined;
        return row ? row.json : null;
      }),
  };
}
