/**
 * The ResultStore port's rules, once for every backend:
 * - results and anomalies are stored as their JSON and read back unchanged; their time
 *   (`startedAt`, `at`) must be RFC 3339, and the base hands the backend its epoch ms;
 * - putResult and putAnomaly are idempotent on the id: the first write wins, a repeat is
 *   not an error;
 * - `since`/`until` (and a rollup window, and the retention cut) are finite epoch ms,
 *   rounded to whole ms by ./checks.ts; an empty window reads nothing;
 * - a rollup delta names a region (the core's region names) and an hour (a non-negative
 *   integer), its counters are finite and its histogram buckets non-negative integers;
 * - listings: limit, cursor and page rules of ../paging.ts.
 *
 * A backend makes each insert idempotent (a primary key, a conditional put), adds a
 * delta to an hour atomically (no lost add under concurrency), lists newest first by
 * time (ties by id, descending), and returns rollups oldest first.
 */
import { REGION_NAME_PATTERN } from '../../../core/region.ts';
import { ValidationError } from '../../../core/errors.ts';
import type { Anomaly } from '../../../core/incident.ts';
import type { Rollup, RollupDelta, RollupKey } from '../../../core/rollup.ts';
import type { Page } from '../../../ports/page.ts';
import type { ResultQuery, ResultStore, StoredResult } from '../../../ports/result-store.ts';
import { emptyListing, listPage, type Listing } from '../paging.ts';
import { epochBound, epochMs, nonNegativeInteger, timeWindow, type TimeWindow } from './checks.ts';

export interface ResultRow {
  readonly result: StoredResult;
  /** Epoch ms of `result.startedAt`. */
  readonly startedMs: number;
  readonly body: string;
}

export interface AnomalyRow {
  readonly anomaly: Anomaly;
  /** Epoch ms of `anomaly.at`. */
  readonly atMs: number;
  readonly body: string;
}

/** What a listing of one monitor's results or anomalies keeps. */
export interface TimedFilter {
  readonly region: string | null;
  readonly window: TimeWindow;
}

export interface ResultBackend<P extends object> {
  /** false when a result with the id is stored already (nothing written). */
  insertResultIfAbsent(row: ResultRow): Promise<boolean>;
  /** One monitor's results, newest first by start (ties by id, descending). */
  results(monitorId: string, filter: TimedFilter): Listing<P>;
  /** Adds atomically to the hour's counters and histogram, creating the hour on first use. */
  addToRollup(key: RollupKey, delta: RollupDelta): Promise<void>;
  /** Rollups with from <= hour < below, every region, oldest first. */
  readRollups(monitorId: string, window: { readonly from: number; readonly below: number }): Promise<readonly Rollup[]>;
  /** false when an anomaly with the id is stored already (nothing written). */
  insertAnomalyIfAbsent(row: AnomalyRow): Promise<boolean>;
  /** One monitor's anomalies, newest first (ties by id, descending). */
  anomalies(monitorId: string, filter: TimedFilter): Listing<P>;
  /** Deletes raw results that started before `cutMs` (a whole, non-negative epoch ms); returns how many went. */
  deleteResultsBefore(cutMs: number): Promise<number>;
}

const COUNTERS = ['checks', 'failures', 'anomalies', 'latencySumMs'] as const;

/**
 * Refuses a rollup (or a key and delta) that no store could add: ValidationError naming
 * the field under `prefix` (e.g. `rollups[2]`). Returns the histogram as [bucket, count] pairs.
 */
export function checkRollup(rollup: RollupKey & RollupDelta, prefix = ''): [number, number][] {
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (!REGION_NAME_PATTERN.test(rollup.region)) throw new ValidationError([{ path: at('region'), message: 'must be a region name' }]);
  nonNegativeInteger(rollup.hour, at('hour'));
  for (const counter of COUNTERS) {
    if (typeof rollup[counter] !== 'number' || !Number.isFinite(rollup[counter])) throw new ValidationError([{ path: at(counter), message: 'must be a finite number' }]);
  }
  return Object.entries(rollup.histogram).map(([bucket, count]) => {
    const index = Number(bucket);
    if (!Number.isSafeInteger(index) || index < 0) throw new ValidationError([{ path: at(`histogram.${bucket}`), message: 'bucket must be a non-negative integer' }]);
    if (typeof count !== 'number' || !Number.isFinite(count)) throw new ValidationError([{ path: at(`histogram.${bucket}`), message: 'count must be a finite number' }]);
    return [index, count];
  });
}

async function timedPage<T, P extends object>(query: ResultQuery, listing: (filter: TimedFilter) => Listing<P>): Promise<Page<T>> {
  const window = timeWindow(query.since, query.until);
  const filter: TimedFilter = { region: query.region ?? null, window: window ?? { from: null, below: null } };
  return listPage<T, P>(query, window === null ? emptyListing(listing(filter)) : listing(filter));
}

export function createResultStore<P extends object>(backend: ResultBackend<P>): ResultStore {
  return {
    putResult: async (result) => {
      await backend.insertResultIfAbsent({ result, startedMs: epochMs(result.startedAt, 'startedAt'), body: JSON.stringify(result) });
    },
    listResults: (monitorId, query) => timedPage<StoredResult, P>(query, (filter) => backend.results(monitorId, filter)),
    addToRollup: async (key, delta) => {
      checkRollup({ ...key, ...delta });
      await backend.addToRollup(key, delta);
    },
    listRollups: async (monitorId, fromHour, toHour) => {
      const from = epochBound(fromHour, 'fromHour');
      const below = epochBound(toHour, 'toHour');
      return below <= from ? [] : backend.readRollups(monitorId, { from, below });
    },
    putAnomaly: async (anomaly) => {
      await backend.insertAnomalyIfAbsent({ anomaly, atMs: epochMs(anomaly.at, 'at'), body: JSON.stringify(anomaly) });
    },
    listAnomalies: (monitorId, query) => timedPage<Anomaly, P>(query, (filter) => backend.anomalies(monitorId, filter)),
    deleteResultsBefore: async (before) => backend.deleteResultsBefore(epochBound(before, 'before')),
  };
}
