/**
 * Inside the engine a failed step throws a ProbeFailure; `probe` catches it and
 * returns it as data (an Observation with `cause`, `errorCode`, `errorUrl` and
 * `error`). It never escapes.
 *
 * The code is structured and stable, so that public text can be built from it: a
 * system code (`ECONNREFUSED`, `CERT_HAS_EXPIRED`, `HPE_INVALID_CONSTANT`) when Node
 * gave one, else the engine's own in lower snake case (EngineCode). The message is
 * for the operator and may quote anything.
 */
import { failureUrlOf, SYSTEM_CODE_PATTERN, type FailureCause, type FailureUrl } from '../core/check-result.ts';
import { CrossCheckError } from '../core/errors.ts';
import type { AddressRefusal } from './address-policy.ts';

export type ProbeCause = Exclude<FailureCause, 'condition'>;

/**
 * The engine's own failure codes (a system code is used instead when Node gives one).
 * Lower snake case, so that public text can show them in words.
 */
export type EngineCode =
  // dns
  | 'resolve_failed'
  | 'no_addresses'
  // connect
  | 'connect_failed'
  // tls
  | 'handshake_failed'
  | 'certificate_not_verified'
  // timeout: what the check was doing when its time ran out
  | 'resolving'
  | 'connecting'
  | 'tls_handshake'
  | 'waiting_for_response'
  | 'reading_body'
  // http
  | 'invalid_url'
  | 'unsupported_scheme'
  | 'redirect_not_http'
  | 'redirect_loop'
  | 'too_many_redirects'
  | 'request_not_sent'
  | 'broken_response'
  | 'undecodable_body'
  | 'response_broke_off'
  | 'incomplete_body'
  | 'unexpected_error'
  // body
  | 'larger_than_cap'
  // protocol: a tcp, tls or dns monitor's server broke its protocol
  | 'closed_early'
  | 'reply_too_long'
  | 'starttls_refused'
  | 'malformed_dns_message'
  | 'no_system_resolver'
  // blocked: which kind of address the SSRF guard refused
  | AddressRefusal;

/** A code Node gave (`ECONNREFUSED`), checked to look like one (see systemCode). */
export type SystemCode = string & { readonly __systemCode: true };

export interface ProbeFailureDetail {
  /** The URL the failure is about (a redirect loop's), kept as parsed fields. */
  readonly url?: URL;
  readonly cause?: unknown;
}

export class ProbeFailure extends CrossCheckError {
  readonly probeCause: ProbeCause;
  readonly code: EngineCode | SystemCode;
  readonly url: FailureUrl | null;
  constructor(probeCause: ProbeCause, code: EngineCode | SystemCode, message: string, detail: ProbeFailureDetail = {}) {
    super(message, detail.cause === undefined ? undefined : { cause: detail.cause });
    this.probeCause = probeCause;
    this.code = code;
    this.url = detail.url ? failureUrlOf(detail.url) : null;
  }
}

/** A system code as the error carries it (`code`, or a string such as `authorizationError`), if it looks like one. */
export function systemCode(error: unknown): SystemCode | null {
  const code = typeof error === 'string' ? error : error instanceof Error ? (error as NodeJS.ErrnoException).code : undefined;
  return typeof code === 'string' && SYSTEM_CODE_PATTERN.test(code) ? (code as SystemCode) : null;
}

/** The error's system code, else the engine's `fallback`. */
export function codeOf(error: unknown, fallback: EngineCode): EngineCode | SystemCode {
  return systemCode(error) ?? fallback;
}

/** `ECONNREFUSED` from a Node error, or its message when it has no code. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
