/**
 * Gatus' `alerting:` section and an endpoint's `alerts:` list as CrossCheck channels,
 * so a Gatus file imports unchanged. Each configured provider becomes a channel named
 * after it (`alerting.slack` is the channel `slack`; `teams-workflows` and the older
 * `teams` are Teams channels); its `default-alert` sets the channel's behaviour; an
 * endpoint's `- type: slack` is a reference to that channel with its own
 * failure-threshold, success-threshold, send-on-resolved, minimum-reminder-interval,
 * description and enabled. Gatus' defaults are kept where they differ from CrossCheck's:
 * send-on-resolved is false unless set. E-mail stays as it was (the monitor's own
 * recipients, from `alerting.email.to`); `alerting.email`'s SMTP settings are handed
 * to the local runtime. Settings with no meaning here are warnings; providers CrossCheck
 * has no channel for are warnings and left out. Pure.
 */
import { parseChannel, type Channel, type ChannelRef } from './channel.ts';
import { parseGoDurationMs } from './duration.ts';
import { ValidationError, type FieldIssue } from './errors.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Gatus provider -> CrossCheck channel type, and how its keys translate (key -> field, or null: ignored with a warning). */
const PROVIDERS: Readonly<Record<string, { type: Channel['type']; keys: Readonly<Record<string, string | null>> }>> = {
  slack: { type: 'slack', keys: { 'webhook-url': 'webhookUrl', title: null } },
  discord: { type: 'discord', keys: { 'webhook-url': 'webhookUrl', title: null, 'message-content': null } },
  teams: { type: 'teams', keys: { 'webhook-url': 'webhookUrl', title: null, 'client': null } },
  'teams-workflows': { type: 'teams', keys: { 'webhook-url': 'webhookUrl', title: null } },
  telegram: { type: 'telegram', keys: { token: 'token', id: 'chatId', 'topic-id': 'topicId', 'api-url': 'apiUrl', client: null } },
  pagerduty: { type: 'pagerduty', keys: { 'integration-key': 'integrationKey' } },
  opsgenie: { type: 'opsgenie', keys: { 'api-key': 'apiKey', priority: 'priority', tags: 'tags', 'api-url': 'apiUrl', source: null, 'entity-prefix': null, 'alias-prefix': null } },
  ntfy: { type: 'ntfy', keys: { topic: 'topic', url: 'url', priority: 'priority', token: 'token', email: null, click: null, 'disable-firebase': null, 'disable-cache': null } },
  custom: { type: 'webhook', keys: { url: 'url', method: 'method', body: 'body', headers: 'headers', placeholders: 'placeholders', client: null } },
};
const ALERT_KEYS = new Set(['type', 'enabled', 'failure-threshold', 'success-threshold', 'send-on-resolved', 'description', 'minimum-reminder-interval', 'provider-override']);

/** SMTP settings of Gatus' `alerting.email`, for the local runtime. */
export interface GatusSmtp {
  readonly host: string;
  readonly port?: number;
  readonly username?: string;
  readonly password?: string;
  readonly from?: string;
}

export interface GatusAlerting {
  readonly channels: readonly Channel[];
  /** `alerting.email.to`, split. */
  readonly emailTo: readonly string[];
  readonly smtp: GatusSmtp | null;
}

/** Gatus' behaviour keys (default-alert, or an endpoint's alert) in CrossCheck's names; undefined values left out. */
function behaviour(source: Json, path: string, issues: FieldIssue[]): Json {
  const out: Json = {};
  if (source.enabled !== undefined) out.enabled = source.enabled;
  if (source['failure-threshold'] !== undefined) out.failureThreshold = source['failure-threshold'];
  if (source['success-threshold'] !== undefined) out.successThreshold = source['success-threshold'];
  if (source['send-on-resolved'] !== undefined) out.sendOnResolved = source['send-on-resolved'];
  if (source.description !== undefined) out.description = source.description;
  const reminder = source['minimum-reminder-interval'];
  if (reminder !== undefined) {
    const ms = typeof reminder === 'string' ? parseGoDurationMs(reminder) : null;
    if (ms === null || ms < 60_000 || ms % 60_000 !== 0) issues.push({ path: `${path}.minimum-reminder-interval`, message: `'${String(reminder)}' must be a whole number of minutes such as 30m or 24h` });
    else out.remindEveryMinutes = ms / 60_000;
  }
  return out;
}

export function translateAlerting(alerting: unknown, issues: FieldIssue[], warnings: string[]): GatusAlerting {
  if (alerting === undefined) return { channels: [], emailTo: [], smtp: null };
  if (!isObject(alerting)) {
    issues.push({ path: 'alerting', message: 'expected a mapping' });
    return { channels: [], emailTo: [], smtp: null };
  }
  const channels: Channel[] = [];
  let emailTo: string[] = [];
  let smtp: GatusSmtp | null = null;
  for (const [provider, config] of Object.entries(alerting)) {
    const path = `alerting.${provider}`;
    if (provider === 'email') {
      ({ emailTo, smtp } = translateEmail(config, path, issues, warnings));
      continue;
    }
    const spec = PROVIDERS[provider];
    if (spec === undefined) {
      warnings.push(`${path}: alert provider not supported here, ignored (supported: email, ${Object.keys(PROVIDERS).join(', ')})`);
      continue;
    }
    if (!isObject(config)) {
      issues.push({ path, message: 'expected a mapping' });
      continue;
    }
    const input: Json = { name: provider, type: spec.type, sendOnResolved: false };
    if (provider === 'custom') input.method = 'GET'; // Gatus' default for a custom provider
    for (const [key, value] of Object.entries(config)) {
      if (key === 'default-alert') {
        if (!isObject(value)) issues.push({ path: `${path}.default-alert`, message: 'expected a mapping' });
        else Object.assign(input, behaviour(value, `${path}.default-alert`, issues));
      } else if (key === 'overrides') warnings.push(`${path}.overrides: group overrides are not supported, ignored (define a channel per group instead)`);
      else if (!(key in spec.keys)) issues.push({ path: `${path}.${key}`, message: `unknown key (expected ${Object.keys(spec.keys).join(', ')}, default-alert)` });
      else if (spec.keys[key] === null) warnings.push(`${path}.${key}: no meaning in CrossCheck, ignored`);
      else input[spec.keys[key]!] = key === 'priority' && provider === 'opsgenie' && typeof value === 'string' ? value.toUpperCase() : value;
    }
    try {
      channels.push(parseChannel(input));
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      issues.push(...error.issues.map((issue) => ({ path: `${path}${issue.path ? `.${gatusKeyOf(spec.keys, issue.path)}` : ''}`, message: issue.message })));
    }
  }
  return { channels, emailTo, smtp };
}

/** A channel field's issue path in the Gatus key the user wrote (`webhookUrl` came from `webhook-url`). */
function gatusKeyOf(keys: Readonly<Record<string, string | null>>, field: string): string {
  const [head, ...rest] = field.split('.');
  const gatus = Object.entries(keys).find(([, f]) => f === head)?.[0];
  return [gatus ?? head, ...rest].join('.');
}

function translateEmail(config: unknown, path: string, issues: FieldIssue[], warnings: string[]): { emailTo: string[]; smtp: GatusSmtp | null } {
  if (!isObject(config)) return { emailTo: [], smtp: null };
  const emailTo = typeof config.to === 'string' ? config.to.split(',').map((s) => s.trim()).filter(Boolean) : [];
  for (const key of Object.keys(config)) {
    if (!['to', 'from', 'host', 'port', 'username', 'password', 'default-alert', 'client', 'overrides'].includes(key)) issues.push({ path: `${path}.${key}`, message: 'unknown key (expected from, username, password, host, port, to, client, default-alert)' });
  }
  if (config.client !== undefined) warnings.push(`${path}.client: SMTP client options are not translated, ignored (the runtime verifies the server's certificate)`);
  if (typeof config.host !== 'string' || config.host === '') return { emailTo, smtp: null };
  if (config.port !== undefined && (typeof config.port !== 'number' || !Number.isInteger(config.port) || config.port < 1 || config.port > 65535)) {
    issues.push({ path: `${path}.port`, message: 'must be a whole number from 1 to 65535' });
  }
  const text = (key: string) => (typeof config[key] === 'string' ? { [key]: config[key] as string } : {});
  return { emailTo, smtp: { host: config.host, ...(typeof config.port === 'number' ? { port: config.port } : {}), ...text('username'), ...text('password'), ...text('from') } };
}

/**
 * One entry of an endpoint's Gatus `alerts:` list that is not e-mail, as a channel
 * reference; also CrossCheck's own `- channel: <name>` form. Null (with a warning) for
 * a provider CrossCheck has no channel for.
 */
export function translateEndpointAlert(alert: Json, path: string, alerting: GatusAlerting, issues: FieldIssue[], warnings: string[]): ChannelRef | null {
  if (typeof alert.channel === 'string' && alert.type === undefined) return alert as unknown as ChannelRef;
  const type = String(alert.type);
  if (PROVIDERS[type] === undefined) {
    warnings.push(`${path}: alert type '${type}' is not supported here, left out (supported: email, ${Object.keys(PROVIDERS).join(', ')})`);
    return null;
  }
  if (!alerting.channels.some((c) => c.name === type)) {
    issues.push({ path: `${path}.type`, message: `${type} alerts need alerting.${type}` });
    return null;
  }
  for (const key of Object.keys(alert)) {
    if (!ALERT_KEYS.has(key)) issues.push({ path: `${path}.${key}`, message: `unknown key (expected ${[...ALERT_KEYS].join(', ')})` });
  }
  if (alert['provider-override'] !== undefined) warnings.push(`${path}.provider-override: not supported, ignored (define another channel instead)`);
  return { channel: type, ...behaviour(alert, path, issues) } as ChannelRef;
}
