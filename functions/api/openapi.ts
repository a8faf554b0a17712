/**
 * The OpenAPI 3.1 document, generated from the route table: the same zod schemas the
 * handler validates requests with (and the tests hold responses to).
 */
import * as z from 'zod';
import type { Route } from './route.ts';
import { INPUT_COMPONENTS, OUTPUT_COMPONENTS } from './schemas/components.ts';

export interface OpenApiOptions {
  readonly title?: string;
  readonly version?: string;
  readonly description?: string;
}

type JsonObject = Record<string, unknown>;

const REF = (id: string) => `#/components/schemas/${id}`;

const DESCRIPTION = `Uptime monitoring whose verdicts can be trusted and proven: a failure seen from one
region is re-checked from another before anything is declared down, and every incident
and monitor change is a signed, hash-chained ledger entry (compact JWS, ES256) that anyone
can verify with the keys at /.well-known/jwks.json.

Errors are RFC 9457 problem details (application/problem+json) naming each bad field.
Unknown route: 404; known route, wrong method: 405 with Allow; body over 64 KiB: 413; a body that is not application/json: 415.
Operations marked with a security requirement need auth: a bearer token in local mode,
AWS SigV4 (IAM) behind API Gateway. Public operations never show monitor URLs, headers or bodies.`;

export function buildOpenApiDocument(routes: readonly Route[], options: OpenApiOptions = {}): JsonObject {
  const components = new SchemaComponents();
  for (const [id, schema] of Object.entries(INPUT_COMPONENTS)) components.input(schema, id);
  for (const [id, schema] of Object.entries(OUTPUT_COMPONENTS)) components.output(schema, id);

  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const route of routes) {
    const path = route.path.replace(/\{(\w+)\+\}/g, '{$1}');
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = operation(route, components);
  }

  const tags = [...new Set(routes.map((r) => r.tag))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: options.title ?? 'CrossCheck API',
      version: options.version ?? '1',
      description: options.description ?? DESCRIPTION,
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: '/' }],
    tags,
    paths,
    components: {
      schemas: components.emit(),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          description: 'Local mode: the admin token printed at start and kept in <data-dir>/admin-token.',
        },
        sigv4: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'In AWS: API Gateway IAM authorization; sign requests with AWS Signature Version 4 (service execute-api).',
          'x-amazon-apigateway-authtype': 'awsSigv4',
        },
        agentToken: {
          type: 'http',
          scheme: 'bearer',
          description: 'Probe agents: the agent token `crosscheck agents add <name>` printed. It opens the /v1/agent/ routes and nothing else.',
        },
      },
    },
  };
}

function operation(route: Route, components: SchemaComponents): JsonObject {
  const parameters: JsonObject[] = [];
  if (route.params) parameters.push(...parametersOf(route.params, 'path'));
  if (route.query) parameters.push(...parametersOf(route.query, 'query'));

  const responses: Record<string, JsonObject> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    const contentType = spec.contentType ?? 'application/json';
    const response: JsonObject = { description: spec.description };
    if (spec.schema) response['content'] = { [contentType]: { schema: { $ref: REF(components.output(spec.schema, `${capitalize(route.operationId)}${status}`)) } } };
    else if (spec.contentType) response['content'] = { [contentType]: { schema: contentSchema(contentType) } };
    if (spec.headers) {
      response['headers'] = Object.fromEntries(
        Object.entries(spec.headers).map(([name, header]) => [name, { description: header.description, schema: header.schema ? inline(header.schema, 'output') : { type: 'string' } }]),
      );
    }
    responses[status] = response;
  }
  const problem = (description: string, headers?: JsonObject) => ({
    description,
    ...(headers ? { headers } : {}),
    content: { 'application/problem+json': { schema: { $ref: REF('Problem') } } },
  });
  if (route.query || route.body) responses['400'] ??= problem('Invalid JSON, or a field or query parameter that breaks the schema; `errors` names each one.');
  if (route.auth || route.agentToken) responses['401'] ??= problem('Missing or wrong credentials.', { 'WWW-Authenticate': { description: 'Bearer (local mode).', schema: { type: 'string' } } });
  if (route.params) responses['404'] ??= problem('No such resource.');
  if (route.body) responses['413'] ??= problem('The body is larger than 64 KiB.');
  if (route.body) responses['415'] ??= problem('The body is not sent as application/json (or a +json type).');
  responses['default'] = problem('Any other error (500 leaks no internals).');

  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description ? { description: route.description } : {}),
    tags: [route.tag],
    security: route.auth ? [{ bearerAuth: [] }, { sigv4: [] }] : route.agentToken ? [{ agentToken: [] }] : [],
    ...(parameters.length > 0 ? { parameters } : {}),
    ...(route.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: { $ref: REF(components.input(route.body, `${capitalize(route.operationId)}Request`)) } } } } }
      : {}),
    responses,
  };
}

function parametersOf(schema: z.ZodObject<z.ZodRawShape>, where: 'path' | 'query'): JsonObject[] {
  const json = inline(schema, 'input') as { properties?: Record<string, JsonObject>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: where,
      required: where === 'path' || (json.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}

function contentSchema(contentType: string): JsonObject {
  if (contentType === 'application/json') return { type: 'object' };
  if (contentType.startsWith('text/') || contentType === 'image/svg+xml') return { type: 'string' };
  return { type: 'string', format: 'binary' };
}

/** Collects the schemas the document refers to as components, for request (input) and response (output) shapes. */
class SchemaComponents {
  private readonly inputs = z.registry<{ id: string }>();
  private readonly outputs = z.registry<{ id: string }>();

  input(schema: z.ZodType, fallbackId: string): string {
    return this.register(this.inputs, schema, fallbackId);
  }

  output(schema: z.ZodType, fallbackId: string): string {
    return this.register(this.outputs, schema, fallbackId);
  }

  private register(registry: z.core.$ZodRegistry<{ id: string }>, schema: z.ZodType, fallbackId: string): string {
    const existing = registry.get(schema);
    if (existing) return existing.id;
    registry.add(schema, { id: fallbackId });
    return fallbackId;
  }

  emit(): Record<string, JsonObject> {
    const out: Record<string, JsonObject> = {};
    for (const [registry, io] of [[this.inputs, 'input'], [this.outputs, 'output']] as const) {
      const { schemas } = z.toJSONSchema(registry, { io, uri: REF, target: 'draft-2020-12', unrepresentable: 'any', override: openObjects }) as { schemas: Record<string, JsonObject> };
      for (const [id, schema] of Object.entries(schemas)) {
        if (out[id]) throw new Error(`two schemas named ${id} in the OpenAPI document`);
        const { $schema: _schema, $id: _id, ...rest } = schema;
        out[id] = rest;
      }
    }
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }
}

function inline(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _schema, ...rest } = z.toJSONSchema(schema, {
    io,
    target: 'draft-2020-12',
    unrepresentable: 'any',
    metadata: z.registry(),
    override: openObjects,
  }) as JsonObject;
  return rest;
}

/**
 * Plain (non-strict) zod objects strip unknown keys, which zod renders as
 * `additionalProperties: false`; in a response that would forbid adding fields later.
 * Only strict objects (request bodies) keep it.
 */
function openObjects(context: { zodSchema: z.core.$ZodType; jsonSchema: JsonObject }): void {
  const def = context.zodSchema._zod.def as { type: string; catchall?: unknown };
  if (def.type === 'object' && def.catchall === undefined && context.jsonSchema['additionalProperties'] === false) {
    delete context.jsonSchema['additionalProperties'];
  }
}

function capitalize(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}
