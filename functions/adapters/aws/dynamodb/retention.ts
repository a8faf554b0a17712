/**
 * Retention of raw results on DynamoDB. In the cloud TTL does this: every result carries
 * `expiresAt` (start + retention) and DynamoDB deletes it for free, in every replica.
 * Nothing schedules this sweep there.
 *
 * The sweep exists because the store contract promises `deleteResultsBefore` (an
 * operator may shorten retention and want the old rows gone now). Results carry no index
 * on time (an index would double the cost of every check), so it scans the table with a
 * filter that only a result item can pass (partition key `RESULT#...`, sort key before
 * the cut) and deletes what it finds in batches of 25. Ledger items never match the
 * filter, and IAM denies deleting them anyway.
 */
import { BatchWriteItemCommand, ScanCommand, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { ThrottledError } from '../../../core/errors.ts';
import { TABLE_KEYS } from '../table-design.ts';
import { pad, RESULT_PREFIX } from './keys.ts';
import type { Item } from './paging.ts';
import { S, type Table } from './table.ts';

/** BatchWriteItem takes at most 25 requests. */
const BATCH = 25;
/** Rounds of retrying unprocessed deletes before giving up (the next sweep finishes the job). */
const MAX_ROUNDS = 5;
const BACKOFF_MS = 50;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Deletes results that started before `cutMs` (whole, non-negative epoch ms). */
export async function deleteResultsBefore({ client, tableName }: Table, cutMs: number): Promise<number> {
  // Results started before the cut have sort keys below the padded cut (see keys.result).
  const cut = pad(cutMs, 'before');
  let deleted = 0;
  let start: Item | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: tableName,
        ProjectionExpression: '#pk, #sk',
        FilterExpression: 'begins_with(#pk, :results) AND #sk < :cut',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
        ExpressionAttributeValues: { ':results': S(RESULT_PREFIX), ':cut': S(cut) },
        ExclusiveStartKey: start,
      }),
    );
    const doomed = page.Items ?? [];
    for (let i = 0; i < doomed.length; i += BATCH) {
      await deleteBatch(client, tableName, doomed.slice(i, i + BATCH));
      deleted += Math.min(BATCH, doomed.length - i);
    }
    start = page.LastEvaluatedKey;
  } while (start !== undefined);
  return deleted;
}

async function deleteBatch(client: Table['client'], tableName: string, items: readonly Item[]): Promise<void> {
  let pending: WriteRequest[] = items.map((item) => ({ DeleteRequest: { Key: { pk: item['pk']!, sk: item['sk']! } } }));
  for (let round = 0; pending.length > 0; round += 1) {
    if (round === MAX_ROUNDS) throw new ThrottledError(`retention: ${pending.length} results were not deleted after ${MAX_ROUNDS} rounds`);
    if (round > 0) await sleep(BACKOFF_MS * 2 ** round);
    const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [tableName]: pending } }));
    pending = out.UnprocessedItems?.[tableName] ?? [];
  }
}
