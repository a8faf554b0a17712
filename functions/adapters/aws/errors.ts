/**
 * Translates AWS SDK errors into CrossCheck's error hierarchy. Errors are recognised by
 * `name` (the service's error code), not by class, so that no error class of any client
 * has to be bundled and mocked clients can raise them as plain objects.
 */
import { ConflictError, CrossCheckError, ThrottledError } from '../../core/errors.ts';

/** The service asked us to slow down: safe to retry later. */
const THROTTLING = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'TooManyRequestsException',
]);

export function errorName(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const { name, Code } = error as { name?: unknown; Code?: unknown };
  if (typeof name === 'string' && name !== 'Error') return name;
  return typeof Code === 'string' ? Code : '';
}

/** The reasons a cancelled DynamoDB transaction gives, one per item (`None` for items that were fine). */
export function cancellationReasons(error: unknown): readonly string[] {
  const reasons = (error as { CancellationReasons?: readonly { Code?: string }[] } | null)?.CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

export function isConditionFailure(error: unknown): boolean {
  const name = errorName(error);
  if (name === 'ConditionalCheckFailedException') return true;
  return name === 'TransactionCanceledException' && cancellationReasons(error).includes('ConditionalCheckFailed');
}

export function isThrottling(error: unknown): boolean {
  const name = errorName(error);
  if (THROTTLING.has(name)) return true;
  if (name !== 'TransactionCanceledException') return false;
  const reasons = cancellationReasons(error);
  return reasons.some((code) => code === 'ThrottlingError' || code === 'ProvisionedThroughputExceeded');
}

/**
 * A lost conditional write becomes ConflictError, and so does a transaction cancelled
 * because another transaction was writing the same items (`TransactionConflict`): the
 * caller's answer to both is to read again. Throttling becomes ThrottledError; anything
 * else a CrossCheckError naming what was being done, with the SDK error as its cause.
 */
export function translateAwsError(error: unknown, what: string): CrossCheckError {
  if (error instanceof CrossCheckError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (isConditionFailure(error)) return new ConflictError(`${what}: the conditional write lost`, { cause: error });
  if (isThrottling(error)) return new ThrottledError(`${what}: AWS is throttling (${errorName(error)})`, { cause: error });
  const name = errorName(error);
  if (name === 'TransactionCanceledException' && cancellationReasons(error).includes('TransactionConflict')) {
    return new ConflictError(`${what}: another transaction was writing the same items`, { cause: error });
  }
  return new CrossCheckError(`${what}: ${name ? `${name}: ` : ''}${message}`, { cause: error });
}

/** Runs one AWS step and rethrows its failure translated. */
export async function awsStep<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    throw translateAwsError(error, what);
  }
}

/** A lost condition means what the caller says it means (exists already, does not exist); anything else goes on as is. */
export function whenConditionFails(error: unknown, meaning: () => Error): unknown {
  return isConditionFailure(error) ? meaning() : error;
}
