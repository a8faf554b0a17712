/** Checks of store arguments that several stores share; each failure is a ValidationError naming the field. */
import { ValidationError } from '../../../core/errors.ts';

/** Epoch ms of an RFC 3339 field (1970 or later: stores order by it as a non-negative number), or a ValidationError naming it. */
export function epochMs(value: string, path: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ValidationError([{ path, message: 'must be an RFC 3339 date-time' }]);
  if (ms < 0) throw new ValidationError([{ path, message: 'must not be before 1970' }]);
  return ms;
}

export function nonNegativeInteger(value: number, path: string): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new ValidationError([{ path, message: 'must be a non-negative integer' }]);
  return value;
}

/**
 * A time window in whole epoch ms, `from` inclusive and `below` exclusive (null: open on
 * that side). Stored times are whole, non-negative ms, so a bound is rounded up and
 * clamped at 0 without changing what matches.
 */
export interface TimeWindow {
  readonly from: number | null;
  readonly below: number | null;
}

/** A window bound: a finite number of epoch ms, rounded up to whole ms and clamped at 0. */
export function epochBound(value: number, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new ValidationError([{ path, message: 'must be a finite number (epoch ms)' }]);
  return Math.max(0, Math.ceil(value));
}

/** The window [since, until), or null when nothing can be in it. */
export function timeWindow(since: number | undefined, until: number | undefined, names: readonly [string, string] = ['since', 'until']): TimeWindow | null {
  const from = since === undefined ? null : epochBound(since, names[0]);
  const below = until === undefined ? null : epochBound(until, names[1]);
  if (from !== null && below !== null && below <= from) return null;
  return { from, below };
}
