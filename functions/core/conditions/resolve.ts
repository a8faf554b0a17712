/**
 * Turns one side of a condition into the text Gatus compares, from what the probe
 * observed. A `[BODY]` path that leads nowhere resolves to `<side> (INVALID)`, as in
 * Gatus, and that text takes part in the comparison like any other.
 */
import type { Observation } from '../check-result.ts';
import { evaluatePath, parseJson, type JsonDocument } from './jsonpath.ts';
import type { Operand, PlaceholderRef } from './syntax.ts';
import { trimSpace, utf8Length } from './text.ts';

export const INVALID_SUFFIX = '(INVALID)';

const documents = new WeakMap<Observation, JsonDocument>();

/** The body decoded as JSON, once per observation however many conditions read it. */
function bodyDocument(observation: Observation): JsonDocument {
  let document = documents.get(observation);
  if (!document) {
    document = parseJson(observation.body);
    documents.set(observation, document);
  }
  return document;
}

export function resolveOperand(operand: Operand, observation: Observation): string {
  switch (operand.kind) {
    case 'placeholder':
    case 'len':
    case 'has':
      return resolvePlaceholder(operand.ref, operand.kind, operand.text, observation);
    default:
      return operand.text;
  }
}

type Wrapper = 'placeholder' | 'len' | 'has';

function resolvePlaceholder(ref: PlaceholderRef, wrapper: Wrapper, text: string, observation: Observation): string {
  if (ref.name !== 'BODY') return wrap(scalar(ref.name, observation), wrapper);
  const body = observation.body;
  if (ref.path === null) return resolveWholeBody(body, wrapper, observation);
  const found = evaluatePath(ref.path, body, () => bodyDocument(observation));
  if (wrapper === 'has') return String(found.ok);
  if (!found.ok) return `${text} ${INVALID_SUFFIX}`;
  return wrapper === 'len' ? String(found.length) : found.text;
}

function resolveWholeBody(body: string, wrapper: Wrapper, observation: Observation): string {
  const trimmed = trimSpace(body);
  if (wrapper === 'has') return String(trimmed.length > 0);
  if (wrapper === 'placeholder') return trimmed;
  // len([BODY]): the number of elements of a JSON array, else the length of the text.
  const found = evaluatePath('', body, () => bodyDocument(observation));
  return String(found.ok ? found.length : utf8Length(trimmed));
}

function wrap(value: string, wrapper: Wrapper): string {
  if (wrapper === 'has') return String(value !== '');
  if (wrapper === 'len') return String(utf8Length(value));
  return value;
}

function scalar(name: Exclude<PlaceholderRef['name'], 'BODY'>, observation: Observation): string {
  switch (name) {
    case 'STATUS':
      return String(observation.status);
    case 'IP':
      return observation.remoteIp ?? '';
    case 'RESPONSE_TIME':
      // The whole check in whole milliseconds; Gatus stops its clock at the response headers.
      return String(Math.trunc(observation.timings.total));
    case 'CONNECTED':
      return String(observation.connected);
    case 'CERTIFICATE_EXPIRATION':
      return String(certificateExpirationMs(observation));
    case 'DNS_RCODE':
      // As in Gatus: the response code's name (NOERROR, NXDOMAIN, SERVFAIL, ...); empty without a DNS response.
      return observation.dns?.rcode ?? '';
  }
}

/**
 * Milliseconds from the start of the check until the leaf certificate's notAfter
 * (negative once expired), 0 when there is no certificate, as in Gatus.
 */
export function certificateExpirationMs(observation: Observation): number {
  const notAfter = observation.tls?.notAfter;
  if (!notAfter) return 0;
  const expires = Date.parse(notAfter);
  const started = Date.parse(observation.startedAt);
  return Number.isNaN(expires) || Number.isNaN(started) ? 0 : expires - started;
}
