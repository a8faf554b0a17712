import { ValidationError } from '../errors.ts';

/**
 * A condition that cannot be evaluated. The message is Gatus' (`invalid condition:
 * <text>`); `reason` says what is wrong, for logs and for people reading them.
 */
export class InvalidConditionError extends ValidationError {
  readonly condition: string;
  readonly reason: string;

  constructor(condition: string, reason: string) {
    const message = invalidConditionMessage(condition);
    super([{ path: '', message }], message);
    this.condition = condition;
    this.reason = reason;
  }
}

export function invalidConditionMessage(condition: string): string {
  return `invalid condition: ${condition}`;
}
