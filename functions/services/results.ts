/** Storing check results: one raw row each, and the hour's rollup in the probing region. */
import type { CheckResult } from '../core/check-result.ts';
import { histogramOf } from '../core/latency.ts';
import type { IdGenerator, ResultKind, ResultStore, StoredResult } from '../ports/index.ts';

const HOUR_MS = 3_600_000;

export function hourOf(ms: number): number {
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

/**
 * Stores the result with a fresh id. Scheduled and verification results also go into
 * the rollup of `region` for the hour the check started in (checks, failures, latency
 * sum and histogram of the total time); manual ones ("check now") are kept out of the
 * stats, since nobody scheduled them.
 */
export async function storeResult(
  deps: { readonly results: ResultStore; readonly ids: IdGenerator },
  monitorId: string,
  region: string,
  result: CheckResult,
  kind: ResultKind,
): Promise<StoredResult> {
  const stored: StoredResult = { ...result, id: deps.ids.next(), monitorId, kind };
  await deps.results.putResult(stored);
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
