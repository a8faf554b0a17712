/**
 * Every store port over the one DynamoDB table (see table-design.ts). Monitors, state,
 * incidents, the alert log and the ledger are read and written in the home region, so
 * that conditional writes and reads are strongly consistent; results, rollups and
 * anomalies in this process's own region (the global table replicates them).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Stores } from '../../ports/stores.ts';
import { retentionDaysOf } from '../common/stores/retention.ts';
import { dynamoDbClient } from './clients.ts';
import { createDynamoAlertLog } from './dynamodb/alert-log.ts';
import { createDynamoChannelStore } from './dynamodb/channels.ts';
import { createDynamoDeliveryLog } from './dynamodb/deliveries.ts';
import { createDynamoDocumentStore } from './dynamodb/documents.ts';
import { createDynamoIncidentStore } from './dynamodb/incidents.ts';
import { createDynamoLedgerStore } from './dynamodb/ledger.ts';
import { createDynamoLogStore } from './dynamodb/log.ts';
import { createDynamoMonitorStore } from './dynamodb/monitors.ts';
import { createDynamoResultStore } from './dynamodb/results.ts';
import { createDynamoStateStore } from './dynamodb/states.ts';

export { DEFAULT_RETENTION_DAYS } from '../common/stores/retention.ts';
const DAY_SECONDS = 86_400;

export interface AwsStoreOptions {
  readonly tableName: string;
  /** This process's region: results, rollups and anomalies are written here. */
  readonly region: string;
  /** Where monitors, state, incidents, the alert log and the ledger live. */
  readonly homeRegion: string;
  /** The client for `region` (and for `homeRegion` too, unless `homeClient` is given). @default the container's client for the region */
  readonly client?: DynamoDBClient;
  /** The client for `homeRegion`. @default `client` when given, else the container's client for the home region */
  readonly homeClient?: DynamoDBClient;
  /** Raw results expire (TTL) this many days after they started. @default 90 */
  readonly retentionDays?: number;
}

export type AwsStores = Stores;

export function createAwsStores(options: AwsStoreOptions): AwsStores {
  const retentionDays = retentionDaysOf(options.retentionDays);
  const local = { client: options.client ?? dynamoDbClient(options.region), tableName: options.tableName };
  const home = { client: options.homeClient ?? options.client ?? dynamoDbClient(options.homeRegion), tableName: options.tableName };
  return {
    monitors: createDynamoMonitorStore(home),
    results: createDynamoResultStore(local, { retentionSeconds: Math.round(retentionDays * DAY_SECONDS) }),
    states: createDynamoStateStore(home),
    incidents: createDynamoIncidentStore(home),
    ledger: createDynamoLedgerStore(home),
    log: createDynamoLogStore(home),
    alertLog: createDynamoAlertLog(home),
    channels: createDynamoChannelStore(home),
    deliveries: createDynamoDeliveryLog(home),
    documents: createDynamoDocumentStore(home),
  };
}
