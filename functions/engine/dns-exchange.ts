/**
 * One DNS message exchange with a resolver, with dns-packet for the wire format:
 * over UDP (a connected socket, so an ICMP "port unreachable" shows as ECONNREFUSED,
 * and only the resolver's datagrams are read), or over TCP with the two-byte length
 * prefix (RFC 1035 section 4.2.2). A reply must carry the query's id and be a response.
 */
import { createSocket } from 'node:dgram';
import { connect as netConnect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { randomInt } from 'node:crypto';
import * as dnsPacket from 'dns-packet';
import { codeOf, describeError, ProbeFailure } from './failure.ts';
import type { HopState } from './hop-state.ts';
import type { ResolvedAddress } from './resolve.ts';

export interface DnsQuery {
  readonly name: string;
  readonly type: dnsPacket.RecordType;
}

export interface ExchangeOptions {
  readonly resolver: ResolvedAddress;
  readonly port: number;
  readonly signal: AbortSignal;
  readonly onAbort: () => ProbeFailure;
}

export type DnsResponse = dnsPacket.DecodedPacket & { readonly rcode?: string };

function queryPacket(query: DnsQuery, id: number): dnsPacket.Packet {
  return { type: 'query', id, flags: dnsPacket.RECURSION_DESIRED, questions: [{ type: query.type, name: query.name, class: 'IN' }] };
}

function decodeReply(buffer: Buffer, id: number): DnsResponse | null {
  let decoded: DnsResponse;
  try {
    decoded = dnsPacket.decode(buffer) as DnsResponse;
  } catch (error) {
    throw new ProbeFailure('protocol', 'malformed_dns_message', `the resolver's answer is not a DNS message: ${describeError(error)}`, { cause: error });
  }
  // Not an answer to this query (a stray or spoofed datagram): wait on.
  if (decoded.id !== id || decoded.type !== 'response') return null;
  return decoded;
}

function connectFailure(error: unknown): ProbeFailure {
  return new ProbeFailure('connect', codeOf(error, 'connect_failed'), `could not reach the resolver: ${describeError(error)}`, { cause: error });
}

/** A settle-once promise that also rejects when the check's time runs out; `close` runs once, whatever happens. */
function exchangePromise<T>(options: ExchangeOptions, close: () => void, run: (resolve: (value: T) => void, reject: (error: unknown) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const finish = (action: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', abort);
      close();
      action();
    };
    const abort = (): void => finish(() => reject(options.onAbort()));
    if (options.signal.aborted) return abort();
    options.signal.addEventListener('abort', abort, { once: true });
    run(
      (value) => finish(() => resolve(value)),
      (error) => finish(() => reject(error)),
    );
  });
}

export function exchangeUdp(query: DnsQuery, options: ExchangeOptions, state: HopState): Promise<DnsResponse> {
  const id = randomInt(0, 65_536);
  const socket = createSocket(options.resolver.family === 6 ? 'udp6' : 'udp4');
  return exchangePromise<DnsResponse>(options, () => socket.close(), (resolve, reject) => {
    socket.on('error', (error) => reject(connectFailure(error)));
    socket.on('message', (message) => {
      try {
        const reply = decodeReply(message, id);
        if (reply) resolve(reply);
      } catch (error) {
        reject(error);
      }
    });
    state.phase = 'connect';
    socket.connect(options.port, options.resolver.address, () => {
      state.connectAt = performance.now();
      state.remoteIp = options.resolver.address;
      state.phase = 'request';
      socket.send(dnsPacket.encode(queryPacket(query, id)), (error) => {
        if (error) reject(connectFailure(error));
      });
    });
  });
}

export function exchangeTcp(query: DnsQuery, options: ExchangeOptions, state: HopState): Promise<DnsResponse> {
  const id = randomInt(0, 65_536);
  state.phase = 'connect';
  const socket = netConnect({ host: options.resolver.address, port: options.port, family: options.resolver.family });
  return exchangePromise<DnsResponse>(options, () => socket.destroy(), (resolve, reject) => {
    let received = Buffer.alloc(0);
    socket.on('error', (error) => reject(state.phase === 'connect' ? connectFailure(error) : new ProbeFailure('connect', codeOf(error, 'connect_failed'), `the connection to the resolver broke: ${describeError(error)}`, { cause: error })));
    socket.once('connect', () => {
      state.connectAt = performance.now();
      state.connected = true;
      state.remoteIp = socket.remoteAddress ?? options.resolver.address;
      state.phase = 'request';
      socket.write(dnsPacket.streamEncode(queryPacket(query, id)));
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < 2) return;
      const length = received.readUInt16BE(0);
      if (received.length < 2 + length) return;
      try {
        const reply = decodeReply(received.subarray(2, 2 + length), id);
        if (reply) resolve(reply);
        else reject(new ProbeFailure('protocol', 'malformed_dns_message', "the resolver's answer does not answer the query (another id)"));
      } catch (error) {
        reject(error);
      }
    });
    socket.once('end', () => reject(new ProbeFailure('protocol', 'closed_early', 'the resolver closed the connection without an answer')));
  });
}
