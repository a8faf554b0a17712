/** The shapes of a parsed condition. */

/** In Gatus' order of precedence: a condition uses the first of these it contains (with a space either side). */
export const OPERATORS = ['==', '!=', '<=', '>=', '>', '<'] as const;
export type Operator = (typeof OPERATORS)[number];

export const PLACEHOLDERS = ['STATUS', 'IP', 'RESPONSE_TIME', 'BODY', 'CONNECTED', 'CERTIFICATE_EXPIRATION', 'DNS_RCODE'] as const;
export type PlaceholderName = (typeof PLACEHOLDERS)[number];

/** A placeholder such as `[STATUS]`; `path` is set for `[BODY]` with a JSON path (`''` for `[BODY].`). */
export interface PlaceholderRef {
  readonly name: PlaceholderName;
  readonly path: string | null;
}

/** One side of a condition. `text` is the side as written, trimmed. */
export type Operand =
  | { readonly kind: 'placeholder'; readonly text: string; readonly ref: PlaceholderRef }
  | { readonly kind: 'len'; readonly text: string; readonly ref: PlaceholderRef }
  | { readonly kind: 'has'; readonly text: string; readonly ref: PlaceholderRef }
  | { readonly kind: 'pat'; readonly text: string; readonly pattern: string }
  | { readonly kind: 'any'; readonly text: string; readonly inner: string; readonly options: readonly string[] }
  | { readonly kind: 'literal'; readonly text: string };

export interface ParsedCondition {
  /** The condition exactly as written. */
  readonly text: string;
  readonly operator: Operator;
  readonly left: Operand;
  readonly right: Operand;
}

export function isNumericOperator(operator: Operator): boolean {
  return operator !== '==' && operator !== '!=';
}

export function placeholderOf(operand: Operand): PlaceholderRef | null {
  return 'ref' in operand ? operand.ref : null;
}
