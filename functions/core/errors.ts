/**
 * One error hierarchy for CrossCheck. Adapters translate their own failures
 * (SQLite constraint errors, DynamoDB ConditionalCheckFailedException, KMS errors)
 * into these, so that services and handlers reason about one set of names.
 */
export interface FieldIssue {
  /** Dotted path of the offending field, e.g. `endpoints[2].interval` or `conditions[0]`. */
  readonly path: string;
  readonly message: string;
}

export class CrossCheckError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Bad input: a monitor body, a YAML file, a CLI flag, a queue message. */
export class ValidationError extends CrossCheckError {
  readonly issues: readonly FieldIssue[];
  constructor(issues: readonly FieldIssue[], message?: string) {
    super(message ?? issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; '));
    this.issues = issues;
  }
}

export class NotFoundError extends CrossCheckError {}

/** A conditional write lost: the item exists already, or its version moved on. */
export class ConflictError extends CrossCheckError {}

/**
 * A monitor change lost its condition: the stored monitor is no longer the one the change
 * was made from (another change, or a delete, landed first), or on create the id is taken.
 * Nothing was written, the ledger entry included; appending again with a newer seq would
 * not help, so the ledger writer passes it on and the caller starts over from a fresh read.
 */
export class MonitorChangedError extends ConflictError {}

/** The backing store asked us to slow down; safe to retry later. */
export class ThrottledError extends CrossCheckError {}

/** A region (its verify queue or verifier) cannot be reached. */
export class RegionUnavailableError extends CrossCheckError {
  readonly region: string;
  constructor(region: string, options?: { cause?: unknown }) {
    super(`region ${region} is unavailable`, options);
    this.region = region;
  }
}

/** The signing key could not be used (missing, corrupt, KMS refused). */
export class SignerError extends CrossCheckError {}

/** Configuration or startup state that must stop the program. */
export class ConfigError extends CrossCheckError {}

/** A mail server refused a message or could not be reached; `responseCode` is the SMTP reply code when one came. */
export class MailError extends CrossCheckError {
  readonly responseCode: number | null;
  readonly retryable: boolean;
  constructor(message: string, options: { responseCode?: number | null; retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.responseCode = options.responseCode ?? null;
    this.retryable = options.retryable;
  }
}
