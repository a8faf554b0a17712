/**
 * The IncidentStore port's rules, once for every backend:
 * - an incident is stored as its JSON (`body`) and read back unchanged;
 * - `openedAt` must be RFC 3339 (it orders the listing); the base hands the backend its epoch ms;
 * - create on an existing id is ConflictError, update of a missing id NotFoundError;
 * - listings: limit, cursor and page rules of ../paging.ts.
 *
 * A backend makes `insertIfAbsent` and `replaceIfPresent` atomic and answers false when
 * the condition did not hold; it lists newest first by openedAt, ties broken by id (descending).
 */
import { ConflictError, NotFoundError } from '../../../core/errors.ts';
import type { Incident, IncidentStatus } from '../../../core/incident.ts';
import type { IncidentStore } from '../../../ports/incident-store.ts';
import { listPage, type Listing } from '../paging.ts';
import { epochMs } from './checks.ts';

export interface IncidentRow {
  readonly incident: Incident;
  /** Epoch ms of `incident.openedAt`. */
  readonly openedMs: number;
  /** The incident as JSON. */
  readonly body: string;
}

export interface IncidentFilter {
  readonly monitorId: string | null;
  readonly status: IncidentStatus | null;
}

export interface IncidentBackend<P extends object> {
  readBody(id: string): Promise<string | null>;
  /** false when the id exists (nothing written). */
  insertIfAbsent(row: IncidentRow): Promise<boolean>;
  /** false when the id does not exist (nothing written). */
  replaceIfPresent(row: IncidentRow): Promise<boolean>;
  /** Newest first by openedAt (ties by id, descending), filtered. */
  listing(filter: IncidentFilter): Listing<P>;
}

const rowOf = (incident: Incident): IncidentRow => ({
  incident,
  openedMs: epochMs(incident.openedAt, 'openedAt'),
  body: JSON.stringify(incident),
});

export function createIncidentStore<P extends object>(backend: IncidentBackend<P>): IncidentStore {
  return {
    create: async (incident) => {
      if (!(await backend.insertIfAbsent(rowOf(incident)))) throw new ConflictError(`incident ${incident.id} exists already`);
    },
    update: async (incident) => {
      if (!(await backend.replaceIfPresent(rowOf(incident)))) throw new NotFoundError(`incident ${incident.id} does not exist`);
    },
    get: async (id) => {
      const body = await backend.readBody(id);
      return body === null ? null : (JSON.parse(body) as Incident);
    },
    list: async ({ limit, cursor, monitorId, status }) =>
      listPage<Incident, P>({ limit, cursor }, backend.listing({ monitorId: monitorId ?? null, status: status ?? null })),
  };
}
