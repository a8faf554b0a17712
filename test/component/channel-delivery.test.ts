/**
 * Delivery you can trust: retries with backoff that honours Retry-After (the waits are
 * recorded through an injected sleep, not timed), a receiver that fails then succeeds,
 * one that never answers; and the channel notifier: one delivery per (alert, channel)
 * however often it is asked, its outcome in the delivery log, a failure logged.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChannelNotifier } from '../../functions/adapters/common/channels/channel-notifier.ts';
import { createChannelSender } from '../../functions/adapters/common/channels/channel-sender.ts';
import { retryAfterMs, sendWithRetries } from '../../functions/adapters/common/channels/http-delivery.ts';
import { openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { parseChannel } from '../../functions/core/channel.ts';
import { CLOUD_POLICY, LOCAL_POLICY } from '../../functions/engine/index.ts';
import { downAlertFixture, recoveredAlertFixture } from '../helpers/channel-fixtures.ts';
import { startHttpServer, startSilentServer, type Handler, type TestServer } from '../helpers/servers.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
async function receiver(handler: Handler): Promise<TestServer> {
  const server = await startHttpServer(handler);
  servers.push(server);
  return server;
}
const post = (url: string) => ({ url, method: 'POST' as const, headers: { 'Content-Type': 'application/json' }, body: '{}' });

function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('sendWithRetries', () => {
  it('honours a 429 Retry-After (seconds) when it asks for longer than the backoff, then succeeds', async () => {
    const r = await receiver((_req, res, server) => {
      if (server.requests.length === 1) res.writeHead(429, { 'retry-after': '7' }).end();
      else res.writeHead(200).end();
    });
    const { waits, sleep } = recordingSleep();
    expect(await sendWithRetries(post(`${r.origin}/x`), { sleep, backoffMs: 1000 })).toEqual({ ok: true, attempts: 2, lastStatus: 200, error: null });
    expect(waits).toEqual([7000]);
  });

  it('retries a 500 with exponential backoff until the receiver accepts', async () => {
    const r = await receiver((_req, res, server) => res.writeHead(server.requests.length < 3 ? 500 : 202).end());
    const { waits, sleep } = recordingSleep();
    expect(await sendWithRetries(post(r.origin), { sleep, backoffMs: 100 })).toEqual({ ok: true, attempts: 3, lastStatus: 202, error: null });
    expect(waits).toEqual([100, 200]);
  });

  it('gives up on a receiver that never answers after its retries, each attempt timed out', async () => {
    const silent = await startSilentServer();
    servers.push(silent);
    const { waits, sleep } = recordingSleep();
    const outcome = await sendWithRetries(post(silent.origin), { sleep, timeoutMs: 200, retries: 2, backoffMs: 10 });
    expect(outcome).toEqual({ ok: false, attempts: 3, lastStatus: null, error: 'timeout: no answer within 200 ms after 3 attempts' });
    expect(silent.connections).toBe(3);
    expect(waits).toEqual([10, 20]);
  });

  it('does not retry a 4xx other than 408/425/429; never names the URL', async () => {
    const r = await receiver((_req, res) => res.writeHead(404).end());
    const outcome = await sendWithRetries(post(`${r.origin}/services/SECRET-TOKEN`), { sleep: async () => undefined });
    expect(outcome).toEqual({ ok: false, attempts: 1, lastStatus: 404, error: 'HTTP 404' });
  });

  it('a Retry-After beyond the limit is a failure that says so, without waiting', async () => {
    const r = await receiver((_req, res) => res.writeHead(503, { 'retry-after': '3600' }).end());
    const { waits, sleep } = recordingSleep();
    const outcome = await sendWithRetries(post(r.origin), { sleep, maxDelayMs: 60_000 });
    expect(outcome.ok).toBe(false);
    expect(outcome.error).toBe('HTTP 503; the receiver asked to retry after 3600 s, beyond the 60 s limit');
    expect(waits).toEqual([]);
  });

  it('refuses a loopback receiver under the cloud policy (SSRF guard), without retrying', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end());
    const outcome = await sendWithRetries(post(r.origin), { policy: CLOUD_POLICY, sleep: async () => undefined });
    expect(outcome.ok).toBe(false);
    expect(outcome.attempts).toBe(1);
    expect(outcome.error).toMatch(/^blocked: /);
    expect(r.requests).toHaveLength(0);
  });

  it.each([
    ['7', 7000],
    ['0', 0],
    ['Sat, 21 Nov 2026 10:00:30 GMT', 30_000],
    ['soon', null],
    [undefined, null],
  ] as const)('Retry-After %j is %j ms', (value, expected) => {
    expect(retryAfterMs(value, Date.parse('2026-11-21T10:00:00Z'))).toBe(expected);
  });
});

describe('createChannelNotifier', () => {
  let stores: LocalStores;
  const logged: { message: string; fields: Record<string, unknown> }[] = [];
  const logger = { warn: () => undefined, error: (message: string, fields: Record<string, unknown> = {}) => void logged.push({ message, fields }) };
  beforeEach(() => {
    stores = openLocalStores({ path: ':memory:' });
    logged.length = 0;
  });
  afterEach(() => stores.close());

  function notifier(retries = 0) {
    return createChannelNotifier({
      channels: stores.channels,
      monitors: stores.monitors,
      deliveries: stores.deliveries,
      ledger: stores.ledger,
      sender: createChannelSender({ policy: LOCAL_POLICY, retries, sleep: async () => undefined }),
      clock: { now: () => Date.parse('2026-11-21T10:15:03Z') },
      logger,
      publicUrl: () => 'http://crosscheck.test',
    });
  }

  it('delivers an alert once per channel however often it is sent, and logs the outcome per incident', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end());
    await stores.channels.create(parseChannel({ name: 'ops', type: 'slack', webhookUrl: `${r.origin}/s` }));
    const n = notifier();
    await Promise.all([n.send(downAlertFixture()), n.send(downAlertFixture()), n.send(downAlertFixture())]);
    await n.flush();
    await notifier().send(downAlertFixture()); // another process, the same alert
    expect(r.requests).toHaveLength(1);
    expect(await stores.deliveries.forIncident('inc-1')).toEqual([
      expect.objectContaining({ id: 'down:inc-1|ops', channel: 'ops', channelType: 'slack', kind: 'down', status: 'delivered', attempts: 1, lastStatus: 200, lastError: null }),
    ]);
  });

  it('a failure after retries stays in the log as failed and is logged as an error, without the URL', async () => {
    const r = await receiver((_req, res) => res.writeHead(500).end());
    await stores.channels.create(parseChannel({ name: 'ops', type: 'slack', webhookUrl: `${r.origin}/services/SECRET` }));
    const n = notifier(2);
    await n.send(downAlertFixture());
    await n.flush();
    expect(r.requests).toHaveLength(3);
    expect(await stores.deliveries.forIncident('inc-1')).toEqual([expect.objectContaining({ status: 'failed', attempts: 3, lastStatus: 500, lastError: 'HTTP 500 after 3 attempts' })]);
    expect(logged).toEqual([{ message: 'alert delivery failed', fields: expect.objectContaining({ channel: 'ops', attempts: 3 }) }]);
    expect(JSON.stringify(logged)).not.toContain('SECRET');
  });

  it('respects sendOnResolved (the reference overrides the channel) and disabled channels', async () => {
    const r = await receiver((_req, res) => res.writeHead(200).end());
    await stores.channels.create(parseChannel({ name: 'ops', type: 'slack', webhookUrl: `${r.origin}/s`, sendOnResolved: true }));
    await stores.channels.create(parseChannel({ name: 'off', type: 'slack', webhookUrl: `${r.origin}/off`, enabled: false }));
    const n = notifier();
    const channels = [{ channel: 'ops' }, { channel: 'off' }];
    await n.send(downAlertFixture({ recipients: { email: [], webhooks: [], channels } }));
    await n.flush();
    expect(r.requests.map((q) => q.url)).toEqual(['/s']);
    const recovered = recoveredAlertFixture();
    await n.send({ ...recovered, recipients: { ...recovered.recipients, channels: [{ channel: 'ops', sendOnResolved: false }, { channel: 'off' }] } });
    await n.flush();
    expect(r.requests).toHaveLength(1);
    await n.send({ ...recovered, id: 'recovered:inc-1:again', recipients: { ...recovered.recipients, channels } });
    await n.flush();
    expect(r.requests.map((q) => q.url)).toEqual(['/s', '/s']);
  });

  it('a reference to a channel that does not exist is a failed delivery, logged', async () => {
    const n = notifier();
    await n.send(downAlertFixture({ recipients: { email: [], webhooks: [], channels: [{ channel: 'gone' }] } }));
    await n.flush();
    expect(await stores.deliveries.forIncident('inc-1')).toEqual([expect.objectContaining({ channel: 'gone', status: 'failed', lastError: "channel 'gone' does not exist" })]);
    expect(logged).toHaveLength(1);
  });
});
