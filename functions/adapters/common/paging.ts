/**
 * Paging, once for every store. A cursor is base64url of the JSON position of the last
 * item on a page; callers never look inside. What a position holds is the backend's
 * business (SQLite: sort time and id; DynamoDB: the item's key), so each listing says
 * whether a decoded value is one of its positions; anything else is a ValidationError
 * naming `cursor`, before the backend reads a byte.
 *
 * The rules kept here: a limit is a positive integer (capped), a malformed or foreign
 * cursor is refused, a page asks the backend for limit + 1 items (one more than fits
 * means there is a next page) and its cursor is the position of its last item.
 */
import { ValidationError } from '../../core/errors.ts';
import type { Page, PageRequest } from '../../ports/page.ts';

export const MAX_LIMIT = 1000;

/** A page size: a positive integer, capped at `max` (a shorter page with a cursor is still a valid page). */
export function checkLimit(limit: number, max: number = MAX_LIMIT): number {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new ValidationError([{ path: 'limit', message: 'must be a positive integer' }]);
  }
  return Math.min(limit, max);
}

const badCursor = () => new ValidationError([{ path: 'cursor', message: 'is not a cursor this listing returned' }]);

export function encodeCursor(position: object): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

/** The position in `cursor`, as `positionOf` reads it; null without a cursor; ValidationError when it is none of this listing's. */
export function decodeCursor<P>(cursor: string | undefined, positionOf: (value: unknown) => P | null): P | null {
  if (cursor === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  const position = positionOf(parsed);
  if (position === null) throw badCursor();
  return position;
}

/** A stored item (its body, as the backend holds it) and where it sits in its listing. */
export interface Positioned<P> {
  readonly body: string;
  readonly position: P;
}

/** What a backend provides for one listing. */
export interface Listing<P extends object> {
  /** The position a decoded cursor holds, or null when the value is not a position of this listing. */
  position(value: unknown): P | null;
  /** Up to `take` items after `after` (null: from the start), in listing order. */
  read(after: P | null, take: number): Promise<readonly Positioned<P>[]>;
}

/** A listing that holds nothing (an empty time window), but still refuses a foreign cursor. */
export function emptyListing<P extends object>(listing: Listing<P>): Listing<P> {
  return { position: (value) => listing.position(value), read: () => Promise.resolve([]) };
}

/** One page of a listing: limit and cursor checked, limit + 1 read, bodies parsed as JSON. */
export async function listPage<T, P extends object>(request: PageRequest, listing: Listing<P>): Promise<Page<T>> {
  const limit = checkLimit(request.limit);
  const after = decodeCursor(request.cursor, (value) => listing.position(value));
  const rows = await listing.read(after, limit + 1);
  const more = rows.length > limit;
  const kept = more ? rows.slice(0, limit) : rows;
  const last = kept.at(-1);
  return {
    items: kept.map((row) => JSON.parse(row.body) as T),
    nextCursor: more && last !== undefined ? encodeCursor(last.position) : null,
  };
}
