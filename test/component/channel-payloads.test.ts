/**
 * Every channel against a loopback receiver that checks the provider's documented
 * payload shape: what is down, why (the failed condition with the observed value), from
 * which locations, since when, and the link to the incident. Standard Webhooks
 * signatures are checked with the `standardwebhooks` package's own verifier.
 */
import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannelSender } from '../../functions/adapters/common/channels/channel-sender.ts';
import { parseChannel, type Channel } from '../../functions/core/channel.ts';
import { LOCAL_POLICY } from '../../functions/engine/index.ts';
import { messageFixture, recoveredAlertFixture } from '../helpers/channel-fixtures.ts';
import { startHttpServer, type RecordedRequest, type TestServer } from '../helpers/servers.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function receiver(status = 200): Promise<TestServer> {
  const server = await startHttpServer((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}'));
  servers.push(server);
  return server;
}

const sender = createChannelSender({ policy: LOCAL_POLICY, retries: 0 });
const PD_KEY = 'a'.repeat(32);
const SECRET = `whsec_${Buffer.from('0123456789abcdef0123456789abcdef').toString('base64')}`;

async function sendTo(channel: Channel, message = messageFixture()): Promise<RecordedRequest> {
  const outcome = await sender.send(channel, message, { deliveryId: 'down:inc-1|ops' });
  expect(outcome).toMatchObject({ ok: true, attempts: 1 });
  return servers.at(-1)!.requests.at(-1)!;
}

/** The facts every message carries, wherever the provider puts them. */
function expectFacts(text: string): void {
  expect(text).toContain('Checkout API');
  expect(text).toContain('[STATUS] (503) == 200');
  expect(text).toContain('local-a');
  expect(text).toContain('local-b');
  expect(text).toContain('2026-11-21T10:15:00.000Z');
  expect(text).toContain('http://crosscheck.test/v1/incidents/inc-1');
}

describe('channel payloads', () => {
  it('Slack: an incoming webhook with Block Kit blocks and a fallback text', async () => {
    const r = await receiver();
    const req = await sendTo(parseChannel({ name: 'ops', type: 'slack', webhookUrl: `${r.origin}/services/T0/B0/secret` }));
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/services/T0/B0/secret');
    expect(req.headers['content-type']).toBe('application/json');
    const body = JSON.parse(req.body);
    expect(body.text).toMatch(/^Checkout API is DOWN/);
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual(['header', 'section', 'section', 'actions']);
    expect(body.blocks[0].text.type).toBe('plain_text');
    expect(body.blocks[2].fields.length).toBeLessThanOrEqual(10);
    for (const field of body.blocks[2].fields) expect(field).toEqual({ type: 'mrkdwn', text: expect.any(String) });
    expect(body.blocks[3].elements[0]).toMatchObject({ type: 'button', url: 'http://crosscheck.test/v1/incidents/inc-1' });
    expectFacts(req.body);
  });

  it('Discord: one embed with title, description, colour, fields and URL; mentions off', async () => {
    const r = await receiver(204);
    const req = await sendTo(parseChannel({ name: 'ops', type: 'discord', webhookUrl: `${r.origin}/api/webhooks/1/tok` }));
    const body = JSON.parse(req.body);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.embeds).toHaveLength(1);
    const [embed] = body.embeds;
    expect(embed).toMatchObject({ title: 'Checkout API is DOWN', url: 'http://crosscheck.test/v1/incidents/inc-1', color: expect.any(Number), timestamp: '2026-11-21T10:15:02.000Z' });
    for (const field of embed.fields) expect(field).toEqual({ name: expect.any(String), value: expect.any(String), inline: expect.any(Boolean) });
    expectFacts(req.body);
  });

  it('Teams: a Workflows message with one Adaptive Card attachment', async () => {
    const r = await receiver(202);
    const req = await sendTo(parseChannel({ name: 'ops', type: 'teams', webhookUrl: `${r.origin}/workflows/abc` }));
    const body = JSON.parse(req.body);
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    expect(body.attachments[0].contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = body.attachments[0].content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(card.body.map((b: { type: string }) => b.type)).toEqual(['TextBlock', 'TextBlock', 'FactSet']);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'View incident', url: 'http://crosscheck.test/v1/incidents/inc-1' }]);
    expectFacts(req.body);
  });

  it('Telegram: sendMessage on the bot path, HTML, no link preview, the topic', async () => {
    const r = await receiver();
    const req = await sendTo(parseChannel({ name: 'ops', type: 'telegram', token: '123:ABC', chatId: -100123, topicId: 7, apiUrl: r.origin }));
    expect(req.url).toBe('/bot123:ABC/sendMessage');
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ chat_id: '-100123', parse_mode: 'HTML', link_preview_options: { is_disabled: true }, message_thread_id: 7 });
    expect(body.text).toContain('<b>Checkout API is DOWN</b>');
    expectFacts(body.text);
  });

  it('PagerDuty: Events v2 trigger, then resolve, both with the incident id as dedup_key', async () => {
    const r = await receiver(202);
    const channel = parseChannel({ name: 'pager', type: 'pagerduty', integrationKey: PD_KEY, apiUrl: r.origin });
    const trigger = await sendTo(channel);
    expect(trigger.url).toBe('/v2/enqueue');
    const t = JSON.parse(trigger.body);
    expect(t).toMatchObject({ routing_key: PD_KEY, event_action: 'trigger', dedup_key: 'inc-1', client: 'CrossCheck', client_url: 'http://crosscheck.test/v1/incidents/inc-1' });
    expect(t.payload).toMatchObject({ severity: 'critical', source: 'checkout.example.test', component: 'Checkout API', class: 'condition', timestamp: '2026-11-21T10:15:00.000Z' });
    expect(t.payload.summary.length).toBeLessThanOrEqual(1024);
    expectFacts(trigger.body);

    const resolve = await sendTo(channel, messageFixture({ kind: 'recovered', alert: recoveredAlertFixture() }));
    expect(JSON.parse(resolve.body)).toEqual({ routing_key: PD_KEY, event_action: 'resolve', dedup_key: 'inc-1' });
  });

  it('Opsgenie: create with the incident id as alias, then close by alias', async () => {
    const r = await receiver(202);
    const channel = parseChannel({ name: 'genie', type: 'opsgenie', apiKey: 'genie-key', apiUrl: r.origin, tags: ['shop'] });
    const create = await sendTo(channel);
    expect(create.url).toBe('/v2/alerts');
    expect(create.headers.authorization).toBe('GenieKey genie-key');
    const c = JSON.parse(create.body);
    expect(c).toMatchObject({ alias: 'inc-1', priority: 'P1', source: 'CrossCheck', tags: ['shop', 'crosscheck'], entity: 'Checkout API' });
    expect(c.message.length).toBeLessThanOrEqual(130);
    expectFacts(c.description);

    const close = await sendTo(channel, messageFixture({ kind: 'recovered', alert: recoveredAlertFixture() }));
    expect(close.url).toBe('/v2/alerts/inc-1/close?identifierType=alias');
    expect(JSON.parse(close.body)).toMatchObject({ source: 'CrossCheck' });
  });

  it('ntfy: a JSON publish to the server root with topic, title, priority, tags and click', async () => {
    const r = await receiver();
    const req = await sendTo(parseChannel({ name: 'phone', type: 'ntfy', url: r.origin, topic: 'crosscheck-alerts', token: 'tk_secret' }));
    expect(req.url).toBe('/');
    expect(req.headers.authorization).toBe('Bearer tk_secret');
    const body = JSON.parse(req.body);
    expect(body).toMatchObject({ topic: 'crosscheck-alerts', title: 'Checkout API is DOWN', priority: 5, tags: ['rotating_light'], click: 'http://crosscheck.test/v1/incidents/inc-1' });
    expectFacts(`${body.message}\n${body.click}`);
  });

  it("generic webhook: Standard Webhooks headers the package's verifier accepts, carrying the signed ledger entry", async () => {
    const r = await receiver(204);
    const req = await sendTo(parseChannel({ name: 'hook', type: 'webhook', url: `${r.origin}/in`, secret: SECRET, headers: { 'X-Team': 'ops' } }));
    expect(req.headers['webhook-id']).toBe('down:inc-1|ops');
    expect(req.headers['x-team']).toBe('ops');
    const verified = new Webhook(SECRET).verify(req.body, {
      'webhook-id': String(req.headers['webhook-id']),
      'webhook-timestamp': String(req.headers['webhook-timestamp']),
      'webhook-signature': String(req.headers['webhook-signature']),
    }) as { type: string; data: Record<string, unknown> };
    expect(verified.type).toBe('incident.opened');
    expect(verified.data).toMatchObject({
      ledgerEntry: { seq: 7, jws: 'eyJhbGciOiJFUzI1NiJ9.eyJzZXEiOjd9.c2ln' },
      jwksUrl: 'http://crosscheck.test/.well-known/jwks.json',
      incidentUrl: 'http://crosscheck.test/v1/incidents/inc-1',
    });
    expect(verified.data.alert).not.toHaveProperty('recipients');
    // A body altered on the way fails the same verifier.
    expect(() =>
      new Webhook(SECRET).verify(req.body.replace('Checkout', 'Checkøut'), {
        'webhook-id': String(req.headers['webhook-id']),
        'webhook-timestamp': String(req.headers['webhook-timestamp']),
        'webhook-signature': String(req.headers['webhook-signature']),
      }),
    ).toThrow();
  });

  it('an e-mail channel without a mail transport fails, saying so', async () => {
    const outcome = await sender.send(parseChannel({ name: 'mail', type: 'email', to: ['ops@example.test'] }), messageFixture(), { deliveryId: 'x' });
    expect(outcome).toEqual({ ok: false, attempts: 0, lastStatus: null, error: 'no mail transport is configured (SMTP locally, SES in AWS)' });
  });
});
