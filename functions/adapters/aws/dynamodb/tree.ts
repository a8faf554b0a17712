/**
 * The Merkle tree's records in DynamoDB: one item per leaf in partition `LEDGER#TREE`
 * (sort key the leaf), holding the hashes the leaf completes as a binary attribute.
 * The append writes a leaf's record in the ledger's own transaction (ledger.ts); these
 * are the reads and the catch-up write. Rules: ../../common/stores/ledger-tree.ts.
 */
import { BatchGetItemCommand, QueryCommand, type BatchGetItemCommandOutput, type KeysAndAttributes } from '@aws-sdk/client-dynamodb';
import { ConflictError, CrossCheckError } from '../../../core/errors.ts';
import type { TreeBackend } from '../../common/stores/ledger-tree.ts';
import { awsStep } from '../errors.ts';
import { TABLE_KEYS } from '../table-design.ts';
import { treeRecordIsNewOrSame } from './conditions.ts';
import { keys, LEDGER_TREE_PARTITION } from './keys.ts';
import { PK_NAME, putIf, S, strings, type Item, type Table } from './table.ts';

/** BatchGetItem's limit of keys per request. */
const BATCH = 100;
/** Rounds of UnprocessedKeys before giving up (the SDK already retries throttling). */
const MAX_ROUNDS = 8;

export function dynamoTree({ client, tableName }: Table): Omit<TreeBackend, 'readRange'> {
  return {
    treeRecords: (leaves) =>
      awsStep('ledger tree', async () => {
        const found = new Map<number, Uint8Array>();
        const unique = [...new Set(leaves)];
        for (let i = 0; i < unique.length; i += BATCH) {
          let request: Record<string, KeysAndAttributes> | undefined = {
            [tableName]: { Keys: unique.slice(i, i + BATCH).map((leaf) => strings(keys.ledgerTree(leaf))), ConsistentRead: true },
          };
          for (let round = 0; request !== undefined && Object.keys(request).length > 0; round++) {
            if (round === MAX_ROUNDS) throw new CrossCheckError(`ledger tree: DynamoDB left keys unprocessed ${MAX_ROUNDS} times`);
            const out: BatchGetItemCommandOutput = await client.send(new BatchGetItemCommand({ RequestItems: request }));
            for (const item of out.Responses?.[tableName] ?? []) found.set(Number(item['sk']?.S), hashesOf(item));
            request = out.UnprocessedKeys;
          }
        }
        return found;
      }),
    lastTreeLeaf: () =>
      awsStep('ledger tree', async () => {
        const out = await client.send(
          new QueryCommand({
            TableName: tableName,
            KeyConditionExpression: '#pk = :tree',
            ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
            ExpressionAttributeValues: { ':tree': S(LEDGER_TREE_PARTITION) },
            ScanIndexForward: false,
            Limit: 1,
            ConsistentRead: true,
          }),
        );
        const item = out.Items?.[0];
        return item === undefined ? null : Number(item['sk']?.S);
      }),
    putTreeRecord: (leaf, record) =>
      awsStep(`ledger tree record ${leaf}`, async () => {
        const landed = await putIf(client, {
          TableName: tableName,
          Item: { ...strings(keys.ledgerTree(leaf)), hashes: { B: record } },
          ConditionExpression: treeRecordIsNewOrSame,
          ExpressionAttributeNames: { ...PK_NAME, '#hashes': 'hashes' },
          ExpressionAttributeValues: { ':hashes': { B: record } },
        });
        if (!landed) throw new ConflictError(`the tree record of leaf ${leaf} is stored with other hashes`);
      }),
  };
}

function hashesOf(item: Item): Uint8Array {
  const bytes = item['hashes']?.B;
  if (bytes === undefined) throw new CrossCheckError(`tree record ${item['sk']?.S ?? '?'} has no hashes`);
  return new Uint8Array(bytes);
}
