/**
 * What one request of a check (one hop of a redirect chain) has seen so far. The
 * steps fill it in as they go, so a failure at any point still reports everything
 * that was observed before it.
 */
import type { TlsFacts } from '../core/check-result.ts';
import { ProbeFailure, type EngineCode } from './failure.ts';

export type HopPhase = 'resolve' | 'connect' | 'tls' | 'request' | 'body';

export interface HopState {
  phase: HopPhase;
  /** performance.now() when the hop started and when each milestone happened. */
  readonly startedAt: number;
  dnsAt: number | null;
  connectAt: number | null;
  tlsAt: number | null;
  ttfbAt: number | null;
  connected: boolean;
  remoteIp: string | null;
  tls: TlsFacts | null;
  status: number;
  httpVersion: string | null;
  headers: Record<string, string>;
  location: string | null;
  body: string;
  bodyBytes: number;
}

export function newHopState(now: number): HopState {
  return {
    phase: 'resolve',
    startedAt: now,
    dnsAt: null,
    connectAt: null,
    tlsAt: null,
    ttfbAt: null,
    connected: false,
    remoteIp: null,
    tls: null,
    status: 0,
    httpVersion: null,
    headers: {},
    location: null,
    body: '',
    bodyBytes: 0,
  };
}

/** The failure code of a timeout: what the check was doing when its time ran out. */
const TIMEOUT_CODES: Record<HopPhase, EngineCode> = {
  resolve: 'resolving',
  connect: 'connecting',
  tls: 'tls_handshake',
  request: 'waiting_for_response',
  body: 'reading_body',
};

const DOING: Record<HopPhase, string> = {
  resolve: 'resolving the host name',
  connect: 'connecting',
  tls: 'in the TLS handshake',
  request: 'waiting for the response',
  body: 'reading the body',
};

export function timeoutFailure(state: HopState, timeoutMs: number): ProbeFailure {
  return new ProbeFailure('timeout', TIMEOUT_CODES[state.phase], `timed out after ${timeoutMs} ms ${DOING[state.phase]}`);
}

/** Settles with `promise`, or rejects with `onAbort()` as soon as `signal` aborts. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal, onAbort: () => Error): Promise<T> {
  if (signal.aborted) return Promise.reject(onAbort());
  return new Promise<T>((resolve, reject) => {
    const abort = (): void => reject(onAbort());
    signal.addEventListener('abort', abort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}
