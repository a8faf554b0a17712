/**
 * IncidentStore over DynamoDB (home region). One item per incident, newest first through
 * `byCollection` (all incidents) or `byMonitor` (one monitor's); the status filter is a
 * FilterExpression (few incidents are ever open). The rules live in
 * ../../common/stores/incident-store.ts; this file moves items, and a lost condition
 * comes back as false.
 */
import { GetItemCommand, type AttributeValue, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { IncidentStore } from '../../../ports/incident-store.ts';
import { createIncidentStore, type IncidentBackend, type IncidentRow } from '../../common/stores/incident-store.ts';
import { awsStep } from '../errors.ts';
import { BY_COLLECTION, BY_MONITOR, TABLE_KEYS, type IndexDesign } from '../table-design.ts';
import { itemDoesNotExist, itemExists } from './conditions.ts';
import { collections, keys, monitorOwned, timeOrder } from './keys.ts';
import { queryListing, type KeyPosition } from './paging.ts';
import { bodyText, PK_NAME, putIf, S, strings, type Table } from './table.ts';

/** Sort keys in `byMonitor` are prefixed by the kind of item the monitor owns. */
const OWNED_INCIDENT = 'INCIDENT#';

function toItem({ incident, openedMs, body }: IncidentRow) {
  const opened = timeOrder(openedMs, incident.id, 'openedAt');
  return {
    ...strings({
      ...keys.incident(incident.id),
      [BY_COLLECTION.partitionKey]: collections.incidents,
      [BY_COLLECTION.sortKey]: opened,
      [BY_MONITOR.partitionKey]: monitorOwned(incident.monitorId),
      [BY_MONITOR.sortKey]: `${OWNED_INCIDENT}${opened}`,
      status: incident.status,
    }),
    body: S(body),
  };
}

export function dynamoIncidentBackend({ client, tableName }: Table): IncidentBackend<KeyPosition> {
  const write = (row: IncidentRow, condition: string) =>
    awsStep(`incident ${row.incident.id}`, () =>
      putIf(client, { TableName: tableName, Item: toItem(row), ConditionExpression: condition, ExpressionAttributeNames: PK_NAME }),
    );

  return {
    readBody: (id) =>
      awsStep('incident', async () => {
        const out = await client.send(new GetItemCommand({ TableName: tableName, Key: strings(keys.incident(id)), ConsistentRead: true }));
        return out.Item ? bodyText(out.Item, `incident ${id}`) : null;
      }),
    insertIfAbsent: (row) => write(row, itemDoesNotExist),
    replaceIfPresent: (row) => write(row, itemExists),
    listing: ({ monitorId, status }) => {
      const index: IndexDesign = monitorId === null ? BY_COLLECTION : BY_MONITOR;
      const partition = monitorId === null ? collections.incidents : monitorOwned(monitorId);
      const names: Record<string, string> = { '#gpk': index.partitionKey };
      const values: Record<string, AttributeValue> = { ':partition': S(partition) };
      let keyCondition = '#gpk = :partition';
      if (monitorId !== null) {
        keyCondition += ' AND begins_with(#gsk, :owned)';
        names['#gsk'] = index.sortKey;
        values[':owned'] = S(OWNED_INCIDENT);
      }
      const input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'> = {
        TableName: tableName,
        IndexName: index.indexName,
        KeyConditionExpression: keyCondition,
        ScanIndexForward: false,
        ...(status === null ? {} : { FilterExpression: '#status = :status' }),
        ExpressionAttributeNames: status === null ? names : { ...names, '#status': 'status' },
        ExpressionAttributeValues: status === null ? values : { ...values, ':status': S(status) },
      };
      return queryListing({
        client,
        input,
        keyNames: [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, index.partitionKey, index.sortKey],
        partition: { [index.partitionKey]: partition },
        what: 'incident',
      });
    },
  };
}

export function createDynamoIncidentStore(table: Table): IncidentStore {
  return createIncidentStore(dynamoIncidentBackend(table));
}
