/**
 * Durations: one parser for Go's syntax (`time.ParseDuration`: `500ms`, `1.5h`,
 * `2h45m`, units ns, us, µs, ms, s, m, h), as Gatus users write intervals, timeouts and
 * condition operands; and the ways CrossCheck writes a duration out:
 * - `formatGatusDuration`: Gatus' resolved-condition text (`336h`, `1h30m`), kept to
 *   the letter because Gatus users compare it;
 * - `formatHumanDuration`: alert texts (`12m 30s`, `1h`);
 * - `formatTableDuration`: report columns (`12m 30s`, `1h 0m`), always two units so a
 *   column reads evenly.
 * The last two differ only where the second unit is zero (`1h` or `1h 0m`) and in rounding
 * (alerts round to the nearest second, reports round down); tests pin both.
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
const NANOSECONDS_PER_MILLISECOND = 1_000_000n;
const TWO_TO_63 = 1n << 63n;
const COMPONENT = /(\d*)(?:\.(\d*))?([^\d.]*)/y;

/** `time.ParseDuration`, exactly, in nanoseconds; null where Go returns an error. */
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

/**
 * A length of time written as a Go duration (an interval, a timeout), in milliseconds as
 * a number (`1500us` is 1.5); spaces around it are ignored. Null when it is not a
 * duration, or negative.
 */
export function parseGoDurationMs(text: string): number | null {
  const ns = parseGoDuration(text.trim());
  if (ns === null || ns < 0n) return null;
  return Number(ns / NANOSECONDS_PER_MILLISECOND) + Number(ns % NANOSECONDS_PER_MILLISECOND) / 1e6;
}

/**
 * Gatus' `formatDuration`: whole seconds, without zero trailing components:
 * `336h`, `1h30m`, `1h0m15s`, `45s`, `0s`. (Gatus' own implementation trims the
 * text `0m`/`0s`, which also turns `10m` into `1`; this follows its stated intent.)
 */
export function formatGatusDuration(milliseconds: bigint): string {
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

/** `45s`, `12m 30s`, `3h 5m`, `2d 4h`, `1h`: the two largest units, the second left out when zero; rounded to the second, never negative. */
export function formatHumanDuration(ms: number): string {
  return twoLargestUnits(Math.max(0, Math.round(ms / 1000)), false);
}

/** `0s`, `42s`, `12m 5s`, `4h 0m`, `2d 3h`: always the two largest units (one below a minute); rounded down to the second, never negative. */
export function formatTableDuration(ms: number): string {
  return twoLargestUnits(Math.max(0, Math.floor(ms / 1000)), true);
}

function twoLargestUnits(seconds: number, keepZero: boolean): string {
  const units: Array<[string, number]> = [
    ['d', Math.floor(seconds / 86_400)],
    ['h', Math.floor(seconds / 3600) % 24],
    ['m', Math.floor(seconds / 60) % 60],
    ['s', seconds % 60],
  ];
  const first = units.findIndex(([, value]) => value > 0);
  if (first === -1) return '0s';
  const [unit, value] = units[first]!;
  const next = units[first + 1];
  return next && (keepZero || next[1] > 0) ? `${value}${unit} ${next[1]}${next[0]}` : `${value}${unit}`;
}
