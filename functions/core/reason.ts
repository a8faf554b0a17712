/**
 * Why a check failed, in one line, from its structured fields: the failed conditions that
 * were evaluated (`[STATUS] (503) == 200`), else the public error text
 * (`connect: ECONNREFUSED`), else the cause. The CLI's REASON column, the dashboard's
 * summary and the status pages say it the same way.
 */
import { isNotEvaluated } from './conditions/index.ts';
import type { FailureCause } from './check-result.ts';

export interface FailureFacts {
  readonly cause: FailureCause | null;
  readonly error: string | null;
  /** Failed conditions as resolved text. */
  readonly failed: readonly string[];
}

export function failureReason(facts: FailureFacts): string {
  const evaluated = facts.failed.filter((text) => !isNotEvaluated({ condition: text, success: false }));
  if (evaluated.length > 0) return evaluated.join(', ');
  if (facts.error) return facts.error;
  return facts.cause ?? 'failed';
}
