/**
 * A CheckRunner whose checks run in other functions: "check now" from the API (home region)
 * invokes each region's prober function synchronously, so that every region's result
 * really comes from that region's network, as a scheduled check would.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { lambdaClient } from '../clients.ts';
import type { CheckResult } from '../../../core/check-result.ts';
import { CrossCheckError, RegionUnavailableError } from '../../../core/errors.ts';
import { CheckResultSchema, parseMessage, probeRequestOf } from '../../../core/messages.ts';
import type { CheckRunner } from '../../../ports/check-runner.ts';

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
      let out;
      try {
        out = await clientOf(region).send(
          new InvokeCommand({
            FunctionName: functionName,
            InvocationType: 'RequestResponse',
            Payload: Buffer.from(JSON.stringify(probeRequestOf(definition)), 'utf8'),
          }),
        );
      } catch (error) {
        throw new RegionUnavailableError(region, { cause: error });
      }
      const text = out.Payload === undefined ? '' : Buffer.from(out.Payload).toString('utf8');
      if (out.FunctionError !== undefined) {
        throw new CrossCheckError(`check from ${region}: the prober failed (${out.FunctionError}): ${text.slice(0, 300)}`);
      }
      let reply: unknown;
      try {
        reply = JSON.parse(text);
      } catch {
        throw new CrossCheckError(`check from ${region}: the prober answered something that is not JSON`);
      }
      return parseMessage(CheckResultSchema, reply, `check_from_${region}`) as CheckResult;
    },
  };
}
