/** A check job in its region: run the check, store the result, feed the state machine. */
import type { CheckResult } from '../core/check-result.ts';
import type { CheckJob } from '../core/jobs.ts';
import type { MonitorState } from '../core/state.ts';
import type { StoredResult } from '../ports/index.ts';
import type { ServiceDeps } from './deps.ts';
import { storeResult } from './results.ts';
import { applyInput } from './transition.ts';

export type CheckJobOutcome =
  | { readonly status: 'skipped'; readonly reason: 'paused' | 'deleted' }
  | { readonly status: 'checked'; readonly result: StoredResult; readonly state: MonitorState; readonly changed: boolean };

/**
 * Runs `job.monitor`'s check from `job.region` (the monitor definition travels with
 * the job: no read), applies it to the monitor's state (counters, verification
 * requests, incidents, alerts), then stores it: the rollup always, the raw row as
 * `deps.keepResults` says, judged by the state it left. Stored last, so that a check
 * whose state step failed (and comes back for redelivery) is not counted twice.
 *
 * A job is judged against the monitor as it is, not as it was planned: a job for a
 * monitor paused or deleted since (its state says `stopped`; one eventually consistent
 * read, the one a steady check takes anyway) does nothing, and a result that arrives
 * after the monitor was paused or deleted is dropped by the state machine and not
 * stored.
 */
export async function handleCheckJob(deps: ServiceDeps, job: CheckJob): Promise<CheckJobOutcome> {
  if (job.monitor.paused) return { status: 'skipped', reason: 'paused' };
  const glance = await deps.states.get(job.monitor.id, { consistent: false });
  if (glance?.stopped !== undefined) return { status: 'skipped', reason: glance.stopped.reason };
  const result = await deps.checkRunner.run(job.monitor, job.region);
  return judgeCheckResult(deps, job, result, glance);
}

/**
 * The second half of a check job, for a result that was obtained elsewhere (an agent's,
 * posted to the hub): feed the state machine, then store the result.
 */
export async function judgeCheckResult(deps: ServiceDeps, job: CheckJob, result: CheckResult, glance?: MonitorState | null): Promise<CheckJobOutcome> {
  const { state, changed } = await applyInput(
    deps,
    job.monitor,
    { type: 'check', region: job.region, result, verificationId: deps.ids.next() },
    glance,
  );
  if (state.stopped !== undefined) return { status: 'skipped', reason: state.stopped.reason };
  const stored = await storeResult(deps, job.monitor.id, job.region, result, 'scheduled', {
    state,
    changed,
    scheduledFor: job.scheduledFor,
    intervalSeconds: job.monitor.intervalSeconds,
  });
  return { status: 'checked', result: stored, state, changed };
}
