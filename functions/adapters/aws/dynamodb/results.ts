/**
 * ResultStore over DynamoDB, written with the probe's own region (the global table
 * replicates): raw results that expire by TTL, hourly rollups added in place with
 * `UpdateItem ADD`, and anomalies.
 */
import { PutItemCommand, UpdateItemCommand, type AttributeValue, type QueryCommandInput } from '@aws-sdk/client-dynamodb';
import { ValidationError } from '../../../core/errors.ts';
import type { Anomaly } from '../../../core/incident.ts';
import type { Rollup, RollupDelta, RollupKey } from '../../../core/rollup.ts';
import type { ResultQuery, ResultStore, StoredResult } from '../../../ports/result-store.ts';
import { epochMs } from '../../local/sqlite/paging.ts';
import { awsStep, isConditionFailure } from '../errors.ts';
import { TABLE_KEYS, TTL_ATTRIBUTE } from '../table-design.ts';
import { itemDoesNotExist } from './conditions.ts';
import { anomalyPartition, keys, resultPartition, rollupPartition, timeRange } from './keys.ts';
import { queryAll, queryPage, type Item } from './paging.ts';
import { deleteResultsBefore } from './retention.ts';
import { bodyOf, N, numberOf, PK_NAME, S, stringOf, strings, type Table } from './table.ts';

export interface ResultStoreOptions {
  /** Raw results expire (TTL) this many seconds after they started. */
  readonly retentionSeconds: number;
}

const BASE_KEYS = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey];
const COUNTERS = ['checks', 'failures', 'anomalies', 'latencySumMs'] as const;
/** Histogram buckets are top-level attributes `h<bucket>`, so that ADD can count them without a map. */
const BUCKET = /^h(\d+)$/;

function checkedHistogram(histogram: RollupDelta['histogram']): [number, number][] {
  return Object.entries(histogram).map(([bucket, count]) => {
    const index = Number(bucket);
    if (!Number.isSafeInteger(index) || index < 0) throw new ValidationError([{ path: `histogram.${bucket}`, message: 'bucket must be a non-negative integer' }]);
    if (!Number.isFinite(count)) throw new ValidationError([{ path: `histogram.${bucket}`, message: 'count must be a finite number' }]);
    return [index, count];
  });
}

function toRollup(item: Item): Rollup {
  const histogram: Record<number, number> = {};
  for (const [name, value] of Object.entries(item)) {
    const bucket = BUCKET.exec(name);
    if (bucket && value.N !== undefined) histogram[Number(bucket[1])] = Number(value.N);
  }
  return {
    monitorId: stringOf(item, 'monitorId'),
    region: stringOf(item, 'region'),
    hour: numberOf(item, 'hour'),
    checks: numberOf(item, 'checks'),
    failures: numberOf(item, 'failures'),
    anomalies: numberOf(item, 'anomalies'),
    latencySumMs: numberOf(item, 'latencySumMs'),
    histogram,
  };
}

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
    addToRollup: (key: RollupKey, delta: RollupDelta) =>
      awsStep('rollup', async () => {
        const buckets = checkedHistogram(delta.histogram);
        const names: Record<string, string> = { '#monitorId': 'monitorId', '#region': 'region', '#hour': 'hour' };
        const values: Record<string, AttributeValue> = { ':monitorId': S(key.monitorId), ':region': S(key.region), ':hour': N(key.hour) };
        const adds: string[] = [];
        for (const counter of COUNTERS) {
          names[`#${counter}`] = counter;
          values[`:${counter}`] = N(delta[counter]);
          adds.push(`#${counter} :${counter}`);
        }
        for (const [bucket, count] of buckets) {
          names[`#h${bucket}`] = `h${bucket}`;
          values[`:h${bucket}`] = N(count);
          adds.push(`#h${bucket} :h${bucket}`);
        }
        const item = keys.rollup(key.monitorId, key.hour, key.region);
        await client.send(
          new UpdateItemCommand({
            TableName: tableName,
            Key: strings(item),
            // SET names the hour's item (idempotent); ADD creates missing counters at 0 and adds atomically.
            UpdateExpression: `SET #monitorId = :monitorId, #region = :region, #hour = :hour ADD ${adds.join(', ')}`,
            ExpressionAttributeNames: names,
            ExpressionAttributeValues: values,
          }),
        );
      }),
    listRollups: (monitorId, fromHour, toHour) =>
      awsStep('rollups', async () => {
        const range = timeRange(fromHour, toHour);
        if (range === null) return [];
        const values: Record<string, AttributeValue> = { ':pk': S(rollupPartition(monitorId)) };
        for (const [name, value] of Object.entries(range.values)) values[name] = S(value);
        const items = await queryAll(client, {
          TableName: tableName,
          KeyConditionExpression: `#pk = :pk AND ${range.condition}`,
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
          ExpressionAttributeValues: values,
        });
        return items.map(toRollup);
      }),
    putAnomaly: (anomaly) =>
      awsStep(`anomaly ${anomaly.id}`, async () => {
        const key = keys.anomaly(anomaly.monitorId, epochMs(anomaly.at, 'at'), anomaly.id);
        await putOnce({ ...strings(key), region: S(anomaly.primary.region), body: S(JSON.stringify(anomaly)) });
      }),
    listAnomalies: (monitorId, query) => awsStep('anomalies', () => listing<Anomaly>(anomalyPartition(monitorId), query)),
    deleteResultsBefore: (before) => awsStep('retention', () => deleteResultsBefore(table, before)),
  };
}
