/**
 * The channel routes through the real handler and SQLite stores: CRUD, secrets
 * write-only (never in a response), every bad input named and changing nothing, a
 * channel in use cannot be deleted, a monitor cannot name a missing channel, the test
 * send against a loopback receiver, and an incident's delivery log.
 */
import { Webhook } from 'standardwebhooks';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChannelCreatedSchema, ChannelListSchema, ChannelViewSchema, DeliveryListSchema } from '../../functions/api/schemas/channels.ts';
import { incident } from '../helpers/fixtures.ts';
import { delivery } from '../contract/channels.contract.ts';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';
import { openApiHarness, type ApiHarness } from './api-harness.ts';

let api: ApiHarness;
const servers: TestServer[] = [];
beforeEach(async () => {
  api = await openApiHarness();
});
afterEach(async () => {
  await api.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const SLACK_URL = 'https://hooks.slack.test/services/T000/B000/XXXXSECRETXXXX';
const SLACK = { name: 'ops-slack', type: 'slack', webhookUrl: SLACK_URL };

describe('channels API', () => {
  it('creates, lists, gets, replaces and deletes a channel; the webhook URL is never shown', async () => {
    const created = await api.call('POST', '/v1/channels', { body: SLACK });
    expect(created.status).toBe(201);
    expect(created.headers.location).toBe('/v1/channels/ops-slack');
    expect(ChannelCreatedSchema.parse(created.json())).toEqual({ name: 'ops-slack', type: 'slack', enabled: true, sendOnResolved: true, secureFields: ['webhookUrl'] });
    for (const res of [created, await api.call('GET', '/v1/channels'), await api.call('GET', '/v1/channels/ops-slack')]) expect(res.text).not.toContain('SECRET');
    expect(ChannelListSchema.parse((await api.call('GET', '/v1/channels')).json()).items.map((c) => c.name)).toEqual(['ops-slack']);

    // Replaced without the secret: the stored one stays.
    const put = await api.call('PUT', '/v1/channels/ops-slack', { body: { type: 'slack', description: 'on call', remindEveryMinutes: 30 } });
    expect(put.status).toBe(200);
    expect(ChannelViewSchema.parse(put.json())).toMatchObject({ description: 'on call', remindEveryMinutes: 30, secureFields: ['webhookUrl'] });
    expect(await api.stores.channels.get('ops-slack')).toMatchObject({ webhookUrl: SLACK_URL, description: 'on call' });

    expect((await api.call('DELETE', '/v1/channels/ops-slack')).status).toBe(204);
    expect((await api.call('GET', '/v1/channels/ops-slack')).status).toBe(404);
  });

  it('a webhook channel without a secret gets a Standard Webhooks secret, shown once', async () => {
    const res = await api.call('POST', '/v1/channels', { body: { name: 'hook', type: 'webhook', url: 'https://receiver.example.test/in' } });
    expect(res.status).toBe(201);
    const { generatedSecret } = res.json();
    expect(generatedSecret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(() => new Webhook(generatedSecret)).not.toThrow();
    expect((await api.call('GET', '/v1/channels/hook')).text).not.toContain(generatedSecret);
    expect((await api.stores.channels.get('hook'))).toMatchObject({ secret: generatedSecret });
  });

  it.each([
    ['an unknown type', { name: 'x', type: 'pigeon' }, 'type'],
    ['a bad name', { ...SLACK, name: 'Ops Slack' }, 'name'],
    ['a webhook URL that is not http(s)', { ...SLACK, webhookUrl: 'file:///etc/passwd' }, 'webhookUrl'],
    ['a PagerDuty key of the wrong shape', { name: 'pd', type: 'pagerduty', integrationKey: 'short' }, 'integrationKey'],
    ['a weak Standard Webhooks secret', { name: 'h', type: 'webhook', url: 'https://r.example.test/', secret: 'whsec_c2hvcnQ=' }, 'secret'],
    ['an unknown field', { ...SLACK, channel: '#ops' }, 'channel'],
  ])('refuses %s, naming the field, and stores nothing', async (_what, body, path) => {
    const res = await api.call('POST', '/v1/channels', { body });
    expect(res.status).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    expect(await api.stores.channels.all()).toEqual([]);
  });

  it('a second channel of one name is a 409; a replace that renames is a 400; neither changes anything', async () => {
    await api.call('POST', '/v1/channels', { body: SLACK });
    expect((await api.call('POST', '/v1/channels', { body: { ...SLACK, webhookUrl: 'https://other.test/x' } })).status).toBe(409);
    const rename = await api.call('PUT', '/v1/channels/ops-slack', { body: { ...SLACK, name: 'other' } });
    expect(rename.status).toBe(400);
    expect(rename.json().errors[0].path).toBe('name');
    expect(await api.stores.channels.all()).toEqual([expect.objectContaining({ name: 'ops-slack', webhookUrl: SLACK_URL })]);
  });

  it('monitors refer to channels by name: a missing one is a 400; a channel in use cannot be deleted', async () => {
    const monitor = { name: 'shop', url: 'https://shop.example.test/', alerts: { channels: [{ channel: 'ops-slack', remindEveryMinutes: 15 }] } };
    const refused = await api.call('POST', '/v1/monitors', { body: monitor });
    expect(refused.status).toBe(400);
    expect(refused.json().errors).toEqual([{ path: 'alerts.channels[0].channel', message: "no channel named 'ops-slack' (see GET /v1/channels)" }]);

    await api.call('POST', '/v1/channels', { body: SLACK });
    const created = await api.call('POST', '/v1/monitors', { body: monitor });
    expect(created.status).toBe(201);
    expect(created.json().alerts.channels).toEqual([{ channel: 'ops-slack', remindEveryMinutes: 15 }]);
    const del = await api.call('DELETE', '/v1/channels/ops-slack');
    expect(del.status).toBe(409);
    expect(del.json().detail).toContain("monitor 'shop'");
    expect(await api.stores.channels.get('ops-slack')).not.toBeNull();
  });

  it('POST /v1/channels/{name}/test sends a test message and reports the outcome', async () => {
    const good = await startHttpServer((_req, res) => res.writeHead(200).end('ok'));
    const bad = await startHttpServer((_req, res) => res.writeHead(403).end('invalid_token'));
    servers.push(good, bad);
    await api.call('POST', '/v1/channels', { body: { name: 'good', type: 'discord', webhookUrl: `${good.origin}/api/webhooks/1/t` } });
    await api.call('POST', '/v1/channels', { body: { name: 'bad', type: 'slack', webhookUrl: `${bad.origin}/services/x` } });

    const ok = await api.call('POST', '/v1/channels/good/test');
    expect(ok.status).toBe(200);
    expect(ok.json()).toEqual({ ok: true, attempts: 1, lastStatus: 200, error: null });
    expect(JSON.parse(good.requests[0]!.body).embeds[0].title).toBe('Test message from CrossCheck');

    expect((await api.call('POST', '/v1/channels/bad/test')).json()).toEqual({ ok: false, attempts: 1, lastStatus: 403, error: 'HTTP 403' });
    expect((await api.call('POST', '/v1/channels/none/test')).status).toBe(404);
  });

  it('every channel route needs authentication', async () => {
    for (const [method, path] of [['GET', '/v1/channels'], ['POST', '/v1/channels'], ['GET', '/v1/channels/x'], ['PUT', '/v1/channels/x'], ['DELETE', '/v1/channels/x'], ['POST', '/v1/channels/x/test'], ['GET', '/v1/incidents/x/alerts']] as const) {
      expect((await api.call(method, path, { token: null })).status).toBe(401);
    }
  });

  it("GET /v1/incidents/{id}/alerts is the incident's delivery log; 404 for an unknown incident", async () => {
    await api.stores.incidents.create(incident('inc-1', 'm1', Date.parse('2026-11-21T10:15:00Z')));
    await api.stores.deliveries.claim(delivery('down:inc-1|ops', { incidentId: 'inc-1', status: 'failed', attempts: 5, lastStatus: 500, lastError: 'HTTP 500 after 5 attempts' }));
    const res = await api.call('GET', '/v1/incidents/inc-1/alerts');
    expect(res.status).toBe(200);
    expect(DeliveryListSchema.parse(res.json()).items).toEqual([expect.objectContaining({ channel: 'ops', status: 'failed', attempts: 5, lastStatus: 500 })]);
    expect((await api.call('GET', '/v1/incidents/none/alerts')).status).toBe(404);
  });
});
