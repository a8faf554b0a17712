/**
 * Conditional GET (RFC 9110 section 13.1.2): a JSON answer with a strong ETag over its
 * content, and 304 Not Modified when the request's If-None-Match names it, so that a
 * view polling once in a while transfers nothing while nothing changed.
 */
import { createHash } from 'node:crypto';
import type { ApiGatewayV2Event } from './event.ts';
import { emptyReply, jsonReply, type Reply } from './reply.ts';

/**
 * `value` with its ETag computed over `stable` (the part that changes only when something
 * happened: without a generatedAt timestamp).
 */
export function conditionalJson(event: ApiGatewayV2Event, value: unknown, stable: unknown, headers: Readonly<Record<string, string>> = {}): Reply {
  const etag = `"${createHash('sha256').update(JSON.stringify(stable)).digest('base64url').slice(0, 27)}"`;
  const all = { etag, ...headers };
  if (matches(event.headers['if-none-match'], etag)) return emptyReply(304, all);
  return jsonReply(200, value, all);
}

function matches(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  if (header.trim() === '*') return true;
  // Weak comparison, as If-None-Match requires: W/"x" matches "x".
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
