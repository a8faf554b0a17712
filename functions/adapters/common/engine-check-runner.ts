/** Checks from this very process, by the check engine, under an address policy (checker, verifier and prober functions; local mode). */
import type { AddressPolicy } from '../../engine/address-policy.ts';
import { runCheck } from '../../engine/run-check.ts';
import type { CheckRunner } from '../../ports/check-runner.ts';

export function engineCheckRunner(policy: AddressPolicy): CheckRunner {
  return { run: (definition, region) => runCheck(definition, { region, policy }) };
}
