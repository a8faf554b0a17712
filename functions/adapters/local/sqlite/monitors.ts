/**
 * MonitorStore over SQLite: one JSON row per monitor, tags in their own table for the
 * filter. The rules live in ../../common/stores/monitor-store.ts; this file moves rows.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { MonitorStore } from '../../../ports/monitor-store.ts';
import { createMonitorStore, type MonitorBackend, type MonitorRow } from '../../common/stores/monitor-store.ts';
import { transaction } from './database.ts';
import { step } from './errors.ts';
import { positioned, timePosition, type TimePosition } from './positions.ts';

interface Row {
  id: string;
  ms: number;
  body: string;
}

/**
 * The row writes of monitors, without a transaction of their own: the monitor backend
 * runs each in one, and the ledger backend runs them inside an append's (a monitor change
 * that commits with its ledger entry). `expectedBody`, when given, is the condition: the
 * stored JSON must still be exactly that text. Each answers false when its condition did
 * not hold, and then wrote nothing.
 */
export interface SqliteMonitorWrites {
  insert(row: MonitorRow): boolean;
  replace(row: MonitorRow, expectedBody: string | null): boolean;
  remove(id: string, expectedBody: string | null): boolean;
}

export function sqliteMonitorWrites(db: DatabaseSync): SqliteMonitorWrites {
  const insert = db.prepare('INSERT INTO monitors (id, created_ms, body) VALUES (?, ?, ?) ON CONFLICT (id) DO NOTHING');
  const update = db.prepare('UPDATE monitors SET created_ms = :ms, body = :body WHERE id = :id AND (:expected IS NULL OR body = :expected)');
  const remove = db.prepare('DELETE FROM monitors WHERE id = :id AND (:expected IS NULL OR body = :expected)');
  const insertTag = db.prepare('INSERT INTO monitor_tags (tag, monitor_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const removeTags = db.prepare('DELETE FROM monitor_tags WHERE monitor_id = ?');

  const writeTags = ({ monitor }: MonitorRow): void => {
    removeTags.run(monitor.id);
    for (const tag of monitor.tags) insertTag.run(tag, monitor.id);
  };

  return {
    insert: (row) => {
      if (insert.run(row.monitor.id, row.createdMs, row.body).changes === 0) return false;
      writeTags(row);
      return true;
    },
    replace: (row, expected) => {
      if (update.run({ ms: row.createdMs, body: row.body, id: row.monitor.id, expected }).changes === 0) return false;
      writeTags(row);
      return true;
    },
    // Tags go with the row (ON DELETE CASCADE).
    remove: (id, expected) => remove.run({ id, expected }).changes > 0,
  };
}

export function sqliteMonitorBackend(db: DatabaseSync): MonitorBackend<TimePosition> {
  const select = db.prepare('SELECT body FROM monitors WHERE id = ?');
  const all = db.prepare('SELECT body FROM monitors ORDER BY created_ms, id');
  // Served by the monitors_by_name index (migration 3).
  const named = db.prepare("SELECT body FROM monitors WHERE json_extract(body, '$.name') = ?");
  const list = db.prepare(`
    SELECT id, created_ms AS ms, body FROM monitors
    WHERE (:tag IS NULL OR id IN (SELECT monitor_id FROM monitor_tags WHERE tag = :tag))
      AND (:t IS NULL OR created_ms > :t OR (created_ms = :t AND id > :id))
    ORDER BY created_ms, id
    LIMIT :limit`);
  const writes = sqliteMonitorWrites(db);

  return {
    readBody: (id) => step('monitor', () => (select.get(id) as { body: string } | undefined)?.body ?? null),
    listing: ({ tag }) => ({
      position: timePosition,
      read: (after, take) =>
        step('monitor', () =>
          (list.all({ tag, t: after?.t ?? null, id: after?.id ?? null, limit: take }) as unknown as Row[]).map(positioned),
        ),
    }),
    allBodies: () => step('monitor', () => (all.all() as unknown as { body: string }[]).map((row) => row.body)),
    bodiesNamed: (name) => step('monitor', () => (named.all(name) as unknown as { body: string }[]).map((row) => row.body)),
    insertIfAbsent: (row) => step(`monitor ${row.monitor.id}`, () => transaction(db, () => writes.insert(row))),
    replaceIfPresent: (row) => step(`monitor ${row.monitor.id}`, () => transaction(db, () => writes.replace(row, null))),
    delete: (id) => step(`monitor ${id}`, () => writes.remove(id, null)),
  };
}

export function createSqliteMonitorStore(db: DatabaseSync): MonitorStore {
  return createMonitorStore(sqliteMonitorBackend(db));
}
