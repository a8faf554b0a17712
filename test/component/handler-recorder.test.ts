/**
 * The recorder Lambda: `{append}` in, a signed ledger record out, over mocked KMS and
 * DynamoDB clients. A key pair made here plays the KMS key, so the record's JWS must
 * verify with jose against the public key KMS hands out.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { generateKeyPairSync, sign } from 'node:crypto';
import { DynamoDBClient, QueryCommand, TransactWriteItemsCommand } from '@aws-sdk/client-dynamodb';
import { DisabledException, GetPublicKeyCommand, KMSClient, SignCommand } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import { compactVerify } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { errorOfFailure, type RecorderFailure, type RecorderReply } from '../../functions/adapters/aws/index.ts';
import { MonitorChangedError } from '../../functions/core/errors.ts';
import { monitorWithId } from '../helpers/fixtures.ts';
import { lambdaContext, stubEnv, captureOutput } from '../helpers/lambda.ts';

const KEY = 'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const dynamo = mockClient(DynamoDBClient);
const kms = mockClient(KMSClient);

let handler: (event: unknown, context: unknown) => Promise<RecorderReply>;

beforeAll(async () => {
  stubEnv({ CROSSCHECK_TABLE: 'crosscheck', CROSSCHECK_HOME_REGION: 'eu-west-1', CROSSCHECK_KMS_KEY_ID: KEY, CROSSCHECK_LEDGER_ORIGIN: 'api.example/ledger', CROSSCHECK_NOTE_KEY_ID: '', CROSSCHECK_WITNESSES: '[]' });
  ({ handler } = (await import('../../functions/recorder/handler.ts')) as unknown as { handler: typeof handler });
});

beforeEach(() => {
  dynamo.reset();
  kms.reset();
  dynamo.onAnyCommand().resolves({});
  dynamo.on(QueryCommand).resolves({ Items: [] });
  kms.on(GetPublicKeyCommand).resolves({
    KeyId: KEY,
    KeySpec: 'ECC_NIST_P256',
    KeyUsage: 'SIGN_VERIFY',
    SigningAlgorithms: ['ECDSA_SHA_256'],
    PublicKey: new Uint8Array(publicKey.export({ format: 'der', type: 'spki' })),
  });
  kms.on(SignCommand).callsFake((input: { Message: Uint8Array }) => ({
    KeyId: KEY,
    SigningAlgorithm: 'ECDSA_SHA_256',
    Signature: new Uint8Array(sign('sha256', input.Message, { key: privateKey, dsaEncoding: 'der' })),
  }));
  const output = captureOutput();
  return () => output.restore();
});

const append = { type: 'monitor.created', key: 'monitor.created:mon-1', body: { monitorId: 'mon-1', name: 'Shop' } };

describe('recorder handler', () => {
  it('appends the first entry, signed by the KMS key, in one conditional transaction', async () => {
    const reply = await handler({ append }, lambdaContext('crosscheck-recorder'));

    expect(reply).toMatchObject({ record: { seq: 1, type: 'monitor.created', key: 'monitor.created:mon-1', evidenceSha256: null } });
    const { jws } = (reply as { record: { jws: string } }).record;
    const { payload } = await compactVerify(jws, publicKey);
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ seq: 1, type: 'monitor.created', monitorId: 'mon-1' });
    expect(kms).toReceiveCommandWith(SignCommand, { KeyId: KEY, MessageType: 'RAW', SigningAlgorithm: 'ECDSA_SHA_256' });
    expect(dynamo).toReceiveCommandTimes(TransactWriteItemsCommand, 1);
  });

  it.each([
    ['no append', {}],
    ['an unknown entry type', { append: { ...append, type: 'monitor.renamed' } }],
    ['a body that is not an object', { append: { ...append, body: 'x' } }],
    ['an extra field', { append, sign: true }],
  ])('answers a request with %s as a ValidationError, and signs nothing', async (_name, event) => {
    const reply = await handler(event, lambdaContext('crosscheck-recorder'));
    expect(reply).toMatchObject({ error: { name: 'ValidationError' } });
    expect(kms).not.toReceiveCommand(SignCommand);
    expect(dynamo).not.toReceiveCommand(TransactWriteItemsCommand);
  });

  it('writes a monitor change in the same transaction as its entry, conditional on the stored JSON', async () => {
    const expected = monitorWithId('mon-1');
    const monitor = { ...expected, name: 'Shop (edited)', updatedAt: '2026-11-22T10:00:00.000Z' };
    const reply = await handler({ append: { ...append, type: 'monitor.updated', key: 'monitor.updated:mon-1:x', monitorChange: { op: 'replace', monitor, expected } } }, lambdaContext('crosscheck-recorder'));
    expect(reply).toMatchObject({ record: { seq: 1, type: 'monitor.updated' } });
    const items = dynamo.commandCalls(TransactWriteItemsCommand)[0]!.args[0].input.TransactItems!;
    expect(items.at(-1)).toMatchObject({
      Put: {
        Item: { pk: { S: 'MONITOR#mon-1' }, body: { S: JSON.stringify(monitor) } },
        ConditionExpression: '#body = :expected',
        ExpressionAttributeValues: { ':expected': { S: JSON.stringify(expected) } },
      },
    });
  });

  it('answers a lost monitor condition as MonitorChangedError, for the caller to start over from a fresh read', async () => {
    dynamo.on(TransactWriteItemsCommand).rejects(
      Object.assign(new Error('Transaction cancelled'), {
        name: 'TransactionCanceledException',
        // entry, key, tree record, monitor: the monitor's condition failed.
        CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'None' }, { Code: 'ConditionalCheckFailed' }],
      }),
    );
    const expected = monitorWithId('mon-1');
    const reply = await handler({ append: { ...append, type: 'monitor.deleted', key: 'monitor.deleted:mon-1', monitorChange: { op: 'delete', expected } } }, lambdaContext('crosscheck-recorder'));
    expect(reply).toMatchObject({ error: { name: 'MonitorChangedError', message: expect.stringContaining('monitor mon-1 changed or was deleted') } });
    expect(dynamo).toReceiveCommandTimes(TransactWriteItemsCommand, 1); // not retried at another seq
    expect(errorOfFailure((reply as { error: RecorderFailure }).error, 'monitor mon-1')).toBeInstanceOf(MonitorChangedError);
  });

  it('refuses a monitor change whose monitor is not a stored monitor, naming the field, and signs nothing', async () => {
    const reply = await handler(
      { append: { ...append, monitorChange: { op: 'create', monitor: { ...monitorWithId('mon-1'), intervalSeconds: 'often' } } } },
      lambdaContext('crosscheck-recorder'),
    );
    expect(reply).toMatchObject({ error: { name: 'ValidationError', issues: [expect.objectContaining({ path: 'request.append.monitorChange.monitor.intervalSeconds' })] } });
    expect(kms).not.toReceiveCommand(SignCommand);
  });

  it('answers a KMS refusal as a SignerError (by name, for the caller to rethrow)', async () => {
    kms.on(SignCommand).rejects(new DisabledException({ message: 'key disabled', $metadata: {} }));
    const reply = await handler({ append }, lambdaContext('crosscheck-recorder'));
    expect(reply).toMatchObject({ error: { name: 'SignerError' } });
    expect(dynamo).not.toReceiveCommand(TransactWriteItemsCommand);
  });
});

describe('recorder handler: SLA statements', () => {
  async function kidOf(): Promise<string> {
    const { calculateJwkThumbprint, exportJWK } = await import('jose');
    const jwk = await exportJWK(publicKey);
    return calculateJwkThumbprint({ kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! }, 'sha256');
  }
  const statement = {
    type: 'sla.statement' as const,
    monitor: { id: 'mon-1', name: 'Shop' },
    period: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
    observedMs: 1,
    downtimeMs: 0,
    uptime: 1,
    incidents: [],
    checkpoint: { origin: 'api.example/ledger', size: 1, root: 'x' },
    issuedAt: '2026-12-04T00:00:00.000Z',
  };

  it('signs a statement\'s signing input with the KMS key: jose verifies the JWS', async () => {
    const { statementSigningInput } = await import('../../functions/core/ledger/statement.ts');
    const input = statementSigningInput(await kidOf(), statement);
    const reply = (await handler({ signStatement: { signingInput: input } }, lambdaContext('crosscheck-recorder'))) as unknown as { signature: string };
    const { protectedHeader } = await compactVerify(`${input}.${reply.signature}`, publicKey);
    expect(protectedHeader.typ).toBe('crosscheck-sla+jws');
  });

  it('refuses to sign what could pass for a ledger entry (another typ), naming the field, and signs nothing', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid: await kidOf(), typ: 'crosscheck-ledger+jws' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ seq: 1, type: 'monitor.created' })).toString('base64url');
    const reply = await handler({ signStatement: { signingInput: `${header}.${payload}` } }, lambdaContext('crosscheck-recorder'));
    expect(reply).toMatchObject({ error: { name: 'ValidationError', issues: [expect.objectContaining({ path: 'request.signStatement.signingInput' })] } });
    expect(kms).not.toReceiveCommand(SignCommand);
  });
});
