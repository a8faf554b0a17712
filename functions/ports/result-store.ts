import type { CheckResult } from '../core/check-result.ts';
import type { Anomaly } from '../core/incident.ts';
import type { Rollup, RollupDelta, RollupKey } from '../core/rollup.ts';
import type { Page, PageRequest } from './page.ts';

export type ResultKind = 'scheduled' | 'verification' | 'manual';

/** A check result as stored: raw rows are for evidence and recent detail. */
export interface StoredResult extends CheckResult {
  readonly id: string;
  readonly monitorId: string;
  readonly kind: ResultKind;
}

export interface ResultQuery extends PageRequest {
  readonly region?: string | undefined;
  /** Epoch ms, inclusive. */
  readonly since?: number | undefined;
  /** Epoch ms, exclusive. */
  readonly until?: number | undefined;
}

export interface ResultStore {
  /** Idempotent on `id`. */
  putResult(result: StoredResult): Promise<void>;
  /** Newest first. */
  listResults(monitorId: string, query: ResultQuery): Promise<Page<StoredResult>>;
  /** Adds atomically to the hour's counters (creating the hour on first use). */
  addToRollup(key: RollupKey, delta: RollupDelta): Promise<void>;
  /** Rollups with fromHour <= hour < toHour, every region, oldest first. */
  listRollups(monitorId: string, fromHour: number, toHour: number): Promise<readonly Rollup[]>;
  /** Idempotent on `id`. */
  putAnomaly(anomaly: Anomaly): Promise<void>;
  /** Newest first; `since`/`until` in epoch ms. */
  listAnomalies(monitorId: string, query: ResultQuery): Promise<Page<Anomaly>>;
  /** Retention: deletes raw results older than `before` (epoch ms); rollups stay. Returns how many went. */
  deleteResultsBefore(before: number): Promise<number>;
}
