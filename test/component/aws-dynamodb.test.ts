/**
 * The DynamoDB stores with a mocked client: the exact commands they send (conditions,
 * ADD expressions, the ledger transaction, cursors), and how AWS errors come back.
 */
import 'aws-sdk-client-mock-vitest/extend';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  DynamoDBClient,
  GetItemCommand,
  ProvisionedThroughputExceededException,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactionCanceledException,
  TransactWriteItemsCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { createDynamoRollupWriter } from '../../functions/adapters/aws/dynamodb/rollups.ts';
import { createAwsStores } from '../../functions/adapters/aws/stores.ts';
import { ConflictError, CrossCheckError, NotFoundError, ThrottledError, ValidationError } from '../../functions/core/errors.ts';
import { sha256Base64url } from '../../functions/core/ledger/hash.ts';
import { ledgerLeafHash } from '../../functions/core/tlog/rfc6962.ts';
import { ledgerRecord, monitorWithId, state, storedResult, T0 } from '../helpers/fixtures.ts';

const TABLE = 'crosscheck';
const ddb = mockClient(DynamoDBClient);
const stores = () => createAwsStores({ tableName: TABLE, region: 'eu-west-1', homeRegion: 'eu-west-1', client: new DynamoDBClient({ region: 'eu-west-1' }) });

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });

beforeEach(() => {
  ddb.reset();
});

describe('StateStore: conditional writes on the version', () => {
  it('creates the first state only where none exists', async () => {
    ddb.on(PutItemCommand).resolves({});
    const stored = await stores().states.put(state('m1'), 0);
    expect(stored.version).toBe(1);
    expect(ddb).toReceiveCommandExactlyOnceWith(PutItemCommand, {
      TableName: TABLE,
      Item: { pk: { S: 'STATE#m1' }, sk: { S: 'STATE' }, version: { N: '1' }, body: { S: JSON.stringify(stored) } },
      ConditionExpression: 'attribute_not_exists(#pk)',
      ExpressionAttributeNames: { '#pk': 'pk' },
    });
  });

  it('moves a stored state on only from the version it read', async () => {
    ddb.on(PutItemCommand).resolves({});
    await stores().states.put(state('m1', { status: 'DOWN' }), 3);
    expect(ddb).toReceiveCommandWith(PutItemCommand, {
      Item: expect.objectContaining({ version: { N: '4' } }),
      ConditionExpression: '#version = :expected',
      ExpressionAttributeNames: { '#version': 'version' },
      ExpressionAttributeValues: { ':expected': { N: '3' } },
    });
  });

  it('gives a deleted monitor\'s stopped state the table\'s TTL a week after the deletion, and no other state', async () => {
    ddb.on(PutItemCommand).resolves({});
    const at = '2026-11-21T10:00:00.000Z';
    await stores().states.put(state('m1', { stopped: { reason: 'deleted', at } }), 3);
    expect(ddb).toReceiveCommandWith(PutItemCommand, { Item: expect.objectContaining({ expiresAt: { N: String((Date.parse(at) + 7 * 86_400_000) / 1000) } }) });
    ddb.resetHistory();
    await stores().states.put(state('m2', { stopped: { reason: 'paused', at } }), 3);
    expect(ddb.commandCalls(PutItemCommand)[0]!.args[0].input.Item).not.toHaveProperty('expiresAt');
  });

  it('reads strongly consistent unless the caller allows an eventually consistent read', async () => {
    ddb.on(GetItemCommand).resolves({});
    await stores().states.get('m1');
    await stores().states.get('m1', { consistent: false });
    expect(ddb).toReceiveNthCommandWith(GetItemCommand, 1, { Key: { pk: { S: 'STATE#m1' }, sk: { S: 'STATE' } }, ConsistentRead: true });
    expect(ddb).toReceiveNthCommandWith(GetItemCommand, 2, { Key: { pk: { S: 'STATE#m1' }, sk: { S: 'STATE' } }, ConsistentRead: false });
  });

  it.each([
    ['a lost condition', conditionFailed, ConflictError],
    ['throttling', () => new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }), ThrottledError],
    ['a ThrottlingException', () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }), ThrottledError],
    ['RequestLimitExceeded', () => Object.assign(new Error('limit'), { name: 'RequestLimitExceeded' }), ThrottledError],
    ['anything else', () => Object.assign(new Error('boom'), { name: 'InternalServerError' }), CrossCheckError],
  ])('turns %s into the core error', async (_label, error, expected) => {
    ddb.on(PutItemCommand).rejects(error());
    const failure = await stores().states.put(state('m1'), 2).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(expected);
    if (expected === CrossCheckError) expect(failure).not.toBeInstanceOf(ConflictError);
  });
});

describe('MonitorStore', () => {
  it('creates with attribute_not_exists, replaces with attribute_exists, and names each outcome', async () => {
    ddb.on(PutItemCommand).rejects(conditionFailed());
    await expect(stores().monitors.create(monitorWithId('m1'))).rejects.toBeInstanceOf(ConflictError);
    await expect(stores().monitors.replace(monitorWithId('m1'))).rejects.toBeInstanceOf(NotFoundError);
    expect(ddb).toReceiveNthCommandWith(PutItemCommand, 1, { ConditionExpression: 'attribute_not_exists(#pk)' });
    expect(ddb).toReceiveNthCommandWith(PutItemCommand, 2, { ConditionExpression: 'attribute_exists(#pk)' });
    expect(ddb).toReceiveCommandWith(PutItemCommand, {
      Item: expect.objectContaining({
        pk: { S: 'MONITOR#m1' },
        gsi1pk: { S: 'MONITOR' },
        gsi1sk: { S: `${String(T0).padStart(16, '0')}#m1` },
        tags: { L: [] },
      }),
    });
  });
});

describe('AlertLog', () => {
  it('claims with a conditional put; a lost condition means claimed before', async () => {
    ddb.on(PutItemCommand).resolvesOnce({}).rejects(conditionFailed());
    const log = stores().alertLog;
    expect(await log.claim('down:i1', '2026-11-21T10:00:00.000Z')).toBe(true);
    expect(await log.claim('down:i1', '2026-11-21T10:00:01.000Z')).toBe(false);
    expect(ddb).toReceiveCommandWith(PutItemCommand, { Item: { pk: { S: 'ALERT#down:i1' }, sk: { S: 'ALERT' }, claimedAt: { S: '2026-11-21T10:00:00.000Z' } } });
  });
});

describe('ResultStore', () => {
  it('writes a result with its TTL and treats a repeat as done', async () => {
    ddb.on(PutItemCommand).resolvesOnce({}).rejects(conditionFailed());
    const result = storedResult('r1', 'm1', T0 + 500);
    await stores().results.putResult(result);
    await stores().results.putResult(result);
    expect(ddb).toReceiveCommandWith(PutItemCommand, {
      Item: {
        pk: { S: 'RESULT#m1' },
        sk: { S: `${String(T0 + 500).padStart(16, '0')}#r1` },
        region: { S: 'local-a' },
        expiresAt: { N: String(Math.floor(T0 / 1000) + 90 * 86_400) },
        body: { S: JSON.stringify(result) },
      },
      ConditionExpression: 'attribute_not_exists(#pk)',
    });
  });

  it('adds to the monitor\'s hour with UpdateItem ADD, each region\'s counters and histogram buckets as top-level numbers', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    await stores().results.addToRollup(
      { monitorId: 'm1', region: 'eu-west-1', hour: T0 },
      { checks: 2, failures: 1, anomalies: 0, latencySumMs: 80.5, histogram: { 3: 1, 17: 1 } },
    );
    expect(ddb).toReceiveCommandExactlyOnceWith(UpdateItemCommand, {
      TableName: TABLE,
      Key: { pk: { S: 'ROLLUP#m1' }, sk: { S: String(T0).padStart(16, '0') } },
      UpdateExpression:
        'SET #monitorId = :monitorId, #hour = :hour ADD #r0_checks :r0_checks, #r0_failures :r0_failures, #r0_anomalies :r0_anomalies, #r0_latencySumMs :r0_latencySumMs, #r0_h3 :r0_h3, #r0_h17 :r0_h17',
      ExpressionAttributeNames: {
        '#monitorId': 'monitorId',
        '#hour': 'hour',
        '#r0_checks': 'eu-west-1#checks',
        '#r0_failures': 'eu-west-1#failures',
        '#r0_anomalies': 'eu-west-1#anomalies',
        '#r0_latencySumMs': 'eu-west-1#latencySumMs',
        '#r0_h3': 'eu-west-1#h3',
        '#r0_h17': 'eu-west-1#h17',
      },
      ExpressionAttributeValues: {
        ':monitorId': { S: 'm1' },
        ':hour': { N: String(T0) },
        ':r0_checks': { N: '2' },
        ':r0_failures': { N: '1' },
        ':r0_anomalies': { N: '0' },
        ':r0_latencySumMs': { N: '80.5' },
        ':r0_h3': { N: '1' },
        ':r0_h17': { N: '1' },
      },
    });
  });

  it('writes every region of a monitor\'s hour with one UpdateItem, and reads them back per region', async () => {
    ddb.on(UpdateItemCommand).resolves({});
    const rollup = (region: string, checks: number) => ({ monitorId: 'm1', region, hour: T0, checks, failures: 0, anomalies: 0, latencySumMs: checks * 10, histogram: { 5: checks } });
    await createDynamoRollupWriter({ client: new DynamoDBClient({ region: 'eu-west-1' }), tableName: TABLE }).add([rollup('eu-west-1', 3), rollup('us-east-1', 2)]);
    expect(ddb).toReceiveCommandTimes(UpdateItemCommand, 1);
    const input = ddb.commandCalls(UpdateItemCommand)[0]!.args[0].input;
    expect(Object.values(input.ExpressionAttributeNames!)).toEqual(expect.arrayContaining(['eu-west-1#checks', 'us-east-1#checks', 'us-east-1#h5']));

    const item = {
      pk: { S: 'ROLLUP#m1' },
      sk: { S: String(T0).padStart(16, '0') },
      monitorId: { S: 'm1' },
      hour: { N: String(T0) },
      'us-east-1#checks': { N: '2' },
      'us-east-1#failures': { N: '1' },
      'us-east-1#anomalies': { N: '0' },
      'us-east-1#latencySumMs': { N: '20' },
      'us-east-1#h5': { N: '2' },
      'eu-west-1#checks': { N: '3' },
      'eu-west-1#failures': { N: '0' },
      'eu-west-1#anomalies': { N: '1' },
      'eu-west-1#latencySumMs': { N: '30.5' },
      'eu-west-1#h5': { N: '2' },
      'eu-west-1#h9': { N: '1' },
    };
    ddb.on(QueryCommand).resolves({ Items: [item] });
    expect(await stores().results.listRollups('m1', T0, T0 + 3_600_000)).toEqual([
      { monitorId: 'm1', region: 'eu-west-1', hour: T0, checks: 3, failures: 0, anomalies: 1, latencySumMs: 30.5, histogram: { 5: 2, 9: 1 } },
      { monitorId: 'm1', region: 'us-east-1', hour: T0, checks: 2, failures: 1, anomalies: 0, latencySumMs: 20, histogram: { 5: 2 } },
    ]);
  });

  it('refuses rollups of different monitors or hours in one write', async () => {
    const writer = createDynamoRollupWriter({ client: new DynamoDBClient({ region: 'eu-west-1' }), tableName: TABLE });
    const base = { monitorId: 'm1', region: 'eu-west-1', hour: T0, checks: 1, failures: 0, anomalies: 0, latencySumMs: 1, histogram: {} };
    await expect(writer.add([base, { ...base, hour: T0 + 3_600_000 }])).rejects.toBeInstanceOf(ValidationError);
    await expect(writer.add([base, { ...base, monitorId: 'm2' }])).rejects.toBeInstanceOf(ValidationError);
    expect(ddb).not.toReceiveCommand(UpdateItemCommand);
  });

  it('pages with an opaque cursor that is the last item key, and refuses one from another listing', async () => {
    const item = (id: string, ms: number) => ({ pk: { S: 'RESULT#m1' }, sk: { S: `${String(ms).padStart(16, '0')}#${id}` }, body: { S: JSON.stringify(storedResult(id, 'm1', ms)) } });
    ddb.on(QueryCommand).resolves({ Items: [item('r3', T0 + 3), item('r2', T0 + 2), item('r1', T0 + 1)], LastEvaluatedKey: item('r1', T0 + 1) });
    const results = stores().results;

    const page = await results.listResults('m1', { limit: 2, since: T0, until: T0 + 10 });
    expect(page.items.map((r) => r.id)).toEqual(['r3', 'r2']);
    expect(JSON.parse(Buffer.from(page.nextCursor!, 'base64url').toString())).toEqual({ pk: 'RESULT#m1', sk: item('r2', T0 + 2).sk.S });
    expect(ddb).toReceiveCommandWith(QueryCommand, {
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': { S: 'RESULT#m1' }, ':from': { S: String(T0).padStart(16, '0') }, ':to': { S: `${String(T0 + 9).padStart(16, '0')}$` } },
      ScanIndexForward: false,
      Limit: 3,
    });

    await results.listResults('m1', { limit: 2, cursor: page.nextCursor! });
    expect(ddb).toReceiveLastCommandWith(QueryCommand, { ExclusiveStartKey: { pk: { S: 'RESULT#m1' }, sk: item('r2', T0 + 2).sk } });

    const error = await results.listResults('m2', { limit: 2, cursor: page.nextCursor! }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.path).toBe('cursor');
    expect(ddb).toReceiveCommandTimes(QueryCommand, 2);
  });

  it('keeps reading past pages a filter emptied, so a page is always full', async () => {
    const item = (id: string) => ({ pk: { S: 'RESULT#m1' }, sk: { S: `0000000000000001#${id}` }, body: { S: JSON.stringify({ id }) } });
    ddb
      .on(QueryCommand)
      .resolvesOnce({ Items: [], LastEvaluatedKey: item('x') })
      .resolvesOnce({ Items: [item('a')], LastEvaluatedKey: item('a') })
      .resolvesOnce({ Items: [item('b')] });
    const page = await stores().results.listResults('m1', { limit: 5, region: 'eu-west-1' });
    expect(page).toEqual({ items: [{ id: 'a' }, { id: 'b' }], nextCursor: null });
    expect(ddb).toReceiveCommandTimes(QueryCommand, 3);
    expect(ddb).toReceiveCommandWith(QueryCommand, { FilterExpression: '#region = :region', ExpressionAttributeNames: expect.objectContaining({ '#region': 'region' }) });
  });

  it('sweeps old results only: a filtered scan, then deletes in batches of 25, retrying what was left unprocessed', async () => {
    const key = (i: number) => ({ pk: { S: 'RESULT#m1' }, sk: { S: `${String(i).padStart(16, '0')}#r${i}` } });
    ddb.on(ScanCommand).resolves({ Items: Array.from({ length: 30 }, (_, i) => key(i)) });
    ddb
      .on(BatchWriteItemCommand)
      .resolvesOnce({ UnprocessedItems: { [TABLE]: [{ DeleteRequest: { Key: key(0) } }] } })
      .resolves({});
    expect(await stores().results.deleteResultsBefore(T0)).toBe(30);
    expect(ddb).toReceiveCommandWith(ScanCommand, {
      FilterExpression: 'begins_with(#pk, :results) AND #sk < :cut',
      ExpressionAttributeValues: { ':results': { S: 'RESULT#' }, ':cut': { S: String(T0).padStart(16, '0') } },
    });
    const batches = ddb.commandCalls(BatchWriteItemCommand).map((call) => call.args[0].input.RequestItems?.[TABLE]?.length);
    expect(batches).toEqual([25, 1, 5]);
  });
});

describe('LedgerStore: one transaction per append', () => {
  const seq = (n: number) => String(n).padStart(16, '0');

  beforeEach(() => {
    // A tree that holds every earlier leaf (each record as long as any record can be).
    ddb.on(BatchGetItemCommand).callsFake((input: { RequestItems: Record<string, { Keys: Array<Record<string, { S: string }>> }> }) => ({
      Responses: { [TABLE]: input.RequestItems[TABLE]!.Keys.map((key) => ({ ...key, hashes: { B: new Uint8Array(32 * 64) } })) },
    }));
  });

  it('writes entry, key, evidence and tree record, each conditional, plus checks that the previous entry and its tree record exist', async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    const sha = sha256Base64url('{"e":1}');
    const record = ledgerRecord(7, { evidenceSha256: sha });
    await stores().ledger.append(record, { sha256: sha, json: '{"e":1}' });
    expect(ddb).toReceiveCommandExactlyOnceWith(TransactWriteItemsCommand, {
      TransactItems: [
        {
          Put: {
            TableName: TABLE,
            Item: {
              pk: { S: 'LEDGER' },
              sk: { S: seq(7) },
              seq: { N: '7' },
              key: { S: record.key },
              type: { S: record.type },
              time: { S: record.time },
              jws: { S: record.jws },
              evidenceSha256: { S: sha },
            },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk' },
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: { pk: { S: `LEDGER#KEY#${record.key}` }, sk: { S: 'KEY' }, seq: { N: '7' } },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk' },
          },
        },
        {
          Put: {
            TableName: TABLE,
            Item: { pk: { S: `LEDGER#EVIDENCE#${sha}` }, sk: { S: 'EVIDENCE' }, json: { S: '{"e":1}' } },
            ConditionExpression: 'attribute_not_exists(#pk) OR #json = :json',
            ExpressionAttributeNames: { '#pk': 'pk', '#json': 'json' },
            ExpressionAttributeValues: { ':json': { S: '{"e":1}' } },
          },
        },
        {
          ConditionCheck: {
            TableName: TABLE,
            Key: { pk: { S: 'LEDGER' }, sk: { S: seq(6) } },
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk' },
          },
        },
        {
          ConditionCheck: {
            TableName: TABLE,
            Key: { pk: { S: 'LEDGER#TREE' }, sk: { S: seq(5) } },
            ConditionExpression: 'attribute_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk' },
          },
        },
        {
          Put: {
            TableName: TABLE,
            // Leaf 6 (0b110) completes no subtree: its record is its leaf hash alone.
            Item: { pk: { S: 'LEDGER#TREE' }, sk: { S: seq(6) }, hashes: { B: ledgerLeafHash(record.jws) } },
            ConditionExpression: 'attribute_not_exists(#pk)',
            ExpressionAttributeNames: { '#pk': 'pk' },
          },
        },
      ],
    });
  });

  it('has no predecessor to check for the first entry', async () => {
    ddb.on(TransactWriteItemsCommand).resolves({});
    await stores().ledger.append(ledgerRecord(1));
    const items = ddb.commandCalls(TransactWriteItemsCommand)[0]!.args[0].input.TransactItems!;
    expect(items.map((i) => Object.keys(i)[0])).toEqual(['Put', 'Put', 'Put']);
  });

  it.each([
    [['ConditionalCheckFailed', 'None', 'None'], /entry 2 exists already/],
    [['None', 'ConditionalCheckFailed', 'None'], /key incident.opened:i2 has an entry already/],
    [['None', 'None', 'ConditionalCheckFailed'], /would leave a gap/],
    [['None', 'TransactionConflict', 'None'], /another transaction/],
  ])('is a ConflictError naming the failed condition when cancelled with %j', async (codes, message) => {
    ddb.on(TransactWriteItemsCommand).rejects(cancelled(...codes));
    const error = await stores().ledger.append(ledgerRecord(2)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(message);
  });

  it('is a ConflictError naming the evidence condition when other evidence holds the hash', async () => {
    ddb.on(TransactWriteItemsCommand).rejects(cancelled('None', 'None', 'ConditionalCheckFailed', 'None'));
    const sha = sha256Base64url('{"e":1}');
    const error = await stores().ledger.append(ledgerRecord(2, { evidenceSha256: sha }), { sha256: sha, json: '{"e":1}' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as Error).message).toMatch(`other evidence is stored under ${sha}`);
  });

  it('sends nothing for a seq below 1 or evidence that is not its hash', async () => {
    await expect(stores().ledger.append(ledgerRecord(0))).rejects.toBeInstanceOf(ValidationError);
    await expect(stores().ledger.append(ledgerRecord(1, { evidenceSha256: 'sha' }), { sha256: 'sha', json: '{}' })).rejects.toBeInstanceOf(ValidationError);
    expect(ddb).not.toReceiveCommand(TransactWriteItemsCommand);
  });

  it('is ThrottledError when the transaction was throttled', async () => {
    ddb.on(TransactWriteItemsCommand).rejects(cancelled('ThrottlingError', 'None'));
    await expect(stores().ledger.append(ledgerRecord(2))).rejects.toBeInstanceOf(ThrottledError);
  });

  it('reads by key through the key item, strongly consistent', async () => {
    ddb
      .on(GetItemCommand, { Key: { pk: { S: 'LEDGER#KEY#monitor.created:m1' }, sk: { S: 'KEY' } } })
      .resolves({ Item: { seq: { N: '3' } } })
      .on(GetItemCommand, { Key: { pk: { S: 'LEDGER' }, sk: { S: seq(3) } } })
      .resolves({
        Item: { seq: { N: '3' }, jws: { S: 'a.b.c' }, type: { S: 'monitor.created' }, key: { S: 'monitor.created:m1' }, time: { S: '2026-11-21T10:00:00.000Z' } },
      });
    expect(await stores().ledger.byKey('monitor.created:m1')).toEqual({
      seq: 3,
      jws: 'a.b.c',
      type: 'monitor.created',
      key: 'monitor.created:m1',
      time: '2026-11-21T10:00:00.000Z',
      evidenceSha256: null,
    });
    expect(ddb).toReceiveCommandTimes(GetItemCommand, 2);
    expect(ddb).toReceiveCommandWith(GetItemCommand, { ConsistentRead: true });
  });
});
