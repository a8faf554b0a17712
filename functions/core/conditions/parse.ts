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
 * glued to it (`[STATUS]x`), placeholders CrossCheck does not provide
 * (`[DOMAIN_EXPIRATION]`, `[CONTEXT]`), and mistyped placeholders:
 * a bracketed name close to a known one (`[STAUTS]`), or a condition in which a
 * bracketed name is the only thing that could have been a placeholder
 * (`[STATUS_CODE] == 200`: Gatus compares two fixed texts, so it can never pass).
 * A bracketed word compared with something observed stays text, as in Gatus
 * (`[BODY].state == [UP]`).
 */
import { closestName, KNOWN_PLACEHOLDERS_TEXT, noOperatorReason, parsedConditionWarnings, suggestName } from './hints.ts';
import { InvalidConditionError } from './invalid-condition-error.ts';
import { isNumericOperator, OPERATORS, PLACEHOLDERS, type Operand, type Operator, type ParsedCondition, type PlaceholderName, type PlaceholderRef } from './syntax.ts';
import { trimSpace } from './text.ts';

/** Gatus placeholders that need data CrossCheck's checks do not collect. */
const UNSUPPORTED_PLACEHOLDERS = new Set(['DOMAIN_EXPIRATION', 'CONTEXT']);
const KNOWN_PLACEHOLDERS = new Set<string>(PLACEHOLDERS);
const PLACEHOLDER_PREFIX = /^\[([A-Za-z_]+)\]/;
/** What may have been meant as a placeholder: a bracketed name at the start of a side. */
const PLACEHOLDER_LOOKALIKE = /^\[([A-Za-z][A-Za-z0-9_ -]*)\]/;
/** Names a typo is matched against: the placeholders, and those CrossCheck refuses with their own reason. */
const NAMES_FOR_TYPOS = [...PLACEHOLDERS, ...UNSUPPORTED_PLACEHOLDERS];

/** Parses a condition; throws InvalidConditionError (`invalid condition: <text>`). */
export function parseCondition(text: string): ParsedCondition {
  const operator = OPERATORS.find((op) => text.includes(` ${op} `));
  if (!operator) throw new InvalidConditionError(text, noOperatorReason(text));
  const sides = text.split(` ${operator} `);
  if (sides.length !== 2) throw new InvalidConditionError(text, `${operator} appears more than once: a condition compares two sides once`);
  const fail = (reason: string): never => {
    throw new InvalidConditionError(text, reason);
  };
  const left = parseOperand(trimSpace(sides[0] ?? ''), operator, fail);
  const right = parseOperand(trimSpace(sides[1] ?? ''), operator, fail);
  if (!reads(left) && !reads(right)) {
    const lookalike = [left, right].map((side) => PLACEHOLDER_LOOKALIKE.exec(side.text)?.[1]).find((name) => name !== undefined);
    if (lookalike !== undefined) fail(unknownPlaceholder(lookalike));
  }
  return { text, operator, left, right };
}

/** Whether a side reads something the check observed. */
function reads(operand: Operand): boolean {
  return 'ref' in operand;
}

function unknownPlaceholder(name: string): string {
  const close = suggestName(name, NAMES_FOR_TYPOS);
  const guess = close !== null && !UNSUPPORTED_PLACEHOLDERS.has(close) ? ` did you mean [${close}]?` : '';
  return `[${name}] is not a placeholder;${guess} the placeholders are ${KNOWN_PLACEHOLDERS_TEXT}`;
}

function parseOperand(text: string, operator: Operator, fail: (reason: string) => never): Operand {
  if (text === '') return fail(`the ${operator} has an empty side`);
  const fn = /^(len|has|pat|any)\(/.exec(text)?.[1];
  if (fn) {
    if (!text.endsWith(')')) return fail(`${fn}( is not closed`);
    const inner = text.slice(fn.length + 1, -1);
    if (fn === 'len' || fn === 'has') {
      const ref = placeholderRef(inner, fail);
      const lookalike = PLACEHOLDER_LOOKALIKE.exec(inner)?.[1];
      if (!ref && lookalike !== undefined) return fail(`${fn}() needs a placeholder: ${unknownPlaceholder(lookalike)}`);
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
  if (UNSUPPORTED_PLACEHOLDERS.has(name)) return fail(`[${name}] is not supported: CrossCheck does not collect it; the placeholders are ${KNOWN_PLACEHOLDERS_TEXT}`);
  if (!KNOWN_PLACEHOLDERS.has(name)) {
    // A near miss of a known name is a typo wherever it stands; anything else stays text (`[UP]`).
    if (closestName(name, NAMES_FOR_TYPOS) !== null) return fail(unknownPlaceholder(match[1] ?? name));
    return null;
  }
  const known = name as PlaceholderName;
  if (rest === '') return { name: known, path: null };
  if (known === 'BODY' && rest.startsWith('.')) return { name: known, path: rest.slice(1) };
  if (known === 'BODY' && rest.startsWith('[')) return { name: known, path: rest };
  return fail(known === 'BODY' ? `[BODY] must be followed by a . or [ path, as in [BODY].status or [BODY][0].id` : `[${known}] cannot be followed by text`);
}

/** `invalid condition: <text> (<reason>)`, or null when the condition is valid. */
export function conditionIssue(text: string): string | null {
  try {
    parseCondition(text);
    return null;
  } catch (error) {
    if (error instanceof InvalidConditionError) return error.message;
    throw error;
  }
}

/** Warnings for a valid condition (quoted values); none for an invalid one, which conditionIssue reports. */
export function conditionWarnings(text: string): string[] {
  try {
    return parsedConditionWarnings(parseCondition(text));
  } catch (error) {
    if (error instanceof InvalidConditionError) return [];
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
