/**
 * The TLS handshake on a connection that is already open (after STARTTLS): the same
 * facts and the same verification rule as a direct TLS connection (connect.ts).
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { codeOf, describeError, ProbeFailure, systemCode } from './failure.ts';
import type { HopState } from './hop-state.ts';
import { ipFamily } from './ip-address.ts';
import type { ReadContext } from './stream-io.ts';
import { tlsFacts } from './tls-facts.ts';

export interface UpgradeOptions extends ReadContext {
  readonly host: string;
  readonly verifyTls: boolean;
  readonly ca: string | undefined;
}

export function upgradeToTls(socket: Socket, options: UpgradeOptions, state: HopState): Promise<TLSSocket> {
  state.phase = 'tls';
  const tlsSocket = tlsConnect({
    socket,
    ...(ipFamily(options.host) ? {} : { servername: options.host }),
    rejectUnauthorized: false,
    ...(options.ca ? { ca: options.ca } : {}),
  });
  return new Promise<TLSSocket>((resolve, reject) => {
    let settled = false;
    const settle = (failure: ProbeFailure | null): void => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener('abort', abort);
      if (failure) {
        tlsSocket.destroy();
        reject(failure);
      } else {
        resolve(tlsSocket);
      }
    };
    const abort = (): void => settle(options.onAbort());
    options.signal.addEventListener('abort', abort, { once: true });
    if (options.signal.aborted) abort();
    tlsSocket.on('error', (error) =>
      settle(new ProbeFailure('tls', codeOf(error, 'handshake_failed'), `TLS handshake failed: ${describeError(error)}`, { cause: error })),
    );
    tlsSocket.once('secureConnect', () => {
      state.tlsAt = performance.now();
      state.tls = tlsFacts(tlsSocket, Date.now());
      if (options.verifyTls && !tlsSocket.authorized) {
        const reason = state.tls.verificationError;
        return settle(new ProbeFailure('tls', systemCode(reason) ?? 'certificate_not_verified', `certificate did not verify: ${reason ?? 'unknown error'}`));
      }
      settle(null);
    });
  });
}
