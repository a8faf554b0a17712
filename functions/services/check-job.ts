/** A check job in its region: run the check, store the result, feed the state machine. */
import type { CheckJob } from '../core/jobs.ts';
import type { MonitorState } from '../core/state.ts';
import type { StoredResult } from '../ports/index.ts';
import type { ServiceDeps } from './deps.ts';
import { storeResult } from './results.ts';
import { applyInput } from './transition.ts';

export type CheckJobOutcome =
  | { readonly status: 'skipped'; readonly reason: 'paused' }
  | { readonly status: 'checked'; readonly result: StoredResult; readonly state: MonitorState; readonly changed: boolean };

/**
 * Runs `job.monitor`'s check from `job.region` (the monitor definition travels with
 * the job: no read), stores the result and its rollup whatever the state, then
 * applies it to the monitor's state: counters, verification requests, incidents,
 * alerts. A job for a paused monitor does nothing.
 */
export async function handleCheckJob(deps: ServiceDeps, job: CheckJob): Promise<CheckJobOutcome> {
  if (job.monitor.paused) return { status: 'skipped', reason: 'paused' };
  const result = await deps.prober.check(job.monitor, job.region);
  const stored = await storeResult(deps, job.monitor.id, job.region, result, 'scheduled');
  const { state, changed } = await applyInput(deps, job.monitor, {
    type: 'check',
    region: job.region,
    result,
    verificationId: deps.ids.next(),
  });
  return { status: 'checked', result: stored, state, changed };
}
