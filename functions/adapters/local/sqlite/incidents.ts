/** IncidentStore over SQLite: one JSON row per incident, newest first by openedAt. */
import type { DatabaseSync } from 'node:sqlite';
import { NotFoundError } from '../../../core/errors.ts';
import type { Incident } from '../../../core/incident.ts';
import type { IncidentStore } from '../../../ports/incident-store.ts';
import { step } from './errors.ts';
import { checkLimit, decodeCursor, epochMs, toPage } from '../../common/paging.ts';

interface Row {
  id: string;
  opened_ms: number;
  body: string;
}

export function createSqliteIncidentStore(db: DatabaseSync): IncidentStore {
  const select = db.prepare('SELECT body FROM incidents WHERE id = ?');
  const insert = db.prepare('INSERT INTO incidents (id, monitor_id, status, opened_ms, body) VALUES (:id, :monitorId, :status, :opened, :body)');
  const update = db.prepare('UPDATE incidents SET monitor_id = :monitorId, status = :status, opened_ms = :opened, body = :body WHERE id = :id');
  const list = db.prepare(`
    SELECT id, opened_ms, body FROM incidents
    WHERE (:monitorId IS NULL OR monitor_id = :monitorId)
      AND (:status IS NULL OR status = :status)
      AND (:t IS NULL OR opened_ms < :t OR (opened_ms = :t AND id < :cid))
    ORDER BY opened_ms DESC, id DESC
    LIMIT :limit`);

  const columns = (incident: Incident) => ({
    id: incident.id,
    monitorId: incident.monitorId,
    status: incident.status,
    opened: epochMs(incident.openedAt, 'openedAt'),
    body: JSON.stringify(incident),
  });

  return {
    create: (incident) =>
      step(`incident ${incident.id}`, () => {
        insert.run(columns(incident));
      }),
    update: (incident) =>
      step(`incident ${incident.id}`, () => {
        if (update.run(columns(incident)).changes === 0) throw new NotFoundError(`incident ${incident.id} does not exist`);
      }),
    get: (id) =>
      step('incident', () => {
        const row = select.get(id) as { body: string } | undefined;
        return row ? (JSON.parse(row.body) as Incident) : null;
      }),
    list: ({ limit: requested, cursor, monitorId, status }) =>
      step('incident', () => {
        const limit = checkLimit(requested);
        const after = decodeCursor(cursor);
        const rows = list.all({
          monitorId: monitorId ?? null,
          status: status ?? null,
          t: after?.t ?? null,
          cid: after?.id ?? null,
          limit: limit + 1,
        }) as unknown as Row[];
        return toPage(rows, limit, (row) => JSON.parse(row.body) as Incident, (row) => ({ t: row.opened_ms, id: row.id }));
      }),
  };
}
