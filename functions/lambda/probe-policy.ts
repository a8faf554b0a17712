/** The cloud's probe policy: nothing private (CLOUD_POLICY), except the configured ranges. */
import { assertValidAddressPolicy, CLOUD_POLICY, type AddressPolicy } from '../engine/address-policy.ts';
import type { Prober } from '../ports/prober.ts';
import { runCheck } from '../engine/run-check.ts';

export function cloudProbePolicy(allowedPrivateRanges: readonly string[]): AddressPolicy {
  const policy: AddressPolicy = { ...CLOUD_POLICY, allowedRanges: [...allowedPrivateRanges] };
  assertValidAddressPolicy(policy);
  return policy;
}

/** Checks from this very process (the checker, verifier and prober functions). */
export function inProcessProber(policy: AddressPolicy): Prober {
  return { check: (definition, region) => runCheck(definition, { region, policy }) };
}
