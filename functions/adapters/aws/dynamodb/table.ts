/** What every DynamoDB store needs: a client (home or local region) and the table name; plus small attribute helpers. */
import { PutItemCommand, type AttributeValue, type DynamoDBClient, type PutItemCommandInput } from '@aws-sdk/client-dynamodb';
import { CrossCheckError } from '../../../core/errors.ts';
import { isConditionFailure } from '../errors.ts';

/** A DynamoDB item, attribute by attribute. */
export type Item = Record<string, AttributeValue>;

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
export function bodyText(item: Item | undefined, what: string): string {
  const body = item?.['body']?.S;
  if (body === undefined) throw new CrossCheckError(`${what}: stored item has no body`);
  return body;
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

/**
 * A conditional PutItem: true when it landed, false when its condition did not hold
 * (ConditionalCheckFailedException). Any other failure goes on as is.
 */
export async function putIf(client: DynamoDBClient, input: PutItemCommandInput): Promise<boolean> {
  try {
    await client.send(new PutItemCommand(input));
    return true;
  } catch (error) {
    if (isConditionFailure(error)) return false;
    throw error;
  }
}
