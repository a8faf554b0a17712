/** One check, start to verdict: probe the target, then judge what was observed. */
import type { CheckResult } from '../core/check-result.ts';
import { judge } from '../core/judge.ts';
import { effectiveConditions, type MonitorDefinition } from '../core/monitor.ts';
import type { AddressPolicy } from './address-policy.ts';
import { probe } from './probe.ts';
import type { ProbeRequest } from './request.ts';
import type { Lookup } from './resolve.ts';

/** A MonitorDefinition, or anything with the probe's fields and the conditions. */
export type CheckDefinition = ProbeRequest & Pick<MonitorDefinition, 'conditions'>;

export interface RunCheckOptions {
  /** Where this check runs; sent as X-CrossCheck-Region. @default the definition's, else 'local' */
  readonly region?: string;
  /** @default LOCAL_POLICY */
  readonly policy?: AddressPolicy;
  /** @default the system resolver */
  readonly lookup?: Lookup;
}

export async function runCheck(definition: CheckDefinition, options: RunCheckOptions = {}): Promise<CheckResult> {
  const region = options.region ?? definition.region;
  const observation = await probe(
    { ...definition, ...(region === undefined ? {} : { region }) },
    options.policy,
    options.lookup ? { lookup: options.lookup } : {},
  );
  return judge(observation, effectiveConditions(definition));
}
