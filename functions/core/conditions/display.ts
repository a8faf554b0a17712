/**
 * The text of a failed condition, Gatus style: each side that resolved to something
 * other than its own text is followed by the value in parentheses
 * (`[STATUS] (503) == 200`, `[BODY].user.firstName (john) == [BODY].user.lastName (doe)`),
 * a path that led nowhere reads `[BODY].data.name (INVALID)`. A passing condition
 * is shown as written.
 */
import { formatGatusDuration, parseGoDuration } from '../duration.ts';
import { INVALID_SUFFIX } from './resolve.ts';
import type { Operand, Operator } from './syntax.ts';
import { firstRunes, utf8Length } from './text.ts';

/** Gatus cuts the text compared with a pattern to this many characters. */
const PATTERN_SUBJECT_DISPLAY = 25;
/**
 * CrossCheck also cuts any other shown value to this many characters, so that a
 * failed `[BODY] == ...` does not copy a whole body into every stored result.
 */
const VALUE_DISPLAY = 200;
const TRUNCATED = '...(truncated)';

export function describeEquality(operator: Operator, left: Operand, leftValue: string, right: Operand, rightValue: string): string {
  let shownLeft = leftValue;
  let shownRight = rightValue;
  if (left.kind === 'pat' && utf8Length(shownRight) > PATTERN_SUBJECT_DISPLAY) shownRight = firstRunes(shownRight, PATTERN_SUBJECT_DISPLAY) + TRUNCATED;
  if (right.kind === 'pat' && utf8Length(shownLeft) > PATTERN_SUBJECT_DISPLAY) shownLeft = firstRunes(shownLeft, PATTERN_SUBJECT_DISPLAY) + TRUNCATED;
  return `${side(left.text, shownLeft)} ${operator} ${side(right.text, shownRight)}`;
}

/** Gatus shows `[CERTIFICATE_EXPIRATION]` and sides written as durations (`48h`) as durations, others as integers. */
export function describeOrdering(operator: Operator, left: Operand, leftValue: bigint, right: Operand, rightValue: bigint): string {
  return `${side(left.text, numberText(left.text, leftValue))} ${operator} ${side(right.text, numberText(right.text, rightValue))}`;
}

/**
 * Whether an operand is written as a duration (`48h`, `1s`), so that its resolved
 * value is shown as one. A bare `0` parses as a Go duration too, but is a number
 * to the reader: Gatus would show `0 (0s)`; CrossCheck shows `0`.
 */
export function isDurationLiteral(text: string): boolean {
  return parseGoDuration(text) !== null && !/^[+-]?0$/.test(text);
}

function numberText(text: string, value: bigint): string {
  if (text === '[CERTIFICATE_EXPIRATION]' || isDurationLiteral(text)) return formatGatusDuration(value);
  return value.toString();
}

function side(text: string, value: string): string {
  if (value === text) return text;
  if (value === `${text} ${INVALID_SUFFIX}`) return value;
  const shown = value.length > VALUE_DISPLAY ? firstRunes(value, VALUE_DISPLAY) + TRUNCATED : value;
  return `${text} (${shown})`;
}
