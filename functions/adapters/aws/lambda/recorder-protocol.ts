/**
 * The wire format between the functions that need a ledger entry and the recorder, the
 * one function allowed to sign (kms:Sign) and append: a synchronous Lambda invoke.
 *
 * request: `{ "append": LedgerAppend }`
 * reply:   `{ "record": LedgerRecord }` or `{ "error": { name, message, issues? } }`
 *
 * Errors travel by name, so that a ConflictError in the recorder is a ConflictError for
 * the caller too.
 */
import {
  ConfigError,
  ConflictError,
  CrossCheckError,
  NotFoundError,
  SignerError,
  ThrottledError,
  ValidationError,
  type FieldIssue,
} from '../../../core/errors.ts';
import type { LedgerRecord } from '../../../ports/ledger-store.ts';
import type { LedgerAppend } from '../../../ports/ledger-writer.ts';

export interface RecorderRequest {
  readonly append: LedgerAppend;
}

export interface RecorderFailure {
  readonly name: string;
  readonly message: string;
  readonly issues?: readonly FieldIssue[];
}

export type RecorderReply = { readonly record: LedgerRecord } | { readonly error: RecorderFailure };

/** For the recorder: what to answer when the append threw. */
export function failureReply(error: unknown): RecorderReply {
  if (error instanceof ValidationError) return { error: { name: 'ValidationError', message: error.message, issues: error.issues } };
  if (error instanceof Error) return { error: { name: error.name, message: error.message } };
  return { error: { name: 'Error', message: String(error) } };
}

const BY_NAME: Readonly<Record<string, new (message: string) => CrossCheckError>> = {
  ConflictError,
  NotFoundError,
  ThrottledError,
  SignerError,
  ConfigError,
};

/** For the caller: the recorder's error as the same class of CrossCheck error. */
export function errorOfFailure(failure: RecorderFailure, context: string): CrossCheckError {
  const message = `${context}: ${failure.message}`;
  if (failure.name === 'ValidationError') return new ValidationError(failure.issues ?? [], message);
  const ErrorClass = Object.hasOwn(BY_NAME, failure.name) ? BY_NAME[failure.name]! : null;
  return ErrorClass ? new ErrorClass(message) : new CrossCheckError(`${context}: ${failure.name}: ${failure.message}`);
}
