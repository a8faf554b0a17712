/**
 * Listings over DynamoDB Query for the base's paging (../../common/paging.ts). A
 * position is the key of the last item on the page (table key plus index key), handed
 * back to DynamoDB as ExclusiveStartKey. A cursor is accepted only as a key of the
 * very listing asked for (exactly its key names, the partition queried), so that it
 * can neither fail deep inside DynamoDB nor open another partition.
 */
import { QueryCommand, type DynamoDBClient, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { Listing } from '../../common/paging.ts';
import { awsStep } from '../errors.ts';
import { bodyText, type Item } from './table.ts';

export type { Item };

/** An item's key attributes, by name: where it sits in a listing. */
export type KeyPosition = Readonly<Record<string, string>>;

/** Items a filtered query evaluates per request at least, so that a sparse filter does not take one request per item. */
const FILTERED_READ_AHEAD = 50;

export function keyPosition(item: Item, keyNames: readonly string[]): KeyPosition {
  const position: Record<string, string> = {};
  for (const name of keyNames) {
    const value = item[name]?.S;
    if (value === undefined) throw new Error(`item has no string key attribute ${name}`);
    position[name] = value;
  }
  return position;
}

/** A decoded cursor as a key of this listing, or null when it is not one. */
export function positionIn(value: unknown, keyNames: readonly string[], partition: Readonly<Record<string, string>>): KeyPosition | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const position = value as Record<string, unknown>;
  if (Object.keys(position).length !== keyNames.length || !keyNames.every((name) => typeof position[name] === 'string')) return null;
  for (const [name, expected] of Object.entries(partition)) if (position[name] !== expected) return null;
  return Object.fromEntries(keyNames.map((name) => [name, position[name] as string]));
}

export interface QueryListing {
  readonly client: DynamoDBClient;
  readonly input: Omit<QueryCommandInput, 'Limit' | 'ExclusiveStartKey'>;
  /** The attributes that make up an item's position in this listing (table key, plus the index key when querying an index). */
  readonly keyNames: readonly string[];
  /** Key values every position of this listing carries (the partition queried). */
  readonly partition: Readonly<Record<string, string>>;
  /** Names the listing in errors. */
  readonly what: string;
}

/**
 * A listing over one Query. A read goes on until it holds `take` matching items or the
 * partition ends: a filter can make DynamoDB return short or empty pages, and callers
 * always get full pages.
 */
export function queryListing(query: QueryListing): Listing<KeyPosition> {
  const filtered = query.input.FilterExpression !== undefined;
  return {
    position: (value) => positionIn(value, query.keyNames, query.partition),
    read: (after, take) =>
      awsStep(query.what, async () => {
      let start: Item | undefined = after === null ? undefined : Object.fromEntries(Object.entries(after).map(([name, value]) => [name, { S: value }]));
      const items: Item[] = [];
      do {
        const needed = take - items.length;
        const out = await query.client.send(
          new QueryCommand({ ...query.input, Limit: filtered ? Math.max(needed, FILTERED_READ_AHEAD) : needed, ExclusiveStartKey: start }),
        );
        items.push(...(out.Items ?? []));
        start = out.LastEvaluatedKey;
      } while (items.length < take && start !== undefined);
      return items.slice(0, take).map((item) => ({ body: bodyText(item, query.what), position: keyPosition(item, query.keyNames) }));
    }),
  };
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
