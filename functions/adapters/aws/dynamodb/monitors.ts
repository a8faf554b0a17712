/**
 * MonitorStore over DynamoDB (home region). One item per monitor; listings go through
 * the `byCollection` index in creation order, the tag filter through `contains` on the
 * item's tag list.
 */
import { DeleteItemCommand, GetItemCommand, PutItemCommand, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { ConflictError, NotFoundError } from '../../../core/errors.ts';
import type { Monitor } from '../../../core/monitor.ts';
import type { MonitorStore } from '../../../ports/monitor-store.ts';
import { epochMs } from '../../common/stores/checks.ts';
import { awsStep, whenConditionFails } from '../errors.ts';
import { BY_COLLECTION, TABLE_KEYS } from '../table-design.ts';
import { itemDoesNotExist, itemExists } from './conditions.ts';
import { collections, keys, timeOrder } from './keys.ts';
import { queryAll, queryPage, type Item } from './paging.ts';
import { bodyOf, PK_NAME, S, strings, type Table } from './table.ts';

const LISTING_KEYS = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, BY_COLLECTION.partitionKey, BY_COLLECTION.sortKey];

/** The monitor as JSON, its index keys (creation order), and its tags as a list for the tag filter. */
function toItem(monitor: Monitor): Item {
  return {
    ...strings({
      ...keys.monitor(monitor.id),
      [BY_COLLECTION.partitionKey]: collections.monitors,
      [BY_COLLECTION.sortKey]: timeOrder(epochMs(monitor.createdAt, 'createdAt'), monitor.id, 'createdAt'),
    }),
    tags: { L: monitor.tags.map(S) },
    body: S(JSON.stringify(monitor)),
  };
}

export function createDynamoMonitorStore({ client, tableName }: Table): MonitorStore {
  const byCreation = (): Omit<QueryCommandInput, 'ExclusiveStartKey'> => ({
    TableName: tableName,
    IndexName: BY_COLLECTION.indexName,
    KeyConditionExpression: '#gpk = :collection',
    ExpressionAttributeNames: { '#gpk': BY_COLLECTION.partitionKey },
    ExpressionAttributeValues: { ':collection': S(collections.monitors) },
  });

  const write = (monitor: Monitor, condition: string) =>
    new PutItemCommand({ TableName: tableName, Item: toItem(monitor), ConditionExpression: condition, ExpressionAttributeNames: PK_NAME });

  return {
    get: (id) =>
      awsStep('monitor', async () => {
        const out = await client.send(new GetItemCommand({ TableName: tableName, Key: strings(keys.monitor(id)), ConsistentRead: true }));
        return out.Item ? bodyOf<Monitor>(out.Item, `monitor ${id}`) : null;
      }),
    list: ({ limit, cursor, tag }) =>
      awsStep('monitor', async () => {
        const base = byCreation();
        const input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'> =
          tag === undefined
            ? base
            : {
                ...base,
                FilterExpression: 'contains(#tags, :tag)',
                ExpressionAttributeNames: { ...base.ExpressionAttributeNames, '#tags': 'tags' },
                ExpressionAttributeValues: { ...base.ExpressionAttributeValues, ':tag': S(tag) },
              };
        const page = await queryPage({
          client,
          input,
          keyNames: LISTING_KEYS,
          partition: { [BY_COLLECTION.partitionKey]: collections.monitors },
          limit,
          cursor,
        });
        return { items: page.items.map((item) => bodyOf<Monitor>(item, 'monitor')), nextCursor: page.nextCursor };
      }),
    all: () => awsStep('monitor', async () => (await queryAll(client, byCreation())).map((item) => bodyOf<Monitor>(item, 'monitor'))),
    create: (monitor) =>
      awsStep(`monitor ${monitor.id}`, async () => {
        try {
          await client.send(write(monitor, itemDoesNotExist));
        } catch (error) {
          throw whenConditionFails(error, () => new ConflictError(`monitor ${monitor.id} exists already`, { cause: error }));
        }
      }),
    replace: (monitor) =>
      awsStep(`monitor ${monitor.id}`, async () => {
        try {
          await client.send(write(monitor, itemExists));
        } catch (error) {
          throw whenConditionFails(error, () => new NotFoundError(`monitor ${monitor.id} does not exist`, { cause: error }));
        }
      }),
    delete: (id) =>
      awsStep(`monitor ${id}`, async () => {
        const out = await client.send(new DeleteItemCommand({ TableName: tableName, Key: strings(keys.monitor(id)), ReturnValues: 'ALL_OLD' }));
        return out.Attributes !== undefined;
      }),
  };
}
