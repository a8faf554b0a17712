/**
 * IncidentStore over DynamoDB (home region). One item per incident, newest first through
 * `byCollection` (all incidents) or `byMonitor` (one monitor's); the status filter is a
 * FilterExpression (few incidents are ever open).
 */
import { GetItemCommand, PutItemCommand, type AttributeValue, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { ConflictError, NotFoundError } from '../../../core/errors.ts';
import type { Incident } from '../../../core/incident.ts';
import type { IncidentStore } from '../../../ports/incident-store.ts';
import { epochMs } from '../../common/stores/checks.ts';
import { awsStep, whenConditionFails } from '../errors.ts';
import { BY_COLLECTION, BY_MONITOR, TABLE_KEYS, type IndexDesign } from '../table-design.ts';
import { itemDoesNotExist, itemExists } from './conditions.ts';
import { collections, keys, monitorOwned, timeOrder } from './keys.ts';
import { queryPage } from './paging.ts';
import { bodyOf, PK_NAME, S, strings, type Table } from './table.ts';

/** Sort keys in `byMonitor` are prefixed by the kind of item the monitor owns. */
const OWNED_INCIDENT = 'INCIDENT#';

function toItem(incident: Incident) {
  const opened = timeOrder(epochMs(incident.openedAt, 'openedAt'), incident.id, 'openedAt');
  return {
    ...strings({
      ...keys.incident(incident.id),
      [BY_COLLECTION.partitionKey]: collections.incidents,
      [BY_COLLECTION.sortKey]: opened,
      [BY_MONITOR.partitionKey]: monitorOwned(incident.monitorId),
      [BY_MONITOR.sortKey]: `${OWNED_INCIDENT}${opened}`,
      status: incident.status,
    }),
    body: S(JSON.stringify(incident)),
  };
}

export function createDynamoIncidentStore({ client, tableName }: Table): IncidentStore {
  const write = (incident: Incident, condition: string) =>
    new PutItemCommand({ TableName: tableName, Item: toItem(incident), ConditionExpression: condition, ExpressionAttributeNames: PK_NAME });

  return {
    create: (incident) =>
      awsStep(`incident ${incident.id}`, async () => {
        try {
          await client.send(write(incident, itemDoesNotExist));
        } catch (error) {
          throw whenConditionFails(error, () => new ConflictError(`incident ${incident.id} exists already`, { cause: error }));
        }
      }),
    update: (incident) =>
      awsStep(`incident ${incident.id}`, async () => {
        try {
          await client.send(write(incident, itemExists));
        } catch (error) {
          throw whenConditionFails(error, () => new NotFoundError(`incident ${incident.id} does not exist`, { cause: error }));
        }
      }),
    get: (id) =>
      awsStep('incident', async () => {
        const out = await client.send(new GetItemCommand({ TableName: tableName, Key: strings(keys.incident(id)), ConsistentRead: true }));
        return out.Item ? bodyOf<Incident>(out.Item, `incident ${id}`) : null;
      }),
    list: ({ limit, cursor, monitorId, status }) =>
      awsStep('incident', async () => {
        const index: IndexDesign = monitorId === undefined ? BY_COLLECTION : BY_MONITOR;
        const partition = monitorId === undefined ? collections.incidents : monitorOwned(monitorId);
        const names: Record<string, string> = { '#gpk': index.partitionKey };
        const values: Record<string, AttributeValue> = { ':partition': S(partition) };
        let keyCondition = '#gpk = :partition';
        if (monitorId !== undefined) {
          keyCondition += ' AND begins_with(#gsk, :owned)';
          names['#gsk'] = index.sortKey;
          values[':owned'] = S(OWNED_INCIDENT);
        }
        const input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'> = {
          TableName: tableName,
          IndexName: index.indexName,
          KeyConditionExpression: keyCondition,
          ScanIndexForward: false,
          ...(status === undefined ? {} : { FilterExpression: '#status = :status' }),
          ExpressionAttributeNames: status === undefined ? names : { ...names, '#status': 'status' },
          ExpressionAttributeValues: status === undefined ? values : { ...values, ':status': S(status) },
        };
        const page = await queryPage({
          client,
          input,
          keyNames: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, index.partitionKey, index.sortKey],
          partition: { [index.partitionKey]: partition },
          limit,
          cursor,
        });
        return { items: page.items.map((item) => bodyOf<Incident>(item, 'incident')), nextCursor: page.nextCursor };
      }),
  };
}
