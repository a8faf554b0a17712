/**
 * MonitorStore over DynamoDB (home region). One item per monitor; listings go through
 * the `byCollection` index in creation order, the tag filter through `contains` on the
 * item's tag list. The rules live in ../../common/stores/monitor-store.ts; this file
 * moves items, and a lost condition comes back as false.
 */
import { DeleteItemCommand, GetItemCommand, type QueryCommandInput, type TransactWriteItem } from '@aws-sdk/client-dynamodb';
import type { MonitorStore } from '../../../ports/monitor-store.ts';
import type { MonitorWrite } from '../../common/stores/monitor-change.ts';
import { createMonitorStore, type MonitorBackend, type MonitorRow } from '../../common/stores/monitor-store.ts';
import { awsStep } from '../errors.ts';
import { BY_COLLECTION, TABLE_KEYS } from '../table-design.ts';
import { bodyIsExpected, itemDoesNotExist, itemExists } from './conditions.ts';
import { collections, keys, timeOrder } from './keys.ts';
import { queryAll, queryListing, type Item, type KeyPosition } from './paging.ts';
import { bodyText, PK_NAME, putIf, S, strings, type Table } from './table.ts';

const LISTING_KEYS = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, BY_COLLECTION.partitionKey, BY_COLLECTION.sortKey];

/** The monitor as JSON, its index keys (creation order), and its tags as a list for the tag filter. */
function toItem({ monitor, createdMs, body }: MonitorRow): Item {
  return {
    ...strings({
      ...keys.monitor(monitor.id),
      [BY_COLLECTION.partitionKey]: collections.monitors,
      [BY_COLLECTION.sortKey]: timeOrder(createdMs, monitor.id, 'createdAt'),
    }),
    tags: { L: monitor.tags.map(S) },
    body: S(body),
  };
}

/**
 * A monitor write as one item of a transaction (the ledger's append carries it): a Put
 * on a free id, or a Put or Delete on the condition that the stored JSON is still the
 * expected text.
 */
export function monitorTransactItem(tableName: string, write: MonitorWrite): TransactWriteItem {
  if (write.op === 'create') {
    return { Put: { TableName: tableName, Item: toItem(write.row), ConditionExpression: itemDoesNotExist, ExpressionAttributeNames: PK_NAME } };
  }
  const condition = { ConditionExpression: bodyIsExpected, ExpressionAttributeNames: { '#body': 'body' }, ExpressionAttributeValues: { ':expected': S(write.expectedBody) } };
  if (write.op === 'replace') return { Put: { TableName: tableName, Item: toItem(write.row), ...condition } };
  return { Delete: { TableName: tableName, Key: strings(keys.monitor(write.id)), ...condition } };
}

export function dynamoMonitorBackend(table: Table): MonitorBackend<KeyPosition> {
  const { client, tableName } = table;
  const byCreation = (): Omit<QueryCommandInput, 'ExclusiveStartKey'> => ({
    TableName: tableName,
    IndexName: BY_COLLECTION.indexName,
    KeyConditionExpression: '#gpk = :collection',
    ExpressionAttributeNames: { '#gpk': BY_COLLECTION.partitionKey },
    ExpressionAttributeValues: { ':collection': S(collections.monitors) },
  });

  const write = (row: MonitorRow, condition: string) =>
    awsStep(`monitor ${row.monitor.id}`, () =>
      putIf(client, { TableName: tableName, Item: toItem(row), ConditionExpression: condition, ExpressionAttributeNames: PK_NAME }),
    );

  return {
    readBody: (id) =>
      awsStep('monitor', async () => {
        const out = await client.send(new GetItemCommand({ TableName: tableName, Key: strings(keys.monitor(id)), ConsistentRead: true }));
        return out.Item ? bodyText(out.Item, `monitor ${id}`) : null;
      }),
    listing: ({ tag }) => {
      const base = byCreation();
      const input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'> =
        tag === null
          ? base
          : {
              ...base,
              FilterExpression: 'contains(#tags, :tag)',
              ExpressionAttributeNames: { ...base.ExpressionAttributeNames, '#tags': 'tags' },
              ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':tag': S(tag) },
            };
      return queryListing({ client, input, keyNames: LISTING_KEYS, partition: { [BY_COLLECTION.partitionKey]: collections.monitors }, what: 'monitor' });
    },
    allBodies: () => awsStep('monitor', async () => (await queryAll(client, byCreation())).map((item) => bodyText(item, 'monitor'))),
    // The name is inside the JSON body: the filter keeps the bodies holding it as a JSON
    // string (the base keeps exact matches), so only candidates cross the network.
    bodiesNamed: (name) =>
      awsStep('monitor', async () => {
        const base = byCreation();
        const input = {
          ...base,
          FilterExpression: 'contains(#body, :name)',
          ExpressionAttributeNames: { ...base.ExpressionAttributeNames, '#body': 'body' },
          ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':name': S(JSON.stringify(name)) },
        };
        return (await queryAll(client, input)).map((item) => bodyText(item, 'monitor'));
      }),
    insertIfAbsent: (row) => write(row, itemDoesNotExist),
    replaceIfPresent: (row) => write(row, itemExists),
    delete: (id) =>
      awsStep(`monitor ${id}`, async () => {
        const out = await client.send(new DeleteItemCommand({ TableName: tableName, Key: strings(keys.monitor(id)), ReturnValues: 'ALL_OLD' }));
        return out.Attributes !== undefined;
      }),
  };
}

export function createDynamoMonitorStore(table: Table): MonitorStore {
  return createMonitorStore(dynamoMonitorBackend(table));
}
