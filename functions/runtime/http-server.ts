/**
 * The local HTTP server: turns a Node request into an API Gateway HTTP API (v2) event,
 * hands it to the same API handler Lambda runs, and writes the result back. No route
 * logic lives here. Bodies are read up to one byte past the API's limit, so the
 * handler can answer 413 without the server holding more in memory.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ApiGatewayV2Event, ApiHandler } from '../api/event.ts';
import { MAX_BODY_BYTES } from '../api/request.ts';

export function toApiGatewayEvent(req: IncomingMessage, body: Buffer): ApiGatewayV2Event {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  const text = body.toString('utf8');
  const binary = !Buffer.from(text, 'utf8').equals(body);
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: q < 0 ? url : url.slice(0, q),
    rawQueryString: q < 0 ? '' : url.slice(q + 1),
    headers,
    body: body.length === 0 ? undefined : binary ? body.toString('base64') : text,
    isBase64Encoded: binary,
    requestContext: {
      http: {
        method: req.method ?? 'GET',
        path: q < 0 ? url : url.slice(0, q),
        sourceIp: req.socket.remoteAddress ?? '',
        userAgent: headers['user-agent'] ?? '',
        protocol: `HTTP/${req.httpVersion}`,
      },
      requestId: randomUUID(),
      timeEpoch: Date.now(),
    },
  };
}

async function readCapped(req: IncomingMessage, cap: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    if (size >= cap) continue; // keep draining so the client sees our answer, but hold no more
    const room = cap - size;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    size += Math.min(chunk.length, room);
  }
  return Buffer.concat(chunks);
}

export interface ServerLogger {
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export function createApiServer(handler: ApiHandler, logger: ServerLogger): Server {
  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    try {
      const body = await readCapped(req, MAX_BODY_BYTES + 1);
      const result = await handler(toApiGatewayEvent(req, body));
      res.writeHead(result.statusCode, result.headers);
      res.end(result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body);
    } catch (error) {
      logger.error('request failed outside the API handler', { error: String(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/problem+json' });
      res.end(JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'The server could not answer.' }));
    }
  });
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  return server;
}
