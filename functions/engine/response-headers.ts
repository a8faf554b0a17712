/**
 * The response headers a result keeps: enough to explain a verdict (caching,
 * redirects, rate limits, auth challenges, which edge answered), never cookies.
 */
import type { IncomingHttpHeaders } from 'node:http';

export const KEPT_RESPONSE_HEADERS: readonly string[] = [
  'age',
  'cache-control',
  'cf-cache-status',
  'cf-ray',
  'content-encoding',
  'content-length',
  'content-type',
  'date',
  'etag',
  'expires',
  'last-modified',
  'location',
  'retry-after',
  'server',
  'strict-transport-security',
  'via',
  'www-authenticate',
  'x-amz-cf-id',
  'x-amz-cf-pop',
  'x-amzn-requestid',
  'x-cache',
  'x-correlation-id',
  'x-powered-by',
  'x-request-id',
];

/** The kept headers, lower-case names; repeated headers joined with `, `. */
export function selectHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const name of KEPT_RESPONSE_HEADERS) {
    const value = headers[name];
    if (value !== undefined) kept[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return kept;
}
