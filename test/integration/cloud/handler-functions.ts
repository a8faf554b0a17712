/**
 * The real Lambda handlers, loaded as Lambda would run them: one container (module
 * instance) per function and region, each configured by the environment variables the
 * CDK app sets. `AWS_REGION` is the container's region, so it is set before each
 * invocation of a regional function (this process plays all of them, one call at a time).
 *
 * How a fresh module instance is made depends on the runner: vitest resets its module
 * registry (each container then has its own SDK clients too), a plain Node script imports
 * the handler under a query string (its own handler state; the SDK clients are shared).
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import type * as Clients from '../../../functions/adapters/aws/clients.ts';
import type { BatchResponse, SqsEvent, SqsFunction } from './sqs-poller.ts';

type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

/** A fresh instance of the handler module at `url`, and the clients module its adapters use. */
export type ContainerLoader = (url: URL) => Promise<{ handler: LambdaHandler; clients: typeof Clients }>;

export interface CloudFunctions {
  scheduler(): Promise<unknown>;
  checker(region: string): SqsFunction;
  /** A region's verifier, as Lambda's asynchronous invocation runs it: one request per call. */
  verifier(region: string): (request: unknown) => Promise<unknown>;
  recorder(payload: unknown): Promise<unknown>;
  aggregator(): Promise<unknown>;
}

export const FUNCTIONS_DIR = new URL('../../../functions/', import.meta.url);
export const CLIENTS_MODULE = new URL('adapters/aws/clients.ts', FUNCTIONS_DIR);

/** Containers in a plain Node process: the handler module under a new query string each time. */
export function queryStringLoader(): ContainerLoader {
  let instance = 0;
  return async (url) => {
    instance += 1;
    const module = (await import(`${url.href}?container=${instance}`)) as { handler: LambdaHandler };
    return { handler: module.handler, clients: (await import(CLIENTS_MODULE.href)) as typeof Clients };
  };
}

/** The context object Lambda hands an invocation of `functionName` in `region`. */
export function contextFor(functionName: string, region: string): Context {
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

/** EventBridge's scheduled event, as the rules send it. */
export function scheduledEvent(region: string) {
  return { version: '0', id: randomUUID(), 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString(), region, resources: [], detail: {} };
}

export async function loadHandlers(
  regions: readonly string[],
  homeRegion: string,
  load: ContainerLoader,
  onClients: (clients: typeof Clients) => void,
): Promise<CloudFunctions> {
  const container = async (folder: string) => {
    const { handler, clients } = await load(new URL(`${folder}/handler.ts`, FUNCTIONS_DIR));
    onClients(clients);
    return handler;
  };
  const inRegion = (region: string, name: string, handler: LambdaHandler) => (event: unknown) => {
    process.env['AWS_REGION'] = region;
    return handler(event, contextFor(name, region));
  };
  const scheduler = inRegion(homeRegion, 'crosscheck-scheduler', await container('scheduler'));
  const aggregator = inRegion(homeRegion, 'crosscheck-aggregator', await container('aggregator'));
  const recorder = await container('recorder');
  const checkers = new Map<string, (event: unknown) => Promise<unknown>>();
  const verifiers = new Map<string, (event: unknown) => Promise<unknown>>();
  for (const region of regions) {
    checkers.set(region, inRegion(region, 'crosscheck-checker', await container('checker')));
    verifiers.set(region, inRegion(region, 'crosscheck-verifier', await container('verifier')));
  }
  return {
    scheduler: () => scheduler(scheduledEvent(homeRegion)),
    aggregator: () => aggregator(scheduledEvent(homeRegion)),
    checker: (region) => async (event: SqsEvent) => (await checkers.get(region)!(event)) as BatchResponse,
    verifier: (region) => (request: unknown) => verifiers.get(region)!(request),
    // Nested inside another function's invoke: AWS_REGION is that caller's, which the recorder does not read (it works in the home region).
    recorder: (payload) => recorder(payload, contextFor('crosscheck-recorder', homeRegion)),
  };
}
