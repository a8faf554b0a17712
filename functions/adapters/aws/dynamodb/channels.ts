/**
 * ChannelStore over DynamoDB (home region): one item per channel, listed through the
 * `byCollection` index in name order. The rules live in ../../common/stores/channel-store.ts.
 */
import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import type { ChannelStore } from '../../../ports/channel-store.ts';
import { createChannelStore, type ChannelBackend, type ChannelRow } from '../../common/stores/channel-store.ts';
import { awsStep } from '../errors.ts';
import { BY_COLLECTION } from '../table-design.ts';
import { itemDoesNotExist, itemExists } from './conditions.ts';
import { collections, keys } from './keys.ts';
import { queryAll } from './paging.ts';
import { bodyText, PK_NAME, putIf, S, strings, type Table } from './table.ts';

const toItem = ({ name, body }: ChannelRow) => ({
  ...strings({ ...keys.channel(name), [BY_COLLECTION.partitionKey]: collections.channels, [BY_COLLECTION.sortKey]: name }),
  body: S(body),
});

export function dynamoChannelBackend({ client, tableName }: Table): ChannelBackend {
  const write = (row: ChannelRow, condition: string) =>
    awsStep(`channel ${row.name}`, () => putIf(client, { TableName: tableName, Item: toItem(row), ConditionExpression: condition, ExpressionAttributeNames: PK_NAME }));
  return {
    readBody: (name) =>
      awsStep('channel', async () => {
        const out = await client.send(new GetItemCommand({ TableName: tableName, Key: strings(keys.channel(name)), ConsistentRead: true }));
        return out.Item ? bodyText(out.Item, `channel ${name}`) : null;
      }),
    allBodies: () =>
      awsStep('channel', async () =>
        (
          await queryAll(client, {
            TableName: tableName,
            IndexName: BY_COLLECTION.indexName,
            KeyConditionExpression: '#gpk = :collection',
            ExpressionAttributeNames: { '#gpk': BY_COLLECTION.partitionKey },
            ExpressionAttributeValues: { ':collection': S(collections.channels) },
          })
        ).map((item) => bodyText(item, 'channel')),
      ),
    insertIfAbsent: (row) => write(row, itemDoesNotExist),
    replaceIfPresent: (row) => write(row, itemExists),
    delete: (name) =>
      awsStep(`channel ${name}`, async () => {
        const out = await client.send(new DeleteItemCommand({ TableName: tableName, Key: strings(keys.channel(name)), ReturnValues: 'ALL_OLD' }));
        return out.Attributes !== undefined;
      }),
  };
}

export function createDynamoChannelStore(table: Table): ChannelStore {
  return createChannelStore(dynamoChannelBackend(table));
}
