/**
 * Real SMTP on loopback (`smtp-server`): STARTTLS with a certificate from a test CA,
 * AUTH, the message parsed with postal-mime (a plain-text and an HTML part); a server
 * that refuses (a 5xx is final, a 4xx is retried), one that stalls, one that does not
 * offer STARTTLS (refused: no clear-text fallback).
 */
import { createServer as createTcpServer, type AddressInfo, type Server as TcpServer, type Socket } from 'node:net';
import PostalMime from 'postal-mime';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { createChannelSender } from '../../functions/adapters/common/channels/channel-sender.ts';
import { createSmtpTransport, type SmtpOptions } from '../../functions/adapters/local/mail/smtp.ts';
import { parseChannel } from '../../functions/core/channel.ts';
import { MailError } from '../../functions/core/errors.ts';
import { messageFixture } from '../helpers/channel-fixtures.ts';
import { createLeafCertificate, createTestCa, type TestCertificate } from '../helpers/certs.ts';

interface Received {
  readonly raw: string;
  readonly secure: boolean;
  readonly user: string | undefined;
  readonly from: string;
  readonly to: string[];
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

let pki: { ca: TestCertificate; leaf: TestCertificate } | null = null;
async function certificates() {
  if (pki === null) {
    const ca = await createTestCa();
    pki = { ca, leaf: await createLeafCertificate({ issuer: ca, dnsNames: ['localhost'], ips: ['127.0.0.1'] }) };
  }
  return pki;
}

async function smtpServer(options: Partial<SMTPServerOptions> = {}) {
  const { leaf } = await certificates();
  const received: Received[] = [];
  const server = new SMTPServer({
    key: leaf.key,
    cert: leaf.cert,
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'alerts' && auth.password === 'app-password') return callback(null, { user: auth.username });
      return callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          secure: session.secure,
          user: session.user as string | undefined,
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port, received };
}

async function transport(port: number, overrides: Partial<SmtpOptions> = {}) {
  const { ca } = await certificates();
  const t = createSmtpTransport({ host: '127.0.0.1', port, security: 'starttls', user: 'alerts', password: 'app-password', from: 'CrossCheck <alerts@crosscheck.test>', ca: ca.cert, ...overrides });
  closers.push(async () => t.close());
  return t;
}

const MAIL = {
  to: ['ops@example.test'],
  subject: '[CrossCheck] DOWN: Checkout API (HTTP 503) confirmed from local-a and local-b — ünïcode',
  text: 'Checkout API is DOWN since 2026-11-21T10:15:00Z.\n[STATUS] (503) == 200\n',
  html: '<!doctype html><html><body><h1>Checkout API is DOWN</h1><p>[STATUS] (503) == 200</p></body></html>',
  headers: { 'X-CrossCheck-Alert-Id': 'down:inc-1', 'Auto-Submitted': 'auto-generated' },
};

function mailError(promise: Promise<unknown>): Promise<MailError> {
  return promise.then(
    () => {
      throw new Error('expected the mail to be refused');
    },
    (error: unknown) => {
      expect(error).toBeInstanceOf(MailError);
      return error as MailError;
    },
  );
}

describe('SMTP transport (nodemailer) against smtp-server on loopback', () => {
  it('sends over STARTTLS with AUTH: the server sees TLS and the user; the message has a text and an HTML part', async () => {
    const server = await smtpServer();
    await (await transport(server.port)).sendMail(MAIL);
    expect(server.received).toHaveLength(1);
    const [got] = server.received;
    expect(got).toMatchObject({ secure: true, user: 'alerts', from: 'alerts@crosscheck.test', to: ['ops@example.test'] });
    const parsed = await PostalMime.parse(got!.raw);
    expect(parsed.subject).toBe(MAIL.subject);
    expect(parsed.from).toMatchObject({ name: 'CrossCheck', address: 'alerts@crosscheck.test' });
    expect(parsed.text?.trim()).toBe(MAIL.text.trim());
    expect(parsed.html).toContain('<h1>Checkout API is DOWN</h1>');
    expect(parsed.headers.find((h) => h.key === 'x-crosscheck-alert-id')?.value).toBe('down:inc-1');
    // Not base64-only: the text part travels readable (quoted-printable or 7bit).
    expect(got!.raw).toMatch(/Content-Transfer-Encoding: (quoted-printable|7bit)/i);
  });

  it('implicit TLS (port 465 style) works too', async () => {
    const server = await smtpServer({ secure: true });
    await (await transport(server.port, { security: 'tls' })).sendMail(MAIL);
    expect(server.received[0]).toMatchObject({ secure: true, user: 'alerts' });
  });

  it('refuses to send in clear text to a server that does not offer STARTTLS', async () => {
    const server = await smtpServer({ disabledCommands: ['STARTTLS'] });
    const error = await mailError((await transport(server.port)).sendMail(MAIL));
    expect(error.message).toMatch(/STARTTLS|TLS/i);
    expect(server.received).toHaveLength(0);
  });

  it('a wrong password is a final 535, and the error does not carry the password', async () => {
    const server = await smtpServer();
    const error = await mailError((await transport(server.port, { password: 'wrong-password' })).sendMail(MAIL));
    expect(error).toMatchObject({ responseCode: 535, retryable: false });
    expect(error.message).not.toContain('wrong-password');
    expect(server.received).toHaveLength(0);
  });

  it('a server that refuses the recipient (550) is final; one that defers (451) is retryable', async () => {
    const refusing = await smtpServer({ onRcptTo: (_a, _s, cb) => cb(Object.assign(new Error('No such user'), { responseCode: 550 })) });
    expect(await mailError((await transport(refusing.port)).sendMail(MAIL))).toMatchObject({ responseCode: 550, retryable: false });
    const deferring = await smtpServer({ onRcptTo: (_a, _s, cb) => cb(Object.assign(new Error('Try again later'), { responseCode: 451 })) });
    expect(await mailError((await transport(deferring.port)).sendMail(MAIL))).toMatchObject({ responseCode: 451, retryable: true });
  });

  it('a server that accepts the connection and never greets times out, retryable', async () => {
    const sockets = new Set<Socket>();
    const stalling: TcpServer = createTcpServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => stalling.listen(0, '127.0.0.1', resolve));
    closers.push(
      () =>
        new Promise<void>((resolve) => {
          for (const s of sockets) s.destroy();
          stalling.close(() => resolve());
        }),
    );
    const port = (stalling.address() as AddressInfo).port;
    const error = await mailError((await transport(port, { connectionTimeoutMs: 300, socketTimeoutMs: 300 })).sendMail(MAIL));
    expect(error.retryable).toBe(true);
    expect(error.responseCode).toBeNull();
  });

  it('an e-mail channel retries a deferring server, then delivers', async () => {
    let calls = 0;
    const server = await smtpServer({
      onRcptTo: (_a, _s, cb) => (++calls === 1 ? cb(Object.assign(new Error('Greylisted'), { responseCode: 451 })) : cb()),
    });
    const waits: number[] = [];
    const sender = createChannelSender({ mail: await transport(server.port), backoffMs: 50, sleep: async (ms) => void waits.push(ms) });
    const outcome = await sender.send(parseChannel({ name: 'mail', type: 'email', to: ['oncall@example.test'] }), messageFixture(), { deliveryId: 'down:inc-1|mail' });
    expect(outcome).toEqual({ ok: true, attempts: 2, lastStatus: 250, error: null });
    expect(waits).toEqual([50]);
    const parsed = await PostalMime.parse(server.received[0]!.raw);
    expect(parsed.to).toEqual([expect.objectContaining({ address: 'oncall@example.test' })]);
    expect(parsed.text).toContain('[STATUS] (503) == 200');
    expect(parsed.text).toContain('local-a, local-b');
    expect(parsed.html).toContain('http://crosscheck.test/v1/incidents/inc-1');
  });
});
