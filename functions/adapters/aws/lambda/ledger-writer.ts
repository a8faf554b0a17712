/**
 * LedgerWriter that asks the recorder function (home region) to append: invoked
 * synchronously, so that the caller gets the signed record (or the recorder's error, as
 * the same CrossCheck error) back, exactly as from the in-process writer.
 */
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { CrossCheckError } from '../../../core/errors.ts';
import type { LedgerRecord } from '../../../ports/ledger-store.ts';
import type { LedgerWriter } from '../../../ports/ledger-writer.ts';
import { lambdaClient } from '../clients.ts';
import { translateAwsError } from '../errors.ts';
import { errorOfFailure, type RecorderFailure, type RecorderRequest } from './recorder-protocol.ts';

export interface LambdaLedgerWriterOptions {
  /** Name or ARN of the recorder function. */
  readonly functionName: string;
  /** The home region, where the recorder runs. */
  readonly region: string;
  /** @default the container's client for the region */
  readonly client?: LambdaClient;
}

function isRecord(value: unknown): value is LedgerRecord {
  const r = value as Partial<Record<keyof LedgerRecord, unknown>> | null;
  return (
    typeof r === 'object' && r !== null &&
    typeof r.seq === 'number' && typeof r.jws === 'string' && typeof r.type === 'string' &&
    typeof r.key === 'string' && typeof r.time === 'string' &&
    (r.evidenceSha256 === null || typeof r.evidenceSha256 === 'string')
  );
}

export function createLambdaLedgerWriter(options: LambdaLedgerWriterOptions): LedgerWriter {
  const client = options.client ?? lambdaClient(options.region);
  return {
    async append(input) {
      const context = `ledger entry ${input.key}`;
      const request: RecorderRequest = { append: input };
      let out;
      try {
        out = await client.send(
          new InvokeCommand({
            FunctionName: options.functionName,
            InvocationType: 'RequestResponse',
            Payload: Buffer.from(JSON.stringify(request), 'utf8'),
          }),
        );
      } catch (error) {
        throw translateAwsError(error, `${context}: invoking the recorder ${options.functionName}`);
      }
      const text = out.Payload === undefined ? '' : Buffer.from(out.Payload).toString('utf8');
      let reply: unknown;
      try {
        reply = JSON.parse(text);
      } catch {
        reply = undefined;
      }
      if (out.FunctionError !== undefined) {
        // The recorder crashed (or timed out) instead of answering: Lambda's own error shape.
        const crash = reply as { errorType?: unknown; errorMessage?: unknown } | undefined;
        throw new CrossCheckError(`${context}: the recorder failed (${String(crash?.errorType ?? out.FunctionError)}: ${String(crash?.errorMessage ?? text)})`);
      }
      const answer = reply as { record?: unknown; error?: RecorderFailure } | undefined;
      if (answer !== undefined && isRecord(answer.record)) return answer.record;
      if (answer?.error !== undefined && typeof answer.error.name === 'string') throw errorOfFailure(answer.error, context);
      throw new CrossCheckError(`${context}: the recorder answered neither a record nor an error: ${text.slice(0, 200)}`);
    },
  };
}
