/**
 * A CheckRunner whose checks run in other functions: "check now" from the API (home region)
 * invokes each region's prober function synchronously, so that every region's result
 * really comes from that region's network, as a scheduled check would.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaClient } from '../clients.ts';
import type { CheckResult } from '../../../core/check-result.ts';
import { RegionUnavailableError } from '../../../core/errors.ts';
import { CheckResultSchema, probeRequestOf } from '../../../core/messages.ts';
import type { CheckRunner } from '../../../ports/check-runner.ts';
import { invokeJson } from './invoke-json.ts';

export interface LambdaCheckRunnerOptions {
  /** Each region's prober function. */
  readonly functionNames: Readonly<Record<string, string>>;
  /** @default the container's client for the region */
  readonly clients?: (region: string) => LambdaClient;
}

export function createLambdaCheckRunner(options: LambdaCheckRunnerOptions): CheckRunner {
  const clientOf = options.clients ?? lambdaClient;
  return {
    async run(definition, region): Promise<CheckResult> {
      const functionName = Object.hasOwn(options.functionNames, region) ? options.functionNames[region] : undefined;
      if (functionName === undefined) throw new RegionUnavailableError(region);
      const result = await invokeJson({
        client: clientOf(region),
        functionName,
        role: 'the prober',
        what: `check from ${region}`,
        payload: probeRequestOf(definition),
        reply: CheckResultSchema,
        unreachable: (error) => new RegionUnavailableError(region, { cause: error }),
      });
      return result as CheckResult;
    },
  };
}
