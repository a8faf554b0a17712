/**
 * The webhook notifier: POSTs `{"alert": ...}` to each of the alert's webhooks, signed
 * with `X-CrossCheck-Signature: sha256=<hex HMAC-SHA256 of the exact body>` when the
 * webhook has a secret. `send` only starts the deliveries: they go on in the background
 * (a slow or failing receiver never holds up a check), with a timeout per attempt and
 * exponential backoff on network errors, 429 and 5xx. Failures are logged, never thrown.
 * `flush` waits for every delivery in progress (tests, graceful shutdown).
 *
 * Deliveries go through the check engine, so a webhook URL gets the same SSRF guard as
 * a monitor: metadata and link-local addresses are always refused, private ranges per
 * policy, and the vetted address is the one connected to (no DNS rebinding).
 */
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { deliveredAlert, type Alert } from '../../../core/alert.ts';
import type { Webhook } from '../../../core/monitor.ts';
import type { Clock } from '../../../ports/clock.ts';
import type { Notifier } from '../../../ports/notifier.ts';
import { type AddressPolicy, LOCAL_POLICY, probe, USER_AGENT } from '../../../engine/index.ts';

export interface NotifierLogger {
  warn(message: string, fields?: Readonly<Record<string, unknown>>): void;
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

/** A notifier whose deliveries continue after `send`; `flush` waits for them. */
export interface FlushableNotifier extends Notifier {
  flush(): Promise<void>;
}

export interface WebhookNotifierOptions {
  /** Per attempt. @default 5000 */
  readonly timeoutMs?: number;
  /** Attempts after the first one. @default 3 */
  readonly retries?: number;
  /** Wait before the first retry; doubles each time. @default 500 */
  readonly backoffMs?: number;
  /** Which receiver addresses may be reached (the cloud passes its probe policy). @default LOCAL_POLICY */
  readonly policy?: AddressPolicy;
  /** @default console */
  readonly logger?: NotifierLogger;
  /** For X-CrossCheck-Timestamp. @default Date.now */
  readonly clock?: Clock;
}

export const SIGNATURE_HEADER = 'X-CrossCheck-Signature';
export const TIMESTAMP_HEADER = 'X-CrossCheck-Timestamp';
/** The engine sends it on every request, webhooks included. */
export const WEBHOOK_USER_AGENT = USER_AGENT;

/** `sha256=<hex>`: what a receiver recomputes over the raw body with the shared secret. */
export function webhookSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

const consoleLogger: NotifierLogger = {
  warn: (message, fields) => console.warn(message, fields ?? {}),
  error: (message, fields) => console.error(message, fields ?? {}),
};

/** Only the origin goes to logs: webhook paths and queries often hold tokens. */
function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid url)';
  }
}

type Attempt = { ok: true } | { ok: false; retryable: boolean; reason: string };

export function createWebhookNotifier(options: WebhookNotifierOptions = {}): FlushableNotifier {
  const timeoutMs = options.timeoutMs ?? 5000;
  const retries = options.retries ?? 3;
  const backoffMs = options.backoffMs ?? 500;
  const policy = options.policy ?? LOCAL_POLICY;
  const logger = options.logger ?? consoleLogger;
  const now = () => options.clock?.now() ?? Date.now();
  const inFlight = new Set<Promise<void>>();

  async function attempt(webhook: Webhook, alert: Alert, body: string): Promise<Attempt> {
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      [TIMESTAMP_HEADER]: String(Math.floor(now() / 1000)),
      'X-CrossCheck-Alert-Id': alert.id,
    };
    if (webhook.secret) headers[SIGNATURE_HEADER] = webhookSignature(webhook.secret, body);
    const sent = await probe(
      { url: webhook.url, method: 'POST', headers, body, timeoutMs, followRedirects: false, verifyTls: true, region: 'webhook', bodyCapBytes: 64 * 1024 },
      policy,
    );
    if (sent.cause === 'blocked') return { ok: false, retryable: false, reason: sent.error ?? 'address refused' };
    if (sent.cause === 'timeout') return { ok: false, retryable: true, reason: `no answer within ${timeoutMs} ms` };
    if (sent.status >= 200 && sent.status < 300) return { ok: true };
    if (sent.status === 0) return { ok: false, retryable: true, reason: sent.error ?? sent.cause ?? 'no response' };
    return { ok: false, retryable: sent.status === 429 || sent.status >= 500, reason: `HTTP ${sent.status}` };
  }

  async function deliver(webhook: Webhook, alert: Alert, body: string): Promise<void> {
    const fields = { alertId: alert.id, webhook: originOf(webhook.url) };
    for (let n = 0; ; n += 1) {
      const outcome = await attempt(webhook, alert, body);
      if (outcome.ok) return;
      if (!outcome.retryable || n >= retries) {
        logger.error('webhook delivery failed', { ...fields, attempts: n + 1, reason: outcome.reason });
        return;
      }
      logger.warn('webhook delivery will be retried', { ...fields, attempt: n + 1, reason: outcome.reason });
      await sleep(backoffMs * 2 ** n);
    }
  }

  return {
    send(alert) {
      const body = JSON.stringify({ alert: deliveredAlert(alert) });
      for (const webhook of alert.recipients.webhooks) {
        const delivery = deliver(webhook, alert, body)
          .catch((error: unknown) => logger.error('webhook delivery failed', { alertId: alert.id, webhook: originOf(webhook.url), reason: String(error) }))
          .finally(() => inFlight.delete(delivery));
        inFlight.add(delivery);
      }
      return Promise.resolve();
    },
    async flush() {
      while (inFlight.size > 0) await Promise.all(inFlight);
    },
  };
}
