/**
 * `tcp` and `tls` checks: resolve and vet the address (the SSRF guard, as for HTTP),
 * connect, then for tcp optionally send a payload and read the first answer, for tls
 * complete the handshake (directly or after STARTTLS) and collect the certificate.
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Observation } from '../core/check-result.ts';
import { endpointOf } from '../core/monitor-types/endpoint.ts';
import type { StarttlsProtocol } from '../core/monitor-types/tls.ts';
import type { AddressPolicy } from './address-policy.ts';
import { inFrame, type FrameContext } from './check-frame.ts';
import { openConnection } from './connect.ts';
import { untilAborted } from './hop-state.ts';
import { pickAddress, resolveHost, type Lookup } from './resolve.ts';
import { negotiateStarttls } from './starttls.ts';
import { readFirstAnswer, send } from './stream-io.ts';
import { upgradeToTls } from './tls-upgrade.ts';

export interface StreamCheck {
  readonly type: 'tcp' | 'tls';
  /** `tcp://host:port` or `tls://host:port`. */
  readonly url: string;
  /** What the result names as checked (the monitor's target). */
  readonly target: string;
  readonly timeoutMs: number;
  readonly region: string;
  /** tcp: sent once connected. */
  readonly body?: string | undefined;
  /** tcp: read the first answer (a payload was sent, or a condition reads [BODY]). */
  readonly readAnswer?: boolean;
  readonly readBytes?: number;
  /** tls: the plain-text protocol to upgrade from. */
  readonly starttls?: StarttlsProtocol | undefined;
  /** tls. @default true */
  readonly verifyTls?: boolean;
  /** PEM certificates to trust instead of the system roots (private CAs, tests). */
  readonly ca?: string | undefined;
}

async function connectAndExchange(check: StreamCheck, policy: AddressPolicy, lookup: Lookup, context: FrameContext): Promise<void> {
  const { state, signal, onAbort } = context;
  const { host, port } = endpointOf(check.url, [check.type]);
  const { addresses, resolved } = await untilAborted(resolveHost(host, lookup), signal, onAbort);
  if (resolved) state.dnsAt = performance.now();
  const address = pickAddress(host, addresses, resolved, policy);
  const direct = check.type === 'tls' && !check.starttls;
  const verifyTls = check.verifyTls ?? true;
  let socket: Socket = await openConnection({ host, port, address, secure: direct, verifyTls, ca: check.ca, policy, signal, onAbort }, state);
  try {
    if (check.type === 'tls' && check.starttls) {
      state.phase = 'request';
      await negotiateStarttls(socket, check.starttls, { signal, onAbort });
      socket = await upgradeToTls(socket, { host, verifyTls, ca: check.ca, signal, onAbort }, state);
    }
    if (check.type === 'tcp' && (check.body !== undefined || check.readAnswer)) {
      state.phase = 'request';
      if (check.body !== undefined) await send(socket, check.body);
      const answer = await readFirstAnswer(socket, check.readBytes ?? 1024, { signal, onAbort });
      state.ttfbAt = performance.now();
      state.body = answer.toString('utf8');
      state.bodyBytes = answer.length;
    }
  } finally {
    socket.destroy();
  }
}

/**
 * One tcp or tls check. Never rejects: a failure is data with a cause. For tls,
 * `[CONNECTED]` means what it means in Gatus: the TLS session was established (the
 * certificate verified, unless verifyTls is off); a TCP connection whose handshake or
 * STARTTLS failed is not connected, so the default `[CONNECTED] == true` fails on it.
 */
export function probeStream(check: StreamCheck, policy: AddressPolicy, lookup: Lookup): Promise<Observation> {
  return inFrame(
    { url: check.target, method: check.type.toUpperCase(), region: check.region, timeoutMs: check.timeoutMs },
    async (context) => {
      try {
        await connectAndExchange(check, policy, lookup, context);
      } catch (failure) {
        if (check.type === 'tls') context.state.connected = false;
        throw failure;
      }
    },
  );
}
