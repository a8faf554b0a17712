/**
 * A route is data: method, path pattern, whether it needs auth, the zod schemas of its
 * path parameters, query, body and responses, and the function that serves it. The
 * handler validates with these schemas and the OpenAPI document is generated from them.
 */
import type { z } from 'zod';
import type { ApiGatewayV2Event } from './event.ts';
import type { Reply } from './reply.ts';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ResponseSpec {
  readonly description: string;
  /** The JSON body (or, for non-JSON content, left out). */
  readonly schema?: z.ZodType;
  /** Default `application/json`. */
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, { readonly description: string; readonly schema?: z.ZodType }>>;
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

export interface RouteContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly event: ApiGatewayV2Event;
}

export interface RouteDefinition<P extends AnyObject, Q extends AnyObject, B extends z.ZodType> {
  readonly method: HttpMethod;
  /** OpenAPI style: `/v1/monitors/{id}`; `{name+}` matches the rest of the path, slashes included. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly auth: boolean;
  /** Who else may use an (auth) route besides those `deps.authorize` admits (a read-only metrics token). */
  readonly alsoAuthorize?: (event: ApiGatewayV2Event) => boolean;
  /** Authenticated by an agent token inside the handler (the agent routes); documented as the agentToken scheme. */
  readonly agentToken?: boolean;
  readonly params?: P;
  readonly query?: Q;
  readonly body?: B;
  /** Statuses this route itself returns; the generic ones (400, 401, 404, 405, 413, 500) are added where they apply. */
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  handle(context: RouteContext<z.output<P>, z.output<Q>, z.output<B>>): Promise<Reply>;
  /**
   * How this route answers an error (a bad query, a failing store) instead of problem+json:
   * a badge must stay an image an `<img>` can show. `reason` is the problem's text.
   */
  readonly errorReply?: (status: number, reason: string) => Reply;
}

/** A route with its types erased, as the router and the OpenAPI generator see it. */
export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tag: string;
  readonly auth: boolean;
  readonly alsoAuthorize?: (event: ApiGatewayV2Event) => boolean;
  readonly agentToken?: boolean;
  readonly params?: AnyObject;
  readonly query?: AnyObject;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  handle(context: RouteContext<unknown, unknown, unknown>): Promise<Reply>;
  readonly errorReply?: (status: number, reason: string) => Reply;
}

/** Keeps the handler's context typed by the route's own schemas. */
export function defineRoute<P extends AnyObject, Q extends AnyObject, B extends z.ZodType = z.ZodUndefined>(
  definition: RouteDefinition<P, Q, B>,
): Route {
  return definition as unknown as Route;
}
