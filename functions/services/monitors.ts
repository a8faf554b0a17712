/**
 * Monitor create / replace / patch / delete. Every change is a ledger entry
 * (`monitor.created|updated|deleted`, carrying the SHA-256 of the definition), so an
 * auditor can see what was monitored and how.
 *
 * Order of writes: validate everything first (a rejected input changes nothing), then
 * the ledger entry and the stored definition together, in one atomic step of the ledger
 * store (LedgerAppend.monitorChange): a ledger that cannot be written (signer down)
 * blocks the change instead of letting it through unrecorded, a store write that fails
 * leaves no entry behind, and the order of `monitor.*` entries is the order in which the
 * definitions were stored. Each change is conditional on the monitor as it was read;
 * when another change landed first, the change starts over from a fresh read (a PATCH is
 * merged onto the newer definition, a PUT replaces it), a bounded number of times.
 */
import { ConflictError, MonitorChangedError, NotFoundError, ValidationError, type FieldIssue } from '../core/errors.ts';
import { monitorChangeBody, monitorDefinitionOf, monitorDefinitionSha256 } from '../core/ledger/index.ts';
import { locationsNeeded } from '../core/quorum.ts';
import { parseMonitorDefinition, type Monitor, type MonitorDefinition } from '../core/monitor.ts';
import { keepWebhookSecrets } from '../core/write-only-secrets.ts';
import type { ChannelStore } from '../ports/channel-store.ts';
import { assertChannelsExist } from './channels.ts';
import type { AgentStore } from '../ports/agent-store.ts';
import type { Clock, IdGenerator } from '../ports/clock.ts';
import type { MonitorStore } from '../ports/monitor-store.ts';
import type { LedgerWriter } from './ledger.ts';
import type { MonitorLifecycle } from './monitor-lifecycle.ts';

export interface MonitorServiceDeps {
  readonly monitors: MonitorStore;
  /** Pausing, resuming and deleting reach the monitor's state through it (monitor-lifecycle.ts). */
  readonly lifecycle: MonitorLifecycle;
  readonly ledgerWriter: LedgerWriter;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The configured probe regions: a monitor's `regions` must be among them, or name an agent. */
  readonly regions: readonly string[];
  /** When given, the channels a monitor refers to must exist in it. */
  readonly channels?: Pick<ChannelStore, 'get'>;
  /** Enrolled probe agents, whose names are locations too. */
  readonly agents?: AgentStore | undefined;
}

export async function createMonitor(deps: Omit<MonitorServiceDeps, 'lifecycle'>, input: unknown): Promise<Monitor> {
  const definition = await validate(deps, input, null);
  const now = new Date(deps.clock.now()).toISOString();
  const monitor: Monitor = { ...definition, id: deps.ids.next(), createdAt: now, updatedAt: now };
  await deps.ledgerWriter.append({
    type: 'monitor.created',
    key: `monitor.created:${monitor.id}`,
    body: monitorChangeBody(monitor),
    monitorChange: { op: 'create', monitor },
  });
  return monitor;
}

/** Changes tried before a 409 when other changes to the same monitor keep landing first. */
const CHANGE_ATTEMPTS = 64;
/** The longest wait between two attempts. */
const MAX_BACKOFF_MS = 200;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads the monitor and applies `change` to it, again from a fresh read while other
 * changes land first, after a short random wait that grows with each lost attempt (full
 * jitter), so that many writers of one monitor do not keep colliding.
 */
async function withFreshRead<T>(deps: MonitorServiceDeps, id: string, change: (current: Monitor) => Promise<T>): Promise<T> {
  let lost: unknown = null;
  for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt++) {
    if (attempt > 0) await pause(Math.random() * Math.min(MAX_BACKOFF_MS, 2 ** attempt));
    try {
      return await change(await existing(deps, id));
    } catch (error) {
      if (!(error instanceof MonitorChangedError)) throw error;
      lost = error;
    }
  }
  throw new ConflictError(`monitor ${id}: other changes kept landing first (${CHANGE_ATTEMPTS} attempts); try again`, { cause: lost });
}

/** Replaces the whole definition; fields left out take their defaults, as on create. */
export async function replaceMonitor(deps: MonitorServiceDeps, id: string, input: unknown): Promise<Monitor> {
  return withFreshRead(deps, id, async (current) => update(deps, current, await validate(deps, keepWebhookSecrets(input, current), current)));
}

/**
 * Each field given replaces the stored value as a whole (arrays and objects included);
 * `null` resets a field to its default; fields left out keep theirs. The result is
 * validated as a whole definition.
 */
export async function patchMonitor(deps: MonitorServiceDeps, id: string, patch: unknown): Promise<Monitor> {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new ValidationError([{ path: '', message: 'a patch must be a JSON object of the fields to change' }]);
  }
  return withFreshRead(deps, id, async (current) => {
    const merged: Record<string, unknown> = { ...monitorDefinitionOf(current) };
    for (const [field, value] of Object.entries(patch)) {
      if (value === null) delete merged[field];
      else merged[field] = value;
    }
    return update(deps, current, await validate(deps, keepWebhookSecrets(merged, current), current));
  });
}

/**
 * Deletes the monitor; its ledger entries stay. Its state is stopped rather than removed
 * (checks planned or in flight are dropped, an open incident resolves as `monitor
 * deleted`), before the monitor and its entry go: a retried delete completes both.
 * NotFoundError when absent.
 */
export async function deleteMonitor(deps: MonitorServiceDeps, id: string): Promise<void> {
  await withFreshRead(deps, id, async (current) => {
    await deps.lifecycle.stop(current, 'deleted');
    await deps.ledgerWriter.append({
      type: 'monitor.deleted',
      key: `monitor.deleted:${id}`,
      body: monitorChangeBody(current),
      monitorChange: { op: 'delete', expected: current },
    });
  });
}

async function existing(deps: MonitorServiceDeps, id: string): Promise<Monitor> {
  const monitor = await deps.monitors.get(id);
  if (monitor === null) throw new NotFoundError(`monitor ${id} does not exist`);
  return monitor;
}

/**
 * An update that changes nothing writes no entry and keeps updatedAt. Either way the
 * state follows `paused` (stopped or resumed; idempotent), so a retried pause after a
 * failed state write still completes.
 */
async function update(deps: MonitorServiceDeps, current: Monitor, definition: MonitorDefinition): Promise<Monitor> {
  const candidate: Monitor = { ...definition, id: current.id, createdAt: current.createdAt, updatedAt: current.updatedAt };
  const sha = monitorDefinitionSha256(candidate);
  let next = current;
  if (sha !== monitorDefinitionSha256(current)) {
    // updatedAt only moves forward, even across skewed clocks: it names this version.
    next = { ...candidate, updatedAt: new Date(Math.max(deps.clock.now(), Date.parse(current.updatedAt) + 1)).toISOString() };
    // The hash in the key keeps two different changes within one millisecond apart.
    await deps.ledgerWriter.append({
      type: 'monitor.updated',
      key: `monitor.updated:${next.id}:${next.updatedAt}:${sha}`,
      body: monitorChangeBody(next),
      monitorChange: { op: 'replace', monitor: next, expected: current },
    });
  }
  if (next.paused) await deps.lifecycle.stop(next, 'paused');
  else if (current.paused) await deps.lifecycle.resume(next);
  return next;
}

/** `self`: the monitor being changed (its own name is no clash; a name it keeps is not looked up again), null on create. */
async function validate(deps: Pick<MonitorServiceDeps, 'regions' | 'monitors' | 'channels' | 'agents'>, input: unknown, self: Monitor | null): Promise<MonitorDefinition> {
  const definition = parseMonitorDefinition(input);
  const configured = new Set(deps.regions);
  const agents = deps.agents === undefined ? [] : (await deps.agents.list()).filter((agent) => agent.revokedAt === null).map((agent) => agent.name);
  const known = new Set([...configured, ...agents]);
  const what = deps.agents === undefined ? 'a configured region' : 'a configured region or an enrolled agent';
  const listed = `configured: ${deps.regions.join(', ')}${deps.agents === undefined ? '' : `; agents: ${agents.join(', ') || 'none (crosscheck agents add <name>)'}`}`;
  const issues: FieldIssue[] = definition.regions.flatMap((region, i) =>
    known.has(region) ? [] : [{ path: `regions[${i}]`, message: `${region} is not ${what} (${listed})` }],
  );
  const needed = locationsNeeded(definition.verification);
  const locations = definition.regions.length > 0 ? definition.regions.length : deps.regions.length;
  if (definition.verification !== undefined && needed > locations) {
    issues.push({ path: 'verification.confirmations', message: `${needed - 1} confirmations need at least ${needed} locations; the monitor is checked from ${locations}` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
  if (deps.channels) await assertChannelsExist(deps.channels, definition);
  if (self === null || definition.name !== self.name) await assertNameFree(deps, definition.name, self?.id ?? null);
  return definition;
}

/**
 * Names are unique, because `crosscheck import` matches monitors by name: a second
 * monitor of the same name is a 409 naming the field. A lookup by name (an index
 * locally); two creates racing with one name can still both pass (no conditional write
 * on the name).
 */
async function assertNameFree(deps: Pick<MonitorServiceDeps, 'monitors'>, name: string, self: string | null): Promise<void> {
  const holder = (await deps.monitors.named(name)).find((monitor) => monitor.id !== self);
  if (holder) throw new ConflictError(`name: a monitor named '${name}' exists already (${holder.id}); names are unique because crosscheck import matches monitors by name`);
}
