/**
 * Numbers as Gatus reads them, i.e. as Go's strconv does: `ParseInt(s, 0, 64)`
 * (decimal, `0x` hexadecimal, `0o` or leading-`0` octal, `0b` binary, `_` between
 * digits) and `ParseFloat(s, 64)`. Integers are bigint so that int64 stays exact.
 */

export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

const INTEGER = /^([+-]?)(?:(0[xX](?:_?[0-9a-fA-F])+)|(0[bB](?:_?[01])+)|(0[oO](?:_?[0-7])+)|0((?:_?[0-7])*)|([1-9](?:_?[0-9])*))$/;

/** `strconv.ParseInt(text, 0, 64)`; null where Go returns an error (syntax or range). */
export function parseGoInt(text: string): bigint | null {
  const match = INTEGER.exec(text);
  if (!match) return null;
  const [, sign, hex, binary, octal, legacyOctal, decimal] = match;
  let literal: string;
  if (hex ?? binary ?? octal) literal = (hex ?? binary ?? octal ?? '').replaceAll('_', '');
  else if (decimal !== undefined) literal = decimal.replaceAll('_', '');
  else literal = `0o${(legacyOctal ?? '').replaceAll('_', '') || '0'}`;
  const magnitude = BigInt(literal);
  const value = sign === '-' ? -magnitude : magnitude;
  return value < INT64_MIN || value > INT64_MAX ? null : value;
}

const DIGITS = String.raw`\d(?:_?\d)*`;
const HEX_DIGITS = String.raw`[0-9a-fA-F](?:_?[0-9a-fA-F])*`;
const DECIMAL_FLOAT = new RegExp(String.raw`^[+-]?(?:${DIGITS}(?:\.(?:${DIGITS})?)?|\.${DIGITS})(?:[eE][+-]?${DIGITS})?$`);
// Go allows `_` right after the 0x prefix.
const HEX_FLOAT = new RegExp(String.raw`^([+-]?)0[xX]_?(?:(${HEX_DIGITS})(?:\.(${HEX_DIGITS})?)?|\.(${HEX_DIGITS}))[pP]([+-]?${DIGITS})$`);
const INFINITY = /^[+-]?(?:inf|infinity)$/i;

/** `strconv.ParseFloat(text, 64)`; null where Go returns an error (syntax, or overflow to ±Inf). */
export function parseGoFloat(text: string): number | null {
  if (INFINITY.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return Number.NaN;
  if (DECIMAL_FLOAT.test(text)) return finite(Number(text.replaceAll('_', '')));
  const hex = HEX_FLOAT.exec(text);
  if (!hex) return null;
  const [, sign, whole = '', fraction = '', onlyFraction, exponent = '0'] = hex;
  const digits = (whole + (onlyFraction ?? fraction)).replaceAll('_', '');
  const fractionLength = (onlyFraction ?? fraction).replaceAll('_', '').length;
  const value = Number(BigInt(`0x${digits}`)) * 2 ** (Number(exponent.replaceAll('_', '')) - 4 * fractionLength);
  return finite(sign === '-' ? -value : value);
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/**
 * Go's `int64(f)`: toward zero. Go leaves out-of-range conversions to the platform;
 * here they saturate, and NaN is 0.
 */
export function truncateToInt64(value: number): bigint {
  if (Number.isNaN(value)) return 0n;
  if (value >= 2 ** 63) return INT64_MAX;
  if (value <= -(2 ** 63)) return INT64_MIN;
  return BigInt(Math.trunc(value));
}
