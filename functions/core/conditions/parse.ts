/**
 * Reads a condition the way Gatus does: split at the first operator (by precedence)
 * that appears with a space on either side, trim both sides, then recognise each
 * side as a placeholder, a function or plain text.
 *
 * Gatus accepts anything with an operator; CrossCheck also rejects conditions that
 * Gatus would accept but could never evaluate meaningfully (they would fail every
 * check, or compare the wrong things): an empty side, the operator twice, an
 * unclosed `len(`/`has(`/`pat(`/`any(`, `len()`/`has()` of something that is not a
 * placeholder, `pat()`/`any()` with `<`, `>`, `<=` or `>=`, a placeholder with text
 * glued to it (`[STATUS]x`), and placeholders CrossCheck does not provide
 * (`[DOMAIN_EXPIRATION]`, `[DNS_RCODE]`, `[CONTEXT]`).
 */
import { InvalidConditionError } from './invalid-condition-error.ts';
import { isNumericOperator, OPERATORS, PLACEHOLDERS, type Operand, type Operator, type ParsedCondition, type PlaceholderName, type PlaceholderRef } from './syntax.ts';
import { trimSpace } from './text.ts';

/** Gatus placeholders that need data an HTTP check from CrossCheck does not collect. */
const UNSUPPORTED_PLACEHOLDERS = new Set(['DOMAIN_EXPIRATION', 'DNS_RCODE', 'CONTEXT']);
const KNOWN_PLACEHOLDERS = new Set<string>(PLACEHOLDERS);
const PLACEHOLDER_PREFIX = /^\[([A-Za-z_]+)\]/;

/** Parses a condition; throws InvalidConditionError (`invalid condition: <text>`). */
export function parseCondition(text: string): ParsedCondition {
  const operator = OPERATORS.find((op) => text.includes(` ${op} `));
  if (!operator) throw new InvalidConditionError(text, 'no operator (==, !=, <, <=, >, >=) with a space on either side');
  const sides = text.split(` ${operator} `);
  if (sides.length !== 2) throw new InvalidConditionError(text, `${operator} appears more than once`);
  const fail = (reason: string): never => {
    throw new InvalidConditionError(text, reason);
  };
  return {
    text,
    operator,
    left: parseOperand(trimSpace(sides[0] ?? ''), operator, fail),
    right: parseOperand(trimSpace(sides[1] ?? ''), operator, fail),
  };
}

function parseOperand(text: string, operator: Operator, fail: (reason: string) => never): Operand {
  if (text === '') return fail(`the ${operator} has an empty side`);
  const fn = /^(len|has|pat|any)\(/.exec(text)?.[1];
  if (fn) {
    if (!text.endsWith(')')) return fail(`${fn}( is not closed`);
    const inner = text.slice(fn.length + 1, -1);
    if (fn === 'len' || fn === 'has') {
      const ref = placeholderRef(inner, fail);
      if (!ref) return fail(`${fn}() needs a placeholder such as [BODY].items`);
      return { kind: fn, text, ref };
    }
    if (isNumericOperator(operator)) return fail(`${fn}() can only be compared with == or !=`);
    if (fn === 'pat') return { kind: 'pat', text, pattern: inner };
    return { kind: 'any', text, inner, options: inner.split(',').map(trimSpace) };
  }
  const ref = placeholderRef(text, fail);
  return ref ? { kind: 'placeholder', text, ref } : { kind: 'literal', text };
}

/** The placeholder `text` is, or null when it is plain text. Names are case-insensitive, as in Gatus. */
function placeholderRef(text: string, fail: (reason: string) => never): PlaceholderRef | null {
  const match = PLACEHOLDER_PREFIX.exec(text);
  if (!match) return null;
  const name = (match[1] ?? '').toUpperCase();
  const rest = text.slice(match[0].length);
  if (UNSUPPORTED_PLACEHOLDERS.has(name)) return fail(`[${name}] is not supported`);
  if (!KNOWN_PLACEHOLDERS.has(name)) return null;
  const known = name as PlaceholderName;
  if (rest === '') return { name: known, path: null };
  if (known === 'BODY' && rest.startsWith('.')) return { name: known, path: rest.slice(1) };
  if (known === 'BODY' && rest.startsWith('[')) return { name: known, path: rest };
  return fail(known === 'BODY' ? `[BODY] must be followed by a . or [ path` : `[${known}] cannot be followed by text`);
}

/** `invalid condition: <text>`, or null when the condition is valid. */
export function conditionIssue(text: string): string | null {
  try {
    parseCondition(text);
    return null;
  } catch (error) {
    if (error instanceof InvalidConditionError) return error.message;
    throw error;
  }
}

/**
 * Whether any condition reasons about connectivity through `[CONNECTED]` (for example
 * `[CONNECTED] == false`: the port must stay closed). Invalid conditions count as not.
 */
export function referencesConnected(conditions: readonly string[]): boolean {
  return conditions.some((text) => {
    try {
      const { left, right } = parseCondition(text);
      return [left, right].some((operand) => 'ref' in operand && operand.ref.name === 'CONNECTED');
    } catch {
      return false;
    }
  });
}
