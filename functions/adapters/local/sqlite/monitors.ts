/** MonitorStore over SQLite: one JSON row per monitor, tags in their own table for the filter. */
import type { DatabaseSync } from 'node:sqlite';
import { NotFoundError } from '../../../core/errors.ts';
import type { Monitor } from '../../../core/monitor.ts';
import type { MonitorStore } from '../../../ports/monitor-store.ts';
import { transaction } from './database.ts';
import { step } from './errors.ts';
import { checkLimit, decodeCursor, epochMs, toPage } from '../../common/paging.ts';

interface Row {
  id: string;
  created_ms: number;
  body: string;
}

export function createSqliteMonitorStore(db: DatabaseSync): MonitorStore {
  const select = db.prepare('SELECT id, created_ms, body FROM monitors WHERE id = ?');
  const all = db.prepare('SELECT id, created_ms, body FROM monitors ORDER BY created_ms, id');
  const list = db.prepare(`
    SELECT id, created_ms, body FROM monitors
    WHERE (:tag IS NULL OR id IN (SELECT monitor_id FROM monitor_tags WHERE tag = :tag))
      AND (:t IS NULL OR created_ms > :t OR (created_ms = :t AND id > :id))
    ORDER BY created_ms, id
    LIMIT :limit`);
  const insert = db.prepare('INSERT INTO monitors (id, created_ms, body) VALUES (?, ?, ?)');
  const update = db.prepare('UPDATE monitors SET created_ms = ?, body = ? WHERE id = ?');
  const remove = db.prepare('DELETE FROM monitors WHERE id = ?');
  const insertTag = db.prepare('INSERT INTO monitor_tags (tag, monitor_id) VALUES (?, ?) ON CONFLICT DO NOTHING');
  const removeTags = db.prepare('DELETE FROM monitor_tags WHERE monitor_id = ?');

  const parse = (row: Row): Monitor => JSON.parse(row.body) as Monitor;
  const writeTags = (monitor: Monitor): void => {
    removeTags.run(monitor.id);
    for (const tag of monitor.tags) insertTag.run(tag, monitor.id);
  };

  return {
    get: (id) =>
      step('monitor', () => {
        const row = select.get(id) as Row | undefined;
        return row ? parse(row) : null;
      }),
    list: ({ limit: requested, cursor, tag }) =>
      step('monitor', () => {
        const limit = checkLimit(requested);
        const after = decodeCursor(cursor);
        const rows = list.all({ tag: tag ?? null, t: after?.t ?? null, id: after?.id ?? null, limit: limit + 1 }) as unknown as Row[];
        return toPage(rows, limit, parse, (row) => ({ t: row.created_ms, id: row.id }));
      }),
    all: () => step('monitor', () => (all.all() as unknown as Row[]).map(parse)),
    create: (monitor) =>
      step(`monitor ${monitor.id}`, () => {
        const created = epochMs(monitor.createdAt, 'createdAt');
        transaction(db, () => {
          insert.run(monitor.id, created, JSON.stringify(monitor));
          writeTags(monitor);
        });
      }),
    replace: (monitor) =>
      step(`monitor ${monitor.id}`, () => {
        const created = epochMs(monitor.createdAt, 'createdAt');
        transaction(db, () => {
          if (update.run(created, JSON.stringify(monitor), monitor.id).changes === 0) {
            throw new NotFoundError(`monitor ${monitor.id} does not exist`);
          }
          writeTags(monitor);
        });
      }),
    // Tags go with the row (ON DELETE CASCADE).
    delete: (id) => step(`monitor ${id}`, () => remove.run(id).changes > 0),
  };
}
