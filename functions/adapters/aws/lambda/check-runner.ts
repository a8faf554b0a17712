/**
 * A CheckRunner whose checks run in other functions: "check now" from the API (home region)
 * invokes each region's prober function synchronously, so that every region's result
 * really comes from that region's network, as a scheduled check would.
 */
import type { CheckResult } from '../../../core/check-result.ts';
import { RegionUnavailableError } from '../../../core/errors.ts';
import { CheckResultSchema, probeRequestOf } from '../../../core/messages.ts';
import type { CheckRunner } from '../../../ports/check-runner.ts';
import { functionIn, invokeJson, type RegionalFunctions } from './invoke-json.ts';

/** Each region's prober function. */
export type LambdaCheckRunnerOptions = RegionalFunctions;

export function createLambdaCheckRunner(options: LambdaCheckRunnerOptions): CheckRunner {
  return {
    async run(definition, region): Promise<CheckResult> {
      const result = await invokeJson({
        ...functionIn(options, region),
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
