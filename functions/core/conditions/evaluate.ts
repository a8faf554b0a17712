import type { ConditionResult, Observation } from '../check-result.ts';
import { compareNumbers, isEqual, toInt64 } from './compare.ts';
import { describeEquality, describeOrdering } from './display.ts';
import { parseCondition } from './parse.ts';
import { resolveOperand } from './resolve.ts';
import type { ParsedCondition, PlaceholderRef } from './syntax.ts';

/** Appended to a condition that reads a response that never came. */
export const NOT_EVALUATED = '(not evaluated: no response)';

/** Whether a condition result is one that could not be evaluated because no response came. */
export function isNotEvaluated(result: ConditionResult): boolean {
  return !result.success && result.condition.endsWith(` ${NOT_EVALUATED}`);
}

/**
 * Evaluates one condition against what the probe observed. Never throws: a condition
 * that cannot be evaluated fails, shown as written.
 *
 * When the check got no response at all (a `dns`, `connect`, `tls`, `timeout`, `http`
 * or `blocked` failure before any status line), a condition that reads the response
 * (`[STATUS]`, `[BODY]`, `[CERTIFICATE_EXPIRATION]` without a certificate, `[IP]`
 * without an address, `[DNS_RCODE]` without a DNS response) is not evaluated: it fails, shown as `<condition> (not
 * evaluated: no response)`, rather than passing on the stand-in values (`[STATUS] <
 * 400` would pass on status 0). This changes no verdict of a check that only reads
 * the response: its transport failure fails it anyway. `[CONNECTED]` and
 * `[RESPONSE_TIME]` (the time the check took) are always evaluated, so
 * `[CONNECTED] == false` still says "this port must stay closed".
 */
export function evaluateCondition(condition: string | ParsedCondition, observation: Observation): ConditionResult {
  const text = typeof condition === 'string' ? condition : condition.text;
  try {
    const parsed = typeof condition === 'string' ? parseCondition(condition) : condition;
    if (readsMissingResponse(parsed, observation)) return { condition: `${text} ${NOT_EVALUATED}`, success: false };
    return evaluateParsed(parsed, observation);
  } catch {
    return { condition: text, success: false };
  }
}

function readsMissingResponse({ left, right }: ParsedCondition, observation: Observation): boolean {
  if (observation.status !== 0 || observation.cause === null) return false;
  return [left, right].some((side) => 'ref' in side && needsResponse(side.ref, observation));
}

function needsResponse(ref: PlaceholderRef, observation: Observation): boolean {
  switch (ref.name) {
    case 'STATUS':
    case 'BODY':
      return true;
    case 'CERTIFICATE_EXPIRATION':
      return observation.tls === null;
    case 'IP':
      return observation.remoteIp === null;
    case 'DNS_RCODE':
      return !observation.dns;
    case 'CONNECTED':
    case 'RESPONSE_TIME':
      return false;
  }
}

function evaluateParsed(condition: ParsedCondition, observation: Observation): ConditionResult {
  const { operator, left, right } = condition;
  const leftValue = resolveOperand(left, observation);
  const rightValue = resolveOperand(right, observation);
  if (operator === '==' || operator === '!=') {
    const equal = isEqual(left, leftValue, right, rightValue);
    const success = operator === '==' ? equal : !equal;
    return { condition: success ? condition.text : describeEquality(operator, left, leftValue, right, rightValue), success };
  }
  const leftNumber = toInt64(leftValue);
  const rightNumber = toInt64(rightValue);
  const success = compareNumbers(operator, leftNumber, rightNumber);
  return { condition: success ? condition.text : describeOrdering(operator, left, leftNumber, right, rightNumber), success };
}
