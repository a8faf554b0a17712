/**
 * Storing check results: the hour's rollup in the probing region for every scheduled
 * or verification check, and a raw row for what is worth keeping.
 *
 * Which raw rows are kept is a policy of the deployment (`ServiceDeps.keepResults`):
 * - `all` (local mode): every result.
 * - `evidence` (the Lambdas): what is evidence and recent detail, not every passing
 *   check. Kept: every failing result, every verification and manual result, every
 *   result that changed the monitor's state or was seen while the state was not a
 *   clean UP (so the first passing result after a failure is there), and one passing
 *   result per monitor, region and hour as a sample: the check due first in that hour
 *   (decided from the job's due time and the interval, with no read). A steady
 *   passing check then writes nothing at all; the rollup still counts it, and the
 *   stats read rollups, never raw rows.
 */
import type { CheckResult } from '../core/check-result.ts';
import { histogramOf } from '../core/latency.ts';
import type { MonitorState } from '../core/state.ts';
import type { IdGenerator, ResultKind, ResultStore, StoredResult } from '../ports/index.ts';

const HOUR_MS = 3_600_000;

/** Which raw results a deployment keeps (see the module comment). */
export type KeepResults = 'all' | 'evidence';

export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/** What a scheduled check's result is judged by, known once the state machine has seen it. */
export interface ResultContext {
  /** The monitor's state after this result (as stored). */
  readonly state: MonitorState;
  /** This result changed the state. */
  readonly changed: boolean;
  /** RFC 3339: when the check was due (the job's `scheduledFor`). */
  readonly scheduledFor: string;
  readonly intervalSeconds: number;
}

/** UP with nothing pending: no failure counted anywhere, no verification, no incident, no pending effects. */
export function isCleanUp(state: MonitorState): boolean {
  return (
    state.status === 'UP' &&
    state.verification === null &&
    state.openIncidentId === null &&
    state.successes === 0 &&
    Object.values(state.failures).every((count) => count === 0) &&
    (state.pendingEffects ?? []).length === 0
  );
}

/**
 * The first check due in its UTC hour: the previous due time (one interval earlier) is
 * in an earlier hour. Exactly one per monitor, region and hour while the schedule holds;
 * every check of a monitor with an interval of an hour or more.
 */
export function isHourlySample(scheduledFor: string, intervalSeconds: number): boolean {
  const due = Date.parse(scheduledFor);
  return hourOf(due) !== hourOf(due - intervalSeconds * 1000);
}

/** Whether the raw row of this result is stored under `policy`. Without a context a scheduled result is kept. */
export function keepsRawResult(policy: KeepResults, kind: ResultKind, result: CheckResult, context?: ResultContext): boolean {
  if (policy === 'all' || kind !== 'scheduled' || !result.success || context === undefined) return true;
  if (context.changed || !isCleanUp(context.state)) return true;
  return isHourlySample(context.scheduledFor, context.intervalSeconds);
}

/**
 * Stores the result with a fresh id: the raw row when the policy keeps it (default
 * `all`), and for scheduled and verification results the rollup of `region` for the
 * hour the check started in (checks, failures, latency sum and histogram of the total
 * time). Manual ones ("check now") are kept out of the stats, since nobody scheduled
 * them. Returns the result as stored, or as it would have been.
 */
export async function storeResult(
  deps: { readonly results: ResultStore; readonly ids: IdGenerator; readonly keepResults?: KeepResults | undefined },
  monitorId: string,
  region: string,
  result: CheckResult,
  kind: ResultKind,
  context?: ResultContext,
): Promise<StoredResult> {
  const stored: StoredResult = { ...result, id: deps.ids.next(), monitorId, kind };
  if (keepsRawResult(deps.keepResults ?? 'all', kind, result, context)) await deps.results.putResult(stored);
  if (kind !== 'manual') {
    await deps.results.addToRollup(
      { monitorId, region, hour: hourOf(Date.parse(result.startedAt)) },
      {
        checks: 1,
        failures: result.success ? 0 : 1,
        anomalies: 0,
        latencySumMs: result.timings.total,
        histogram: histogramOf(result.timings.total),
      },
    );
  }
  return stored;
}
