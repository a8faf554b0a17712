/**
 * Asking the recorder (the only function that may call kms:Sign) to sign an SLA
 * statement: `{ "signStatement": { "signingInput": "<header>.<payload>" } }` ->
 * `{ "signature": "<base64url r||s>" }` or the recorder's `{ "error": ... }`. The recorder
 * signs only a statement's signing input (core/ledger/statement.ts), never an entry's.
 */
import * as z from 'zod';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { CrossCheckError } from '../../../core/errors.ts';
import type { Signer } from '../../../ports/signer.ts';
import { lambdaClient } from '../clients.ts';
import { translateAwsError } from '../errors.ts';
import { invokeJson } from './invoke-json.ts';
import { errorOfFailure, RecorderReplySchema } from './recorder-protocol.ts';

export const StatementRequestSchema = z.strictObject({ signStatement: z.strictObject({ signingInput: z.string().min(3).max(4096) }) });
export type StatementRequest = z.output<typeof StatementRequestSchema>;

const StatementReplySchema = z.union([z.object({ signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/) }), RecorderReplySchema]);

export function createLambdaStatementSigner(options: { functionName: string; region: string; client?: LambdaClient }): Pick<Signer, 'sign'> {
  const client = options.client ?? lambdaClient(options.region);
  return {
    async sign(signingInput) {
      const what = 'SLA statement';
      const reply = await invokeJson({
        client,
        functionName: options.functionName,
        role: 'the recorder',
        what,
        payload: { signStatement: { signingInput: Buffer.from(signingInput).toString('ascii') } } satisfies StatementRequest,
        reply: StatementReplySchema,
        unreachable: (error) => translateAwsError(error, `${what}: invoking the recorder ${options.functionName}`),
        invalidReply: (_problem, text) => new CrossCheckError(`${what}: the recorder answered neither a signature nor an error: ${text.slice(0, 200)}`),
      });
      if ('signature' in reply) return new Uint8Array(Buffer.from(reply.signature, 'base64url'));
      if ('error' in reply) throw errorOfFailure(reply.error, what);
      throw new CrossCheckError(`${what}: the recorder answered a ledger record`);
    },
  };
}
