/**
 * A stand-in for the Lambda Invoke API on loopback (moto runs no functions without
 * Docker): `POST /2015-03-31/functions/<name>/invocations` runs the registered function
 * with the JSON payload and answers as Lambda does. Synchronously (`RequestResponse`):
 * the result, or an unhandled throw (status 200, `X-Amz-Function-Error: Unhandled`,
 * `{errorType, errorMessage}`). Asynchronously (`X-Amz-Invocation-Type: Event`): 202 at
 * once, the function runs afterwards (`settled()` waits for those runs). The SDK's
 * LambdaClient talks to it unchanged, through AWS_ENDPOINT_URL_LAMBDA.
 *
 * Options make the asynchronous side behave as Lambda's own event queue may: retry a run
 * that failed (`asyncRetries`, two in Lambda), and deliver one event more than once
 * (`eventCopies`: its copies run at once). Without them every event runs once.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type InvokedFunction = (payload: unknown) => Promise<unknown>;

export interface FakeLambda {
  readonly endpoint: string;
  /** Invocations per function name so far. */
  readonly invocations: Map<string, number>;
  /** Every invocation, in order: function, invocation type, payload. */
  readonly calls: { readonly name: string; readonly type: 'RequestResponse' | 'Event'; readonly payload: unknown }[];
  /** Waits until every asynchronous run started so far (and any they started) has ended; their errors are collected. */
  settled(): Promise<{ readonly failed: readonly unknown[] }>;
  /** Every asynchronous run, retries and copies included, in the order they ended: the error of one that failed. */
  readonly runs: { readonly name: string; readonly attempt: number; readonly error?: unknown }[];
  close(): Promise<void>;
}

export interface FakeLambdaOptions {
  /** Runs after a failed asynchronous run (Lambda: 2), at once here. @default 0 */
  readonly asyncRetries?: number;
  /** How many times an event to `name` is delivered, its copies at once (Lambda: at least once). @default 1 */
  readonly eventCopies?: (name: string, payload: unknown) => number;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeLambda(functions: Readonly<Record<string, InvokedFunction>>, options: FakeLambdaOptions = {}): Promise<FakeLambda> {
  const invocations = new Map<string, number>();
  const calls: FakeLambda['calls'] = [];
  const runs: { name: string; attempt: number; error?: unknown }[] = [];
  const running = new Set<Promise<void>>();
  let failed: unknown[] = [];
  const server: Server = createServer((request, response) => {
    void (async () => {
      const match = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/.exec(request.url?.split('?')[0] ?? '');
      const name = match ? decodeURIComponent(match[1]!) : '';
      const fn = Object.hasOwn(functions, name) ? functions[name] : undefined;
      if (request.method !== 'POST' || fn === undefined) {
        response.writeHead(404, { 'content-type': 'application/json', 'x-amzn-errortype': 'ResourceNotFoundException' });
        response.end(JSON.stringify({ Type: 'User', message: `Function not found: ${name}` }));
        return;
      }
      invocations.set(name, (invocations.get(name) ?? 0) + 1);
      const text = await bodyOf(request);
      const payload = text ? (JSON.parse(text) as unknown) : {};
      const type = request.headers['x-amz-invocation-type'] === 'Event' ? 'Event' : 'RequestResponse';
      calls.push({ name, type, payload });
      if (type === 'Event') {
        response.writeHead(202, { 'content-type': 'application/json' });
        response.end();
        const attempts = async (): Promise<void> => {
          for (let attempt = 0; ; attempt += 1) {
            try {
              await fn(payload);
              runs.push({ name, attempt });
              return;
            } catch (error) {
              runs.push({ name, attempt, error });
              if (attempt >= (options.asyncRetries ?? 0)) throw error;
            }
          }
        };
        for (let copy = 0; copy < (options.eventCopies?.(name, payload) ?? 1); copy += 1) {
          const run = attempts().then(
            () => undefined,
            (error: unknown) => void failed.push(error),
          );
          running.add(run);
          void run.finally(() => running.delete(run));
        }
        return;
      }
      try {
        const result = await fn(payload);
        response.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
        response.end(JSON.stringify(result ?? null));
      } catch (error) {
        response.writeHead(200, { 'content-type': 'application/json', 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' });
        response.end(JSON.stringify({ errorType: (error as Error).name ?? 'Error', errorMessage: (error as Error).message ?? String(error) }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    invocations,
    calls,
    runs,
    async settled() {
      while (running.size > 0) await Promise.all([...running]);
      const out = failed;
      failed = [];
      return { failed: out };
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
