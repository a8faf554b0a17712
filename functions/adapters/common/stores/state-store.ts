/**
 * The StateStore port's rules, once for every backend:
 * - `expectedVersion` is a non-negative integer; the state is stored at
 *   `expectedVersion + 1`; expecting 0 means "never stored": the state must be absent;
 *   otherwise the stored version must still be `expectedVersion`. A lost condition is
 *   ConflictError, and nothing is written;
 * - a state is stored as its JSON and read back through `storedState`, so that states
 *   written under older field names come back in today's shape, from every backend;
 * - reads are strongly consistent unless the caller allows otherwise;
 * - a deleted monitor's stopped state carries when it may go (`expiresAtMs`, see
 *   core/state.ts stateExpiry): a backend removes it after that (a TTL, a sweep).
 *
 * A backend makes `insertIfAbsent` and `replaceAtVersion` atomic (a primary key, a
 * conditional write on the version) and answers false when the condition did not hold.
 */
import { ConflictError } from '../../../core/errors.ts';
import { stateExpiry, storedState, type MonitorState } from '../../../core/state.ts';
import type { StateStore } from '../../../ports/state-store.ts';
import { nonNegativeInteger } from './checks.ts';

export interface StateRow {
  readonly monitorId: string;
  /** The version being stored. */
  readonly version: number;
  /** The state as JSON, `version` included. */
  readonly body: string;
  /** Epoch ms after which the state may be removed (a deleted monitor's), or null: kept. */
  readonly expiresAtMs: number | null;
}

export interface StateBackend {
  /** The stored JSON, or null. `consistent` false allows an eventually consistent read where the backend has the choice. */
  readBody(monitorId: string, consistent: boolean): Promise<string | null>;
  /** false when a state of the monitor exists (nothing written). */
  insertIfAbsent(row: StateRow): Promise<boolean>;
  /** false unless the stored version is `expected` (nothing written). */
  replaceAtVersion(row: StateRow, expected: number): Promise<boolean>;
  delete(monitorId: string): Promise<void>;
}

export function createStateStore(backend: StateBackend): StateStore {
  return {
    get: async (monitorId, read) => {
      const body = await backend.readBody(monitorId, read?.consistent ?? true);
      return body === null ? null : storedState(JSON.parse(body) as MonitorState);
    },
    put: async (next, expectedVersion) => {
      nonNegativeInteger(expectedVersion, 'expectedVersion');
      const stored: MonitorState = { ...next, version: expectedVersion + 1 };
      const row: StateRow = { monitorId: next.monitorId, version: stored.version, body: JSON.stringify(stored), expiresAtMs: stateExpiry(stored) };
      const written = expectedVersion === 0 ? await backend.insertIfAbsent(row) : await backend.replaceAtVersion(row, expectedVersion);
      if (!written) throw new ConflictError(`state of ${next.monitorId} is no longer at version ${expectedVersion}`);
      return stored;
    },
    delete: (monitorId) => backend.delete(monitorId),
  };
}
