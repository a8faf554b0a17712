/** AlertLog over SQLite: the primary key makes the first claim of an id the only one. */
import type { DatabaseSync } from 'node:sqlite';
import type { AlertLog } from '../../../ports/state-store.ts';
import { step } from './errors.ts';

export function createSqliteAlertLog(db: DatabaseSync): AlertLog {
  const claim = db.prepare('INSERT INTO alert_log (alert_id, claimed_at) VALUES (?, ?) ON CONFLICT DO NOTHING');
  return {
    claim: (alertId, at) => step('alert claim', () => claim.run(alertId, at).changes === 1),
  };
}
