/** Translates SQLite's errors into CrossCheck's error hierarchy. */
import { ConflictError, CrossCheckError, ThrottledError } from '../../../core/errors.ts';

// SQLite result codes (https://sqlite.org/rescode.html); extended codes keep the primary one in the low byte.
const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;
const SQLITE_CONSTRAINT = 19;
const SQLITE_CONSTRAINT_PRIMARYKEY = 1555;
const SQLITE_CONSTRAINT_UNIQUE = 2067;
const SQLITE_CONSTRAINT_TRIGGER = 1811;

function errcodeOf(error: unknown): number | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, errcode } = error as { code?: unknown; errcode?: unknown };
  return code === 'ERR_SQLITE_ERROR' && typeof errcode === 'number' ? errcode : null;
}

/** A uniqueness violation: the row exists already. */
export function isUniqueViolation(error: unknown): boolean {
  const errcode = errcodeOf(error);
  return errcode === SQLITE_CONSTRAINT_PRIMARYKEY || errcode === SQLITE_CONSTRAINT_UNIQUE;
}

export function translateSqliteError(error: unknown, what: string): unknown {
  if (error instanceof CrossCheckError) return error;
  const errcode = errcodeOf(error);
  if (errcode === null) return error;
  const message = (error as Error).message;
  if (isUniqueViolation(error)) return new ConflictError(`${what} exists already`, { cause: error });
  if (errcode === SQLITE_CONSTRAINT_TRIGGER) return new CrossCheckError(`${what}: ${message}`, { cause: error });
  if ((errcode & 0xff) === SQLITE_CONSTRAINT) return new ConflictError(`${what}: ${message}`, { cause: error });
  if ((errcode & 0xff) === SQLITE_BUSY || (errcode & 0xff) === SQLITE_LOCKED) {
    return new ThrottledError(`${what}: the database is busy`, { cause: error });
  }
  return new CrossCheckError(`${what}: ${message}`, { cause: error });
}

/**
 * Runs one synchronous store step and hands back a promise: the ports are async so
 * that network-backed stores fit them, and errors come back translated.
 */
export function step<T>(what: string, fn: () => T): Promise<T> {
  try {
    return Promise.resolve(fn());
  } catch (error) {
    return Promise.reject(translateSqliteError(error, what));
  }
}
