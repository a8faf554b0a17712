/**
 * StateStore over SQLite: one JSON row per monitor with a version column. The rules
 * (versions, the legacy upgrade) live in ../../common/stores/state-store.ts; this file
 * makes each write conditional: the primary key refuses a second first state, and an
 * update lands only on the version expected. SQLite is always consistent, so the
 * read's `consistent` flag changes nothing here.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { StateStore } from '../../../ports/state-store.ts';
import { createStateStore, type StateBackend } from '../../common/stores/state-store.ts';
import { DELETED_STATE_KEPT_MS } from '../../../core/state.ts';
import { step } from './errors.ts';

export function sqliteStateBackend(db: DatabaseSync): StateBackend {
  const select = db.prepare('SELECT body FROM states WHERE monitor_id = ?');
  const insert = db.prepare('INSERT INTO states (monitor_id, version, body) VALUES (:id, :version, :body) ON CONFLICT (monitor_id) DO NOTHING');
  const update = db.prepare('UPDATE states SET version = :version, body = :body WHERE monitor_id = :id AND version = :expected');
  const remove = db.prepare('DELETE FROM states WHERE monitor_id = ?');

  return {
    readBody: (monitorId) => step('state', () => (select.get(monitorId) as { body: string } | undefined)?.body ?? null),
    insertIfAbsent: ({ monitorId, version, body }) => step(`state of ${monitorId}`, () => insert.run({ id: monitorId, version, body }).changes > 0),
    replaceAtVersion: ({ monitorId, version, body }, expected) =>
      step(`state of ${monitorId}`, () => update.run({ id: monitorId, version, body, expected }).changes > 0),
    delete: (monitorId) =>
      step('state', () => {
        remove.run(monitorId);
      }),
  };
}

/**
 * Removes the states whose time is up (a deleted monitor's, see StateRow.expiresAtMs),
 * for the retention sweep; returns how many went. The time is read from the stored
 * state, so states written before it was computed go too.
 */
export function sweepExpiredStates(db: DatabaseSync, nowMs: number): Promise<number> {
  const cut = new Date(nowMs - DELETED_STATE_KEPT_MS).toISOString();
  // The rule of core/state.ts stateExpiry, in SQL. `stopped.at` is always written by
  // toISOString (one fixed format), so text order is time order.
  return step('state sweep', () =>
    Number(db.prepare("DELETE FROM states WHERE json_extract(body, '$.stopped.reason') = 'deleted' AND json_extract(body, '$.stopped.at') < ?").run(cut).changes),
  );
}

export function createSqliteStateStore(db: DatabaseSync): StateStore {
  return createStateStore(sqliteStateBackend(db));
}
