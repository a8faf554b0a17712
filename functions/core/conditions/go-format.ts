/**
 * How Gatus turns a JSON value found in a body into text: Go's `%v` for scalars and
 * arrays (`[hello world]`, `map[a:1]`), `json.Marshal` for objects (keys sorted,
 * minified, `<>&` escaped).
 *
 * One deliberate difference: numbers are written as JSON writes them (`1500000`,
 * `0.00001`). Gatus decodes them as float64 and prints them with `%v`
 * (`1.5e+06`, `1e-05`), so `[BODY].count == 1500000` can never pass there.
 */

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export function isJsonObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Go orders map keys by their UTF-8 bytes, which is code point order. */
function compareKeys(a: string, b: string): number {
  const left = Array.from(a, (c) => c.codePointAt(0) ?? 0);
  const right = Array.from(b, (c) => c.codePointAt(0) ?? 0);
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return left.length - right.length;
}

function sortedKeys(object: { [key: string]: JsonValue }): string[] {
  return Object.keys(object).sort(compareKeys);
}

function formatNumber(value: number): string {
  return Number.isFinite(value) ? JSON.stringify(value) : String(value);
}

/** Go's `fmt.Sprintf("%v", value)` for a decoded JSON value. */
export function formatValue(value: JsonValue): string {
  if (value === null) return '<nil>';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(' ')}]`;
  return `map[${sortedKeys(value).map((key) => `${key}:${formatValue(value[key] ?? null)}`).join(' ')}]`;
}

const GO_JSON_ESCAPES = /[<>&\u2028\u2029]/g;

function marshalString(text: string): string {
  return JSON.stringify(text).replace(GO_JSON_ESCAPES, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Go's `json.Marshal` of a decoded JSON value. */
export function marshal(value: JsonValue): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return marshalString(value);
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map(marshal).join(',')}]`;
  return `{${sortedKeys(value).map((key) => `${marshalString(key)}:${marshal(value[key] ?? null)}`).join(',')}}`;
}
