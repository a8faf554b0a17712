/** A verification request in the verifying region: re-check at once, then decide. */
import type { CheckResult } from '../core/check-result.ts';
import type { VerificationOutcome } from '../core/incident.ts';
import type { VerifyRequest } from '../core/jobs.ts';
import type { MonitorState } from '../core/state.ts';
import type { StoredResult } from '../ports/index.ts';
import type { ServiceDeps } from './deps.ts';
import { storeResult } from './results.ts';
import { applyInput } from './transition.ts';

export interface VerifyOutcome {
  /**
   * What this region's own fresh check says about the failure: seen too (`confirmed`) or
   * not (`refuted`); null when no check ran, the monitor having been paused or deleted
   * before the verification started.
   */
  readonly outcome: VerificationOutcome | null;
  /**
   * true when this answer decided the pending verification (incident or anomaly);
   * false for a duplicate, a late answer, or a loser of a race with another verifier.
   */
  readonly applied: boolean;
  /** The stored result; null when the monitor was paused or deleted and the answer was dropped. */
  readonly result: StoredResult | null;
  readonly state: MonitorState;
}

/**
 * Re-checks the monitor from `region` (the verifier's own network path), hands the
 * answer to the state machine, and stores the result (kind `verification`, always kept):
 * confirmed opens the incident with both regions' evidence, refuted records a
 * regional anomaly. An answer to a verification that is no longer pending changes
 * nothing, but its result is still stored.
 *
 * Like a check job, a verification looks at the state first (one eventually consistent
 * read): for a monitor paused or deleted since the request was sent it runs no check, so
 * that nothing contacts a target after its monitor was stopped. An answer whose check
 * was in flight when the monitor stopped is dropped by the state machine.
 */
export async function handleVerifyRequest(deps: ServiceDeps, request: VerifyRequest, region: string): Promise<VerifyOutcome> {
  const glance = await deps.states.get(request.monitor.id, { consistent: false });
  if (glance?.stopped !== undefined) return { outcome: null, applied: false, result: null, state: glance };
  const result = await deps.checkRunner.run(request.monitor, region);
  return judgeVerification(deps, request, region, result);
}

/** The second half of a verification, for a result obtained elsewhere (an agent's, posted to the hub). */
export async function judgeVerification(deps: ServiceDeps, request: VerifyRequest, region: string, result: CheckResult): Promise<VerifyOutcome> {
  const { state, changed } = await applyInput(deps, request.monitor, {
    type: 'verified',
    verificationId: request.verificationId,
    region,
    result,
    primary: request.primary,
  });
  // A monitor paused or deleted meanwhile: the answer is dropped, as its check would be.
  if (state.stopped !== undefined) return { outcome: result.success ? 'refuted' : 'confirmed', applied: false, result: null, state };
  // Stored after the state step, like a check's: a redelivered request is not counted twice.
  const stored = await storeResult(deps, request.monitor.id, region, result, 'verification');
  return { outcome: result.success ? 'refuted' : 'confirmed', applied: changed, result: stored, state };
}
