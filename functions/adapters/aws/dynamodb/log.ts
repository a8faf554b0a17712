/**
 * LogStore over DynamoDB (home region): tree records (tree.ts), checkpoints one item per
 * size in partition `LEDGER#CHECKPOINT` (written once: `attribute_not_exists`), and the
 * origin item (written once). Rules: ../../common/stores/log-store.ts.
 */
import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import type { LogStore, StoredCheckpoint } from '../../../ports/log-store.ts';
import { createLogStore, type LogBackend } from '../../common/stores/log-store.ts';
import { awsStep } from '../errors.ts';
import { TABLE_KEYS } from '../table-design.ts';
import { itemDoesNotExist } from './conditions.ts';
import { keys, LEDGER_CHECKPOINT_PARTITION, LEDGER_COSIGNATURE_PARTITION, pad } from './keys.ts';
import { dynamoLedgerBackend } from './ledger.ts';
import { N, PK_NAME, putIf, S, strings, type Item, type Table } from './table.ts';

const checkpointOf = (item: Item | undefined): StoredCheckpoint | null =>
  item?.['note']?.S === undefined ? null : { size: Number(item['size']?.N), note: item['note'].S };

export function dynamoLogBackend(table: Table): LogBackend {
  const { client, tableName } = table;
  const ledger = dynamoLedgerBackend(table);
  const get = async (key: Record<string, string>) => (await client.send(new GetItemCommand({ TableName: tableName, Key: strings(key), ConsistentRead: true }))).Item;

  return {
    treeRecords: ledger.treeRecords,
    lastTreeLeaf: ledger.lastTreeLeaf,
    putTreeRecord: ledger.putTreeRecord,
    readRange: ledger.readRange,
    latestCheckpoint: () =>
      awsStep('ledger checkpoint', async () => {
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: '#pk = :checkpoints',
            ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
            ExpressionAttributeValues: { ':checkpoints': S(LEDGER_CHECKPOINT_PARTITION) },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        );
        return checkpointOf(out.Items?.[0]);
      }),
    checkpointAt: (size) => awsStep('ledger checkpoint', async () => checkpointOf(await get(keys.ledgerCheckpoint(size)))),
    putCheckpointIfNew: ({ size, note }) =>
      awsStep(`ledger checkpoint ${size}`, () =>
        putIf(client, {
          TableName: tableName,
          Item: { ...strings(keys.ledgerCheckpoint(size)), size: N(size), note: S(note) },
          ConditionExpression: itemDoesNotExist,
          ExpressionAttributeNames: PK_NAME,
        }),
      ),
    storedOrigin: () => awsStep('ledger origin', async () => (await get(keys.ledgerOrigin()))?.['origin']?.S ?? null),
    putOriginIfNone: (origin) =>
      awsStep('ledger origin', () =>
        putIf(client, { TableName: tableName, Item: { ...strings(keys.ledgerOrigin()), origin: S(origin) }, ConditionExpression: itemDoesNotExist, ExpressionAttributeNames: PK_NAME }),
      ),
    putCosignatureIfNew: (size, witness, line) =>
      awsStep('ledger cosignature', async () => {
        await putIf(client, {
          TableName: tableName,
          Item: { ...strings(keys.ledgerCosignature(size, witness)), witness: S(witness), line: S(line) },
          ConditionExpression: itemDoesNotExist,
          ExpressionAttributeNames: PK_NAME,
        });
      }),
    cosignaturesAt: (size) =>
      awsStep('ledger cosignatures', async () => {
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: '#pk = :cosig AND begins_with(#sk, :size)',
            ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
            ExpressionAttributeValues: { ':cosig': S(LEDGER_COSIGNATURE_PARTITION), ':size': S(`${pad(size, 'size')}#`) },
            ConsistentRead: true,
          }),
        );
        return (out.Items ?? []).map((item) => ({ witness: item['witness']?.S ?? '', line: item['line']?.S ?? '' }));
      }),
  };
}

export function createDynamoLogStore(table: Table): LogStore {
  return createLogStore(dynamoLogBackend(table));
}
