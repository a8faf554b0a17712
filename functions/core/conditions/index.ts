/**
 * The condition language, compatible with Gatus so that its users can bring their
 * conditions over unchanged:
 *
 *   placeholders  [STATUS] [RESPONSE_TIME] [IP] [CONNECTED] [CERTIFICATE_EXPIRATION] [DNS_RCODE]
 *                 [BODY]  [BODY].a.b  [BODY][0].id  [BODY].data[1].id
 *   functions     len(...)  has(...)  pat(glob)  any(a, b, ...)
 *   operators     ==  !=  <  <=  >  >=   (a space on either side; operands on either side)
 *
 * Not supported: [DOMAIN_EXPIRATION] and suite [CONTEXT] (rejected as invalid). [DNS_RCODE] is
 * the response code of a `dns` monitor's query (NOERROR, NXDOMAIN, ...), empty for other types.
 * Mistyped placeholders are refused with the list of known ones; quoted values are
 * accepted with a warning (conditionWarnings); a condition on a response that never
 * came is "not evaluated" (evaluate.ts).
 */
export { parseCondition, conditionIssue, conditionWarnings, referencesConnected } from './parse.ts';
export { evaluateCondition, isNotEvaluated, NOT_EVALUATED } from './evaluate.ts';
export { closestName, KNOWN_PLACEHOLDERS_TEXT } from './hints.ts';
export { InvalidConditionError, invalidConditionMessage } from './invalid-condition-error.ts';
export { OPERATORS, PLACEHOLDERS } from './syntax.ts';
export type { Operand, Operator, ParsedCondition, PlaceholderName, PlaceholderRef } from './syntax.ts';
