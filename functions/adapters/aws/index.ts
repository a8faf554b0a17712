/**
 * The AWS adapters of the ports: DynamoDB stores, the SQS job queue, verification
 * requests by asynchronous Lambda invocation, the KMS signer, the SES notifier, the
 * recorder-backed ledger writer, the prober-backed check runner ("check now"), and the
 * rollup buffer with its queue. Handlers compose them; nothing here decides anything.
 */
export { createAwsStores, DEFAULT_RETENTION_DAYS, type AwsStoreOptions, type AwsStores } from './stores.ts';
export { createSqsJobQueue, MESSAGE_BYTES, messagesOfWave, packJobs, SQS_BATCH, type JobMessage, type SqsJobQueueOptions } from './sqs/job-queue.ts';
export {
  createSqsRollupReader,
  createSqsRollupSender,
  rollupBodies,
  type SqsRollupQueueOptions,
} from './sqs/rollup-queue.ts';
export { withRollupBuffer, type BufferedResultStore } from './rollup-buffer.ts';
export { createKmsSigner, type KmsSignerOptions } from './kms/signer.ts';
export { derToJoseSignature } from './kms/der-signature.ts';
export { createSesNotifier, recipientsOf, type SesNotifierOptions } from './ses-notifier.ts';
export { createLambdaLedgerWriter, type LambdaLedgerWriterOptions } from './lambda/ledger-writer.ts';
export { createLambdaVerifyQueue, type LambdaVerifyQueueOptions } from './lambda/verify-invoker.ts';
export { createLambdaCheckRunner, type LambdaCheckRunnerOptions } from './lambda/check-runner.ts';
export { invokeEvent, invokeJson, type InvokeJsonOptions, type InvokeOptions } from './lambda/invoke-json.ts';
export {
  errorOfFailure,
  failureReply,
  RecorderReplySchema,
  RecorderRequestSchema,
  type RecorderFailure,
  type RecorderReply,
  type RecorderRequest,
} from './lambda/recorder-protocol.ts';
export { dynamoDbClient, kmsClient, lambdaClient, sesClient, sqsClient } from './clients.ts';
export { translateAwsError, awsStep } from './errors.ts';
export { createRequestCounter, type CountableClient, type OperationCount, type RequestCounter, type RequestCounterOptions, type RequestCounts } from './request-counter.ts';
export {
  BY_COLLECTION,
  BY_MONITOR,
  LEDGER_KEY_PREFIX,
  ROLLUP_KEY_PREFIX,
  TABLE_INDEXES,
  TABLE_KEYS,
  TTL_ATTRIBUTE,
  tableDefinition,
  timeToLiveSpecification,
  type IndexDesign,
} from './table-design.ts';
