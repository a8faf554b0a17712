/**
 * The SES notifier, the recorder-backed ledger writer and the verifier invoker with mocked
 * clients: the exact SendEmail and Invoke requests, and how replies and failures come back.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import PostalMime from 'postal-mime';
import { beforeEach, describe, expect, it } from 'vitest';
import { createLambdaLedgerWriter, createLambdaVerifyQueue, createSesNotifier, failureReply } from '../../functions/adapters/aws/index.ts';
import type { Alert } from '../../functions/core/alert.ts';
import { ConflictError, CrossCheckError, RegionUnavailableError, SignerError, ThrottledError, ValidationError } from '../../functions/core/errors.ts';
import type { VerifyRequest } from '../../functions/core/jobs.ts';
import type { LedgerAppend } from '../../functions/services/ledger.ts';
import { checkResult, ledgerRecord, monitorWithId } from '../helpers/fixtures.ts';

const ses = mockClient(SESv2Client);
const lambda = mockClient(LambdaClient);

beforeEach(() => {
  ses.reset();
  lambda.reset();
});

const alert = (overrides: Partial<Alert> = {}): Alert => ({
  id: 'down:i1',
  kind: 'down',
  time: '2026-11-21T10:00:00.000Z',
  monitor: { id: 'm1', name: 'Checkout', url: 'https://checkout.example.test/health' },
  subject: 'DOWN: Checkout',
  text: 'Checkout is down, confirmed from us-east-1.',
  recipients: { email: ['ops@example.test', 'dev@example.test'], webhooks: [] },
  ...overrides,
});

describe('SES notifier', () => {
  const notifier = (defaultTo?: string[]) =>
    createSesNotifier({ from: 'CrossCheck <alerts@example.test>', region: 'eu-west-1', client: new SESv2Client({ region: 'eu-west-1' }), ...(defaultTo ? { defaultTo } : {}) });

  it('sends one raw MIME mail with a text and an HTML part to the monitor’s recipients', async () => {
    ses.on(SendEmailCommand).resolves({ MessageId: 'id-1' });
    await notifier(['fallback@example.test']).send(alert());

    expect(ses).toReceiveCommandExactlyOnceWith(SendEmailCommand, {
      FromEmailAddress: 'CrossCheck <alerts@example.test>',
      Destination: { ToAddresses: ['ops@example.test', 'dev@example.test'] },
      Content: { Raw: { Data: expect.any(Uint8Array) } },
    });
    const raw = ses.commandCalls(SendEmailCommand)[0]!.args[0].input.Content!.Raw!.Data!;
    const mail = await PostalMime.parse(Buffer.from(raw).toString('utf8'));
    expect(mail.subject).toBe('DOWN: Checkout');
    expect(mail.text).toBe('Checkout is down, confirmed from us-east-1.');
    expect(mail.html).toContain('<h1>DOWN: Checkout</h1>');
    expect(mail.to?.map((a) => a.address)).toEqual(['ops@example.test', 'dev@example.test']);
  });

  it('falls back to the default recipients, and sends nothing when there are none', async () => {
    ses.on(SendEmailCommand).resolves({});
    await notifier(['oncall@example.test']).send(alert({ recipients: { email: [], webhooks: [] } }));
    expect(ses).toReceiveCommandWith(SendEmailCommand, { Destination: { ToAddresses: ['oncall@example.test'] } });
    await notifier().send(alert({ recipients: { email: [], webhooks: [] } }));
    expect(ses).toReceiveCommandTimes(SendEmailCommand, 1);
  });

  it('fails with the SES error named', async () => {
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Email address is not verified'), { name: 'MessageRejected' }));
    await expect(notifier().send(alert())).rejects.toThrow(/alert down:i1 by email: MessageRejected: Email address is not verified/);
  });
});

describe('Lambda ledger writer', () => {
  const append: LedgerAppend = { type: 'incident.opened', key: 'incident.opened:i1', body: { incidentId: 'i1' }, evidence: { a: 1 } };
  const writer = () => createLambdaLedgerWriter({ functionName: 'crosscheck-recorder', region: 'eu-west-1', client: new LambdaClient({ region: 'eu-west-1' }) });
  const reply = (value: unknown) => ({ StatusCode: 200, Payload: Buffer.from(JSON.stringify(value)) as unknown as Uint8Array });

  it('invokes the recorder synchronously with {append} and returns its record', async () => {
    lambda.on(InvokeCommand).resolves(reply({ record: ledgerRecord(4) }) as never);
    expect(await writer().append(append)).toEqual(ledgerRecord(4));
    expect(lambda).toReceiveCommandExactlyOnceWith(InvokeCommand, { FunctionName: 'crosscheck-recorder', InvocationType: 'RequestResponse' });
    const payload = lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload!;
    expect(JSON.parse(Buffer.from(payload as Uint8Array).toString('utf8'))).toEqual({ append });
  });

  it.each([
    ['ConflictError', new ConflictError('lost the race'), ConflictError],
    ['SignerError', new SignerError('key disabled'), SignerError],
    ['ValidationError', new ValidationError([{ path: 'type', message: 'unknown' }]), ValidationError],
    ['an unknown error', new TypeError('oops'), CrossCheckError],
  ])('gives back the recorder’s %s as the same class', async (_label, error, expected) => {
    lambda.on(InvokeCommand).resolves(reply(failureReply(error)) as never);
    const failure = await writer().append(append).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(expected);
    expect((failure as Error).message).toContain('ledger entry incident.opened:i1');
    if (expected === ValidationError) expect((failure as ValidationError).issues).toEqual([{ path: 'type', message: 'unknown' }]);
  });

  it('is a CrossCheckError when the recorder crashed (FunctionError)', async () => {
    lambda.on(InvokeCommand).resolves({ ...reply({ errorType: 'Runtime.ExitError', errorMessage: 'exited' }), FunctionError: 'Unhandled' } as never);
    await expect(writer().append(append)).rejects.toThrow(/the recorder failed \(Runtime.ExitError: exited\)/);
  });

  it('is ThrottledError when Lambda throttles the invoke', async () => {
    lambda.on(InvokeCommand).rejects(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} }));
    await expect(writer().append(append)).rejects.toBeInstanceOf(ThrottledError);
  });

  it('refuses a reply that is neither a record nor an error', async () => {
    lambda.on(InvokeCommand).resolves(reply({ something: 'else' }) as never);
    await expect(writer().append(append)).rejects.toThrow(/neither a record nor an error/);
  });
});

describe('verifier invoker (VerifyQueue over asynchronous Lambda invocation)', () => {
  const request: VerifyRequest = {
    verificationId: 'v1',
    monitor: monitorWithId('m1'),
    fromRegion: 'eu-west-1',
    primary: checkResult({ success: false }),
    tried: [],
    requestedAt: '2026-11-21T10:00:00.000Z',
  };
  const FUNCTIONS = { 'us-east-1': 'crosscheck-us-east-1-verifier', 'ap-south-1': 'crosscheck-ap-south-1-verifier' };
  const client = new LambdaClient({ region: 'us-east-1' });

  it("hands the request to the target region's verifier with that region's client, as an event", async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const asked: string[] = [];
    await createLambdaVerifyQueue({ functionNames: FUNCTIONS, clients: (region) => (asked.push(region), client) }).send('us-east-1', request);
    expect(asked).toEqual(['us-east-1']);
    expect(lambda).toReceiveCommandExactlyOnceWith(InvokeCommand, { FunctionName: 'crosscheck-us-east-1-verifier', InvocationType: 'Event' });
    expect(JSON.parse(Buffer.from(lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload as Uint8Array).toString('utf8'))).toEqual(request);
  });

  it.each([
    ['AccessDeniedException', () => Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' })],
    ['a function that does not exist', () => Object.assign(new Error('Function not found'), { name: 'ResourceNotFoundException' })],
    ['a network error', () => Object.assign(new Error('getaddrinfo ENOTFOUND lambda.us-east-1.amazonaws.com'), { code: 'ENOTFOUND' })],
    ['throttling', () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: {} })],
    ['Lambda failing', () => Object.assign(new Error('internal'), { name: 'ServiceException' })],
  ])('is RegionUnavailableError on %s', async (_label, error) => {
    lambda.on(InvokeCommand).rejects(error());
    const failure = await createLambdaVerifyQueue({ functionNames: FUNCTIONS, clients: () => client }).send('us-east-1', request).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(RegionUnavailableError);
    expect(failure).toMatchObject({ region: 'us-east-1' });
  });

  it('is RegionUnavailableError when the event was not queued (a status other than 202)', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200 });
    await expect(createLambdaVerifyQueue({ functionNames: FUNCTIONS, clients: () => client }).send('us-east-1', request)).rejects.toBeInstanceOf(RegionUnavailableError);
  });

  it('is RegionUnavailableError without a call when the region has no verifier', async () => {
    await expect(createLambdaVerifyQueue({ functionNames: FUNCTIONS, clients: () => client }).send('eu-central-1', request)).rejects.toBeInstanceOf(RegionUnavailableError);
    expect(lambda).not.toReceiveAnyCommand();
  });

  it('is a plain error, not a region problem, when Lambda refuses the request itself', async () => {
    lambda.on(InvokeCommand).rejects(Object.assign(new Error('too large'), { name: 'RequestTooLargeException' }));
    const failure = await createLambdaVerifyQueue({ functionNames: FUNCTIONS, clients: () => client }).send('us-east-1', request).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CrossCheckError);
    expect(failure).not.toBeInstanceOf(RegionUnavailableError);
  });
});
