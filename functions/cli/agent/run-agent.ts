/**
 * `crosscheck agent`: a probe location on a machine of the operator's choosing. Outbound
 * connections only: it long-polls the hub for the jobs of its location, runs each with the
 * same engine and SSRF guard as the hub (private ranges by its own policy), signs each
 * result with its own P-256 key (a compact JWS, ES256) and posts it.
 *
 * - The hub unreachable (or answering 5xx/429): retried with exponential backoff and
 *   jitter (0.5 s doubling to 30 s); results wait in a bounded buffer meanwhile, the
 *   oldest dropped first and counted.
 * - A result the hub refuses for good (400/403/409: replayed, expired, not assigned) is
 *   given up with a log line; it would be refused again.
 * - The token refused (401: revoked or unknown): the agent stops with exit 1.
 * - SIGTERM/SIGINT (`signal`): no new polls, running checks finish (bounded), the buffer
 *   is flushed once (bounded), exit 0.
 */
import { CompactSign } from 'jose';
import { AGENT_RESULT_TYP } from '../../core/agents/agent-job.ts';
import type { CheckResult } from '../../core/check-result.ts';
import { runCheck, type AddressPolicy } from '../../engine/index.ts';
import { createHubClient, type AgentJobOnWire, type HubClient } from './hub-client.ts';
import type { AgentSigningKey } from './key-file.ts';
import { ResultBuffer } from './result-buffer.ts';

export interface AgentOptions {
  readonly hub: string;
  readonly token: string;
  readonly location: string;
  readonly key: AgentSigningKey;
  readonly policy: AddressPolicy;
  readonly version: string;
  /** Signed results kept while the hub is unreachable. @default 1000 */
  readonly bufferSize?: number;
  /** Checks run at once. @default 50 */
  readonly concurrency?: number;
  /** Long-poll wait, seconds. @default 20 */
  readonly pollSeconds?: number;
  /** Aborted on SIGTERM/SIGINT. */
  readonly signal: AbortSignal;
  readonly log: (event: string, fields?: Readonly<Record<string, unknown>>) => void;
  readonly fetch?: typeof fetch;
  /** For tests: how long to wait before a retry. @default exponential backoff with jitter */
  readonly backoffMs?: (attempt: number) => number;
  /** How long shutdown waits for running checks, then for the last flush. @default 10000 */
  readonly shutdownGraceMs?: number;
}

export interface AgentStats {
  checks: number;
  posted: number;
  refused: number;
  dropped: number;
}

export const EXIT_STOPPED = 0;
export const EXIT_TOKEN_REFUSED = 1;

export function backoff(attempt: number): number {
  const ceiling = Math.min(30_000, 500 * 2 ** Math.min(attempt, 16));
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

export async function runAgent(options: AgentOptions): Promise<{ exitCode: number; stats: AgentStats }> {
  const hub = createHubClient(options.hub, options.token, options.fetch);
  const wait = options.backoffMs ?? backoff;
  const buffer = new ResultBuffer<{ jws: string; jobId: string }>(options.bufferSize ?? 1000);
  const stats: AgentStats = { checks: 0, posted: 0, refused: 0, dropped: 0 };
  const stopping = options.signal;
  // Stops both loops when the token is refused, as well as on a signal.
  const halt = new AbortController();
  const halted = AbortSignal.any([stopping, halt.signal]);
  let tokenRefused: string | null = null;
  const refuseToken = (reason: string) => {
    tokenRefused ??= reason;
    halt.abort();
  };

  // 1. The key, registered once (the same key again is a no-op at the hub).
  for (let attempt = 0; !halted.aborted; attempt++) {
    const answer = await hub.registerKey(options.key.publicJwk, options.version);
    if (answer.kind === 'ok') {
      options.log('connected', { hub: options.hub, location: options.location, kid: options.key.publicJwk.kid });
      break;
    }
    if (answer.kind === 'unauthorized') refuseToken(answer.reason);
    else if (answer.kind === 'refused') {
      options.log('key refused', { reason: answer.reason });
      return { exitCode: EXIT_TOKEN_REFUSED, stats };
    } else {
      options.log('hub unreachable, retrying', { reason: answer.reason, attempt });
      await sleep(wait(attempt), halted);
    }
  }

  const running = new Set<Promise<void>>();
  const flusher = flush(hub, buffer, stats, halted, wait, options.log, refuseToken);
  await poll();
  // Shutdown: let the running checks end, then give the flusher one bounded last chance.
  await Promise.race([Promise.all(running), sleep(options.shutdownGraceMs ?? 10_000)]);
  await flusher;
  if (tokenRefused === null && buffer.size > 0) await lastFlush();
  stats.dropped = buffer.dropped;
  if (buffer.size > 0 || buffer.dropped > 0) options.log('results not delivered', { buffered: buffer.size, dropped: buffer.dropped });
  if (tokenRefused !== null) {
    options.log('token refused: stopping', { reason: tokenRefused });
    return { exitCode: EXIT_TOKEN_REFUSED, stats };
  }
  options.log('stopped', { ...stats });
  return { exitCode: EXIT_STOPPED, stats };

  async function poll(): Promise<void> {
    const limit = options.concurrency ?? 50;
    for (let attempt = 0; !halted.aborted; ) {
      const room = Math.max(1, limit - running.size);
      const answer = await hub.pullJobs(options.pollSeconds ?? 20, Math.min(100, room), options.version, halted);
      if (halted.aborted) return;
      if (answer.kind === 'ok') {
        attempt = 0;
        for (const job of answer.value) start(job);
        if (running.size >= limit) await Promise.race(running);
        continue;
      }
      if (answer.kind === 'unauthorized') return refuseToken(answer.reason);
      options.log(answer.kind === 'retry' ? 'hub unreachable, retrying' : 'jobs refused', { reason: answer.reason, attempt });
      await sleep(wait(attempt++), halted);
    }
  }

  function start(job: AgentJobOnWire): void {
    const task = (async () => {
      const result = await runCheck(job.monitor, { region: options.location, policy: options.policy });
      stats.checks++;
      buffer.push({ jobId: job.jobId, jws: await sign(options, job, result) });
    })().catch((error: unknown) => options.log('check failed to run', { jobId: job.jobId, error: String(error) }));
    const tracked = task.finally(() => running.delete(tracked));
    running.add(tracked);
  }

  async function lastFlush(): Promise<void> {
    const deadline = AbortSignal.timeout(options.shutdownGraceMs ?? 10_000);
    for (let item = buffer.peek(); item !== undefined && !deadline.aborted; item = buffer.peek()) {
      const answer = await hub.postResult(item.jws);
      if (answer.kind === 'retry' || answer.kind === 'unauthorized') return;
      buffer.remove(item);
      if (answer.kind === 'ok') stats.posted++;
      else stats.refused++;
    }
  }
}

/** Posts buffered results in order until `halted`; a refused one is dropped, an unreachable hub retried with backoff. */
async function flush(
  hub: HubClient,
  buffer: ResultBuffer<{ jws: string; jobId: string }>,
  stats: AgentStats,
  halted: AbortSignal,
  wait: (attempt: number) => number,
  log: AgentOptions['log'],
  refuseToken: (reason: string) => void,
): Promise<void> {
  let attempt = 0;
  let reported = 0;
  while (!halted.aborted) {
    await buffer.waitForItem(halted);
    const item = buffer.peek();
    if (item === undefined || halted.aborted) continue;
    const answer = await hub.postResult(item.jws);
    switch (answer.kind) {
      case 'ok':
        buffer.remove(item);
        stats.posted++;
        if (attempt > 0) log('hub reachable again', { buffered: buffer.size, dropped: buffer.dropped - reported });
        reported = buffer.dropped;
        attempt = 0;
        break;
      case 'refused':
        buffer.remove(item);
        stats.refused++;
        log('result refused', { jobId: item.jobId, status: answer.status, reason: answer.reason });
        break;
      case 'unauthorized':
        refuseToken(answer.reason);
        return;
      case 'retry':
        log('hub unreachable, results buffered', { reason: answer.reason, buffered: buffer.size, dropped: buffer.dropped, attempt });
        await sleep(wait(attempt++), halted);
        break;
    }
  }
}

/** The compact JWS (ES256, typ crosscheck-agent-result+jws, kid = the key's thumbprint) of one result. */
export async function sign(options: Pick<AgentOptions, 'key' | 'location'>, job: AgentJobOnWire, result: CheckResult): Promise<string> {
  const payload = { jobId: job.jobId, monitorId: job.monitor.id, location: options.location, kind: job.kind, iat: Math.floor(Date.now() / 1000), result };
  return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
    .setProtectedHeader({ alg: 'ES256', kid: options.key.publicJwk.kid, typ: AGENT_RESULT_TYP })
    .sign(options.key.privateKey);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
