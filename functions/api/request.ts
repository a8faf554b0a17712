/** Reading a request: query parameters, the body (size limit, JSON) and validation against a route's schemas. */
import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../core/errors.ts';
import { monitorFieldHint } from '../core/gatus-config.ts';
import { formatPath } from '../core/monitor.ts';
import type { ApiGatewayV2Event } from './event.ts';
import { HttpError } from './problem.ts';

/** Bodies larger than this are refused with 413 before they are parsed. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Each parameter once; a repeated one is a 400 naming it. */
export function queryRecord(rawQueryString: string): Record<string, string> {
  const record: Record<string, string> = {};
  const repeated = new Set<string>();
  for (const [name, value] of new URLSearchParams(rawQueryString)) {
    if (Object.hasOwn(record, name)) repeated.add(name);
    record[name] = value;
  }
  if (repeated.size > 0) {
    throw new ValidationError([...repeated].map((name) => ({ path: name, message: 'must be given at most once' })));
  }
  return record;
}

export function bodyBytes(event: ApiGatewayV2Event): Buffer {
  if (event.body === undefined || event.body === null) return Buffer.alloc(0);
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64') : Buffer.from(event.body, 'utf8');
}

export function assertBodySize(bytes: Buffer): void {
  if (bytes.length > MAX_BODY_BYTES) {
    throw new HttpError(413, `The request body is ${bytes.length} bytes; the limit is ${MAX_BODY_BYTES} bytes (64 KiB).`);
  }
}

/** `application/json` or a `+json` media type (RFC 6839), parameters (`; charset=utf-8`) allowed. */
const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;

/** A body meant as JSON must say so: anything else (text/plain, a form, multipart, none) is a 415. */
export function assertJsonContentType(contentType: string | undefined): void {
  if (contentType !== undefined && JSON_MEDIA_TYPE.test(contentType.trim())) return;
  const given = contentType === undefined || contentType.trim() === '' ? 'no Content-Type' : `Content-Type ${JSON.stringify(contentType.slice(0, 100))}`;
  throw new HttpError(415, `The request body must be JSON, sent with Content-Type: application/json; this request has ${given}.`);
}

/** Strict UTF-8: a body with an invalid byte sequence is refused rather than stored (and signed) with U+FFFD in it. */
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function parseJsonBody(bytes: Buffer): unknown {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new ValidationError([{ path: '', message: 'is not valid UTF-8: JSON bodies must be UTF-8 encoded' }]);
  }
  if (text.trim() === '') throw new ValidationError([{ path: '', message: 'a JSON body is required' }]);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ValidationError([{ path: '', message: `is not valid JSON: ${(error as Error).message}` }]);
  }
}

/** Validates `input` with `schema`; a ValidationError names every offending field (unknown keys one by one). */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new ValidationError(fieldIssues(parsed.error));
}

export function fieldIssues(error: z.ZodError): FieldIssue[] {
  // An unknown top-level field of a body is a monitor field misspelt or named as Gatus
  // names it (`interval`): say which field was meant.
  const unknown = (path: readonly PropertyKey[], key: string): string => {
    const meant = path.length === 0 ? monitorFieldHint(key) : null;
    return meant === null ? 'is not a known field' : `is not a known field; did you mean ${meant}?`;
  };
  return error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? // zod reports unknown keys on the parent object; name each key instead.
        issue.keys.map((key) => ({ path: formatPath('', [...issue.path, key]), message: unknown(issue.path, key) }))
      : [{ path: formatPath('', issue.path), message: issue.message }],
  );
}
