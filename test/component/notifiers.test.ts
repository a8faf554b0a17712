import { createHmac } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  combineNotifiers,
  createOutboxNotifier,
  createWebhookNotifier,
  type NotifierLogger,
} from '../../functions/adapters/local/index.ts';
import type { Alert } from '../../functions/core/alert.ts';
import type { Notifier } from '../../functions/ports/notifier.ts';
import { CLOUD_POLICY, LOCAL_POLICY } from '../../functions/engine/index.ts';

const SECRET = 'a-shared-secret-of-some-length';

function alert(overrides: Partial<Alert> = {}): Alert {
  return {
    id: 'down:inc-1',
    kind: 'down',
    time: '2026-11-21T10:15:00.000Z',
    monitor: { id: 'mon-1', name: 'Checkout API', url: 'https://checkout.example.test/health' },
    subject: 'DOWN: Checkout API',
    text: 'Checkout API is DOWN since 2026-11-21T10:15:00Z.\nCause: [STATUS] (503) == 200, confirmed from local-b.',
    incident: {
      id: 'inc-1',
      cause: 'condition',
      openedAt: '2026-11-21T10:15:00.000Z',
      resolvedAt: null,
      verification: 'confirmed',
      ledgerSeq: 7,
    },
    recipients: { email: ['ops@example.test', 'oncall@example.test'], webhooks: [] },
    ...overrides,
  };
}

// ---------------------------------------------------------------- outbox

describe('createOutboxNotifier', () => {
  const dirs: string[] = [];
  const outbox = () => {
    const dir = mkdtempSync(join(tmpdir(), 'crosscheck-outbox-'));
    dirs.push(dir);
    return dir;
  };
  const files = (dir: string) => readdirSync(dir).filter((f) => !f.startsWith('.')).sort();
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('writes one .eml and one .json per alert, named <time>-<kind>-<monitorId>', async () => {
    const dir = outbox();
    await createOutboxNotifier(dir).send(alert());
    expect(files(dir)).toEqual(['2026-11-21T10-15-00Z-down-mon-1.eml', '2026-11-21T10-15-00Z-down-mon-1.json']);
    expect(JSON.parse(readFileSync(join(dir, '2026-11-21T10-15-00Z-down-mon-1.json'), 'utf8'))).toEqual(alert());
  });

  it('writes an email a mail parser reads back: headers, text and HTML', async () => {
    const dir = outbox();
    await createOutboxNotifier(dir, { from: 'CrossCheck <alerts@crosscheck.example>' }).send(alert());
    const raw = readFileSync(join(dir, '2026-11-21T10-15-00Z-down-mon-1.eml'), 'utf8');
    expect(raw).toContain('\r\n\r\n');
    expect(raw.split('\r\n\r\n')[0]).not.toMatch(/(^|[^\r])\n/);

    const email = await PostalMime.parse(raw);
    expect(email.from).toMatchObject({ address: 'alerts@crosscheck.example', name: 'CrossCheck' });
    expect(email.to?.map((a) => ('address' in a ? a.address : ''))).toEqual(['ops@example.test', 'oncall@example.test']);
    expect(email.subject).toBe('DOWN: Checkout API');
    expect(new Date(email.date!).toISOString()).toBe('2026-11-21T10:15:00.000Z');
    expect(email.messageId).toMatch(/^<[0-9a-f]{32}@crosscheck\.example>$/);
    expect(email.text?.trim()).toBe(alert().text);
    expect(email.html).toContain('<h1>DOWN: Checkout API</h1>');
    expect(email.html).toContain('#7');
    const header = (name: string) => email.headers.find((h) => h.key === name)?.value;
    expect(header('mime-version')).toBe('1.0');
    expect(header('content-type')).toMatch(/^multipart\/alternative; boundary=/);
    expect(header('x-crosscheck-alert-id')).toBe('down:inc-1');
  });

  it('keeps non-ASCII subjects and bodies intact, escapes HTML, and cannot be made to add headers', async () => {
    const dir = outbox();
    const subject = 'DOWN: Zahlungsdienst — Ünïcödé ✓ and a long tail to make the encoded words fold over several lines\r\nBcc: victim@example.test';
    await createOutboxNotifier(dir).send(alert({ subject, text: 'Grüße <b>not bold</b> & more' }));
    const raw = readFileSync(join(dir, files(dir)[0]!), 'utf8');
    const email = await PostalMime.parse(raw);
    expect(email.subject).toBe(subject.replace('\r\n', ' '));
    expect(email.headers.some((h) => h.key === 'bcc')).toBe(false);
    expect(email.text?.trim()).toBe('Grüße <b>not bold</b> & more');
    expect(email.html).toContain('Grüße &#60;b&#62;not bold&#60;/b&#62; &#38; more');
    for (const line of raw.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
  });

  it('addresses the local default when the alert names no email recipient', async () => {
    const dir = outbox();
    await createOutboxNotifier(dir, { defaultTo: 'me@box.local' }).send(alert({ recipients: { email: [], webhooks: [] } }));
    const email = await PostalMime.parse(readFileSync(join(dir, files(dir)[0]!), 'utf8'));
    expect(email.to?.map((a) => ('address' in a ? a.address : ''))).toEqual(['me@box.local']);
  });

  it('writes an alert once, whether sent twice, at once, or again after a restart', async () => {
    const dir = outbox();
    const notifier = createOutboxNotifier(dir);
    await Promise.all([notifier.send(alert()), notifier.send(alert())]);
    await notifier.send(alert({ time: '2026-11-21T10:16:00.000Z' }));
    await createOutboxNotifier(dir).send(alert());
    expect(files(dir)).toHaveLength(2);
  });

  it('keeps different alerts apart, even when time, kind and monitor match', async () => {
    const dir = outbox();
    const notifier = createOutboxNotifier(dir);
    await notifier.send(alert());
    await notifier.send(alert({ id: 'down:inc-2' }));
    await notifier.send(alert({ id: 'recovered:inc-1', kind: 'recovered', monitor: { id: '../evil/id', name: 'x', url: 'https://x.test' } }));
    expect(files(dir)).toEqual([
      '2026-11-21T10-15-00Z-down-mon-1-2.eml',
      '2026-11-21T10-15-00Z-down-mon-1-2.json',
      '2026-11-21T10-15-00Z-down-mon-1.eml',
      '2026-11-21T10-15-00Z-down-mon-1.json',
      '2026-11-21T10-15-00Z-recovered-_evil_id.eml',
      '2026-11-21T10-15-00Z-recovered-_evil_id.json',
    ]);
    expect(JSON.parse(readFileSync(join(dir, '2026-11-21T10-15-00Z-down-mon-1-2.json'), 'utf8')).id).toBe('down:inc-2');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});

// ---------------------------------------------------------------- webhooks

interface Received {
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** A loopback receiver; `respond` decides each answer (return false to never answer). */
async function receiver(respond: (req: Received, n: number, res: ServerResponse) => boolean | void) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const entry = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      if (respond(entry, received.length, res) !== false && !res.headersSent) res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/token-in-path?key=also-secret`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function recordingLogger() {
  const lines: { level: string; message: string; fields: Readonly<Record<string, unknown>> }[] = [];
  const logger: NotifierLogger = {
    warn: (message, fields = {}) => lines.push({ level: 'warn', message, fields }),
    error: (message, fields = {}) => lines.push({ level: 'error', message, fields }),
  };
  return { logger, lines, errors: () => lines.filter((l) => l.level === 'error'), warnings: () => lines.filter((l) => l.level === 'warn') };
}

describe('createWebhookNotifier', () => {
  const servers: { close(): Promise<void> }[] = [];
  const start = async (respond: Parameters<typeof receiver>[0]) => {
    const r = await receiver(respond);
    servers.push(r);
    return r;
  };
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('POSTs {alert} as JSON, signed with an HMAC-SHA256 of the exact body the receiver can check', async () => {
    const signed = await start(() => {});
    const unsigned = await start(() => {});
    const { logger, lines } = recordingLogger();
    const notifier = createWebhookNotifier({ logger, clock: { now: () => Date.parse('2026-11-21T10:15:07Z') } });
    const a = alert({ recipients: { email: [], webhooks: [{ url: signed.url, secret: SECRET }, { url: unsigned.url }] } });

    await notifier.send(a);
    await notifier.flush();

    expect(signed.received).toHaveLength(1);
    const { headers, body } = signed.received[0]!;
    const expected = `sha256=${createHmac('sha256', SECRET).update(body).digest('hex')}`;
    expect(headers['x-crosscheck-signature']).toBe(expected);
    expect(headers['x-crosscheck-timestamp']).toBe(String(Date.parse('2026-11-21T10:15:07Z') / 1000));
    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^CrossCheck\/\d+\.\d+\.\d+/);
    const { recipients: _recipients, ...delivered } = a;
    expect(JSON.parse(body)).toEqual({ alert: delivered });

    expect(unsigned.received).toHaveLength(1);
    expect(unsigned.received[0]!.headers['x-crosscheck-signature']).toBeUndefined();
    expect(JSON.parse(unsigned.received[0]!.body)).toEqual({ alert: delivered });
    // No receiver learns another's URL or the secret it shares with CrossCheck.
    for (const { body: sent } of [...signed.received, ...unsigned.received]) {
      expect(sent).not.toContain(SECRET);
      expect(sent).not.toContain('recipients');
    }
    expect(lines).toEqual([]);
  });

  it('returns from send() before the receiver has answered', async () => {
    let answer: (() => void) | undefined;
    const slow = await start((_req, _n, res) => {
      answer = () => res.writeHead(200).end();
      return false;
    });
    const { logger, lines } = recordingLogger();
    const notifier = createWebhookNotifier({ logger });
    // If send() waited for delivery, this await would never finish: the receiver answers only when told below.
    await notifier.send(alert({ recipients: { email: [], webhooks: [{ url: slow.url }] } }));
    await vi.waitFor(() => expect(answer).toBeDefined());
    answer!();
    await notifier.flush();
    expect(slow.received).toHaveLength(1);
    expect(lines).toEqual([]);
  });

  it.each([
    [503, 'a receiver that fails twice'],
    [429, 'a receiver that asks to slow down twice'],
  ])('retries with backoff on %i (%s) and then delivers', async (status) => {
    const flaky = await start((_req, n, res) => {
      if (n <= 2) res.writeHead(status).end('try later');
    });
    const { logger, lines, errors } = recordingLogger();
    const notifier = createWebhookNotifier({ logger, backoffMs: 5, retries: 3 });
    await notifier.send(alert({ recipients: { email: [], webhooks: [{ url: flaky.url, secret: SECRET }] } }));
    await notifier.flush();
    expect(flaky.received).toHaveLength(3);
    expect(new Set(flaky.received.map((r) => r.headers['x-crosscheck-signature'])).size).toBe(1);
    expect(errors()).toEqual([]);
    expect(lines.map((l) => [l.level, l.fields.attempt, l.fields.reason])).toEqual([
      ['warn', 1, `HTTP ${status}`],
      ['warn', 2, `HTTP ${status}`],
    ]);
  });

  it('gives up on a receiver that never answers after timeout and retries, logs it, and send() still returned at once', async () => {
    const silent = await start(() => false);
    const { logger, errors } = recordingLogger();
    const notifier = createWebhookNotifier({ logger, timeoutMs: 100, retries: 2, backoffMs: 5 });
    await notifier.send(alert({ recipients: { email: [], webhooks: [{ url: silent.url }] } }));
    expect(errors()).toEqual([]);
    await notifier.flush();
    expect(silent.received).toHaveLength(3);
    expect(errors()).toHaveLength(1);
    expect(errors()[0]!.fields).toMatchObject({ alertId: 'down:inc-1', attempts: 3, reason: 'no answer within 100 ms' });
  });

  it('does not retry a 4xx other than 429, and logs no secret part of the URL', async () => {
    const refusing = await start((_req, _n, res) => {
      res.writeHead(400).end('bad');
    });
    const { logger, lines, errors } = recordingLogger();
    const notifier = createWebhookNotifier({ logger, backoffMs: 1 });
    await notifier.send(alert({ recipients: { email: [], webhooks: [{ url: refusing.url }] } }));
    await notifier.flush();
    expect(refusing.received).toHaveLength(1);
    expect(errors()).toHaveLength(1);
    expect(errors()[0]!.fields).toMatchObject({ attempts: 1, reason: 'HTTP 400' });
    expect(JSON.stringify(lines)).not.toMatch(/token-in-path|also-secret/);
  });

  it('retries a refused connection, then logs the failure without throwing', async () => {
    const gone = await receiver(() => {});
    await gone.close();
    const { logger, errors } = recordingLogger();
    const notifier = createWebhookNotifier({ logger, retries: 1, backoffMs: 1 });
    await expect(notifier.send(alert({ recipients: { email: [], webhooks: [{ url: gone.url }] } }))).resolves.toBeUndefined();
    await notifier.flush();
    expect(errors()).toHaveLength(1);
    expect(errors()[0]!.fields).toMatchObject({ attempts: 2 });
  });

  it.each([
    ['a cloud metadata address', 'http://169.254.169.254/latest/meta-data/', LOCAL_POLICY],
    ['a link-local address', 'http://[fe80::1]/hook', LOCAL_POLICY],
    ['loopback under the cloud policy', 'http://127.0.0.1:9/hook', CLOUD_POLICY],
  ])('refuses a webhook at %s once, without retrying', async (_label, url, policy) => {
    const { logger, errors, warnings } = recordingLogger();
    const notifier = createWebhookNotifier({ logger, policy, retries: 3, backoffMs: 1 });
    await notifier.send(alert({ recipients: { email: [], webhooks: [{ url }] } }));
    await notifier.flush();
    expect(warnings()).toHaveLength(0);
    expect(errors()).toHaveLength(1);
    expect(errors()[0]!.fields).toMatchObject({ attempts: 1, reason: expect.stringMatching(/refused|not allowed|private|loopback|metadata|link-local/i) });
  });
});

// ---------------------------------------------------------------- combine

describe('combineNotifiers', () => {
  it('hands every alert to every notifier, even when one fails, then reports the failure', async () => {
    const seen: string[] = [];
    const ok = (name: string): Notifier => ({
      send: async (a) => {
        seen.push(`${name}:${a.id}`);
      },
    });
    const broken: Notifier = { send: async () => Promise.reject(new Error('disk full')) };
    await expect(combineNotifiers(ok('a'), broken, ok('b')).send(alert())).rejects.toThrow('disk full');
    expect(seen).toEqual(['a:down:inc-1', 'b:down:inc-1']);
    await expect(combineNotifiers(broken, broken).send(alert())).rejects.toBeInstanceOf(AggregateError);
    await expect(combineNotifiers(ok('c')).send(alert())).resolves.toBeUndefined();
  });

  it('flushes the notifiers that can be flushed', async () => {
    let flushed = 0;
    const flushable = { send: async () => {}, flush: async () => void (flushed += 1) };
    await combineNotifiers({ send: async () => {} }, flushable, flushable).flush();
    expect(flushed).toBe(2);
  });
});
