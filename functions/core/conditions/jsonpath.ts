/**
 * Gatus' path into a JSON body: `[BODY].a.b`, `[BODY][0].id`, `[BODY].data[1].id`,
 * `[BODY].matrix[3][2]`. Keys are taken as written (no quoting, no wildcards).
 *
 * A path that does not lead to a value fails: a missing key, an index out of range,
 * `null`, or a body that is not JSON. Gatus also fails when a path continues past a
 * string (its issue #122); CrossCheck fails the same way past a number, boolean or
 * array, where Gatus would quietly return the value it stopped at.
 */
import { formatValue, isJsonObject, marshal, type JsonValue } from './go-format.ts';
import { utf8Length } from './text.ts';

/** The body, decoded at most once per observation. */
export type JsonDocument = { readonly ok: true; readonly value: JsonValue } | { readonly ok: false };

/** `text` is the value as Gatus shows it; `length` is what `len()` returns for it. */
export type PathResult = { readonly ok: true; readonly text: string; readonly length: number } | { readonly ok: false };

const MISSING: PathResult = { ok: false };

export function parseJson(body: string): JsonDocument {
  try {
    return { ok: true, value: JSON.parse(body) as JsonValue };
  } catch {
    return { ok: false };
  }
}

function looksLikeArray(body: string): boolean {
  return body.length > 0 && body.startsWith('[') && body.endsWith(']');
}

/**
 * Evaluates `path` (the text after `[BODY]` and its dot) against the body. An empty
 * path is the body itself: its text, or for a JSON array its elements.
 */
export function evaluatePath(path: string, body: string, document: () => JsonDocument): PathResult {
  if (path === '' && !looksLikeArray(body)) return { ok: true, text: body, length: utf8Length(body) };
  const parsed = document();
  if (!parsed.ok) return MISSING;
  if (path === '') return describe(parsed.value);
  const keys = splitKeys(path);
  let current: JsonValue | undefined = parsed.value;
  for (const [i, key] of keys.entries()) {
    current = step(key, current);
    if (current === undefined) return MISSING;
    if (i < keys.length - 1 && !isJsonObject(current)) return MISSING;
  }
  return current === undefined ? MISSING : describe(current);
}

function describe(value: JsonValue): PathResult {
  if (value === null) return MISSING;
  if (Array.isArray(value)) return { ok: true, text: formatValue(value), length: value.length };
  const text = isJsonObject(value) ? marshal(value) : formatValue(value);
  return { ok: true, text, length: utf8Length(text) };
}

/** Splits at dots that are not inside brackets. */
function splitKeys(path: string): string[] {
  const keys: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < path.length; i++) {
    const char = path[i];
    if (char === '[') depth++;
    else if (char === ']') depth--;
    else if (char === '.' && depth === 0) {
      keys.push(path.slice(start, i));
      start = i + 1;
    }
  }
  keys.push(path.slice(start));
  return keys;
}

const INDEXED_KEY = /^([^[]*)((?:\[[^[\]]*\])+)$/;
const INDEX = /\[([^[\]]*)\]/g;

/** One key: `name`, `name[1]`, `[0]` or `name[1][2]`. */
function step(key: string, current: JsonValue | undefined): JsonValue | undefined {
  const indexed = INDEXED_KEY.exec(key);
  if (!indexed) return member(current, key);
  const [, name = '', brackets = ''] = indexed;
  let value = name === '' ? current : member(current, name);
  for (const [, index = ''] of brackets.matchAll(INDEX)) {
    if (!/^\+?\d+$/.test(index) || !Array.isArray(value)) return undefined;
    value = value[Number(index)];
  }
  return value;
}

function member(current: JsonValue | undefined, name: string): JsonValue | undefined {
  return isJsonObject(current) && Object.hasOwn(current, name) ? current[name] : undefined;
}
