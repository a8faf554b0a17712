/**
 * RFC 9457 problem details: every error the API returns is `application/problem+json`
 * `{type, title, status, detail, errors?}`. Domain errors map to statuses here, once.
 */
import { STATUS_CODES } from 'node:http';
import { ConflictError, CrossCheckError, NotFoundError, ThrottledError, ValidationError, type FieldIssue } from '../core/errors.ts';
import type { Reply } from './reply.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export interface Problem {
  /** `about:blank`: the status code says what kind of problem it is (RFC 9457 section 4.2.1). */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldIssue[];
}

/** An HTTP-level refusal (401, 404, 405, 413, ...) raised while reading a request. */
export class HttpError extends CrossCheckError {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, detail: string, headers: Readonly<Record<string, string>> = {}) {
    super(detail);
    this.status = status;
    this.headers = headers;
  }
}

export function problem(status: number, detail: string, errors?: readonly FieldIssue[]): Problem {
  return {
    type: 'about:blank',
    title: STATUS_CODES[status] ?? 'Error',
    status,
    detail,
    ...(errors ? { errors } : {}),
  };
}

export function problemReply(status: number, detail: string, options: { errors?: readonly FieldIssue[]; headers?: Readonly<Record<string, string>> } = {}): Reply {
  return {
    status,
    headers: options.headers ?? {},
    body: { kind: 'json', value: problem(status, detail, options.errors), contentType: PROBLEM_CONTENT_TYPE },
  };
}

/** Maps any thrown value to a problem reply; `internal` is true when it is a 500 that must be logged. */
export function errorToReply(error: unknown): { reply: Reply; internal: boolean } {
  if (error instanceof HttpError) return { reply: problemReply(error.status, error.message, { headers: error.headers }), internal: false };
  if (error instanceof ValidationError) {
    return { reply: problemReply(400, 'The request is invalid: see errors.', { errors: error.issues }), internal: false };
  }
  if (error instanceof NotFoundError) return { reply: problemReply(404, error.message), internal: false };
  if (error instanceof ConflictError) return { reply: problemReply(409, error.message), internal: false };
  if (error instanceof ThrottledError) {
    return { reply: problemReply(503, 'The service is busy; retry shortly.', { headers: { 'retry-after': '1' } }), internal: false };
  }
  return { reply: problemReply(500, 'An internal error occurred; it has been logged.'), internal: true };
}

/** A problem reply as one line of text: its detail, or each bad field and why (`window: must be one of ...`). */
export function problemText(reply: Reply): string {
  if (reply.body.kind !== 'json') return `HTTP ${reply.status}`;
  const value = reply.body.value as Partial<Problem>;
  if (value.errors && value.errors.length > 0) return value.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('; ');
  return value.detail ?? `HTTP ${reply.status}`;
}
