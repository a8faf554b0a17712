/**
 * ResultStore over DynamoDB, written with the probe's own region (the global table
 * replicates): raw results that expire by TTL, hourly rollups added in place with
 * `UpdateItem ADD` (see rollups.ts), and anomalies. The rules live in
 * ../../common/stores/result-store.ts; this file moves items.
 */
import type { AttributeValue, QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { ResultStore } from '../../../ports/result-store.ts';
import type { Listing } from '../../common/paging.ts';
import { createResultStore, type ResultBackend, type TimedFilter } from '../../common/stores/result-store.ts';
import { awsStep } from '../errors.ts';
import { TABLE_KEYS, TTL_ATTRIBUTE } from '../table-design.ts';
import { itemDoesNotExist } from './conditions.ts';
import { anomalyPartition, keys, resultPartition, timeRange } from './keys.ts';
import { queryListing, type Item, type KeyPosition } from './paging.ts';
import { deleteResultsBefore } from './retention.ts';
import { addRollups, listRollups } from './rollups.ts';
import { N, PK_NAME, putIf, S, strings, type Table } from './table.ts';

export interface ResultStoreOptions {
  /** Raw results expire (TTL) this many seconds after they started. */
  readonly retentionSeconds: number;
}

const BASE_KEYS = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey];

export function dynamoResultBackend(table: Table, options: ResultStoreOptions): ResultBackend<KeyPosition> {
  const { client, tableName } = table;

  /** A put that is idempotent on the key: the first write wins. */
  const putOnce = (item: Item) => putIf(client, { TableName: tableName, Item: item, ConditionExpression: itemDoesNotExist, ExpressionAttributeNames: PK_NAME });

  /** Newest first in one monitor's partition, with the time window as key condition and the region as filter. */
  const listing = (what: string, partition: string, { region, window }: TimedFilter): Listing<KeyPosition> => {
    const range = timeRange(window);
    const names: Record<string, string> = { '#pk': TABLE_KEYS.partitionKey, ...(range.condition ? { '#sk': TABLE_KEYS.sortKey } : {}) };
    const values: Record<string, AttributeValue> = { ':pk': S(partition) };
    for (const [name, value] of Object.entries(range.values)) values[name] = S(value);
    const input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'> = {
      TableName: tableName,
      KeyConditionExpression: range.condition ? `#pk = :pk AND ${range.condition}` : '#pk = :pk',
      ScanIndexForward: false,
      ...(region === null ? {} : { FilterExpression: '#region = :region' }),
      ExpressionAttributeNames: region === null ? names : { ...names, '#region': 'region' },
      ExpressionAttributeValues: region === null ? values : { ...values, ':region': S(region) },
    };
    return queryListing({ client, input, keyNames: BASE_KEYS, partition: { [TABLE_KEYS.partitionKey]: partition }, what });
  };

  return {
    insertResultIfAbsent: ({ result, startedMs, body }) =>
      awsStep(`result ${result.id}`, () =>
        putOnce({
          ...strings(keys.result(result.monitorId, startedMs, result.id)),
          region: S(result.region),
          [TTL_ATTRIBUTE]: N(Math.floor(startedMs / 1000) + options.retentionSeconds),
          body: S(body),
        }),
      ),
    results: (monitorId, filter) => listing('results', resultPartition(monitorId), filter),
    addToRollup: (key, delta) => awsStep('rollup', () => addRollups(table, [{ ...key, ...delta }])),
    readRollups: (monitorId, window) => awsStep('rollups', () => listRollups(table, monitorId, window)),
    insertAnomalyIfAbsent: ({ anomaly, atMs, body }) =>
      awsStep(`anomaly ${anomaly.id}`, () =>
        putOnce({ ...strings(keys.anomaly(anomaly.monitorId, atMs, anomaly.id)), region: S(anomaly.primary.region), body: S(body) }),
      ),
    anomalies: (monitorId, filter) => listing('anomalies', anomalyPartition(monitorId), filter),
    deleteResultsBefore: (cutMs) => awsStep('retention', () => deleteResultsBefore(table, cutMs)),
  };
}

export function createDynamoResultStore(table: Table, options: ResultStoreOptions): ResultStore {
  return createResultStore(dynamoResultBackend(table, options));
}
