/**
 * The one DynamoDB table of CrossCheck (single-table design). The adapters, the tests
 * (moto) and the CDK stack all take the key schema from here, so they cannot drift.
 *
 * Every item has a string partition key `pk` and sort key `sk`. Numbers inside keys are
 * zero-padded to 16 digits so that string order is numeric order.
 *
 * | item             | pk                        | sk                    | GSI keys                                        | written in |
 * |------------------|---------------------------|-----------------------|-------------------------------------------------|------------|
 * | monitor          | `MONITOR#<id>`            | `MONITOR`             | byCollection: `MONITOR` / `<createdMs>#<id>`    | home       |
 * | monitor state    | `STATE#<monitorId>`       | `STATE`               | -                                               | home       |
 * | incident         | `INCIDENT#<id>`           | `INCIDENT`            | byCollection: `INCIDENT` / `<openedMs>#<id>`;   | home       |
 * |                  |                           |                       | byMonitor: `MONITOR#<monitorId>` / `INCIDENT#<openedMs>#<id>` |  |
 * | alert claim      | `ALERT#<alertId>`         | `ALERT`               | -                                               | home       |
 * | ledger entry     | `LEDGER`                  | `<seq>`               | -                                               | home       |
 * | ledger key       | `LEDGER#KEY#<key>`        | `KEY`                 | -                                               | home       |
 * | ledger evidence  | `LEDGER#EVIDENCE#<sha256>`| `EVIDENCE`            | -                                               | home       |
 * | tree record      | `LEDGER#TREE`             | `<leaf>`              | -                                               | home       |
 * | checkpoint       | `LEDGER#CHECKPOINT`       | `<size>`              | -                                               | home       |
 * | log origin       | `LEDGER#ORIGIN`           | `ORIGIN`              | -                                               | home       |
 * | cosignature      | `LEDGER#COSIG`            | `<size>#<witness>`    | -                                               | home       |
 * | check result     | `RESULT#<monitorId>`      | `<startedMs>#<id>`    | - (TTL `expiresAt`)                             | probe      |
 * | hourly rollups   | `ROLLUP#<monitorId>`      | `<hourMs>`            | -                                               | home (aggregator) |
 * | anomaly          | `ANOMALY#<monitorId>`     | `<atMs>#<id>`         | -                                               | probe      |
 * | document         | `DOC#<collection>#<id>`   | `DOC`                 | byCollection: `DOC#<collection>` / `<id>`       | home       |
 *
 * Why this shape:
 * - Results, the most written items, carry no index keys: a GSI would double the cost of
 *   every check. They are read per monitor, newest first (Query on their own partition),
 *   and leave by TTL. Result keys never collide across regions (ids are unique), so the
 *   global table's last-writer-wins never drops one.
 * - Rollups are counters added in place (`UpdateItem ADD`), one item per monitor and
 *   hour with every region's counters side by side (`<region>#checks`, ...,
 *   `<region>#h<bucket>` for the latency histogram: top-level numbers, so that ADD needs
 *   no map). In the cloud the aggregator writes them, in the home region, merged over
 *   many checks: one write per monitor and hour for all regions (see
 *   functions/aggregator and dynamodb/rollups.ts).
 * - Monitors and incidents are few: they are listed through one sparse index,
 *   `byCollection`, with the collection name as its partition key. Incidents of one
 *   monitor have their own index, `byMonitor`, so that a quiet monitor's history does
 *   not read everybody's.
 * - Everything of the ledger has a partition key starting with `LEDGER`, so that IAM
 *   (`dynamodb:LeadingKeys`) can deny deleting or rewriting ledger items to every role.
 * - Index reads are eventually consistent: a monitor just created may take a moment to
 *   appear in a listing; `get` by id is strongly consistent in the home region.
 */
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk' } as const;

/** Raw check results expire through this attribute (epoch seconds). */
export const TTL_ATTRIBUTE = 'expiresAt';

/** Every partition key of a ledger item starts with this (see the IAM guard in lib/). */
export const LEDGER_KEY_PREFIX = 'LEDGER';

/** Every partition key of a monitor item starts with this: the recorder writes monitors with their ledger entries. */
export const MONITOR_KEY_PREFIX = 'MONITOR#';

/** Every partition key of a rollup item starts with this: the aggregator may update these and nothing else. */
export const ROLLUP_KEY_PREFIX = 'ROLLUP';

export interface IndexDesign {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/** Monitors and incidents, listed in time order. */
export const BY_COLLECTION: IndexDesign = { indexName: 'byCollection', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' };
/** Incidents of one monitor, newest first. */
export const BY_MONITOR: IndexDesign = { indexName: 'byMonitor', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' };

export const TABLE_INDEXES: readonly IndexDesign[] = [BY_COLLECTION, BY_MONITOR];

/**
 * The table as a CreateTable request: on-demand, string keys, both indexes projecting
 * every attribute. (TTL is switched on with UpdateTimeToLive after creation, see
 * `timeToLiveSpecification`.)
 */
export function tableDefinition(tableName: string): CreateTableCommandInput {
  const keyNames = [TABLE_KEYS.partitionKey, TABLE_KEYS.sortKey, ...TABLE_INDEXES.flatMap((i) => [i.partitionKey, i.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: keyNames.map((name) => ({ AttributeName: name, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE_KEYS.sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE_INDEXES.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' },
        { AttributeName: index.sortKey, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

export function timeToLiveSpecification(tableName: string): { TableName: string; TimeToLiveSpecification: { Enabled: true; AttributeName: string } } {
  return { TableName: tableName, TimeToLiveSpecification: { Enabled: true, AttributeName: TTL_ATTRIBUTE } };
}
