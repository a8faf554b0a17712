/**
 * Durations as Go writes them (`time.ParseDuration`: `500ms`, `1s`, `1h30m`, `48h`,
 * units ns, us, µs, ms, s, m, h) and as Gatus shows them (`336h`, `1h30m`).
 */

const NANOSECONDS_PER_UNIT = new Map<string, bigint>([
  ['ns', 1n],
  ['us', 1_000n],
  ['\u00b5s', 1_000n], // µ (micro sign)
  ['\u03bcs', 1_000n], // μ (Greek mu)
  ['ms', 1_000_000n],
  ['s', 1_000_000_000n],
  ['m', 60_000_000_000n],
  ['h', 3_600_000_000_000n],
]);
const TWO_TO_63 = 1n << 63n;
const COMPONENT = /(\d*)(?:\.(\d*))?([^\d.]*)/y;

/** `time.ParseDuration`, in nanoseconds; null where Go returns an error. */
export function parseGoDuration(text: string): bigint | null {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return null;
  let total = 0n;
  let at = 0;
  while (at < rest.length) {
    COMPONENT.lastIndex = at;
    const match = COMPONENT.exec(rest);
    if (!match) return null;
    const [whole, integer = '', fraction, unit = ''] = match;
    if (integer === '' && !fraction) return null; // no digits, e.g. ".s", or not [0-9.] at all
    const unitNs = NANOSECONDS_PER_UNIT.get(unit);
    if (unitNs === undefined) return null; // missing or unknown unit
    let value = BigInt(integer || '0');
    if (value > TWO_TO_63 / unitNs) return null;
    value *= unitNs;
    if (fraction) value += fractionNanoseconds(fraction, unitNs);
    if (value > TWO_TO_63) return null;
    total += value;
    if (total > TWO_TO_63) return null;
    at += whole.length;
  }
  if (!negative && total > TWO_TO_63 - 1n) return null;
  return negative ? -total : total;
}

/** Go keeps the fraction's digits while they fit in an int64 and scales in float64. */
function fractionNanoseconds(fraction: string, unitNs: bigint): bigint {
  let digits = 0n;
  let scale = 1;
  for (const char of fraction) {
    const next = digits * 10n + BigInt(char);
    if (next > TWO_TO_63 - 1n) break;
    digits = next;
    scale *= 10;
  }
  return BigInt(Math.trunc(Number(digits) * (Number(unitNs) / scale)));
}

/** A Go duration in milliseconds (`Duration.Milliseconds()`, toward zero); null when not a duration or zero. */
export function durationMilliseconds(text: string): bigint | null {
  const ns = parseGoDuration(text);
  return ns === null || ns === 0n ? null : ns / 1_000_000n;
}

/**
 * Whether an operand is written as a duration (`48h`, `1s`), so that its resolved
 * value is shown as one. A bare `0` parses as a Go duration too, but is a number
 * to the reader: Gatus would show `0 (0s)`; CrossCheck shows `0`.
 */
export function isDurationLiteral(text: string): boolean {
  return parseGoDuration(text) !== null && !/^[+-]?0$/.test(text);
}

/**
 * Gatus' `formatDuration`: whole seconds, without zero trailing components:
 * `336h`, `1h30m`, `1h0m15s`, `45s`, `0s`. (Gatus' own implementation trims the
 * text `0m`/`0s`, which also turns `10m` into `1`; this follows its stated intent.)
 */
export function formatDuration(milliseconds: bigint): string {
  const seconds = milliseconds / 1000n;
  if (seconds === 0n) return '0s';
  const sign = seconds < 0n ? '-' : '';
  const total = seconds < 0n ? -seconds : seconds;
  const hours = total / 3600n;
  const minutes = (total % 3600n) / 60n;
  const secs = total % 60n;
  if (hours > 0n) {
    if (secs > 0n) return `${sign}${hours}h${minutes}m${secs}s`;
    return minutes > 0n ? `${sign}${hours}h${minutes}m` : `${sign}${hours}h`;
  }
  if (minutes > 0n) return secs > 0n ? `${sign}${minutes}m${secs}s` : `${sign}${minutes}m`;
  return `${sign}${secs}s`;
}
