/**
 * The MonitorStore port's rules, once for every backend:
 * - a monitor is stored as its JSON (`body`) and read back from it unchanged;
 * - `createdAt` must be RFC 3339 (it orders the listing); the base hands the backend its epoch ms;
 * - create on an existing id is ConflictError, replace of a missing id NotFoundError;
 * - listings: limit, cursor and page rules of ../paging.ts.
 *
 * A backend only moves bytes: it makes `insertIfAbsent` and `replaceIfPresent` atomic
 * (a transaction, a conditional write) and answers false when the condition did not
 * hold; it lists in creation order, ties broken by id.
 */
import { ConflictError, NotFoundError } from '../../../core/errors.ts';
import type { Monitor } from '../../../core/monitor.ts';
import type { MonitorStore } from '../../../ports/monitor-store.ts';
import { listPage, type Listing } from '../paging.ts';
import { epochMs } from './checks.ts';

export interface MonitorRow {
  readonly monitor: Monitor;
  /** Epoch ms of `monitor.createdAt`. */
  readonly createdMs: number;
  /** The monitor as JSON. */
  readonly body: string;
}

export interface MonitorBackend<P extends object> {
  readBody(id: string): Promise<string | null>;
  /** Monitors in creation order (ties by id), only those carrying `tag` when it is not null. */
  listing(filter: { readonly tag: string | null }): Listing<P>;
  allBodies(): Promise<readonly string[]>;
  /**
   * The bodies that may be of a monitor named `name`: at least every one that is (more
   * do no harm: the base keeps only exact matches).
   */
  bodiesNamed(name: string): Promise<readonly string[]>;
  /** false when the id exists (nothing written). */
  insertIfAbsent(row: MonitorRow): Promise<boolean>;
  /** false when the id does not exist (nothing written). */
  replaceIfPresent(row: MonitorRow): Promise<boolean>;
  /** false when there was nothing to delete. */
  delete(id: string): Promise<boolean>;
}

/** The row a backend stores for a monitor. */
export const rowOf = (monitor: Monitor): MonitorRow => ({ monitor, createdMs: epochMs(monitor.createdAt, 'createdAt'), body: JSON.stringify(monitor) });
const parse = (body: string): Monitor => JSON.parse(body) as Monitor;

export function createMonitorStore<P extends object>(backend: MonitorBackend<P>): MonitorStore {
  return {
    get: async (id) => {
      const body = await backend.readBody(id);
      return body === null ? null : parse(body);
    },
    list: async ({ limit, cursor, tag }) => listPage<Monitor, P>({ limit, cursor }, backend.listing({ tag: tag ?? null })),
    all: async () => (await backend.allBodies()).map(parse),
    named: async (name) => (await backend.bodiesNamed(name)).map(parse).filter((monitor) => monitor.name === name),
    create: async (monitor) => {
      if (!(await backend.insertIfAbsent(rowOf(monitor)))) throw new ConflictError(`monitor ${monitor.id} exists already`);
    },
    replace: async (monitor) => {
      if (!(await backend.replaceIfPresent(rowOf(monitor)))) throw new NotFoundError(`monitor ${monitor.id} does not exist`);
    },
    delete: (id) => backend.delete(id),
  };
}
