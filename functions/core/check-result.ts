/**
 * The check result: everything one check observed, and its verdict. A failed check
 * is data with a cause, never an exception. Its zod schemas (below the types) are the
 * only ones: the queue messages carry results with them, and the API documents its
 * results by adding descriptions to them.
 */
import * as z from 'zod';
import { DateTimeSchema } from './date-time.ts';
import { RegionNameSchema } from './region.ts';

/** Why a check failed. `null` on a passing check. */
export type FailureCause =
  | 'dns' // the name did not resolve
  | 'connect' // TCP connection refused, reset or unreachable
  | 'tls' // handshake failed, or the certificate did not verify
  | 'timeout' // the whole check took longer than its timeout
  | 'http' // the server broke HTTP: malformed response, reset mid-response, redirect loop or limit
  | 'condition' // the exchange worked but a condition failed
  | 'body' // the body was larger than the cap
  | 'blocked' // the SSRF guard refused the address
  | 'protocol'; // a tcp, tls or dns monitor's server broke its protocol (a malformed DNS message, a refused STARTTLS)

export const FAILURE_CAUSES: readonly FailureCause[] = [
  'dns', 'connect', 'tls', 'timeout', 'http', 'condition', 'body', 'blocked', 'protocol',
];

/** What a `dns` monitor's query got: the resolver asked, the response code and the answers. */
export interface DnsFacts {
  /** `address:port` of the resolver asked. */
  readonly resolver: string;
  readonly transport: 'udp' | 'tcp';
  readonly queryName: string;
  readonly queryType: string;
  /** NOERROR, NXDOMAIN, SERVFAIL, ... (RFC 1035 / IANA names, as Gatus prints them). */
  readonly rcode: string;
  /** Each answer record of the queried type as `TYPE value` in presentation form, in the order received. */
  readonly answers: readonly string[];
}

/** Milliseconds, from socket events. `null` when that phase did not happen (no TLS on http, or failed before it). */
export interface Timings {
  readonly dns: number | null;
  readonly connect: number | null;
  readonly tls: number | null;
  readonly ttfb: number | null;
  readonly total: number;
}

export interface TlsFacts {
  readonly protocol: string | null;
  readonly cipher: string | null;
  readonly subject: string | null;
  readonly issuer: string | null;
  readonly subjectAltNames: readonly string[];
  /** RFC 3339. */
  readonly notBefore: string | null;
  /** RFC 3339. */
  readonly notAfter: string | null;
  /** SHA-256 of the leaf certificate, colon-separated hex as OpenSSL prints it. */
  readonly fingerprint256: string | null;
  /** Whole days until notAfter, rounded down; negative once expired. */
  readonly daysLeft: number | null;
  readonly chainVerified: boolean;
  /** OpenSSL's code when the chain (or the host name) did not verify, e.g. `CERT_HAS_EXPIRED`. */
  readonly verificationError: string | null;
}

export interface RedirectHop {
  readonly url: string;
  readonly status: number;
  readonly location: string;
}

/**
 * The URL a failure names (where a redirect loop closed, where the redirect limit was
 * hit), as parsed fields, so that public text is built from them field by field and
 * never by finding a URL in free text. Userinfo, query and fragment are not kept: the
 * full URL stays in `error` and `redirects`, for the operator.
 */
export interface FailureUrl {
  /** `http` or `https`. */
  readonly scheme: string;
  /** The WHATWG URL parser's hostname: lower case, IDNA to ASCII, an IPv6 address in brackets. */
  readonly host: string;
  /** `null` when it is the scheme's default port. */
  readonly port: number | null;
  /** The path as the URL parser leaves it (percent-encoded where it encodes). Never public: see publicUrl. */
  readonly path: string;
}

export interface ConditionResult {
  /** The resolved text, Gatus style: `[STATUS] (503) == 200`. */
  readonly condition: string;
  readonly success: boolean;
}

/** What the engine saw, before conditions. Produced by `functions/engine`. */
/** What a system error code looks like (`ECONNREFUSED`, `ERR_TLS_CERT_ALTNAME_INVALID`): the engine keeps such codes as they are, and public text shows them as they are. */
export const SYSTEM_CODE_PATTERN = /^[A-Z][A-Z0-9_]{1,63}$/;

export interface Observation {
  readonly url: string;
  readonly method: string;
  readonly region: string;
  /** RFC 3339 time the check started. */
  readonly startedAt: string;
  /** TCP connection to the target was established (on the last hop). */
  readonly connected: boolean;
  /** HTTP status of the final response, 0 when there was none. */
  readonly status: number;
  readonly httpVersion: string | null;
  readonly remoteIp: string | null;
  readonly timings: Timings;
  /** Selected response headers, lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body as text, read up to the cap. */
  readonly body: string;
  readonly bodyBytes: number;
  readonly tls: TlsFacts | null;
  readonly redirects: readonly RedirectHop[];
  /** Transport-level failure, if any (never `condition`). */
  readonly cause: Exclude<FailureCause, 'condition'> | null;
  /** Human-readable reason for `cause`, for the operator: it may quote whole URLs and addresses, so it is never public. */
  readonly error: string | null;
  /**
   * The stable code of the failure, with `cause` its structured form: a system code
   * (`ECONNREFUSED`, `ENOTFOUND`, `CERT_HAS_EXPIRED`, `ERR_TLS_CERT_ALTNAME_INVALID`,
   * `HPE_INVALID_CONSTANT`) or one of the engine's own in lower snake case
   * (`redirect_loop`, `too_many_redirects`, `connecting`, `private_address`, ...).
   * Null when there was no failure; absent on results recorded before it existed.
   */
  readonly errorCode?: string | null;
  /** The URL the failure names (`redirect_loop`, `too_many_redirects`), parsed; else null. Absent on older results. */
  readonly errorUrl?: FailureUrl | null;
  /** A `dns` monitor's response; absent for other types (and null when no response came). */
  readonly dns?: DnsFacts | null;
}

/** The observation with the conditions' verdicts. Bodies are cut to an excerpt. */
export interface CheckResult extends Omit<Observation, 'body' | 'cause'> {
  readonly success: boolean;
  readonly cause: FailureCause | null;
  readonly conditions: readonly ConditionResult[];
  /** The first bytes of the body (at most BODY_EXCERPT_CHARS), for evidence. */
  readonly bodyExcerpt: string;
  /** A probe agent's result: the compact JWS (ES256) it signed this result with, as it posted it. Absent on the hub's own results. */
  readonly signed?: string;
}

export const BODY_EXCERPT_CHARS = 512;

/** The fields of an http(s) URL a failure may name; `null` for any other URL. */
export function failureUrlOf(url: URL): FailureUrl | null {
  const scheme = url.protocol.slice(0, -1);
  if (scheme !== 'http' && scheme !== 'https') return null;
  return { scheme, host: url.hostname, port: url.port === '' ? null : Number(url.port), path: url.pathname };
}

/** `failureUrlOf` of a URL's text; `null` when it is not an absolute http(s) URL. */
export function parseFailureUrl(text: string): FailureUrl | null {
  try {
    return failureUrlOf(new URL(text));
  } catch {
    return null;
  }
}

export const FailureCauseSchema = z.enum(FAILURE_CAUSES as [FailureCause, ...FailureCause[]]);

const millis = z.number().nonnegative();

export const TimingsSchema = z.object({
  dns: millis.nullable(),
  connect: millis.nullable(),
  tls: millis.nullable(),
  ttfb: millis.nullable(),
  total: millis,
}) satisfies z.ZodType<Timings>;

export const TlsFactsSchema = z.object({
  protocol: z.string().nullable(),
  cipher: z.string().nullable(),
  subject: z.string().nullable(),
  issuer: z.string().nullable(),
  subjectAltNames: z.array(z.string()),
  notBefore: z.string().nullable(),
  notAfter: z.string().nullable(),
  fingerprint256: z.string().nullable(),
  daysLeft: z.number().int().nullable(),
  chainVerified: z.boolean(),
  verificationError: z.string().nullable(),
}) satisfies z.ZodType<TlsFacts>;

export const RedirectHopSchema = z.object({ url: z.string(), status: z.number().int(), location: z.string() }) satisfies z.ZodType<RedirectHop>;

export const FailureUrlSchema = z.object({
  scheme: z.string(),
  host: z.string(),
  port: z.number().int().min(1).max(65_535).nullable(),
  path: z.string(),
}) satisfies z.ZodType<FailureUrl>;

export const DnsFactsSchema = z.object({
  resolver: z.string(),
  transport: z.enum(['udp', 'tcp']),
  queryName: z.string(),
  queryType: z.string(),
  rcode: z.string(),
  answers: z.array(z.string()),
}) satisfies z.ZodType<DnsFacts>;

export const ConditionResultSchema = z.object({ condition: z.string(), success: z.boolean() }) satisfies z.ZodType<ConditionResult>;

/** Loose: fields a newer probe adds travel on instead of being dropped from the evidence. */
export const CheckResultSchema = z.looseObject({
  url: z.string(),
  method: z.string(),
  region: RegionNameSchema,
  startedAt: DateTimeSchema,
  connected: z.boolean(),
  status: z.number().int().min(0),
  httpVersion: z.string().nullable(),
  remoteIp: z.string().nullable(),
  timings: TimingsSchema,
  headers: z.record(z.string(), z.string()),
  bodyBytes: z.number().int().min(0),
  tls: TlsFactsSchema.nullable(),
  redirects: z.array(RedirectHopSchema),
  error: z.string().nullable(),
  // Optional: results stored before these fields existed still parse.
  errorCode: z.string().nullable().optional(),
  errorUrl: FailureUrlSchema.nullable().optional(),
  dns: DnsFactsSchema.nullable().optional(),
  success: z.boolean(),
  cause: FailureCauseSchema.nullable(),
  conditions: z.array(ConditionResultSchema),
  bodyExcerpt: z.string(),
  signed: z.string().optional(),
}) satisfies z.ZodType<CheckResult>;
