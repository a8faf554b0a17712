import type { ConditionResult, Observation } from '../check-result.ts';
import { compareNumbers, isEqual, toInt64 } from './compare.ts';
import { describeEquality, describeOrdering } from './display.ts';
import { parseCondition } from './parse.ts';
import { resolveOperand } from './resolve.ts';
import type { ParsedCondition } from './syntax.ts';

/**
 * Evaluates one condition against what the probe observed. Never throws: a condition
 * that cannot be evaluated fails, shown as written.
 */
export function evaluateCondition(condition: string | ParsedCondition, observation: Observation): ConditionResult {
  const text = typeof condition === 'string' ? condition : condition.text;
  try {
    return evaluateParsed(typeof condition === 'string' ? parseCondition(condition) : condition, observation);
  } catch {
    return { condition: text, success: false };
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
