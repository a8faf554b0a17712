/**
 * Opens a new connection to an already vetted address, timing TCP and TLS from
 * socket events. With TLS the handshake completes before anything else is sent,
 * and when `verifyTls` is on and the peer did not verify, the socket is destroyed
 * right there: no request headers ever reach an unverified peer.
 */
import { connect as netConnect, type LookupFunction, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { addressRefusal, type AddressPolicy } from './address-policy.ts';
import { codeOf, describeError, ProbeFailure, systemCode } from './failure.ts';
import type { HopState } from './hop-state.ts';
import { ipFamily } from './ip-address.ts';
import type { ResolvedAddress } from './resolve.ts';
import { tlsFacts } from './tls-facts.ts';

export interface ConnectOptions {
  /** The host name (or IP literal, without brackets): used for SNI and the certificate host check. */
  readonly host: string;
  readonly port: number;
  /** The vetted address to connect to; never looked up again. */
  readonly address: ResolvedAddress;
  readonly secure: boolean;
  readonly verifyTls: boolean;
  readonly ca: string | undefined;
  readonly policy: AddressPolicy;
  readonly signal: AbortSignal;
  readonly onAbort: () => ProbeFailure;
}

/** A lookup that answers with the vetted address whatever it is asked: no second resolution. */
export function pinnedLookup(address: ResolvedAddress): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address: address.address, family: address.family }]);
    else callback(null, address.address, address.family);
  };
}

export function openConnection(options: ConnectOptions, state: HopState): Promise<Socket> {
  const { host, port, secure, signal } = options;
  const lookup = pinnedLookup(options.address);
  const socket: Socket = secure
    ? tlsConnect({
        host,
        port,
        lookup,
        // SNI must be a name; for an IP literal the certificate is checked against the IP.
        ...(ipFamily(host) ? {} : { servername: host }),
        // Verification is decided below from socket.authorized, after the facts are collected.
        rejectUnauthorized: false,
        ...(options.ca ? { ca: options.ca } : {}),
      })
    : netConnect({ host, port, lookup });
  state.phase = 'connect';

  return new Promise<Socket>((resolve, reject) => {
    let settled = false;
    const settle = (failure: ProbeFailure | null): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', abort);
      if (failure) {
        socket.destroy();
        reject(failure);
      } else {
        resolve(socket);
      }
    };
    const abort = (): void => settle(options.onAbort());
    signal.addEventListener('abort', abort, { once: true });
    if (signal.aborted) abort();

    // Stays attached: the HTTP client adds its own, and a late error must never go unhandled.
    socket.on('error', (error) => {
      const failure =
        state.phase === 'tls'
          ? new ProbeFailure('tls', codeOf(error, 'handshake_failed'), `TLS handshake failed: ${describeError(error)}`, { cause: error })
          : new ProbeFailure('connect', codeOf(error, 'connect_failed'), `could not connect: ${describeError(error)}`, { cause: error });
      settle(failure);
    });
    socket.once('connect', () => {
      state.connectAt = performance.now();
      state.connected = true;
      state.remoteIp = socket.remoteAddress ?? null;
      // Defence in depth: the address actually connected to is vetted too.
      const refused = addressRefusal(socket.remoteAddress ?? '', options.policy);
      if (refused) return settle(new ProbeFailure('blocked', refused.code, `refused to connect: ${refused.reason}`));
      if (secure) state.phase = 'tls';
      else settle(null);
    });
    if (secure) {
      socket.once('secureConnect', () => {
        const tlsSocket = socket as TLSSocket;
        state.tlsAt = performance.now();
        state.tls = tlsFacts(tlsSocket, Date.now());
        if (options.verifyTls && !tlsSocket.authorized) {
          const reason = state.tls.verificationError;
          return settle(
            new ProbeFailure('tls', systemCode(reason) ?? 'certificate_not_verified', `certificate did not verify: ${reason ?? 'unknown error'}`),
          );
        }
        settle(null);
      });
    }
  });
}
