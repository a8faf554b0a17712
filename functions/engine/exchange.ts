/**
 * Sends one HTTP request on an open connection and reads the response: status,
 * kept headers, time to first byte, and the body up to a cap (decoded when the
 * server compressed it).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { codeOf, describeError, ProbeFailure } from './failure.ts';
import type { HopState } from './hop-state.ts';
import type { HopRequest } from './redirects.ts';
import { selectHeaders } from './response-headers.ts';

export interface ExchangeOptions {
  readonly url: URL;
  readonly request: HopRequest;
  readonly socket: Socket;
  readonly bodyCapBytes: number;
  /** False when the response will be followed as a redirect: its body is not read. */
  readonly wantsBody: (status: number, location: string | null) => boolean;
  readonly signal: AbortSignal;
  readonly onAbort: () => ProbeFailure;
}

function decoderFor(contentEncoding: string | undefined): { name: string; stream: () => NodeJS.ReadWriteStream } | null {
  const name = (contentEncoding ?? '').trim().toLowerCase();
  if (name === 'gzip' || name === 'x-gzip') return { name, stream: createGunzip };
  if (name === 'deflate') return { name, stream: createInflate };
  if (name === 'br') return { name, stream: createBrotliDecompress };
  return null;
}

/** The body as text, in the charset the server named (UTF-8 when none or unknown). */
export function decodeText(bytes: Buffer, contentType: string | undefined): string {
  const charset = /charset\s*=\s*"?([^";\s]+)/i.exec(contentType ?? '')?.[1];
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(charset ?? 'utf-8');
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return decoder.decode(bytes);
}

export function exchange(options: ExchangeOptions, state: HopState): Promise<void> {
  const { url, request, socket, signal } = options;
  state.phase = 'request';
  const headers: Record<string, string> = { ...request.headers, host: url.host };
  if (request.body !== undefined) headers['content-length'] = String(Buffer.byteLength(request.body));

  return new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (failure: ProbeFailure | null): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', abort);
      socket.destroy();
      if (failure) reject(failure);
      else resolve();
    };
    const abort = (): void => settle(options.onAbort());
    const broken = (error: unknown): void => settle(new ProbeFailure('http', codeOf(error, 'broken_response'), describeError(error), { cause: error }));

    let req: ReturnType<typeof httpRequest>;
    try {
      req = httpRequest({
        createConnection: () => socket,
        method: request.method,
        path: `${url.pathname}${url.search}`,
        headers,
        setHost: false,
      });
    } catch (error) {
      // A header value the HTTP client refuses, for instance.
      settle(new ProbeFailure('http', codeOf(error, 'request_not_sent'), `could not send the request: ${describeError(error)}`, { cause: error }));
      return;
    }
    signal.addEventListener('abort', abort, { once: true });
    if (signal.aborted) abort();
    // The first bytes of the response; attached before the client writes the request.
    socket.once('data', () => {
      state.ttfbAt ??= performance.now();
    });
    req.on('error', broken);
    req.once('response', (res: IncomingMessage) => {
      state.ttfbAt ??= performance.now();
      state.phase = 'body';
      state.status = res.statusCode ?? 0;
      state.httpVersion = res.httpVersion;
      state.headers = selectHeaders(res.headers);
      const location = res.headers.location;
      state.location = typeof location === 'string' ? location : null;
      if (!options.wantsBody(state.status, state.location)) return settle(null);
      readBody(res, options.bodyCapBytes, state, settle);
    });
    req.end(request.body);
  });
}

function readBody(res: IncomingMessage, cap: number, state: HopState, settle: (failure: ProbeFailure | null) => void): void {
  const decoder = decoderFor(res.headers['content-encoding']);
  let stream: Readable = res;
  if (decoder) {
    const decoding = decoder.stream();
    decoding.on('error', (error: unknown) =>
      settle(new ProbeFailure('http', 'undecodable_body', `could not decode the ${decoder.name} body: ${describeError(error)}`, { cause: error })),
    );
    stream = res.pipe(decoding) as unknown as Readable;
  }
  const chunks: Buffer[] = [];
  let kept = 0;
  const keep = (): void => {
    state.body = decodeText(Buffer.concat(chunks), res.headers['content-type']);
  };
  stream.on('data', (chunk: Buffer) => {
    state.bodyBytes += chunk.length;
    const room = cap - kept;
    chunks.push(chunk.length > room ? chunk.subarray(0, room) : chunk);
    kept += Math.min(room, chunk.length);
    if (state.bodyBytes > cap) {
      keep();
      settle(new ProbeFailure('body', 'larger_than_cap', `the body is larger than the cap of ${cap} bytes`));
    }
  });
  stream.once('end', () => {
    keep();
    settle(null);
  });
  res.on('error', (error) =>
    settle(new ProbeFailure('http', codeOf(error, 'response_broke_off'), `the response broke off: ${describeError(error)}`, { cause: error })),
  );
  res.once('close', () => {
    if (!res.complete) settle(new ProbeFailure('http', 'incomplete_body', 'the connection closed before the body was complete'));
  });
}
