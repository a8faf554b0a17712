/** The Observation of a check that is not HTTP (tcp, tls, dns): what the hop state saw, and its failure. */
import type { DnsFacts, Observation, Timings } from '../core/check-result.ts';
import type { ProbeFailure } from './failure.ts';
import type { HopState } from './hop-state.ts';

export interface NonHttpOutcome {
  /** The monitor's target text: `tcp://host:port`, a DNS URI. */
  readonly url: string;
  /** `TCP`, `TLS`, `DNS`: what the results list shows where an HTTP check shows its method. */
  readonly method: string;
  readonly region: string;
  readonly startedAt: string;
  readonly checkStart: number;
  readonly end: number;
  readonly state: HopState;
  readonly failure: ProbeFailure | null;
  readonly dns?: DnsFacts | null;
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

function timings(state: HopState, checkStart: number, end: number): Timings {
  const since = (at: number | null): number | null => (at === null ? null : round(at - state.startedAt));
  return { dns: since(state.dnsAt), connect: since(state.connectAt), tls: since(state.tlsAt), ttfb: since(state.ttfbAt), total: round(end - checkStart) };
}

export function nonHttpObservation(outcome: NonHttpOutcome): Observation {
  const { state, failure } = outcome;
  return {
    url: outcome.url,
    method: outcome.method,
    region: outcome.region,
    startedAt: outcome.startedAt,
    connected: state.connected,
    status: 0,
    httpVersion: null,
    remoteIp: state.remoteIp,
    timings: timings(state, outcome.checkStart, outcome.end),
    headers: {},
    body: state.body,
    bodyBytes: state.bodyBytes,
    tls: state.tls,
    redirects: [],
    cause: failure?.probeCause ?? null,
    error: failure?.message ?? null,
    errorCode: failure?.code ?? null,
    errorUrl: null,
    ...(outcome.dns === undefined ? {} : { dns: outcome.dns }),
  };
}
