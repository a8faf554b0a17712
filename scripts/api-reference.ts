/**
 * Writes docs/API.md: the HTTP API reference, generated from the same OpenAPI document
 * that GET /openapi.json serves (built by buildOpenApiDocument from the route table and
 * its zod schemas), so the page cannot drift from what the handler accepts.
 * test/unit/api-reference.test.ts fails when the committed page is not what this writes.
 *
 *   npm run gen:api-reference
 */
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { apiRoutes, buildOpenApiDocument, type ApiDeps } from '../functions/api/index.ts';

export const API_REFERENCE_PATH = fileURLToPath(new URL('../docs/API.md', import.meta.url));

type Json = Record<string, unknown>;

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly required?: boolean;
  readonly description?: string;
  readonly schema?: Json;
}

interface Operation {
  readonly summary?: string;
  readonly description?: string;
  readonly security?: readonly Json[];
  readonly parameters?: readonly Parameter[];
  readonly requestBody?: { readonly content: Record<string, { readonly schema: Json }> };
  readonly responses: Record<string, { readonly description: string; readonly content?: Record<string, { readonly schema?: Json }> }>;
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** A schema in a few words: `Monitor`, `integer 1..100 (default 20)`, `open | resolved`. */
function schemaWords(schema: Json | undefined): string {
  if (schema === undefined) return '';
  if (typeof schema['$ref'] === 'string') return `\`${String(schema['$ref']).split('/').at(-1)}\``;
  if (Array.isArray(schema['enum'])) return (schema['enum'] as unknown[]).map((v) => `\`${String(v)}\``).join(' | ');
  if (typeof schema['const'] === 'string') return `\`${schema['const']}\``;
  const type = String(schema['type'] ?? (schema['anyOf'] ? 'one of several' : 'any'));
  const range =
    schema['minimum'] !== undefined || schema['maximum'] !== undefined ? ` ${String(schema['minimum'] ?? '')}..${String(schema['maximum'] ?? '')}` : '';
  const format = schema['format'] ? ` (${String(schema['format'])})` : '';
  const fallback = schema['default'] !== undefined ? ` (default ${JSON.stringify(schema['default'])})` : '';
  return `${type}${range}${format}${fallback}`;
}

function bodyOf(content: Record<string, { readonly schema?: Json }> | undefined): string {
  if (content === undefined) return '';
  return Object.entries(content)
    .map(([type, { schema }]) => `${schemaWords(schema)} (${type})`)
    .join(', ');
}

function operationSection(method: string, path: string, op: Operation): string {
  const auth = op.security !== undefined && op.security.length > 0 ? 'Needs auth (a bearer token locally, SigV4 in AWS).' : 'Public.';
  const lines = [`### ${method.toUpperCase()} ${path}`, '', op.summary ? `${op.summary}. ${auth}` : auth];
  if (op.description) lines.push('', op.description);
  const parameters = op.parameters ?? [];
  if (parameters.length > 0) {
    lines.push('', '| parameter | in | required | schema | description |', '|---|---|---|---|---|');
    for (const p of parameters) lines.push(`| \`${p.name}\` | ${p.in} | ${p.required ? 'yes' : 'no'} | ${cell(schemaWords(p.schema))} | ${cell(p.description ?? '')} |`);
  }
  if (op.requestBody) lines.push('', `Body: ${bodyOf(op.requestBody.content)}.`);
  lines.push('', '| status | meaning | body |', '|---|---|---|');
  for (const [status, response] of Object.entries(op.responses)) lines.push(`| ${status} | ${cell(response.description)} | ${cell(bodyOf(response.content))} |`);
  return lines.join('\n');
}

/** The `type` an option of a discriminated union stands for (`http`, `tcp`, ...), if it has one. */
function discriminatorOf(option: Json): string | null {
  const type = ((option['properties'] ?? {}) as Record<string, Json>)['type'];
  return type && typeof type['const'] === 'string' ? type['const'] : null;
}

/** One component schema: its fields with their schema and description; a oneOf (monitors of each type) one table per option. */
function componentSection(name: string, schema: Json): string {
  const options = schema['oneOf'];
  if (Array.isArray(options) && options.every((option: Json) => discriminatorOf(option) !== null)) {
    const head = [`### ${name}`, '', `One of ${options.length} shapes, by \`type\`:`];
    const parts = (options as Json[]).map((option) => fieldsOf(`#### ${name} (type \`${discriminatorOf(option)!}\`)`, option));
    return [...head, '', ...parts].join('\n\n').replace(/\n{3,}/g, '\n\n');
  }
  return fieldsOf(`### ${name}`, schema);
}

function fieldsOf(title: string, schema: Json): string {
  const lines = [title, ''];
  if (typeof schema['description'] === 'string') lines.push(schema['description'], '');
  const properties = (schema['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((schema['required'] ?? []) as string[]);
  if (Object.keys(properties).length === 0) {
    lines.push(schemaWords(schema));
    return lines.join('\n');
  }
  lines.push('| field | required | schema | description |', '|---|---|---|---|');
  for (const [field, property] of Object.entries(properties)) {
    lines.push(`| \`${field}\` | ${required.has(field) ? 'yes' : 'no'} | ${cell(schemaWords(property))} | ${cell(String(property['description'] ?? ''))} |`);
  }
  return lines.join('\n');
}

/** The text of docs/API.md for the API as it is now. */
export function apiReference(): string {
  // The routes are data: building them (and the document) reads nothing from the dependencies.
  const document = buildOpenApiDocument(apiRoutes({} as ApiDeps)) as {
    info: { description?: string };
    paths: Record<string, Record<string, Operation>>;
    components: { schemas: Record<string, Json> };
  };
  const sections = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => operationSection(method, path, op)),
  );
  const index = Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, op]) => `| ${method.toUpperCase()} | \`${path}\` | ${op.security?.length ? 'auth' : 'public'} | ${cell(op.summary ?? '')} |`),
  );
  return [
    '# CrossCheck HTTP API, version 1',
    '',
    '<!-- GENERATED by `npm run gen:api-reference` (scripts/api-reference.ts) from the OpenAPI document. Do not edit: change the route schemas and run the command again. -->',
    '',
    'The same routes are served by the local runtime (`npm start`) and by API Gateway in AWS. `GET /openapi.json` serves the full OpenAPI 3.1 document this page is made from; the component schemas (`Monitor`, `Incident`, ...) are defined there.',
    '',
    document.info.description ?? '',
    '',
    '| method | path | | what |',
    '|---|---|---|---|',
    ...index,
    '',
    '## Routes',
    '',
    ...sections.flatMap((section) => [section, '']),
    '## Schemas',
    '',
    ...Object.entries(document.components.schemas)
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([name, schema]) => [componentSection(name, schema), '']),
  ].join('\n');
}

// Run as a command (import.meta.main would need Node 24.2; package.json allows 22.18).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await writeFile(API_REFERENCE_PATH, apiReference());
  console.log(`wrote ${API_REFERENCE_PATH}`);
}
