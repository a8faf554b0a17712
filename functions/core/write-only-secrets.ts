/**
 * Secrets are write-only: the API never shows them, and a definition sent back as it was
 * read (without its secrets) keeps them. For a monitor's webhooks:
 * - the view shows `{url, hasSecret}` for each webhook, never the secret;
 * - on replace or patch, a webhook given without a `secret` key whose URL is that of a
 *   stored webhook with a secret keeps the stored secret; `"secret": null` removes it.
 * Pure: the service applies it to the raw input before validation.
 */
import type { Monitor, Webhook } from './monitor.ts';

export interface WebhookView {
  readonly url: string;
  /** Whether deliveries to this webhook are signed with a stored secret (never shown). */
  readonly hasSecret: boolean;
}

export function webhookView(webhook: Webhook): WebhookView {
  return { url: webhook.url, hasSecret: webhook.secret !== undefined };
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The raw definition `input` with the stored webhook secrets of `current` carried over
 * where the input leaves them out, and `secret: null` taken as "no secret". Anything it
 * does not recognise is passed on unchanged for the schema to judge.
 */
export function keepWebhookSecrets(input: unknown, current: Pick<Monitor, 'alerts'> | null): unknown {
  if (!isRecord(input) || !isRecord(input.alerts) || !Array.isArray(input.alerts.webhooks)) return input;
  const stored = new Map((current?.alerts.webhooks ?? []).flatMap((w) => (w.secret === undefined ? [] : [[w.url, w.secret] as const])));
  const webhooks = input.alerts.webhooks.map((webhook: unknown) => {
    if (!isRecord(webhook)) return webhook;
    if (webhook.secret === null) {
      const { secret: _removed, ...rest } = webhook;
      return rest;
    }
    if (!('secret' in webhook) && typeof webhook.url === 'string' && stored.has(webhook.url)) return { ...webhook, secret: stored.get(webhook.url) };
    return webhook;
  });
  return { ...input, alerts: { ...input.alerts, webhooks } };
}
