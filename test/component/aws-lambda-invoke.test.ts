/**
 * invokeJson / invokeEvent, the one way a function invokes another, and the prober
 * client built on it ("check now"), with a mocked Lambda client: the exact Invoke
 * request, and each way a reply or a failure comes back.
 */
import 'aws-sdk-client-mock-vitest/extend';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import * as z from 'zod';
import { createLambdaCheckRunner, invokeEvent, invokeJson } from '../../functions/adapters/aws/index.ts';
import { CrossCheckError, RegionUnavailableError, ValidationError } from '../../functions/core/errors.ts';
import { monitorWithId, passingResult, T0 } from '../helpers/fixtures.ts';

const lambda = mockClient(LambdaClient);
const client = new LambdaClient({ region: 'eu-west-1' });

beforeEach(() => {
  lambda.reset();
});

class Unreachable extends Error {}

const payloadOf = (value: unknown) => Buffer.from(JSON.stringify(value)) as unknown as Uint8Array;
const sentPayload = () => JSON.parse(Buffer.from(lambda.commandCalls(InvokeCommand)[0]!.args[0].input.Payload as Uint8Array).toString('utf8')) as unknown;

describe('invokeJson (RequestResponse)', () => {
  const call = (overrides: Partial<Parameters<typeof invokeJson>[0]> = {}) =>
    invokeJson({
      client,
      functionName: 'crosscheck-echo',
      role: 'the echo',
      what: 'echo test',
      payload: { ping: 1 },
      reply: z.strictObject({ pong: z.number() }),
      unreachable: (error) => new Unreachable('unreachable', { cause: error }),
      ...overrides,
    });

  it('sends the payload as JSON, synchronously, and answers the validated reply', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payloadOf({ pong: 2 }) } as never);
    expect(await call()).toEqual({ pong: 2 });
    expect(lambda).toReceiveCommandExactlyOnceWith(InvokeCommand, { FunctionName: 'crosscheck-echo', InvocationType: 'RequestResponse' });
    expect(sentPayload()).toEqual({ ping: 1 });
  });

  it("is the caller's error when the invoke does not reach the function", async () => {
    const cause = Object.assign(new Error('not authorized'), { name: 'AccessDeniedException' });
    lambda.on(InvokeCommand).rejects(cause);
    const failure = await call().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Unreachable);
    expect((failure as Error).cause).toBe(cause);
  });

  it.each([
    ["Lambda's error shape", { errorType: 'Runtime.ExitError', errorMessage: 'exited' }, 'echo test: the echo failed (Runtime.ExitError: exited)'],
    ['a reply that is not JSON', 'Task timed out', 'echo test: the echo failed (Unhandled: Task timed out)'],
  ])('names the function and its error when it failed (FunctionError), with %s', async (_label, body, message) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: Buffer.from(text) as unknown as Uint8Array } as never);
    const failure = await call().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(CrossCheckError);
    expect((failure as Error).message).toBe(message);
  });

  it("repeats only the first 300 characters of the function's error", async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, FunctionError: 'Unhandled', Payload: payloadOf({ errorType: 'Error', errorMessage: 'x'.repeat(1000) }) } as never);
    await expect(call()).rejects.toThrow(`echo test: the echo failed (Error: ${'x'.repeat(300)})`);
  });

  it('is a CrossCheckError when the reply is not JSON', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: Buffer.from('<html>') as unknown as Uint8Array } as never);
    await expect(call()).rejects.toThrow('echo test: the echo answered something that is not JSON');
  });

  it('is a ValidationError naming the bad field when the schema refuses the reply, unless the caller says otherwise', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payloadOf({ pong: 'two' }) } as never);
    const failure = await call().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ValidationError);
    expect((failure as ValidationError).issues.map((issue) => issue.path)).toEqual(['echo_test.pong']);

    const custom = await call({ invalidReply: (_problem, text) => new CrossCheckError(`odd reply: ${text}`) }).catch((e: unknown) => e);
    expect((custom as Error).message).toBe('odd reply: {"pong":"two"}');
  });
});

describe('invokeEvent (Event)', () => {
  const send = () =>
    invokeEvent({
      client,
      functionName: 'crosscheck-worker',
      role: 'the worker',
      what: 'job j1',
      payload: { job: 'j1' },
      unreachable: (error) => new Unreachable('unreachable', { cause: error }),
    });

  it('hands the payload to Lambda as an event', async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    await send();
    expect(lambda).toReceiveCommandExactlyOnceWith(InvokeCommand, { FunctionName: 'crosscheck-worker', InvocationType: 'Event' });
    expect(sentPayload()).toEqual({ job: 'j1' });
  });

  it("is the caller's error when the event was not queued (a status other than 202)", async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200 });
    const failure = await send().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Unreachable);
    expect(((failure as Error).cause as Error).message).toBe('the worker answered status 200');
  });
});

describe('Lambda check runner ("check now" by the prober functions)', () => {
  const FUNCTIONS = { 'us-east-1': 'crosscheck-us-east-1-prober' };
  const monitor = monitorWithId('m1');

  it("invokes the region's prober with that region's client and answers its result", async () => {
    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payloadOf(passingResult('us-east-1', T0)) } as never);
    const asked: string[] = [];
    const result = await createLambdaCheckRunner({ functionNames: FUNCTIONS, clients: (region) => (asked.push(region), client) }).run(monitor, 'us-east-1');
    expect(result).toEqual(passingResult('us-east-1', T0));
    expect(asked).toEqual(['us-east-1']);
    expect(lambda).toReceiveCommandExactlyOnceWith(InvokeCommand, { FunctionName: 'crosscheck-us-east-1-prober', InvocationType: 'RequestResponse' });
    expect(sentPayload()).toMatchObject({ monitor: { name: monitor.name, url: monitor.url } });
  });

  it('is RegionUnavailableError without a call when the region has no prober, and when the invoke fails', async () => {
    const runner = createLambdaCheckRunner({ functionNames: FUNCTIONS, clients: () => client });
    await expect(runner.run(monitor, 'eu-central-1')).rejects.toBeInstanceOf(RegionUnavailableError);
    expect(lambda).not.toReceiveAnyCommand();

    lambda.on(InvokeCommand).rejects(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
    await expect(runner.run(monitor, 'us-east-1')).rejects.toMatchObject({ name: 'RegionUnavailableError', region: 'us-east-1' });
  });

  it('names the prober and its error when it failed, and refuses a reply that is not a check result', async () => {
    const runner = createLambdaCheckRunner({ functionNames: FUNCTIONS, clients: () => client });
    lambda.on(InvokeCommand).resolvesOnce({ StatusCode: 200, FunctionError: 'Unhandled', Payload: payloadOf({ errorType: 'TypeError', errorMessage: 'boom' }) } as never);
    await expect(runner.run(monitor, 'us-east-1')).rejects.toThrow('check from us-east-1: the prober failed (TypeError: boom)');

    lambda.on(InvokeCommand).resolves({ StatusCode: 200, Payload: payloadOf({ success: 'maybe' }) } as never);
    await expect(runner.run(monitor, 'us-east-1')).rejects.toBeInstanceOf(ValidationError);
  });
});
