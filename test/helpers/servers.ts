/**
 * Loopback targets for tests: HTTP and HTTPS servers on 127.0.0.1 (port 0) that
 * record every request they receive, and a TCP server that accepts connections
 * and never answers. Each is stopped with close(), which also drops open sockets.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import type { TestCertificate } from './certs.ts';

export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  /** Lower-case names. */
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Answers a request; `request.body` is already read. The default answers 200 `ok`. */
export type Handler = (request: RecordedRequest, res: ServerResponse, server: TestServer) => void;

export interface TestServer {
  readonly port: number;
  /** `http://127.0.0.1:<port>` or `https://...`, no trailing slash. */
  readonly origin: string;
  /** Every request received, in order. */
  readonly requests: RecordedRequest[];
  /** TCP connections accepted (TLS: before the handshake). */
  connections: number;
  close(): Promise<void>;
}

const ok: Handler = (_request, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
};

async function listen(server: Server | TcpServer, scheme: string, sockets: Set<Socket>): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const target: TestServer = {
    port,
    origin: `${scheme}://127.0.0.1:${port}`,
    requests: [],
    connections: 0,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket: Socket) => {
    target.connections += 1;
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  return target;
}

function serve(server: Server, target: TestServer, handler: Handler): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      target.requests.push(recorded);
      handler(recorded, res, target);
    });
  });
}

export async function startHttpServer(handler: Handler = ok): Promise<TestServer> {
  const server = createHttpServer();
  const target = await listen(server, 'http', new Set());
  serve(server, target, handler);
  return target;
}

export async function startHttpsServer(certificate: TestCertificate, handler: Handler = ok): Promise<TestServer> {
  const server = createHttpsServer({ key: certificate.key, cert: certificate.cert });
  const target = await listen(server, 'https', new Set());
  serve(server, target, handler);
  return target;
}

/** Accepts TCP connections and never sends a byte. */
export async function startSilentServer(): Promise<TestServer> {
  return listen(createTcpServer(), 'http', new Set());
}

export interface TlsSession {
  /** Application bytes received after the handshake. */
  bytes: number;
  /** Settles when the connection has closed, so that `bytes` is final. */
  readonly closed: Promise<void>;
}

export interface TlsRecorder extends TestServer {
  /** One per accepted TCP connection, in order. */
  readonly sessions: TlsSession[];
}

/**
 * A TLS server that completes handshakes, counts every application byte the client
 * sends afterwards, and never answers: proves whether a client sent anything.
 */
export async function startTlsRecorder(certificate: TestCertificate): Promise<TlsRecorder> {
  const server = createTcpServer();
  const sessions: TlsSession[] = [];
  server.on('connection', (raw: Socket) => {
    let closed!: () => void;
    const session: TlsSession = { bytes: 0, closed: new Promise<void>((resolve) => (closed = resolve)) };
    sessions.push(session);
    const secure = new TLSSocket(raw, { isServer: true, secureContext: createSecureContext({ key: certificate.key, cert: certificate.cert }) });
    secure.on('data', (chunk: Buffer) => {
      session.bytes += chunk.length;
    });
    secure.on('error', () => {});
    raw.on('error', () => {});
    raw.once('close', () => closed());
  });
  const target = await listen(server, 'https', new Set());
  return Object.assign(target, { sessions });
}
