/**
 * The journal of the local verify queues over SQLite: one row per request sent and not
 * yet handled (see ../queues/durable-verify-queues.ts). Each write commits on its own
 * (WAL): once `add` returns, the row survives the process being killed.
 */
import type { DatabaseSync } from 'node:sqlite';
import type { VerifyRequest } from '../../../core/jobs.ts';
import type { JournaledRequest, VerificationRequestJournal } from '../queues/durable-verify-queues.ts';
import { translateSqliteError } from './errors.ts';

export function createSqliteVerificationJournal(db: DatabaseSync): VerificationRequestJournal {
  const upsert = db.prepare(`
    INSERT INTO verification_requests (verification_id, region, requested_ms, body) VALUES (:id, :region, :ms, :body)
    ON CONFLICT (verification_id, region) DO UPDATE SET requested_ms = excluded.requested_ms, body = excluded.body`);
  const remove = db.prepare('DELETE FROM verification_requests WHERE verification_id = ? AND region = ?');
  const all = db.prepare('SELECT region, body FROM verification_requests ORDER BY requested_ms, verification_id, region');

  const run = <T>(what: string, fn: () => T): T => {
    try {
      return fn();
    } catch (error) {
      throw translateSqliteError(error, what);
    }
  };

  return {
    add: (region, request) =>
      void run(`verification request ${request.verificationId}`, () =>
        upsert.run({ id: request.verificationId, region, ms: Date.parse(request.requestedAt) || 0, body: JSON.stringify(request) }),
      ),
    remove: (region, verificationId) => void run(`verification request ${verificationId}`, () => remove.run(verificationId, region)),
    all: () =>
      run('verification requests', () =>
        (all.all() as { region: string; body: string }[]).map((row): JournaledRequest => ({ region: row.region, request: JSON.parse(row.body) as VerifyRequest })),
      ),
  };
}
