/**
 * ResultStore over DynamoDB, written with the probe's own region (the global table
 * replicates): raw results that expire by TTL, hourly rollups added in place with
 * `UpdateItem ADD` (see rollups.ts), and anomalies.
 */
import { PutItemCommand, type AttributeValue, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import type { Anomaly } from '../../../core/incident.ts';
import type { RollupDelta, RollupKey } from '../../../core/rollup.ts';
import type { ResultQuery, ResultStore, StoredResult } from '../../../ports/result-store.ts';
import { epochMs } from '../../common/stores/checks.ts';
import { awsStep, isConditionFailure } from '../errors.ts';
import { TABLE_KEYS, TTL_ATTRIBUTE } from '../table-design.ts';
import { itemDoesNotExist } from './conditions.ts';
import { anomalyPartition, keys, resultPartition, timeRange } from './keys.ts';
import { queryPage } from './paging.ts';
import { deleteResultsBefore } from './retention.ts';
import { addRollups, listRollups } from './rollups.ts';
import { bodyOf, N, PK_NAME, S, strings, type Table } from './table.ts';

export interface ResultStoreOptions {
  /** Raw results expire (TTL) this many seconds after they started. */
  readonly retentionSeconds: number;
}

const BASE_KEYS = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey];
export function createDynamoResultStore(table: Table, options: ResultStoreOptions): ResultStore {
  const { client, tableName } = table;

  /** A put that is idempotent on the key: the first write wins, a repeat is not an error. */
  const putOnce = async (item: Record<string, AttributeValue>) => {
    try {
      await client.send(new PutItemCommand({ TableName: tableName, Item: item, ConditionExpression: itemDoesNotExist, ExpressionAttributeNames: PK_NAME }));
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  };

  /** Newest first in one monitor's partition, with the time window as key condition and the region as filter. */
  const listing = async <T>(partition: string, query: ResultQuery) => {
    const range = timeRange(query.since, query.until);
    if (range === null) return { items: [], nextCursor: null };
    const names: Record<string, string> = { '#pk': TABLE_KEYS.partitionKey, ...(range.condition ? { '#sk': TABLE_KEYS.sortKey } : {}) };
    const values: Record<string, AttributeValue> = { ':pk': S(partition) };
    for (const [name, value] of Object.entries(range.values)) values[name] = S(value);
    const input: Omit<QueryCommandInput, 'ExclusiveStartKey' | 'Limit'> = {
      TableName: tableName,
      KeyConditionExpression: range.condition ? `#pk = :pk AND ${range.condition}` : '#pk = :pk',
      ScanIndexForward: false,
      ...(query.region === undefined ? {} : { FilterExpression: '#region = :region' }),
      ExpressionAttributeNames: query.region === undefined ? names : { ...names, '#region': 'region' },
      ExpressionAttributeValues: query.region === undefined ? values : { ...values, ':region': S(query.region) },
    };
    const page = await queryPage({ client, input, keyNames: BASE_KEYS, partition: { [TABLE_KEYS.partitionKey]: partition }, limit: query.limit, cursor: query.cursor });
    return { items: page.items.map((item) => bodyOf<T>(item, partition)), nextCursor: page.nextCursor };
  };

  return {
    putResult: (result) =>
      awsStep(`result ${result.id}`, async () => {
        const started = epochMs(result.startedAt, 'startedAt');
        await putOnce({
          ...strings(keys.result(result.monitorId, started, result.id)),
          region: S(result.region),
          [TTL_ATTRIBUTE]: N(Math.floor(started / 1000) + options.retentionSeconds),
          body: S(JSON.stringify(result)),
        });
      }),
    listResults: (monitorId, query) => awsStep('results', () => listing<StoredResult>(resultPartition(monitorId), query)),
    addToRollup: (key: RollupKey, delta: RollupDelta) => awsStep('rollup', () => addRollups(table, [{ ...key, ...delta }])),
    listRollups: (monitorId, fromHour, toHour) => awsStep('rollups', () => listRollups(table, monitorId, fromHour, toHour)),
    putAnomaly: (anomaly) =>
      awsStep(`anomaly ${anomaly.id}`, async () => {
        const key = keys.anomaly(anomaly.monitorId, epochMs(anomaly.at, 'at'), anomaly.id);
        await putOnce({ ...strings(key), region: S(anomaly.primary.region), body: S(JSON.stringify(anomaly)) });
      }),
    listAnomalies: (monitorId, query) => awsStep('anomalies', () => listing<Anomaly>(anomalyPartition(monitorId), query)),
    deleteResultsBefore: (before) => awsStep('retention', () => deleteResultsBefore(table, before)),
  };
}
