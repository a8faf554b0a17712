/** The cloud's probe policy: nothing private (CLOUD_POLICY), except the configured ranges. */
import { assertValidAddressPolicy, CLOUD_POLICY, type AddressPolicy } from '../engine/address-policy.ts';

export function cloudProbePolicy(allowedPrivateRanges: readonly string[]): AddressPolicy {
  const policy: AddressPolicy = { ...CLOUD_POLICY, allowedRanges: [...allowedPrivateRanges] };
  assertValidAddressPolicy(policy);
  return policy;
}
