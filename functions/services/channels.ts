/**
 * Alert channels as the API manages them. Secrets are write-only (core/channel.ts): a
 * replace that leaves one out keeps it. A webhook channel created without a signing
 * secret gets one (Standard Webhooks: `whsec_` and 32 random bytes), returned once by
 * the create and never again. A channel a monitor refers to cannot be deleted (409
 * naming the monitors), and a monitor cannot refer to a channel that does not exist.
 */
import { randomBytes } from 'node:crypto';
import type { Alert } from '../core/alert.ts';
import { keepChannelSecrets, parseChannel, type Channel } from '../core/channel.ts';
import type { ChannelMessage } from '../core/channel-message.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../core/errors.ts';
import type { MonitorDefinition } from '../core/monitor.ts';
import type { ChannelSender, DeliveryOutcome } from '../ports/channel-sender.ts';
import type { ChannelStore } from '../ports/channel-store.ts';
import type { Clock } from '../ports/clock.ts';
import type { MonitorStore } from '../ports/monitor-store.ts';

export interface ChannelServiceDeps {
  readonly channels: ChannelStore;
  readonly monitors: Pick<MonitorStore, 'all'>;
  readonly clock: Clock;
}

export interface CreatedChannel {
  readonly channel: Channel;
  /** The signing secret made for a webhook channel created without one: shown once. */
  readonly generatedSecret: string | null;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export async function createChannel(deps: ChannelServiceDeps, input: unknown): Promise<CreatedChannel> {
  let generatedSecret: string | null = null;
  let candidate = input;
  if (isRecord(input) && input.type === 'webhook' && input.secret === undefined) {
    generatedSecret = `whsec_${randomBytes(32).toString('base64')}`;
    candidate = { ...input, secret: generatedSecret };
  }
  const channel = parseChannel(candidate);
  await deps.channels.create(channel);
  return { channel, generatedSecret };
}

/** Replaces a channel's definition; secrets left out keep their stored values. The name is the path's. */
export async function replaceChannel(deps: ChannelServiceDeps, name: string, input: unknown): Promise<Channel> {
  const current = await deps.channels.get(name);
  if (current === null) throw new NotFoundError(`channel ${name} does not exist`);
  if (isRecord(input) && input.name !== undefined && input.name !== name) {
    throw new ValidationError([{ path: 'name', message: `must be the channel's name (${name}): a channel is renamed by creating the new one and deleting the old` }]);
  }
  const channel = parseChannel(keepChannelSecrets(isRecord(input) ? { ...input, name } : input, current));
  await deps.channels.replace(channel);
  return channel;
}

export async function deleteChannel(deps: ChannelServiceDeps, name: string): Promise<void> {
  if ((await deps.channels.get(name)) === null) throw new NotFoundError(`channel ${name} does not exist`);
  const users = (await deps.monitors.all()).filter((m) => (m.alerts.channels ?? []).some((ref) => ref.channel === name));
  if (users.length > 0) {
    throw new ConflictError(`channel ${name} is used by ${users.length === 1 ? 'monitor' : 'monitors'} ${users.map((m) => `'${m.name}'`).join(', ')}: remove it from their alerts first`);
  }
  await deps.channels.delete(name);
}

/** Each channel a monitor definition refers to must exist: named errors otherwise. */
export async function assertChannelsExist(channels: Pick<ChannelStore, 'get'>, definition: Pick<MonitorDefinition, 'alerts'>): Promise<void> {
  const refs = definition.alerts.channels ?? [];
  const issues: FieldIssue[] = [];
  for (const [i, ref] of refs.entries()) {
    if ((await channels.get(ref.channel)) === null) issues.push({ path: `alerts.channels[${i}].channel`, message: `no channel named '${ref.channel}' (see GET /v1/channels)` });
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

/** Sends a test message to a channel now, once (no retries), and reports how it went. */
export async function testChannel(deps: ChannelServiceDeps & { readonly sender: ChannelSender; readonly publicUrl: string | null }, name: string): Promise<DeliveryOutcome> {
  const channel = await deps.channels.get(name);
  if (channel === null) throw new NotFoundError(`channel ${name} does not exist`);
  const at = new Date(deps.clock.now()).toISOString();
  const id = `test:${name}:${deps.clock.now()}`;
  const alert: Alert = {
    id,
    kind: 'down',
    time: at,
    monitor: { id: 'test', name: 'CrossCheck test', url: deps.publicUrl ?? '' },
    subject: '[CrossCheck] Test message',
    text: 'This channel is set up: CrossCheck will post alerts here.\n',
    recipients: { email: [], webhooks: [] },
  };
  const base = deps.publicUrl?.replace(/\/+$/, '') ?? null;
  const message: ChannelMessage = {
    kind: 'test',
    alert,
    description: channel.description,
    incidentUrl: null,
    ledgerEntry: null,
    jwksUrl: base === null ? null : `${base}/.well-known/jwks.json`,
    sentAt: at,
  };
  return deps.sender.send(channel, message, { deliveryId: id, retries: 0 });
}
