/**
 * Inside the engine a failed step throws a ProbeFailure; `probe` catches it and
 * returns it as data (an Observation with `cause` and `error`). It never escapes.
 */
import type { FailureCause } from '../core/check-result.ts';
import { CrossCheckError } from '../core/errors.ts';

export type ProbeCause = Exclude<FailureCause, 'condition'>;

export class ProbeFailure extends CrossCheckError {
  readonly probeCause: ProbeCause;
  constructor(probeCause: ProbeCause, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.probeCause = probeCause;
  }
}

/** `ECONNREFUSED` from a Node error, or its message when it has no code. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}
