/** What every DynamoDB store needs: a client (home or local region) and the table name; plus small attribute helpers. */
import type { AttributeValue, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CrossCheckError } from '../../../core/errors.ts';
import type { Item } from './paging.ts';

export interface Table {
  readonly client: DynamoDBClient;
  readonly tableName: string;
}

export const S = (value: string): AttributeValue => ({ S: value });
/** String attributes from a record of strings (keys, mostly). */
export function strings(record: Readonly<Record<string, string>>): Item {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, S(value)]));
}

export const N = (value: number): AttributeValue => ({ N: String(value) });

/** Items keep their domain object as JSON in `body`: exactly what was stored comes back. */
export function bodyOf<T>(item: Item | undefined, what: string): T {
  const body = item?.['body']?.S;
  if (body === undefined) throw new CrossCheckError(`${what}: stored item has no body`);
  return JSON.parse(body) as T;
}

export function numberOf(item: Item, name: string): number {
  const value = item[name]?.N;
  if (value === undefined) throw new CrossCheckError(`stored item ${item['pk']?.S ?? '?'} has no number ${name}`);
  return Number(value);
}

export function stringOf(item: Item, name: string): string {
  const value = item[name]?.S;
  if (value === undefined) throw new CrossCheckError(`stored item ${item['pk']?.S ?? '?'} has no string ${name}`);
  return value;
}

/** The `#pk` name binding most conditions use. */
export const PK_NAME = { '#pk': 'pk' } as const;
