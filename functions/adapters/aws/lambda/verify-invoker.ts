/**
 * VerifyQueue over Lambda's asynchronous invocation: a verification request is handed to
 * the target region's verifier function with `InvocationType: Event`. Lambda queues the
 * event itself, runs the function at once, retries it (twice, with backoff) when it
 * fails, and sends what still fails to the function's failure destination (a queue with
 * an alarm, see lib/probe-stack.ts): the delivery guarantees of an SQS queue, without an
 * event source polling that queue all month for the few requests an outage brings.
 *
 * A region that cannot take the request (no verifier configured, network down, access
 * denied, function gone, throttled, Lambda failing, event not queued) is
 * RegionUnavailableError, so that the state machine asks the next region. Only a request
 * Lambda refuses on its own merits (too large, not JSON) is a plain error: no region
 * would take it.
 */
import { CrossCheckError, RegionUnavailableError } from '../../../core/errors.ts';
import type { VerifyQueue } from '../../../ports/queues.ts';
import { errorName } from '../errors.ts';
import { functionIn, invokeEvent, type RegionalFunctions } from './invoke-json.ts';

/** Errors about the request itself, not about the region. */
const REQUEST_FAULTS = new Set(['RequestTooLargeException', 'InvalidRequestContentException']);

/** Each region's verifier function (name or ARN). */
export type LambdaVerifyQueueOptions = RegionalFunctions;

export function createLambdaVerifyQueue(options: LambdaVerifyQueueOptions): VerifyQueue {
  return {
    async send(region, request) {
      await invokeEvent({
        ...functionIn(options, region),
        role: 'the verifier',
        what: `verification request ${request.verificationId}`,
        payload: request,
        unreachable(error) {
          const name = errorName(error);
          if (!REQUEST_FAULTS.has(name)) return new RegionUnavailableError(region, { cause: error });
          return new CrossCheckError(`verification request ${request.verificationId} refused by Lambda: ${name}: ${(error as Error).message}`, { cause: error });
        },
      });
    },
  };
}
