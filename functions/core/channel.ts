/**
 * Alert channels: defined once, by name, and referenced by monitors
 * (`alerts: {channels: [{channel: "ops-slack"}]}`). One zod schema per provider, for the
 * API, the YAML file (Gatus' `alerting:` section is translated into these) and the
 * OpenAPI document. Secrets (chat webhook URLs, tokens, keys, signing secrets) are
 * write-only: `channelView` leaves them out and names them in `secureFields`; a replace
 * that leaves a secret out keeps the stored one (`keepChannelSecrets`).
 */
import * as z from 'zod';
import { ValidationError } from './errors.ts';
import { BehaviourShape, ChannelNameSchema, type ChannelRef } from './channel-ref.ts';
import { httpUrl, toFieldIssues } from './monitor.ts';

export { ChannelNameSchema, ChannelRefSchema, type ChannelRef } from './channel-ref.ts';

export const CHANNEL_TYPES = ['slack', 'discord', 'teams', 'telegram', 'pagerduty', 'opsgenie', 'ntfy', 'email', 'webhook'] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];

const secretText = (what: string) => z.string().min(1, `must not be empty: it is the ${what}`).max(1024);

/** A Standard Webhooks signing secret: `whsec_` and the base64 of 24 to 64 random bytes. */
export const WebhookSigningSecretSchema = z
  .string()
  .regex(/^whsec_[A-Za-z0-9+/]+={0,2}$/, 'must be a Standard Webhooks secret: whsec_ followed by base64')
  .refine((s) => {
    const bytes = Buffer.from(s.slice('whsec_'.length), 'base64').length;
    return bytes >= 24 && bytes <= 64;
  }, 'must hold 24 to 64 bytes of key (base64 after whsec_)');

const HttpHeadersSchema = z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'is not a valid header name'), z.string().max(4096).regex(/^[\t\x20-\x7e]*$/, 'must be printable ASCII')).default({});

export const ChannelSchema = z.discriminatedUnion('type', [
  z.strictObject({ name: ChannelNameSchema, type: z.literal('slack'), webhookUrl: httpUrl.describe('Slack incoming webhook URL (secret).'), ...BehaviourShape }),
  z.strictObject({ name: ChannelNameSchema, type: z.literal('discord'), webhookUrl: httpUrl.describe('Discord webhook URL (secret).'), ...BehaviourShape }),
  z.strictObject({ name: ChannelNameSchema, type: z.literal('teams'), webhookUrl: httpUrl.describe('Microsoft Teams Workflows webhook URL (secret).'), ...BehaviourShape }),
  z.strictObject({
    name: ChannelNameSchema,
    type: z.literal('telegram'),
    token: secretText('bot token').describe('Telegram bot token (secret).'),
    chatId: z.union([z.string().min(1).max(64), z.number().int()]).transform(String).describe('The chat to post to.'),
    topicId: z.number().int().optional().describe('message_thread_id: a forum topic.'),
    apiUrl: httpUrl.default('https://api.telegram.org'),
    ...BehaviourShape,
  }),
  z.strictObject({
    name: ChannelNameSchema,
    type: z.literal('pagerduty'),
    integrationKey: z.string().regex(/^[A-Za-z0-9]{32}$/, 'must be a 32-character PagerDuty integration (routing) key').describe('Events API v2 routing key (secret).'),
    apiUrl: httpUrl.default('https://events.pagerduty.com'),
    ...BehaviourShape,
  }),
  z.strictObject({
    name: ChannelNameSchema,
    type: z.literal('opsgenie'),
    apiKey: secretText('Opsgenie API key').describe('Opsgenie API key (secret).'),
    priority: z.enum(['P1', 'P2', 'P3', 'P4', 'P5']).default('P1'),
    tags: z.array(z.string().min(1).max(50)).max(20).default([]),
    apiUrl: httpUrl.default('https://api.opsgenie.com').describe('https://api.eu.opsgenie.com for the EU instance.'),
    ...BehaviourShape,
  }),
  z.strictObject({
    name: ChannelNameSchema,
    type: z.literal('ntfy'),
    url: httpUrl.default('https://ntfy.sh').describe('The ntfy server.'),
    topic: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1 to 64 letters, digits, _ or -'),
    priority: z.number().int().min(1).max(5).default(5).describe('ntfy priority of an alert (1 min .. 5 max); a resolution is sent at 3.'),
    token: secretText('ntfy access token').optional().describe('Access token (secret).'),
    ...BehaviourShape,
  }),
  z.strictObject({ name: ChannelNameSchema, type: z.literal('email'), to: z.array(z.email()).min(1).max(20), ...BehaviourShape }),
  z.strictObject({
    name: ChannelNameSchema,
    type: z.literal('webhook'),
    url: httpUrl.describe('Receives a Standard Webhooks POST with the alert and its signed ledger entry.'),
    secret: WebhookSigningSecretSchema.optional().describe('Standard Webhooks signing secret (whsec_...; secret). Generated when left out on create, and shown once in the response.'),
    headers: HttpHeadersSchema,
    method: z.enum(['POST', 'PUT', 'GET']).default('POST'),
    body: z
      .string()
      .max(16_384)
      .optional()
      .describe("A body template in Gatus' custom-provider form ([ENDPOINT_NAME], [ENDPOINT_URL], [ALERT_DESCRIPTION], [ALERT_TRIGGERED_OR_RESOLVED], [RESULT_ERRORS]) sent instead of the Standard Webhooks JSON; still signed."),
    placeholders: z
      .record(z.string().regex(/^[A-Z_]+$/), z.record(z.string(), z.string().max(500)))
      .optional()
      .describe('Gatus placeholders: e.g. {ALERT_TRIGGERED_OR_RESOLVED: {TRIGGERED: "DOWN", RESOLVED: "UP"}}.'),
    ...BehaviourShape,
  }),
]);

export type Channel = z.output<typeof ChannelSchema>;
export type ChannelInput = z.input<typeof ChannelSchema>;

/** The fields of each channel type that hold secrets: write-only. */
export const SECRET_FIELDS: Readonly<Record<ChannelType, readonly string[]>> = {
  slack: ['webhookUrl'],
  discord: ['webhookUrl'],
  teams: ['webhookUrl'],
  telegram: ['token'],
  pagerduty: ['integrationKey'],
  opsgenie: ['apiKey'],
  ntfy: ['token'],
  email: [],
  webhook: ['secret'],
};

/** How a channel behaves for one monitor: the reference's overrides over the channel's defaults. */
export interface ChannelBehaviour {
  readonly enabled: boolean;
  readonly sendOnResolved: boolean;
  readonly failureThreshold: number | undefined;
  readonly successThreshold: number | undefined;
  readonly remindEveryMinutes: number | undefined;
  readonly description: string | undefined;
}

export function behaviourOf(channel: Channel, ref: ChannelRef): ChannelBehaviour {
  return {
    enabled: channel.enabled && (ref.enabled ?? true),
    sendOnResolved: ref.sendOnResolved ?? channel.sendOnResolved,
    failureThreshold: ref.failureThreshold ?? channel.failureThreshold,
    successThreshold: ref.successThreshold ?? channel.successThreshold,
    remindEveryMinutes: ref.remindEveryMinutes ?? channel.remindEveryMinutes,
    description: ref.description ?? channel.description,
  };
}

export function parseChannel(input: unknown, pathPrefix = ''): Channel {
  const parsed = ChannelSchema.safeParse(input);
  if (!parsed.success) throw new ValidationError(toFieldIssues(parsed.error, pathPrefix));
  return parsed.data;
}

export type ChannelView = Record<string, unknown> & { readonly name: string; readonly type: ChannelType; readonly secureFields: readonly string[] };

/** A channel as the API shows it: secrets left out, named in `secureFields` when set. */
export function channelView(channel: Channel): ChannelView {
  const secret = new Set(SECRET_FIELDS[channel.type]);
  const shown = Object.fromEntries(Object.entries(channel).filter(([key]) => !secret.has(key)));
  const secureFields = SECRET_FIELDS[channel.type].filter((field) => (channel as Record<string, unknown>)[field] !== undefined);
  return { ...shown, name: channel.name, type: channel.type, secureFields };
}

/**
 * The raw replacement `input` with the stored secrets of `current` where it leaves them
 * out (same type only: a channel that changes type starts afresh). `null` removes an
 * optional secret. Anything else is passed on for the schema to judge.
 */
export function keepChannelSecrets(input: unknown, current: Channel): unknown {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const record = { ...(input as Record<string, unknown>) };
  delete record.secureFields;
  if (record.type !== current.type) return record;
  for (const field of SECRET_FIELDS[current.type]) {
    const stored = (current as Record<string, unknown>)[field];
    if (record[field] === null) delete record[field];
    else if (!(field in record) && stored !== undefined) record[field] = stored;
  }
  return record;
}
