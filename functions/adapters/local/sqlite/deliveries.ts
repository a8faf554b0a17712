/** DeliveryLog over SQLite: the primary key makes the first claim of a delivery the only one. */
import type { DatabaseSync } from 'node:sqlite';
import type { DeliveryLog } from '../../../ports/delivery-log.ts';
import { createDeliveryLog, type DeliveryBackend } from '../../common/stores/delivery-log.ts';
import { step } from './errors.ts';

export function sqliteDeliveryBackend(db: DatabaseSync): DeliveryBackend {
  const insert = db.prepare('INSERT INTO alert_deliveries (id, incident_id, created_ms, body) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING');
  const update = db.prepare('UPDATE alert_deliveries SET body = ? WHERE id = ?');
  const byIncident = db.prepare('SELECT body FROM alert_deliveries WHERE incident_id = ? ORDER BY created_ms, id');
  return {
    insertIfAbsent: ({ delivery, createdMs, body }) =>
      step('delivery claim', () => insert.run(delivery.id, delivery.incidentId, createdMs, body).changes === 1),
    replaceIfPresent: ({ delivery, body }) => step('delivery', () => update.run(body, delivery.id).changes === 1),
    incidentBodies: (incidentId) => step('deliveries', () => (byIncident.all(incidentId) as unknown as { body: string }[]).map((r) => r.body)),
  };
}

export function createSqliteDeliveryLog(db: DatabaseSync): DeliveryLog {
  return createDeliveryLog(sqliteDeliveryBackend(db));
}
