import type { Incident, IncidentStatus } from '../core/incident.ts';
import type { Page, PageRequest } from './page.ts';

export interface IncidentQuery extends PageRequest {
  readonly monitorId?: string | undefined;
  readonly status?: IncidentStatus | undefined;
}

export interface IncidentStore {
  /** ConflictError when the id exists. */
  create(incident: Incident): Promise<void>;
  /** Replaces an existing incident (resolution, ledger seqs). NotFoundError when absent. */
  update(incident: Incident): Promise<void>;
  get(id: string): Promise<Incident | null>;
  /** Newest first (by openedAt). */
  list(query: IncidentQuery): Promise<Page<Incident>>;
}
