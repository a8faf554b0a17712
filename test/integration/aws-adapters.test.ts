/**
 * The SQS, KMS and SES adapters on moto, over the real AWS wire protocol: job batches and
 * delays, a ledger signed by a KMS key that plain jose verifies, and alert mail in moto's
 * SES store; and verification requests to another region's verifier over Lambda's Invoke
 * protocol (a loopback stand-in: moto runs no functions without Docker).
 */
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateKeyCommand, GetPublicKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { compactVerify, exportJWK, importJWK, importSPKI } from 'jose';
import { LambdaClient } from '@aws-sdk/client-lambda';
import PostalMime from 'postal-mime';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAwsStores,
  createKmsSigner,
  createRequestCounter,
  createSesNotifier,
  createLambdaVerifyQueue,
  createSqsJobQueue,
  tableDefinition,
} from '../../functions/adapters/aws/index.ts';
import type { Alert } from '../../functions/core/alert.ts';
import { RegionUnavailableError, SignerError } from '../../functions/core/errors.ts';
import type { CheckJob, VerifyRequest } from '../../functions/core/jobs.ts';
import { GENESIS_PREV, prevOf } from '../../functions/core/ledger/index.ts';
import { monitorChangeBody } from '../../functions/core/ledger/payloads.ts';
import { auditLedger } from '../../functions/audit/index.ts';
import type { ScheduledJob } from '../../functions/ports/queues.ts';
import { createLedgerWriter } from '../../functions/services/ledger.ts';
import { checkResult, monitorWithId } from '../helpers/fixtures.ts';
import { describeOnMoto, sesMessages, TEST_CREDENTIALS } from '../helpers/moto.ts';
import { startFakeLambda, type FakeLambda } from './cloud/fake-lambda.ts';

const HOME = 'eu-west-1';
const OTHER = 'us-east-1';

function job(id: string, region: string): CheckJob {
  return { jobId: id, monitor: monitorWithId(`m-${id}`), region, scheduledFor: '2026-11-21T10:00:00.000Z' };
}

describeOnMoto('AWS adapters on moto', (moto) => {
  const sqs = (region: string) => new SQSClient(moto().config(region));

  async function createQueue(region: string, name: string): Promise<string> {
    const out = await sqs(region).send(new CreateQueueCommand({ QueueName: name }));
    return out.QueueUrl!;
  }

  async function receiveAll(region: string, queueUrl: string): Promise<string[]> {
    const bodies: string[] = [];
    for (;;) {
      const out = await sqs(region).send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 300 }));
      const messages = out.Messages ?? [];
      if (messages.length === 0) return bodies;
      bodies.push(...messages.map((m) => m.Body!));
    }
  }

  async function queueCounts(region: string, queueUrl: string): Promise<{ visible: number; delayed: number }> {
    const out = await sqs(region).send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesDelayed'] }),
    );
    return { visible: Number(out.Attributes?.ApproximateNumberOfMessages), delayed: Number(out.Attributes?.ApproximateNumberOfMessagesDelayed) };
  }

  describe('SQS job queue', () => {
    it('packs each region\'s jobs by delivery second into messages of up to ten, each with its delay (capped at 900 s)', async () => {
      const urls = { [HOME]: await createQueue(HOME, 'jobs-chunking'), [OTHER]: await createQueue(OTHER, 'jobs-chunking') };
      const counter = createRequestCounter();
      const clients = new Map<string, SQSClient>();
      const clientOf = (region: string) => {
        if (!clients.has(region)) {
          const client = sqs(region);
          counter.attach(client);
          clients.set(region, client);
        }
        return clients.get(region)!;
      };
      const queue = createSqsJobQueue({ queueUrls: urls, clients: clientOf });
      // 23 jobs for home: even ones now, odd ones delayed (one far beyond SQS's limit); 2 for the other region.
      const jobs: ScheduledJob[] = [
        ...Array.from({ length: 23 }, (_, i) => ({ job: job(`h${i}`, HOME), delaySeconds: i % 2 === 0 ? 0 : i === 1 ? 5000 : 300 })),
        { job: job('o0', OTHER), delaySeconds: 0 },
        { job: job('o1', OTHER), delaySeconds: 0 },
      ];

      await queue.send(jobs);

      // Home: 12 jobs due now (two messages), 10 at 300 s and 1 at 900 s (one message each), in one batch; the other region one.
      expect(counter.snapshot()).toEqual({ SQS: { SendMessageBatch: { requests: 2, bodyBytes: expect.any(Number) } } });
      expect(await queueCounts(HOME, urls[HOME]!)).toEqual({ visible: 2, delayed: 2 });
      const jobsIn = (bodies: string[]) => bodies.flatMap((body) => (JSON.parse(body) as { jobs: CheckJob[] }).jobs);
      const home = jobsIn(await receiveAll(HOME, urls[HOME]!));
      expect(home.map((j) => j.jobId).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `h${i * 2}`).sort());
      expect(home[0]).toEqual(jobs.find((s) => s.job.jobId === home[0]!.jobId)!.job);
      const other = jobsIn(await receiveAll(OTHER, urls[OTHER]!)).map((j) => j.jobId);
      expect(other.sort()).toEqual(['o0', 'o1']);
    });

    it('sends what it can and then names the jobs whose region has no queue', async () => {
      const url = await createQueue(HOME, 'jobs-partial');
      const queue = createSqsJobQueue({ queueUrls: { [HOME]: url }, clients: sqs });
      await expect(queue.send([{ job: job('a', HOME), delaySeconds: 0 }, { job: job('b', 'ap-south-1'), delaySeconds: 0 }])).rejects.toThrow(
        /1 of 2 check jobs not sent: 1 \(ap-south-1: no checks queue/,
      );
      expect((await receiveAll(HOME, url)).flatMap((body) => (JSON.parse(body) as { jobs: CheckJob[] }).jobs.map((j) => j.jobId))).toEqual(['a']);
    });
  });

  describe('verifier invoker, on the Lambda Invoke wire protocol', () => {
    const request = (id: string): VerifyRequest => ({
      verificationId: id,
      monitor: monitorWithId('m1'),
      fromRegion: HOME,
      primary: checkResult({ region: HOME, success: false, status: 503 }),
      tried: [],
      requestedAt: '2026-11-21T10:00:00.000Z',
    });
    let lambda: FakeLambda;
    const received: unknown[] = [];
    beforeAll(async () => {
      lambda = await startFakeLambda({ 'crosscheck-us-east-1-verifier': async (payload) => void received.push(payload) });
    });
    afterAll(async () => {
      await lambda.close();
    });
    const clients = (endpoint: string) => (region: string) => new LambdaClient({ region, endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });

    it("hands a verification request to the other region's verifier as an event, and only there", async () => {
      const queue = createLambdaVerifyQueue({ functionNames: { [OTHER]: 'crosscheck-us-east-1-verifier' }, clients: clients(lambda.endpoint) });
      await queue.send(OTHER, request('v1'));
      expect((await lambda.settled()).failed).toEqual([]);
      expect(lambda.calls).toEqual([{ name: 'crosscheck-us-east-1-verifier', type: 'Event', payload: request('v1') }]);
      expect(received).toEqual([request('v1')]);
    });

    it.each([
      ['has no verifier configured', () => ({ functionNames: {}, clients: clients(lambda.endpoint) })],
      ['has no such function', () => ({ functionNames: { [OTHER]: 'no-such-function' }, clients: clients(lambda.endpoint) })],
      ['cannot be reached', () => ({ functionNames: { [OTHER]: 'crosscheck-us-east-1-verifier' }, clients: clients('http://127.0.0.1:9') })],
    ])('is RegionUnavailableError when the region %s', async (_label, options) => {
      const error = await createLambdaVerifyQueue(options()).send(OTHER, request('v2')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegionUnavailableError);
      expect((error as RegionUnavailableError).region).toBe(OTHER);
    });
  });

  describe('KMS signer', () => {
    let kms: KMSClient;
    let dynamo: DynamoDBClient;
    beforeAll(() => {
      kms = new KMSClient(moto().config(HOME));
      dynamo = new DynamoDBClient(moto().config(HOME));
    });

    it('signs a ledger chain that plain jose verifies against the JWK from GetPublicKey', async () => {
      const key = await kms.send(new CreateKeyCommand({ KeySpec: 'ECC_NIST_P256', KeyUsage: 'SIGN_VERIFY', Description: 'ledger test' }));
      const keyId = key.KeyMetadata!.KeyId!;
      await dynamo.send(new CreateTableCommand(tableDefinition('ledger-kms')));
      const stores = createAwsStores({ tableName: 'ledger-kms', region: HOME, homeRegion: HOME, client: dynamo });
      const signer = createKmsSigner({ keyId, region: HOME, client: kms });
      let now = Date.parse('2026-11-21T10:00:00.000Z');
      const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock: { now: () => (now += 1000) } });

      for (const id of ['m1', 'm2', 'm3']) {
        await writer.append({ type: 'monitor.created', key: `monitor.created:${id}`, body: monitorChangeBody(monitorWithId(id)) });
      }
      const entries = await stores.ledger.range(0, 10);
      expect(entries.map((e) => e.seq)).toEqual([1, 2, 3]);

      // The public key as KMS gives it, made a JWK by jose alone (not by the adapter).
      const spki = (await kms.send(new GetPublicKeyCommand({ KeyId: keyId }))).PublicKey!;
      const pem = `-----BEGIN PUBLIC KEY-----\n${Buffer.from(spki).toString('base64')}\n-----END PUBLIC KEY-----`;
      const jwk = await exportJWK(await importSPKI(pem, 'ES256'));
      const adapterJwk = await signer.publicJwk();
      expect({ x: adapterJwk.x, y: adapterJwk.y }).toEqual({ x: jwk.x, y: jwk.y });

      const publicKey = await importJWK(jwk, 'ES256');
      let prev = GENESIS_PREV;
      for (const entry of entries) {
        const { payload, protectedHeader } = await compactVerify(entry.jws, publicKey);
        expect(protectedHeader).toMatchObject({ alg: 'ES256', kid: adapterJwk.kid });
        const body = JSON.parse(new TextDecoder().decode(payload)) as { seq: number; prev: string };
        expect(body).toMatchObject({ seq: entry.seq, prev });
        prev = prevOf(entry.jws);
      }
      const report = await auditLedger(entries, { keys: [adapterJwk] }, { expectHead: 3 });
      expect(report.problem).toBeNull();
      expect(report).toMatchObject({ valid: true, count: 3, kids: [adapterJwk.kid] });
    });

    it.each([
      ['a key for encryption', { KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' }],
      ['an RSA signing key', { KeySpec: 'RSA_2048', KeyUsage: 'SIGN_VERIFY' }],
    ] as const)('refuses %s with SignerError', async (_label, spec) => {
      const key = await kms.send(new CreateKeyCommand(spec));
      const signer = createKmsSigner({ keyId: key.KeyMetadata!.KeyId!, region: HOME, client: kms });
      await expect(signer.publicJwk()).rejects.toBeInstanceOf(SignerError);
    });

    it('is SignerError for a key that does not exist', async () => {
      const signer = createKmsSigner({ keyId: '00000000-0000-0000-0000-000000000000', region: HOME, client: kms });
      await expect(signer.sign(Buffer.from('x.y'))).rejects.toBeInstanceOf(SignerError);
      await expect(signer.publicJwk()).rejects.toBeInstanceOf(SignerError);
    });
  });

  describe('SES notifier', () => {
    it('sends the alert as one mail with a text and an HTML part, visible in moto', async () => {
      const ses = new SESv2Client(moto().config(HOME));
      await ses.send(new CreateEmailIdentityCommand({ EmailIdentity: 'alerts@example.test' }));
      const notifier = createSesNotifier({ from: 'CrossCheck <alerts@example.test>', defaultTo: ['oncall@example.test'], region: HOME, client: ses });
      const alert: Alert = {
        id: 'down:i1',
        kind: 'down',
        time: '2026-11-21T10:00:00.000Z',
        monitor: { id: 'm1', name: 'Shop <API>', url: 'https://shop.example.test/health' },
        subject: 'DOWN: Shop <API>',
        text: 'Shop <API> is down since 10:00 UTC, confirmed from two regions.',
        incident: { id: 'i1', cause: 'status', openedAt: '2026-11-21T10:00:00.000Z', resolvedAt: null, verification: 'confirmed', ledgerSeq: 7 },
        recipients: { email: ['ops@example.test'], webhooks: [] },
      };

      await notifier.send(alert);
      await notifier.send({ ...alert, id: 'recovered:i1', kind: 'recovered', subject: 'RECOVERED: Shop <API>', recipients: { email: [], webhooks: [] } });

      const sent = sesMessages(await moto().data());
      // moto adds the To header's addresses to the Destination's: compare as sets.
      expect(sent.map((m) => [...new Set(m.destinations)])).toEqual([['ops@example.test'], ['oncall@example.test']]);
      const mail = await PostalMime.parse(sent[0]!.raw);
      expect(mail.subject).toBe('DOWN: Shop <API>');
      expect(mail.text).toContain('confirmed from two regions');
      expect(mail.html).toContain('Shop &#60;API&#62;');
      expect(mail.html).toContain('#7');
    });
  });
});
