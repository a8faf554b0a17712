/**
 * The real Lambda handlers, loaded as Lambda would run them: one container (module
 * instance) per function and region, each with its own SDK clients, configured by the
 * environment variables the CDK app sets. `AWS_REGION` is the container's region, so it
 * is set before each invocation of a regional function (this process plays all of them,
 * one call at a time).
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { vi } from 'vitest';
import type * as Clients from '../../../functions/adapters/aws/clients.ts';
import type { BatchResponse, SqsEvent, SqsFunction } from './sqs-poller.ts';

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface CloudFunctions {
  scheduler(): Promise<unknown>;
  checker(region: string): SqsFunction;
  verifier(region: string): SqsFunction;
  recorder(payload: unknown): Promise<unknown>;
}

function contextFor(functionName: string, region: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:${region}:123456789012:function:${functionName}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: `2026/11/21/[$LATEST]${randomUUID().replaceAll('-', '')}`,
    getRemainingTimeInMillis: () => 60_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

/** A fresh container of a handler module: its own module instances, its own SDK clients. */
async function container(path: string, onClients: (clients: typeof Clients) => void): Promise<LambdaHandler> {
  vi.resetModules();
  const module = (await import(path)) as { handler: LambdaHandler };
  // Imported after the handler, in the same module registry: the very cache the handler's adapters use.
  onClients((await import('../../../functions/adapters/aws/clients.ts')) as typeof Clients);
  return module.handler;
}

export async function loadHandlers(regions: readonly string[], homeRegion: string, onClients: (clients: typeof Clients) => void): Promise<CloudFunctions> {
  const inRegion = (region: string, name: string, handler: LambdaHandler) => (event: unknown) => {
    process.env['AWS_REGION'] = region;
    return handler(event, contextFor(name, region));
  };
  const scheduler = inRegion(homeRegion, 'crosscheck-scheduler', await container('../../../functions/scheduler/handler.ts', onClients));
  const recorder = await container('../../../functions/recorder/handler.ts', onClients);
  const checkers = new Map<string, (event: unknown) => Promise<unknown>>();
  const verifiers = new Map<string, (event: unknown) => Promise<unknown>>();
  for (const region of regions) {
    checkers.set(region, inRegion(region, 'crosscheck-checker', await container('../../../functions/checker/handler.ts', onClients)));
    verifiers.set(region, inRegion(region, 'crosscheck-verifier', await container('../../../functions/verifier/handler.ts', onClients)));
  }
  return {
    scheduler: () => scheduler({ version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), region: homeRegion, resources: [], detail: {} }),
    checker: (region) => async (event: SqsEvent) => (await checkers.get(region)!(event)) as BatchResponse,
    verifier: (region) => async (event: SqsEvent) => (await verifiers.get(region)!(event)) as BatchResponse,
    // Nested inside another function's invoke: AWS_REGION is that caller's, which the recorder does not read (it works in the home region).
    recorder: (payload) => recorder(payload, contextFor('crosscheck-recorder', homeRegion)),
  };
}
