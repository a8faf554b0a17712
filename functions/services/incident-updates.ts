/**
 * Incident communication: an operator's update on an incident, an incident declared by
 * hand, maintenance announced ahead. Each is a signed ledger entry first (the ledger key
 * makes a retry idempotent); declared incidents and maintenance are also kept as
 * documents, so that status pages can list them without reading the whole ledger.
 * Updates are read back from the ledger by key (`incident.updated:<id>:<n>`, n = 1, 2, ...).
 */
import { ConflictError, NotFoundError, ValidationError } from '../core/errors.ts';
import {
  DeclareIncidentBodySchema,
  IncidentUpdateBodySchema,
  incidentUpdatedBody,
  MaintenanceBodySchema,
  maintenanceAnnouncedBody,
  maintenanceKey,
  updateKey,
  type DeclaredIncident,
  type IncidentUpdate,
  type Maintenance,
  type UpdateStatus,
} from '../core/incident-update.ts';
import { decodeLedgerJws } from '../core/ledger/index.ts';
import { formatPath } from '../core/monitor.ts';
import type { Clock, IdGenerator } from '../ports/clock.ts';
import type { DocumentStore } from '../ports/document-store.ts';
import type { IncidentStore } from '../ports/incident-store.ts';
import type { LedgerStore } from '../ports/ledger-store.ts';
import type { LedgerWriter } from '../ports/ledger-writer.ts';
import type { MonitorStore } from '../ports/monitor-store.ts';

export interface IncidentUpdateDeps {
  readonly ledger: Pick<LedgerStore, 'byKey'>;
  readonly ledgerWriter: LedgerWriter;
  readonly incidents: Pick<IncidentStore, 'get'>;
  readonly monitors: Pick<MonitorStore, 'get'>;
  readonly documents: DocumentStore;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

const DECLARED = 'declared-incident';
const MAINTENANCE = 'maintenance';
/** Updates of one incident read before giving up: far more than any incident gets. */
const MAX_UPDATES = 500;

function parsed<T>(schema: { safeParse(input: unknown): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } } }, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map((i) => ({ path: formatPath('', i.path), message: i.message })));
}

/** The incident's updates, oldest first. */
export async function listUpdates(deps: Pick<IncidentUpdateDeps, 'ledger'>, incidentId: string): Promise<IncidentUpdate[]> {
  const updates: IncidentUpdate[] = [];
  for (let n = 1; n <= MAX_UPDATES; n++) {
    const record = await deps.ledger.byKey(updateKey(incidentId, n));
    if (record === null) break;
    const p = decodeLedgerJws(record.jws).payload as Record<string, unknown>;
    updates.push({
      incidentId,
      n,
      status: p['status'] as UpdateStatus,
      message: String(p['message']),
      at: String(p['time']),
      ...(typeof p['title'] === 'string' ? { title: p['title'] } : {}),
      seq: record.seq,
    });
  }
  return updates;
}

export async function getDeclaredIncident(deps: Pick<IncidentUpdateDeps, 'documents'>, id: string): Promise<DeclaredIncident | null> {
  const body = await deps.documents.get(DECLARED, id);
  return body === null ? null : (JSON.parse(body) as DeclaredIncident);
}

export async function listDeclaredIncidents(deps: Pick<IncidentUpdateDeps, 'documents'>): Promise<DeclaredIncident[]> {
  return (await deps.documents.list(DECLARED)).map((d) => JSON.parse(d.body) as DeclaredIncident);
}

export async function listMaintenance(deps: Pick<IncidentUpdateDeps, 'documents'>): Promise<Maintenance[]> {
  return (await deps.documents.list(MAINTENANCE)).map((d) => JSON.parse(d.body) as Maintenance).sort((a, b) => a.start.localeCompare(b.start));
}

/**
 * Appends the next update; when another update took that number first (the ledger key
 * is taken by a different text), tries the next number.
 */
async function appendUpdate(
  deps: IncidentUpdateDeps,
  incidentId: string,
  input: { status: UpdateStatus; message: string; title?: string | undefined },
  monitors: readonly { id: string; name: string }[],
): Promise<IncidentUpdate> {
  let n = (await listUpdates(deps, incidentId)).length + 1;
  for (; n <= MAX_UPDATES; n++) {
    const body = incidentUpdatedBody({ incidentId, n, ...input, monitors });
    const record = await deps.ledgerWriter.append({ type: 'incident.updated', key: updateKey(incidentId, n), body });
    const p = decodeLedgerJws(record.jws).payload as Record<string, unknown>;
    if (p['message'] === input.message && p['status'] === input.status) {
      return { incidentId, n, status: input.status, message: input.message, at: record.time, ...(input.title === undefined ? {} : { title: input.title }), seq: record.seq };
    }
  }
  throw new ConflictError(`incident ${incidentId} has ${MAX_UPDATES} updates; no more can be posted`);
}

/** An update on an incident the monitors opened, or on one declared by hand. */
export async function postIncidentUpdate(deps: IncidentUpdateDeps, incidentId: string, input: unknown): Promise<IncidentUpdate> {
  const body = parsed(IncidentUpdateBodySchema, input);
  const incident = await deps.incidents.get(incidentId);
  const declared = incident ? null : await getDeclaredIncident(deps, incidentId);
  if (!incident && !declared) throw new NotFoundError(`incident ${incidentId} does not exist`);
  const monitors = incident ? [{ id: incident.monitorId, name: incident.monitorName }] : await namesOf(deps, declared!.monitorIds);
  const update = await appendUpdate(deps, incidentId, body, monitors);
  if (declared && body.status === 'resolved' && declared.resolvedAt === null) {
    await deps.documents.replace(DECLARED, declared.id, JSON.stringify({ ...declared, resolvedAt: update.at }));
  }
  return update;
}

export async function declareIncident(deps: IncidentUpdateDeps, input: unknown): Promise<{ incident: DeclaredIncident; update: IncidentUpdate }> {
  const body = parsed(DeclareIncidentBodySchema, input);
  const monitors = await existingMonitors(deps, body.monitorIds, 'monitorIds');
  const id = `dcl_${deps.ids.next()}`;
  const update = await appendUpdate(deps, id, { status: body.status, message: body.message, title: body.title }, monitors);
  const incident: DeclaredIncident = {
    id,
    title: body.title,
    monitorIds: monitors.map((m) => m.id),
    declaredAt: update.at,
    resolvedAt: body.status === 'resolved' ? update.at : null,
  };
  await deps.documents.create(DECLARED, id, JSON.stringify(incident));
  return { incident, update };
}

export async function announceMaintenance(deps: IncidentUpdateDeps, input: unknown): Promise<Maintenance> {
  const body = parsed(MaintenanceBodySchema, input);
  const monitors = await existingMonitors(deps, body.monitorIds, 'monitorIds');
  const id = `mnt_${deps.ids.next()}`;
  const record = await deps.ledgerWriter.append({ type: 'maintenance.announced', key: maintenanceKey(id), body: maintenanceAnnouncedBody(id, body, monitors) });
  const maintenance: Maintenance = { ...body, id, announcedAt: record.time, seq: record.seq };
  await deps.documents.create(MAINTENANCE, id, JSON.stringify(maintenance));
  return maintenance;
}

async function existingMonitors(deps: Pick<IncidentUpdateDeps, 'monitors'>, ids: readonly string[], path: string): Promise<{ id: string; name: string }[]> {
  const found = await Promise.all(ids.map((id) => deps.monitors.get(id)));
  const missing = found.flatMap((m, i) => (m ? [] : [{ path: `${path}[${i}]`, message: `no monitor ${ids[i]}` }]));
  if (missing.length > 0) throw new ValidationError(missing);
  return found.map((m) => ({ id: m!.id, name: m!.name }));
}

/** Names of monitors that may since have been deleted: a deleted one keeps its id as its name. */
async function namesOf(deps: Pick<IncidentUpdateDeps, 'monitors'>, ids: readonly string[]): Promise<{ id: string; name: string }[]> {
  return Promise.all(ids.map(async (id) => ({ id, name: (await deps.monitors.get(id))?.name ?? id })));
}
