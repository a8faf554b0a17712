/**
 * The HTTP API v1 as one function: an API Gateway HTTP API (payload 2.0) event in, a
 * result out. The same code runs in Lambda and behind the local runtime's HTTP server,
 * which only converts a Node request into this event and the result back.
 */
import { gzipSync } from 'node:zlib';
import { BEARER_CHALLENGE } from './auth.ts';
import type { ApiDeps } from './deps.ts';
import type { ApiGatewayV2Event, ApiGatewayV2Result, ApiHandler } from './event.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { errorToReply, problemReply, problemText } from './problem.ts';
import { jsonReply, type Reply } from './reply.ts';
import { assertBodySize, assertJsonContentType, bodyBytes, parseJsonBody, queryRecord, validate } from './request.ts';
import { defineRoute, type Route } from './route.ts';
import { createRouter } from './router.ts';
import { agentRoutes } from './routes/agents.ts';
import { badgeRoutes } from './routes/badges.ts';
import { channelRoutes } from './routes/channels.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { incidentRoutes } from './routes/incidents.ts';
import { ledgerRoutes } from './routes/ledger.ts';
import { monitorRoutes } from './routes/monitors.ts';
import { siteRoutes } from './routes/site.ts';
import { statusRoutes } from './routes/status.ts';
import { tlogRoutes } from './routes/tlog.ts';
import { summaryRoutes } from './routes/summary.ts';
import { incidentUpdateRoutes } from './routes/incident-updates.ts';
import { statusPageRoutes } from './routes/status-pages.ts';

/** Every route of the API, in the order the OpenAPI document lists them. */
export function apiRoutes(deps: ApiDeps): Route[] {
  const routes: Route[] = [
    ...monitorRoutes(deps),
    ...summaryRoutes(deps),
    ...incidentRoutes(deps),
    ...channelRoutes(deps),
    ...metricsRoutes(deps),
    ...incidentUpdateRoutes(deps),
    ...ledgerRoutes(deps),
    ...tlogRoutes(deps),
    ...statusRoutes(deps),
    ...statusPageRoutes(deps),
    ...badgeRoutes(deps),
    ...siteRoutes(deps),
    ...agentRoutes(deps),
  ];
  let document: Record<string, unknown> | null = null;
  routes.push(
    defineRoute({
      method: 'GET',
      path: '/openapi.json',
      operationId: 'getOpenApiDocument',
      summary: 'This OpenAPI 3.1 document',
      tag: 'meta',
      auth: false,
      responses: { 200: { description: 'The document.', contentType: 'application/json' } },
      async handle() {
        document ??= buildOpenApiDocument(routes, { version: deps.version ?? '1' });
        return jsonReply(200, document, { 'cache-control': 'no-cache' });
      },
    }),
  );
  return routes;
}

export function createApi(deps: ApiDeps): ApiHandler {
  const router = createRouter(apiRoutes(deps));

  async function dispatch(event: ApiGatewayV2Event, method: string): Promise<Reply> {
    const path = routedPath(event);
    const match = router.match(method, path);
    if (match.kind === 'not-found') return problemReply(404, `No route ${path}.`);
    if (match.kind === 'method-not-allowed') {
      const allow = match.allow.join(', ');
      if (method === 'OPTIONS') return { status: 204, headers: { allow }, body: { kind: 'none' } };
      return problemReply(405, `${method} is not allowed on ${path}; use ${allow}.`, { headers: { allow } });
    }
    const { route } = match;
    if (route.auth && !deps.authorize(event) && !(route.alsoAuthorize?.(event) ?? false)) {
      return problemReply(401, 'This route needs authentication: Authorization: Bearer <token> (local mode) or AWS SigV4.', {
        headers: { 'www-authenticate': BEARER_CHALLENGE },
      });
    }
    const reply = route.errorReply ? await handleOrErrorReply(route, route.errorReply, match.params, event, method) : await handle(route, match.params, event);
    if (reply.headers['cache-control'] === undefined) {
      // Management answers are never cached; public ones may be, after revalidation.
      return { ...reply, headers: { ...reply.headers, 'cache-control': route.auth ? 'no-store' : 'no-cache' } };
    }
    return reply;
  }

  async function handle(route: Route, pathParams: Readonly<Record<string, string>>, event: ApiGatewayV2Event): Promise<Reply> {
    const bytes = bodyBytes(event);
    assertBodySize(bytes);
    const params = route.params ? validate(route.params, pathParams) : {};
    const query = route.query ? validate(route.query, queryRecord(event.rawQueryString)) : {};
    if (route.body) assertJsonContentType(event.headers['content-type']);
    const body = route.body ? validate(route.body, parseJsonBody(bytes)) : undefined;
    return route.handle({ params, query, body, event });
  }

  /** A route that answers its own errors (a badge): the problem's status and text, in the route's form. */
  async function handleOrErrorReply(
    route: Route,
    errorReply: NonNullable<Route['errorReply']>,
    pathParams: Readonly<Record<string, string>>,
    event: ApiGatewayV2Event,
    method: string,
  ): Promise<Reply> {
    try {
      return await handle(route, pathParams, event);
    } catch (error) {
      const mapped = errorToReply(error);
      if (mapped.internal) logUnhandled(error, event, method);
      return errorReply(mapped.reply.status, problemText(mapped.reply));
    }
  }

  function logUnhandled(error: unknown, event: ApiGatewayV2Event, method: string): void {
    deps.logger.error('api: unhandled error', {
      method,
      path: event.rawPath,
      requestId: event.requestContext.requestId,
      error: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error),
    });
  }

  return async (event) => {
    const method = event.requestContext.http.method.toUpperCase();
    let reply: Reply;
    try {
      reply = await dispatch(event, method);
    } catch (error) {
      const mapped = errorToReply(error);
      if (mapped.internal) logUnhandled(error, event, method);
      reply = mapped.reply;
    }
    return compressed(toResult(reply, method === 'HEAD'), event.headers['accept-encoding']);
  };
}

/** rawPath without a named stage's prefix (API Gateway keeps `/<stage>` in front unless the stage is `$default`). */
function routedPath(event: ApiGatewayV2Event): string {
  const stage = event.requestContext.stage;
  if (!stage || stage === '$default') return event.rawPath;
  const prefix = `/${stage}`;
  if (event.rawPath === prefix) return '/';
  return event.rawPath.startsWith(`${prefix}/`) ? event.rawPath.slice(prefix.length) : event.rawPath;
}

function toResult(reply: Reply, head: boolean): ApiGatewayV2Result {
  const headers: Record<string, string> = { 'x-content-type-options': 'nosniff', ...reply.headers };
  let data: Buffer | null = null;
  switch (reply.body.kind) {
    case 'json':
      headers['content-type'] = reply.body.contentType ?? 'application/json';
      data = Buffer.from(JSON.stringify(reply.body.value), 'utf8');
      break;
    case 'raw':
      headers['content-type'] = reply.body.contentType;
      data = typeof reply.body.data === 'string' ? Buffer.from(reply.body.data, 'utf8') : Buffer.from(reply.body.data);
      break;
    case 'none':
      break;
  }
  if (data === null) return { statusCode: reply.status, headers, body: '', isBase64Encoded: false };
  headers['content-length'] = String(data.length);
  if (head) return { statusCode: reply.status, headers, body: '', isBase64Encoded: false };
  const text = isText(headers['content-type']!);
  return { statusCode: reply.status, headers, body: text ? data.toString('utf8') : data.toString('base64'), isBase64Encoded: !text };
}

/** Text bodies of 1 KiB and more go gzipped to a client that accepts it (the one-request views shrink about 20 times). */
function compressed(result: ApiGatewayV2Result, acceptEncoding: string | undefined): ApiGatewayV2Result {
  if (result.isBase64Encoded || result.body.length < 1024 || !acceptsGzip(acceptEncoding)) return result;
  const data = gzipSync(Buffer.from(result.body, 'utf8'));
  const headers = { ...result.headers, 'content-encoding': 'gzip', 'content-length': String(data.length), vary: 'accept-encoding' };
  return { ...result, headers, body: data.toString('base64'), isBase64Encoded: true };
}

function acceptsGzip(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => {
    const [coding, ...params] = part.trim().toLowerCase().split(';');
    return coding === 'gzip' && !params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
  });
}

function isText(contentType: string): boolean {
  return /^(text\/|application\/([\w.+-]*\+)?(json|javascript|xml)|image\/svg\+xml)/.test(contentType);
}

