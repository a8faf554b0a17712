/**
 * Auth strategies. Locally a bearer token (printed at start, kept in the data folder);
 * in the cloud API Gateway has already checked SigV4 for the (auth) routes, so the
 * handler only confirms that an IAM authorizer context is present.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiGatewayV2Event } from './event.ts';

export type Authorize = (event: ApiGatewayV2Event) => boolean;

/** The challenge sent with 401 responses. */
export const BEARER_CHALLENGE = 'Bearer realm="crosscheck"';

/** `Authorization: Bearer <token>`, compared in constant time (both sides hashed to equal length first). */
export function bearerTokenAuth(token: string): Authorize {
  if (token.length < 16) throw new Error('the admin token must be at least 16 characters');
  const expected = createHash('sha256').update(token, 'utf8').digest();
  return (event) => {
    const header = event.headers['authorization'];
    if (!header) return false;
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) return false;
    const given = createHash('sha256').update(match[1]!, 'utf8').digest();
    return timingSafeEqual(given, expected);
  };
}

/** API Gateway HTTP API with an IAM authorizer on the (auth) routes. */
export function iamAuth(): Authorize {
  return (event) => Boolean(event.requestContext.authorizer?.iam);
}
