/**
 * Opaque cursors: base64url of a JSON position `{t, id}` (sort time and id of the last
 * item on the page). Callers never look inside; a malformed cursor is a ValidationError.
 */
import { ValidationError } from '../../core/errors.ts';
import type { Page } from '../../ports/page.ts';

export interface Position {
  readonly t: number;
  readonly id: string;
}

export const MAX_LIMIT = 1000;

export function encodeCursor(position: Position): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined): Position | null {
  if (cursor === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (
    typeof parsed === 'object' && parsed !== null &&
    typeof (parsed as Position).t === 'number' && Number.isFinite((parsed as Position).t) &&
    typeof (parsed as Position).id === 'string'
  ) {
    return { t: (parsed as Position).t, id: (parsed as Position).id };
  }
  throw new ValidationError([{ path: 'cursor', message: 'is not a cursor this listing returned' }]);
}

/** A page size: a positive integer, capped at `max` (a shorter page with a cursor is still a valid page). */
export function checkLimit(limit: number, max: number = MAX_LIMIT): number {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new ValidationError([{ path: 'limit', message: 'must be a positive integer' }]);
  }
  return Math.min(limit, max);
}

/** Rows were fetched with LIMIT limit + 1: one more than fits means there is a next page. */
export function toPage<Row, T>(rows: readonly Row[], limit: number, item: (row: Row) => T, position: (row: Row) => Position): Page<T> {
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return { items: kept.map(item), nextCursor: more && last !== undefined ? encodeCursor(position(last)) : null };
}

/** Epoch ms of an RFC 3339 field, or a ValidationError naming it. */
export function epochMs(value: string, path: string): number {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new ValidationError([{ path, message: 'must be an RFC 3339 date-time' }]);
  return ms;
}
