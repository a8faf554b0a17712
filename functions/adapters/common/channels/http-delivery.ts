/**
 * Sending a channel's request with retries. Through the check engine, so a channel URL
 * gets the same SSRF guard as a monitor (metadata and link-local addresses always
 * refused, private ranges per policy, the vetted address the one connected to).
 * Retried: no answer, 408, 425, 429 and 5xx, with exponential backoff; a `Retry-After`
 * (seconds or an HTTP date) is honoured when it asks for longer, up to `maxDelayMs`
 * (a receiver asking for more is a failure that says so). Other answers are final.
 * Errors name the cause and code, never the URL (chat webhook URLs are secrets).
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { DeliveryOutcome } from '../../../ports/channel-sender.ts';
import { type AddressPolicy, LOCAL_POLICY, probe } from '../../../engine/index.ts';
import type { ChannelRequest } from './request.ts';

export interface RetryOptions {
  /** Per attempt. @default 10000 */
  readonly timeoutMs?: number;
  /** Attempts after the first. @default 4 */
  readonly retries?: number;
  /** Wait before the first retry; doubles each time. @default 1000 */
  readonly backoffMs?: number;
  /** The longest wait between attempts, Retry-After included. @default 120000 */
  readonly maxDelayMs?: number;
  /** @default LOCAL_POLICY */
  readonly policy?: AddressPolicy;
  /** @default node:timers/promises setTimeout */
  readonly sleep?: (ms: number) => Promise<unknown>;
  /** @default Date.now */
  readonly now?: () => number;
  /** PEM certificates to trust (a private CA; tests). */
  readonly ca?: string;
}

type Attempt =
  | { readonly ok: true; readonly status: number }
  | { readonly ok: false; readonly status: number | null; readonly error: string; readonly retryable: boolean; readonly retryAfterMs: number | null };

const RETRYABLE_STATUS = new Set([408, 425, 429]);

/** `Retry-After` as milliseconds from `now`: delta-seconds or an HTTP date (RFC 9110 section 10.2.3); null when absent or unreadable. */
export function retryAfterMs(value: string | readonly string[] | undefined, now: number): number | null {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.trim() === '') return null;
  if (/^\s*\d+\s*$/.test(text)) return Number(text.trim()) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

export async function sendWithRetries(request: ChannelRequest, options: RetryOptions = {}): Promise<DeliveryOutcome> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const retries = options.retries ?? 4;
  const backoffMs = options.backoffMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 120_000;
  const sleep = options.sleep ?? sleepFor;
  const now = options.now ?? Date.now;

  async function attempt(): Promise<Attempt> {
    const sent = await probe(
      {
        url: request.url,
        method: request.method,
        headers: request.headers,
        body: request.body,
        timeoutMs,
        followRedirects: false,
        verifyTls: true,
        region: 'alert',
        bodyCapBytes: 64 * 1024,
        ...(options.ca === undefined ? {} : { ca: options.ca }),
      },
      options.policy ?? LOCAL_POLICY,
    );
    if (sent.status >= 200 && sent.status < 300) return { ok: true, status: sent.status };
    if (sent.cause === 'blocked') return { ok: false, status: null, error: `blocked: ${sent.errorCode ?? 'address refused by policy'}`, retryable: false, retryAfterMs: null };
    if (sent.status === 0) {
      const error = sent.cause === 'timeout' ? `timeout: no answer within ${timeoutMs} ms` : `${sent.cause ?? 'http'}: ${sent.errorCode ?? 'no response'}`;
      return { ok: false, status: null, error, retryable: true, retryAfterMs: null };
    }
    return {
      ok: false,
      status: sent.status,
      error: `HTTP ${sent.status}`,
      retryable: RETRYABLE_STATUS.has(sent.status) || sent.status >= 500,
      retryAfterMs: retryAfterMs(sent.headers['retry-after'], now()),
    };
  }

  for (let n = 0; ; n += 1) {
    const outcome = await attempt();
    if (outcome.ok) return { ok: true, attempts: n + 1, lastStatus: outcome.status, error: null };
    const final = { ok: false, attempts: n + 1, lastStatus: outcome.status };
    if (!outcome.retryable) return { ...final, error: outcome.error };
    if (n >= retries) return { ...final, error: `${outcome.error} after ${n + 1} attempts` };
    if (outcome.retryAfterMs !== null && outcome.retryAfterMs > maxDelayMs) {
      return { ...final, error: `${outcome.error}; the receiver asked to retry after ${Math.ceil(outcome.retryAfterMs / 1000)} s, beyond the ${Math.round(maxDelayMs / 1000)} s limit` };
    }
    await sleep(Math.min(maxDelayMs, Math.max(backoffMs * 2 ** n, outcome.retryAfterMs ?? 0)));
  }
}
