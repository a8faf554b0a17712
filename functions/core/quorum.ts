/**
 * Quorum: how many locations must see a failure before it is an incident, and how many
 * must see the monitor pass again before it resolves. A monitor's `verification` policy:
 *
 * - absent, or `{ "confirmations": 1 }`: today's rule. One other location re-checks; it
 *   confirms (incident) or refutes (anomaly).
 * - `{ "confirmations": n }`: n other locations must confirm, one after another; the first
 *   that refutes refutes it (n independent confirmations, none against).
 * - `"majority"`: an incident when a majority of the monitor's reachable locations fail
 *   (the one that saw it first included), as OpenStatus and Better Stack decide; refuted
 *   as soon as the locations not yet asked can no longer make a majority. A location found
 *   unreachable leaves the count, so an agent that went away never blocks a decision.
 *
 * Recovery by the same policy (when a policy is given): besides `successThreshold`
 * consecutive successes, as many distinct locations must have passed since the last
 * failure as had to fail (n + 1, or a majority of the monitor's locations).
 *
 * Pure functions: the state machine asks them, and keeps the answers in its state.
 */
import * as z from 'zod';
import type { CheckResult } from './check-result.ts';
import type { VerificationOutcome } from './incident.ts';

export const VerificationPolicySchema = z.union([
  z.literal('majority'),
  z.strictObject({
    confirmations: z
      .number({ error: 'must be a whole number of other locations that must confirm a failure (1 to 19), or the policy "majority"' })
      .int({ error: 'must be a whole number from 1 to 19' })
      .min(1, { error: 'must be at least 1' })
      .max(19, { error: 'must be at most 19' }),
  }),
], { error: 'must be {"confirmations": n} or "majority"' });

export type VerificationPolicy = z.output<typeof VerificationPolicySchema>;

/** One location's answer to a verification. */
export interface VerifierAnswer {
  readonly region: string;
  readonly result: CheckResult;
  readonly outcome: VerificationOutcome;
}

export type QuorumVerdict = 'confirmed' | 'refuted' | 'undecided';

/** Failing locations (the first included) an incident needs among `reachable` ones. */
export function failingNeeded(policy: VerificationPolicy | undefined, reachable: number): number {
  if (policy === 'majority') return Math.floor(reachable / 2) + 1;
  return (policy?.confirmations ?? 1) + 1;
}

/**
 * The verdict after `answers` (in order), with `remaining` locations not asked yet, of
 * `total` locations of which `unreachable` could not be asked.
 */
export function quorumVerdict(
  policy: VerificationPolicy | undefined,
  counts: { readonly total: number; readonly unreachable: number; readonly remaining: number },
  answers: readonly Pick<VerifierAnswer, 'outcome'>[],
): QuorumVerdict {
  const failing = 1 + answers.filter((a) => a.outcome === 'confirmed').length;
  const needed = failingNeeded(policy, counts.total - counts.unreachable);
  if (policy !== 'majority') {
    if (answers.some((a) => a.outcome === 'refuted')) return 'refuted';
    return failing >= needed ? 'confirmed' : 'undecided';
  }
  if (failing >= needed) return 'confirmed';
  return failing + counts.remaining < needed ? 'refuted' : 'undecided';
}

/**
 * Whether an incident resolves: `successThreshold` consecutive successes, and with a
 * policy, as many distinct passing locations as the policy needed failing ones (at most
 * every location of the monitor).
 */
export function recoveryReached(
  policy: VerificationPolicy | undefined,
  successes: number,
  successThreshold: number,
  passingLocations: number,
  locations: number,
): boolean {
  if (successes < successThreshold) return false;
  if (policy === undefined) return true;
  return passingLocations >= Math.min(failingNeeded(policy, locations), locations);
}

/** Locations a `{confirmations: n}` policy needs at least (n others besides the one that fails). */
export function locationsNeeded(policy: VerificationPolicy | undefined): number {
  return policy === undefined || policy === 'majority' ? 1 : policy.confirmations + 1;
}
