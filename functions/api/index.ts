/**
 * The HTTP API v1: one handler for API Gateway (HTTP API, payload 2.0) and the local
 * runtime. The local server converts a Node request into an ApiGatewayV2Event, calls the
 * handler and writes the result back (headers as given, body base64-decoded when
 * isBase64Encoded).
 */
export { createApi, apiRoutes } from './create-api.ts';
export type { ApiDeps, ApiLogger } from './deps.ts';
export type { ApiGatewayV2Event, ApiGatewayV2Result, ApiHandler } from './event.ts';
export { bearerTokenAuth, iamAuth, BEARER_CHALLENGE, type Authorize } from './auth.ts';
export { buildOpenApiDocument, type OpenApiOptions } from './openapi.ts';
export { MAX_BODY_BYTES } from './request.ts';
export type { Route, HttpMethod } from './route.ts';
