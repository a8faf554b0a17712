/**
 * The store contract suite against the DynamoDB adapter, on moto's DynamoDB: a fresh
 * table per test, created from the same table design the CDK stack deploys.
 */
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient, ScanCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { beforeAll, expect, it } from 'vitest';
import { dynamoLedgerBackend } from '../../functions/adapters/aws/dynamodb/ledger.ts';
import { createAwsStores } from '../../functions/adapters/aws/stores.ts';
import { tableDefinition, timeToLiveSpecification } from '../../functions/adapters/aws/table-design.ts';
import { storedResult } from '../helpers/fixtures.ts';
import { describeMonitorWritersContract } from '../contract/monitor-writers.contract.ts';
import { describeLedgerBackendContract, describeStoreContract, type StoresUnderTest } from '../contract/stores.contract.ts';
import { describeOnMoto } from '../helpers/moto.ts';
import { describeLogContract } from '../contract/log.contract.ts';

const REGION = 'eu-west-1';

describeOnMoto('DynamoDB adapter on moto', (moto) => {
  let client: DynamoDBClient;
  let tables = 0;
  const tableOf = new Map<StoresUnderTest, string>();

  beforeAll(() => {
    client = new DynamoDBClient(moto().config(REGION));
  });

  async function createTable(): Promise<string> {
    tables += 1;
    const tableName = `crosscheck-contract-${tables}`;
    await client.send(new CreateTableCommand(tableDefinition(tableName)));
    await client.send(new UpdateTimeToLiveCommand(timeToLiveSpecification(tableName)));
    return tableName;
  }

  /** Fresh stores on a table of their own, and the table dropped after. */
  async function openStores(): Promise<StoresUnderTest> {
    const tableName = await createTable();
    const stores = createAwsStores({ tableName, region: REGION, homeRegion: REGION, client });
    tableOf.set(stores, tableName);
    return stores;
  }
  async function closeStores(stores: StoresUnderTest): Promise<void> {
    await client.send(new DeleteTableCommand({ TableName: tableOf.get(stores)! }));
  }

  describeStoreContract(
    'DynamoDB (moto)',
    openStores,
    closeStores,
  );

  describeMonitorWritersContract(
    'DynamoDB (moto)',
    openStores,
    closeStores,
    { addLatency: false, ledgerWriters: 2 },
  );

  describeLogContract(
    'DynamoDB (moto)',
    openStores,
    closeStores,
  );

  describeLedgerBackendContract('DynamoDB (moto)', async () => {
    const tableName = await createTable();
    return {
      backend: dynamoLedgerBackend({ client, tableName }),
      close: async () => {
        await client.send(new DeleteTableCommand({ TableName: tableName }));
      },
    };
  });

  it('writes raw results with a TTL of start + retention, in epoch seconds', async () => {
    const tableName = await createTable();
    const stores = createAwsStores({ tableName, region: REGION, homeRegion: REGION, client, retentionDays: 2 });
    const startedAt = '2026-11-21T10:00:00.500Z';
    await stores.results.putResult(storedResult('r1', 'm1', Date.parse(startedAt)));
    const items = (await client.send(new ScanCommand({ TableName: tableName }))).Items ?? [];
    expect(items.map((item) => item['expiresAt']?.N)).toEqual([String(Math.floor(Date.parse(startedAt) / 1000) + 2 * 86_400)]);
  });
});
