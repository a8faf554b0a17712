/**
 * Paginated queries with opaque cursors. A cursor is base64url of the JSON key of the
 * last item on the page (table key plus index key), handed back to DynamoDB as
 * ExclusiveStartKey. Decoding checks that it is a key of the very listing asked for, so
 * that a cursor can neither fail deep inside DynamoDB nor open another partition.
 */
import { QueryCommand, type AttributeValue, type DynamoDBClient, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { ValidationError } from '../../../core/errors.ts';
import type { Page } from '../../../ports/page.ts';
import { checkLimit } from '../../common/paging.ts';

export type Item = Record<string, AttributeValue>;

/** Items a filtered query evaluates per request at least, so that a sparse filter does not take one request per item. */
const FILTERED_READ_AHEAD = 50;

const badCursor = () => new ValidationError([{ path: 'cursor', message: 'is not a cursor this listing returned' }]);

export function encodeCursor(item: Item, keyNames: readonly string[]): string {
  const position: Record<string, string> = {};
  for (const name of keyNames) {
    const value = item[name]?.S;
    if (value === undefined) throw new Error(`item has no string key attribute ${name}`);
    position[name] = value;
  }
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, keyNames: readonly string[], partition: Readonly<Record<string, string>>): Item | undefined {
  if (cursor === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw badCursor();
  const position = parsed as Record<string, unknown>;
  const names = Object.keys(position);
  if (names.length !== keyNames.length || !keyNames.every((name) => typeof position[name] === 'string')) throw badCursor();
  for (const [name, value] of Object.entries(partition)) if (position[name] !== value) throw badCursor();
  return Object.fromEntries(keyNames.map((name) => [name, { S: position[name] as string }]));
}

export interface PageQuery {
  readonly client: DynamoDBClient;
  readonly input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>;
  /** The attributes that make up an item's position in this listing (table key, plus the index key when querying an index). */
  readonly keyNames: readonly string[];
  /** Key values every cursor of this listing carries (the partition queried). */
  readonly partition: Readonly<Record<string, string>>;
  readonly limit: number;
  readonly cursor: string | undefined;
}

/**
 * One page: reads until it holds limit + 1 matching items (one more than fits means a
 * next page exists) or the partition ends. A filter can make DynamoDB return short or
 * empty pages; this keeps reading, so callers always get full pages.
 */
export async function queryPage(query: PageQuery): Promise<Page<Item>> {
  const limit = checkLimit(query.limit);
  let start = decodeCursor(query.cursor, query.keyNames, query.partition);
  const filtered = query.input.FilterExpression !== undefined;
  const items: Item[] = [];
  do {
    const needed = limit + 1 - items.length;
    const out = await query.client.send(
      new QueryCommand({ ...query.input, Limit: filtered ? Math.max(needed, FILTERED_READ_AHEAD) : needed, ExclusiveStartKey: start }),
    );
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (items.length <= limit && start !== undefined);
  const more = items.length > limit;
  const kept = items.slice(0, limit);
  const last = kept.at(-1);
  return { items: kept, nextCursor: more && last !== undefined ? encodeCursor(last, query.keyNames) : null };
}

/** Every item of a query, following LastEvaluatedKey to the end. */
export async function queryAll(client: DynamoDBClient, input: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const out = await client.send(new QueryCommand({ ...input, ExclusiveStartKey: start }));
    items.push(...(out.Items ?? []));
    start = out.LastEvaluatedKey;
  } while (start !== undefined);
  return items;
}
