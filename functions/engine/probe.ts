/**
 * The check engine: one HTTP(S) check, from name resolution to the last byte,
 * following redirects, within one timeout. It returns what it observed; a target's
 * failure is data with a cause, never an exception.
 */
import { performance } from 'node:perf_hooks';
import type { FailureUrl, Observation, RedirectHop, Timings } from '../core/check-result.ts';
import { assertValidAddressPolicy, LOCAL_POLICY, type AddressPolicy } from './address-policy.ts';
import { openConnection } from './connect.ts';
import { exchange } from './exchange.ts';
import { codeOf, describeError, ProbeFailure, type ProbeCause } from './failure.ts';
import { newHopState, timeoutFailure, untilAborted, type HopState } from './hop-state.ts';
import { stripBrackets } from './ip-address.ts';
import { isRedirect, redirectedRequest, resolveLocation, type HopRequest } from './redirects.ts';
import { outgoingHeaders, withDefaults, type ProbeRequest, type ResolvedProbeRequest } from './request.ts';
import { pickAddress, resolveHost, systemLookup, type Lookup } from './resolve.ts';

/** What the engine needs from its surroundings; the defaults are the real ones. */
export interface ProbeEnvironment {
  /** Name resolution. @default the system resolver (dns.promises.lookup, all addresses) */
  readonly lookup?: Lookup;
}

interface CheckContext {
  readonly request: ResolvedProbeRequest;
  readonly policy: AddressPolicy;
  readonly lookup: Lookup;
  readonly signal: AbortSignal;
}

function parseTargetUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ProbeFailure('http', 'invalid_url', `${JSON.stringify(text)} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ProbeFailure('http', 'unsupported_scheme', `scheme ${url.protocol} is not supported; use http or https`);
  }
  url.hash = '';
  return url;
}

/** Whether this response is a redirect the check goes on to follow (so its body is not read). */
function followsRedirect(request: ResolvedProbeRequest, status: number, location: string | null): location is string {
  return request.followRedirects && isRedirect(status) && location !== null;
}

async function runHop(url: URL, hop: HopRequest, state: HopState, context: CheckContext): Promise<void> {
  const { request, policy, signal } = context;
  const onAbort = (): ProbeFailure => timeoutFailure(state, request.timeoutMs);
  const host = stripBrackets(url.hostname);
  const secure = url.protocol === 'https:';

  const { addresses, resolved } = await untilAborted(resolveHost(host, context.lookup), signal, onAbort);
  if (resolved) state.dnsAt = performance.now();
  const address = pickAddress(host, addresses, resolved, policy);

  const socket = await openConnection(
    {
      host,
      port: url.port ? Number(url.port) : secure ? 443 : 80,
      address,
      secure,
      verifyTls: request.verifyTls,
      ca: request.ca,
      policy,
      signal,
      onAbort,
    },
    state,
  );
  await exchange(
    {
      url,
      request: hop,
      socket,
      bodyCapBytes: request.bodyCapBytes,
      wantsBody: (status, location) => !followsRedirect(request, status, location),
      signal,
      onAbort,
    },
    state,
  );
}

/**
 * Requests `request.url` and follows its redirects, appending each to `redirects`
 * and announcing each hop's state through `onHop` (the last one is the result).
 * Throws ProbeFailure.
 */
async function follow(context: CheckContext, redirects: RedirectHop[], onHop: (state: HopState) => void): Promise<void> {
  const { request } = context;
  let url = parseTargetUrl(request.url);
  let hop: HopRequest = { method: request.method, headers: outgoingHeaders(request.headers, request.region), body: request.body };
  const visited = new Set([url.href]);
  for (;;) {
    const state = newHopState(performance.now());
    onHop(state);
    await runHop(url, hop, state, context);
    if (!followsRedirect(request, state.status, state.location)) return;

    const next = resolveLocation(state.location, url);
    if (!next) throw new ProbeFailure('http', 'redirect_not_http', `redirect to ${JSON.stringify(state.location)}, which is not an http(s) URL`);
    redirects.push({ url: url.href, status: state.status, location: next.href });
    if (visited.has(next.href)) throw new ProbeFailure('http', 'redirect_loop', `redirect loop: ${next.href} was already visited`, { url: next });
    if (redirects.length > request.maxRedirects) {
      throw new ProbeFailure('http', 'too_many_redirects', `too many redirects: more than ${request.maxRedirects}`, { url: next });
    }
    visited.add(next.href);
    hop = redirectedRequest(hop, state.status, url, next);
    url = next;
  }
}

const round = (ms: number): number => Math.round(ms * 100) / 100;

/**
 * Milestones in ms since the start of the last request (the only one without
 * redirects): name resolved, TCP connected, TLS handshake done, first response
 * byte. `total` is the whole check, redirects included.
 */
function timings(state: HopState, checkStart: number, end: number): Timings {
  const since = (at: number | null): number | null => (at === null ? null : round(at - state.startedAt));
  return {
    dns: since(state.dnsAt),
    connect: since(state.connectAt),
    tls: since(state.tlsAt),
    ttfb: since(state.ttfbAt),
    total: round(end - checkStart),
  };
}

/**
 * Runs one check. Never rejects for anything the target does (cause and error in
 * the result instead); throws ConfigError only for a malformed `policy`.
 */
export async function probe(
  request: ProbeRequest,
  policy: AddressPolicy = LOCAL_POLICY,
  environment: ProbeEnvironment = {},
): Promise<Observation> {
  assertValidAddressPolicy(policy);
  const resolved = withDefaults(request);
  const checkStart = performance.now();
  const startedAt = new Date().toISOString();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), resolved.timeoutMs);
  const context: CheckContext = { request: resolved, policy, lookup: environment.lookup ?? systemLookup, signal: controller.signal };

  const redirects: RedirectHop[] = [];
  let state = newHopState(checkStart);
  let cause: ProbeCause | null = null;
  let error: string | null = null;
  let errorCode: string | null = null;
  let errorUrl: FailureUrl | null = null;
  try {
    await follow(context, redirects, (next) => {
      state = next;
    });
  } catch (thrown) {
    const failure =
      thrown instanceof ProbeFailure
        ? thrown
        : controller.signal.aborted
          ? timeoutFailure(state, resolved.timeoutMs)
          : new ProbeFailure('http', codeOf(thrown, 'unexpected_error'), describeError(thrown), { cause: thrown });
    cause = failure.probeCause;
    error = failure.message;
    errorCode = failure.code;
    errorUrl = failure.url;
  } finally {
    clearTimeout(timer);
  }

  return {
    url: resolved.url,
    method: resolved.method,
    region: resolved.region,
    startedAt,
    connected: state.connected,
    status: state.status,
    httpVersion: state.httpVersion,
    remoteIp: state.remoteIp,
    timings: timings(state, checkStart, performance.now()),
    headers: state.headers,
    body: state.body,
    bodyBytes: state.bodyBytes,
    tls: state.tls,
    redirects,
    cause,
    error,
    errorCode,
    errorUrl,
  };
}
