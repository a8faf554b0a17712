/**
 * IncidentStore over SQLite: one JSON row per incident, newest first by openedAt. The
 * rules live in ../../common/stores/incident-store.ts; this file moves rows.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { IncidentStore } from '../../../ports/incident-store.ts';
import { createIncidentStore, type IncidentBackend, type IncidentRow } from '../../common/stores/incident-store.ts';
import { step } from './errors.ts';
import { positioned, timePosition, type TimePosition } from './positions.ts';

interface Row {
  id: string;
  ms: number;
  body: string;
}

export function sqliteIncidentBackend(db: DatabaseSync): IncidentBackend<TimePosition> {
  const select = db.prepare('SELECT body FROM incidents WHERE id = ?');
  const insert = db.prepare(
    'INSERT INTO incidents (id, monitor_id, status, opened_ms, body) VALUES (:id, :monitorId, :status, :opened, :body) ON CONFLICT (id) DO NOTHING',
  );
  const update = db.prepare('UPDATE incidents SET monitor_id = :monitorId, status = :status, opened_ms = :opened, body = :body WHERE id = :id');
  const list = db.prepare(`
    SELECT id, opened_ms AS ms, body FROM incidents
    WHERE (:monitorId IS NULL OR monitor_id = :monitorId)
      AND (:status IS NULL OR status = :status)
      AND (:t IS NULL OR opened_ms < :t OR (opened_ms = :t AND id < :cid))
    ORDER BY opened_ms DESC, id DESC
    LIMIT :limit`);

  const columns = ({ incident, openedMs, body }: IncidentRow) => ({
    id: incident.id,
    monitorId: incident.monitorId,
    status: incident.status,
    opened: openedMs,
    body,
  });

  return {
    readBody: (id) => step('incident', () => (select.get(id) as { body: string } | undefined)?.body ?? null),
    insertIfAbsent: (row) => step(`incident ${row.incident.id}`, () => insert.run(columns(row)).changes > 0),
    replaceIfPresent: (row) => step(`incident ${row.incident.id}`, () => update.run(columns(row)).changes > 0),
    listing: ({ monitorId, status }) => ({
      position: timePosition,
      read: (after, take) =>
        step('incident', () =>
          (list.all({ monitorId, status, t: after?.t ?? null, cid: after?.id ?? null, limit: take }) as unknown as Row[]).map(positioned),
        ),
    }),
  };
}

export function createSqliteIncidentStore(db: DatabaseSync): IncidentStore {
  return createIncidentStore(sqliteIncidentBackend(db));
}
