/**
 * The state machine's bookkeeping for quorum (quorum.ts): answers and unreachable
 * locations kept in the pending verification, and the verdict they give. With the
 * default policy nothing is kept (the first answer decides), so states and incidents of
 * monitors without a policy look exactly as before.
 */
import type { VerificationOutcome } from './incident.ts';
import type { Monitor } from './monitor.ts';
import { quorumVerdict, recoveryReached, type QuorumVerdict, type VerifierAnswer } from './quorum.ts';
import type { PendingVerification } from './state.ts';

type QuorumMonitor = Pick<Monitor, 'regions' | 'verification'>;

/** Whether `region` answered this verification already (a duplicate changes nothing). */
export function answered(verification: PendingVerification, region: string): boolean {
  return (verification.answers ?? []).some((answer) => answer.region === region);
}

export function withAnswer(verification: PendingVerification, answer: VerifierAnswer): PendingVerification {
  return { ...verification, answers: [...(verification.answers ?? []), answer] };
}

/** Kept only under a policy: without one the count is never needed. */
export function withUnreachable(verification: PendingVerification, region: string, monitor: QuorumMonitor): PendingVerification {
  if (monitor.verification === undefined) return verification;
  return { ...verification, unreachable: [...(verification.unreachable ?? []), region] };
}

export function weigh(monitor: QuorumMonitor, verification: PendingVerification, remaining: number): QuorumVerdict {
  return quorumVerdict(
    monitor.verification,
    { total: monitor.regions.length, unreachable: (verification.unreachable ?? []).length, remaining },
    verification.answers ?? [],
  );
}

/** Every location's answer for the incident or anomaly, when more than one answered. */
export function quorumEvidence(
  verification: PendingVerification,
): { answers: readonly { region: string; result: VerifierAnswer['result']; outcome: VerificationOutcome }[] } | Record<string, never> {
  const answers = verification.answers ?? [];
  return answers.length > 1 ? { answers } : {};
}

/**
 * A success while DOWN: the distinct passing locations so far (kept only under a policy)
 * and whether the incident resolves (quorum.ts recoveryReached).
 */
export function recoveryStep(
  state: { readonly passing?: readonly string[] | undefined },
  monitor: QuorumMonitor & Pick<Monitor, 'successThreshold'>,
  region: string,
  successes: number,
): { passing: readonly string[] | undefined; recovered: boolean } {
  if (monitor.verification === undefined) return { passing: undefined, recovered: successes >= monitor.successThreshold };
  const passing = [...new Set([...(state.passing ?? []), region])];
  return { passing, recovered: recoveryReached(monitor.verification, successes, monitor.successThreshold, passing.length, monitor.regions.length) };
}
