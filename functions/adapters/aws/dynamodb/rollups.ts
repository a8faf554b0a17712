/**
 * Hourly rollups on DynamoDB: one item per monitor and hour, holding every region's
 * counters side by side (`<region>#checks`, `<region>#failures`, `<region>#anomalies`,
 * `<region>#latencySumMs`, and `<region>#h<bucket>` for the latency histogram), all
 * added in place with `UpdateItem ADD`.
 *
 * One item for all regions, because the aggregator writes an hour of every region at
 * once: with the regions side by side that is one write (and one replicated write)
 * per monitor and hour instead of one per region. Reading a window is one Query on the
 * monitor's partition either way. An item stays well under 1 KB (one write unit) for a
 * few regions.
 */
import type { RollupWriter } from '../../../ports/rollup-queue.ts';
import { UpdateItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { ValidationError } from '../../../core/errors.ts';
import { REGION_NAME_SOURCE } from '../../../core/region.ts';
import type { Rollup, RollupDelta, RollupKey } from '../../../core/rollup.ts';
import { checkRollup } from '../../common/stores/result-store.ts';
import { awsStep } from '../errors.ts';
import { keys, rollupPartition, timeRange } from './keys.ts';
import { queryAll, type Item } from './paging.ts';
import { N, numberOf, S, strings, type Table } from './table.ts';
import { TABLE_KEYS } from '../table-design.ts';

const COUNTERS = ['checks', 'failures', 'anomalies', 'latencySumMs'] as const;
/** `<region>#<counter>` or `<region>#h<bucket>`: regions are `[a-z0-9-]`, so the first `#` splits. */
const REGIONAL = new RegExp(`^(${REGION_NAME_SOURCE})#(checks|failures|anomalies|latencySumMs|h(\\d+))$`);

/** The regions' rollups held by one item, in region order. */
export function rollupsOfItem(item: Item): Rollup[] {
  const monitorId = item['monitorId']?.S ?? '';
  const hour = numberOf(item, 'hour');
  const byRegion = new Map<string, { checks: number; failures: number; anomalies: number; latencySumMs: number; histogram: Record<number, number> }>();
  for (const [name, value] of Object.entries(item)) {
    const match = REGIONAL.exec(name);
    if (match === null || value.N === undefined) continue;
    const [, region, field, bucket] = match;
    const rollup = byRegion.get(region!) ?? { checks: 0, failures: 0, anomalies: 0, latencySumMs: 0, histogram: {} };
    if (bucket !== undefined) rollup.histogram[Number(bucket)] = Number(value.N);
    else rollup[field as (typeof COUNTERS)[number]] = Number(value.N);
    byRegion.set(region!, rollup);
  }
  return [...byRegion.keys()].sort().map((region) => ({ monitorId, region, hour, ...byRegion.get(region)! }));
}

/**
 * Adds the deltas of one monitor's hour, any number of regions, with one UpdateItem.
 * Every rollup must share the monitor and the hour.
 */
export async function addRollups({ client, tableName }: Table, rollups: readonly (RollupKey & RollupDelta)[]): Promise<void> {
  const first = rollups[0];
  if (first === undefined) return;
  const names: Record<string, string> = { '#monitorId': 'monitorId', '#hour': 'hour' };
  const values: Record<string, AttributeValue> = { ':monitorId': S(first.monitorId), ':hour': N(first.hour) };
  const adds: string[] = [];
  rollups.forEach((rollup, r) => {
    if (rollup.monitorId !== first.monitorId || rollup.hour !== first.hour) throw new ValidationError([{ path: `rollups[${r}]`, message: 'must share the monitor and the hour' }]);
    // The store's rule (region names, whole hours, finite counters, integer buckets), also for the aggregator's writes.
    const buckets = checkRollup(rollup, `rollups[${r}]`);
    const add = (field: string, amount: number) => {
      const placeholder = `r${r}_${field}`;
      names[`#${placeholder}`] = `${rollup.region}#${field}`;
      values[`:${placeholder}`] = N(amount);
      adds.push(`#${placeholder} :${placeholder}`);
    };
    for (const counter of COUNTERS) add(counter, rollup[counter]);
    for (const [bucket, count] of buckets) add(`h${bucket}`, count);
  });
  await client.send(
    new UpdateItemCommand({
      TableName: tableName,
      Key: strings(keys.rollup(first.monitorId, first.hour)),
      // SET names the hour's item (idempotent); ADD creates missing counters at 0 and adds atomically.
      UpdateExpression: `SET #monitorId = :monitorId, #hour = :hour ADD ${adds.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

/** Rollups with from <= hour < below (a non-empty window), oldest first, each hour's regions in order. */
export async function listRollups({ client, tableName }: Table, monitorId: string, window: { readonly from: number; readonly below: number }): Promise<Rollup[]> {
  const range = timeRange(window);
  const values: Record<string, AttributeValue> = { ':pk': S(rollupPartition(monitorId)) };
  for (const [name, value] of Object.entries(range.values)) values[name] = S(value);
  const items = await queryAll(client, {
    TableName: tableName,
    KeyConditionExpression: `#pk = :pk AND ${range.condition}`,
    ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey, '#sk': TABLE_KEYS.sortKey },
    ExpressionAttributeValues: values,
  });
  return items.flatMap(rollupsOfItem);
}

/** Writes rollups (any monitors, regions and hours), one UpdateItem per monitor and hour. */
export function createDynamoRollupWriter(table: Table): RollupWriter {
  return { add: (rollups) => awsStep('rollups', () => addRollups(table, rollups)) };
}
