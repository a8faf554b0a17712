/** How long raw results are kept, the same default and check for every store family (rollups, incidents and the ledger stay). */
import { ValidationError } from '../../../core/errors.ts';

export const DEFAULT_RETENTION_DAYS = 90;

/** The retention in days: the default when not given; ValidationError unless positive. */
export function retentionDaysOf(days: number | undefined): number {
  const retentionDays = days ?? DEFAULT_RETENTION_DAYS;
  if (!(retentionDays > 0)) throw new ValidationError([{ path: 'retentionDays', message: 'must be a positive number' }]);
  return retentionDays;
}
