/**
 * LedgerWriter that asks the recorder function (home region) to append: invoked
 * synchronously, so that the caller gets the signed record (or the recorder's error, as
 * the same CrossCheck error) back, exactly as from the in-process writer.
 */
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { CrossCheckError } from '../../../core/errors.ts';
import type { LedgerWriter } from '../../../ports/ledger-writer.ts';
import { lambdaClient } from '../clients.ts';
import { translateAwsError } from '../errors.ts';
import { invokeJson } from './invoke-json.ts';
import { errorOfFailure, RecorderReplySchema, type RecorderRequest } from './recorder-protocol.ts';

export interface LambdaLedgerWriterOptions {
  /** Name or ARN of the recorder function. */
  readonly functionName: string;
  /** The home region, where the recorder runs. */
  readonly region: string;
  /** @default the container's client for the region */
  readonly client?: LambdaClient;
}

export function createLambdaLedgerWriter(options: LambdaLedgerWriterOptions): LedgerWriter {
  const client = options.client ?? lambdaClient(options.region);
  return {
    async append(input) {
      const what = `ledger entry ${input.key}`;
      const reply = await invokeJson({
        client,
        functionName: options.functionName,
        role: 'the recorder',
        what,
        payload: { append: input } satisfies RecorderRequest,
        reply: RecorderReplySchema,
        unreachable: (error) => translateAwsError(error, `${what}: invoking the recorder ${options.functionName}`),
        invalidReply: (_problem, text) => new CrossCheckError(`${what}: the recorder answered neither a record nor an error: ${text.slice(0, 200)}`),
      });
      if ('record' in reply) return reply.record;
      throw errorOfFailure(reply.error, what);
    },
  };
}
