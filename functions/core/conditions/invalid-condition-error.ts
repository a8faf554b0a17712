import { ValidationError } from '../errors.ts';

/**
 * A condition that cannot be evaluated. The message starts as Gatus' does
 * (`invalid condition: <text>`) and goes on with what is wrong and, where it can tell,
 * how to write it: `invalid condition: [STATUS]==200 (no operator with a space on
 * either side: Gatus needs the spaces, write [STATUS] == 200)`.
 */
export class InvalidConditionError extends ValidationError {
  readonly condition: string;
  readonly reason: string;

  constructor(condition: string, reason: string) {
    const message = invalidConditionMessage(condition, reason);
    super([{ path: '', message }], message);
    this.condition = condition;
    this.reason = reason;
  }
}

export function invalidConditionMessage(condition: string, reason?: string): string {
  return reason === undefined ? `invalid condition: ${condition}` : `invalid condition: ${condition} (${reason})`;
}
