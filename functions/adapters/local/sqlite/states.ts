/** StateStore and AlertLog over SQLite: conditional writes on a version column. */
import type { DatabaseSync } from 'node:sqlite';
import { ConflictError, ValidationError } from '../../../core/errors.ts';
import { storedState, type MonitorState } from '../../../core/state.ts';
import type { StateStore } from '../../../ports/state-store.ts';
import { isUniqueViolation, step } from './errors.ts';

export function createSqliteStateStore(db: DatabaseSync): StateStore {
  const select = db.prepare('SELECT body FROM states WHERE monitor_id = ?');
  // expectedVersion 0: the state must not exist yet (the primary key refuses a second insert).
  const insert = db.prepare('INSERT INTO states (monitor_id, version, body) VALUES (:id, :version, :body)');
  // expectedVersion n: the stored version must still be n.
  const update = db.prepare('UPDATE states SET version = :version, body = :body WHERE monitor_id = :id AND version = :expected');
  const remove = db.prepare('DELETE FROM states WHERE monitor_id = ?');

  return {
    get: (monitorId) =>
      step('state', () => {
        const row = select.get(monitorId) as { body: string } | undefined;
        return row ? storedState(JSON.parse(row.body) as MonitorState) : null;
      }),
    put: (next, expectedVersion) =>
      step(`state of ${next.monitorId}`, () => {
        if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
          throw new ValidationError([{ path: 'expectedVersion', message: 'must be a non-negative integer' }]);
        }
        const stored: MonitorState = { ...next, version: expectedVersion + 1 };
        const params = { id: next.monitorId, version: stored.version, body: JSON.stringify(stored), expected: expectedVersion };
        const conflict = () => new ConflictError(`state of ${next.monitorId} is no longer at version ${expectedVersion}`);
        if (expectedVersion === 0) {
          try {
            insert.run({ id: params.id, version: params.version, body: params.body });
          } catch (error) {
            if (isUniqueViolation(error)) throw conflict();
            throw error;
          }
        } else if (update.run(params).changes === 0) {
          throw conflict();
        }
        return stored;
      }),
    delete: (monitorId) =>
      step('state', () => {
        remove.run(monitorId);
      }),
  };
}
