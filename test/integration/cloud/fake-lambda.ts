/**
 * A stand-in for the Lambda Invoke API on loopback (moto runs no functions without
 * Docker): `POST /2015-03-31/functions/<name>/invocations` runs the registered function
 * with the JSON payload and answers as Lambda does, an unhandled throw included
 * (status 200, `X-Amz-Function-Error: Unhandled`, `{errorType, errorMessage}`). The
 * SDK's LambdaClient talks to it unchanged, through AWS_ENDPOINT_URL_LAMBDA.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type InvokedFunction = (payload: unknown) => Promise<unknown>;

export interface FakeLambda {
  readonly endpoint: string;
  /** Invocations per function name so far. */
  readonly invocations: Map<string, number>;
  close(): Promise<void>;
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startFakeLambda(functions: Readonly<Record<string, InvokedFunction>>): Promise<FakeLambda> {
  const invocations = new Map<string, number>();
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
      try {
        const result = await fn(text ? JSON.parse(text) : {});
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
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
