/**
 * The recorder: the one function that signs (kms:Sign) and appends to the ledger. Every
 * other function asks it with a synchronous invoke, `{append}` -> `{record}` (see
 * adapters/aws/lambda/recorder-protocol.ts). A refusal the caller should know by name
 * (conflict, bad input, signer trouble: any CrossCheck error) is answered as
 * `{error: {name, message}}`; anything else is a crash.
 */
import { failureReply, RecorderRequestSchema, type RecorderReply } from '../adapters/aws/index.ts';
import { CrossCheckError, ValidationError } from '../core/errors.ts';
import { statementInputProblem } from '../core/ledger/statement.ts';
import { StatementRequestSchema } from '../adapters/aws/lambda/statement-protocol.ts';
import { parseMessage } from '../core/messages.ts';
import { kmsSigner, SIGNER_ENV, TABLE_ENV, tableStores } from '../lambda/config.ts';
import { lambdaHandler } from '../lambda/lambda-handler.ts';
import { checkpointingRecorder, LOG_ENV, WITNESS_ENV } from '../lambda/log-config.ts';
import { errorFields, MetricUnit } from '../lambda/observability.ts';
import { createLedgerWriter } from '../services/ledger.ts';

export const handler = lambdaHandler({
  env: { ...TABLE_ENV, ...SIGNER_ENV, ...LOG_ENV, ...WITNESS_ENV },
  deps: (config, { logger }) => {
    const stores = tableStores(config);
    const signer = kmsSigner(config);
    // Each append is followed by a signed checkpoint of the tree (one KMS Sign per key).
    const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock: { now: () => Date.now() } });
    return { writer: checkpointingRecorder(config, stores, signer, writer, logger), signer };
  },
  async handle(event: unknown, _context, { writer, signer, logger, metrics }): Promise<RecorderReply | { signature: string }> {
    try {
      // An SLA statement to sign (GET /v1/monitors/{id}/sla): only a statement's signing input, never an entry's.
      if (typeof event === 'object' && event !== null && 'signStatement' in event) {
        const { signStatement } = parseMessage(StatementRequestSchema, event, 'request');
        const problem = statementInputProblem(signStatement.signingInput, (await signer.publicJwk()).kid);
        if (problem !== null) throw new ValidationError([{ path: 'request.signStatement.signingInput', message: problem }]);
        const signature = await signer.sign(Buffer.from(signStatement.signingInput, 'ascii'));
        metrics.addMetric('SlaStatementsSigned', MetricUnit.Count, 1);
        return { signature: Buffer.from(signature).toString('base64url') };
      }
      const { append } = parseMessage(RecorderRequestSchema, event, 'request');
      const entry = await writer.append(append);
      metrics.addMetric('LedgerEntriesAppended', MetricUnit.Count, 1);
      logger.info('ledger entry', { seq: entry.seq, type: entry.type, key: entry.key });
      return { record: entry };
    } catch (error) {
      if (!(error instanceof CrossCheckError)) throw error;
      metrics.addMetric('LedgerAppendsRefused', MetricUnit.Count, 1);
      logger.warn('ledger append refused', errorFields(error));
      return failureReply(error);
    }
  },
});
