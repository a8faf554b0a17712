/**
 * The comparisons, as Gatus makes them.
 *
 * `==` / `!=`: `pat()` on either side matches the other side against the pattern;
 * `any()` on either side passes when one of its options equals the other side;
 * otherwise two integers (`200`, `0x1F`, `0o17`, `0b11`, `017`) compare by value and
 * anything else as text (so `1.50` and `1.5` differ, as in Gatus).
 *
 * `<`, `<=`, `>`, `>=`: each side becomes an int64: a Go duration in milliseconds
 * (`1s`, `48h`), else an integer, else a float truncated toward zero (`123.4` is
 * 123), else 0.
 */
import { parseGoDuration } from '../duration.ts';
import { parseGoFloat, parseGoInt, truncateToInt64 } from './go-numbers.ts';
import { matchPattern } from './pattern.ts';
import type { Operand, Operator } from './syntax.ts';

export function isEqual(left: Operand, leftValue: string, right: Operand, rightValue: string): boolean {
  let a = leftValue;
  let b = rightValue;
  if (left.kind === 'pat' && right.kind === 'pat') {
    a = left.pattern;
    b = right.pattern;
  } else if (left.kind === 'pat') {
    return matchPattern(left.pattern, rightValue);
  } else if (right.kind === 'pat') {
    return matchPattern(right.pattern, leftValue);
  } else if (left.kind === 'any' && right.kind === 'any') {
    a = left.inner;
    b = right.inner;
  } else if (left.kind === 'any') {
    return left.options.includes(rightValue);
  } else if (right.kind === 'any') {
    return right.options.includes(leftValue);
  }
  const first = parseGoInt(a);
  const second = parseGoInt(b);
  if (first !== null && second !== null) return first === second;
  return a === b;
}

/** A Go duration in milliseconds (`Duration.Milliseconds()`, toward zero); null when not a duration or zero. */
export function durationMilliseconds(text: string): bigint | null {
  const ns = parseGoDuration(text);
  return ns === null || ns === 0n ? null : ns / 1_000_000n;
}

/** A resolved side as the int64 Gatus compares with `<`, `<=`, `>`, `>=`. */
export function toInt64(value: string): bigint {
  const duration = durationMilliseconds(value);
  if (duration !== null) return duration;
  const integer = parseGoInt(value);
  if (integer !== null) return integer;
  const float = parseGoFloat(value);
  return float === null ? 0n : truncateToInt64(float);
}

export function compareNumbers(operator: Exclude<Operator, '==' | '!='>, left: bigint, right: bigint): boolean {
  switch (operator) {
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}
