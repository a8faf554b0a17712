/**
 * tls monitors: a direct handshake and STARTTLS (SMTP, IMAP, POP3) against loopback
 * servers with certificates made at test time: one signed by a test CA, an expired one,
 * one for another host, a self-signed one; and servers that refuse the upgrade.
 */
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMonitorDefinition } from '../../functions/core/monitor.ts';
import { runCheck } from '../../functions/engine/index.ts';
import { createLeafCertificate, createTestCa, daysFromNow, type TestCertificate } from '../helpers/certs.ts';
import { startMailServer, type MailProtocol, type StreamServer } from '../helpers/protocol-servers.ts';

let ca: TestCertificate;
const servers: { close(): Promise<void> }[] = [];

async function tlsServer(certificate: TestCertificate): Promise<number> {
  const server: TlsServer = createTlsServer({ key: certificate.key, cert: certificate.cert }, (socket) => socket.end());
  server.on('tlsClientError', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push({ close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  return (server.address() as AddressInfo).port;
}

let good: number;
let expired: number;
let wrongHost: number;
let selfSigned: number;
let goodCertificate: TestCertificate;

beforeAll(async () => {
  ca = await createTestCa();
  goodCertificate = await createLeafCertificate({ issuer: ca, notAfter: daysFromNow(20) });
  const [expiredCert, wrongHostCert, selfSignedCert] = await Promise.all([
    createLeafCertificate({ issuer: ca, notBefore: daysFromNow(-30), notAfter: daysFromNow(-1) }),
    createLeafCertificate({ issuer: ca, dnsNames: ['other.test'], ips: ['10.9.9.9'] }),
    createLeafCertificate({}),
  ]);
  [good, expired, wrongHost, selfSigned] = await Promise.all([tlsServer(goodCertificate), tlsServer(expiredCert), tlsServer(wrongHostCert), tlsServer(selfSignedCert)]);
});
afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
});

const tls = (port: number, fields: Record<string, unknown> = {}) =>
  ({ ...parseMonitorDefinition({ type: 'tls', name: 't', url: `tls://127.0.0.1:${port}`, timeoutMs: 2000, ...fields }), ca: ca.cert }) as const;

describe('tls checks', () => {
  it('a handshake with a certificate that verifies: connected, facts, [CERTIFICATE_EXPIRATION]', async () => {
    const result = await runCheck(tls(good, { conditions: ['[CONNECTED] == true', '[CERTIFICATE_EXPIRATION] > 48h', '[CERTIFICATE_EXPIRATION] < 504h'] }));
    expect(result).toMatchObject({ success: true, cause: null, method: 'TLS', connected: true });
    expect(result.tls).toMatchObject({ chainVerified: true, verificationError: null, daysLeft: 19 });
    expect(result.timings.tls).not.toBeNull();
  });

  it('an expired certificate fails with cause tls and its code, its facts kept', async () => {
    const result = await runCheck(tls(expired));
    expect(result).toMatchObject({ success: false, cause: 'tls', errorCode: 'CERT_HAS_EXPIRED' });
    expect(result.tls?.daysLeft).toBeLessThan(0);
  });

  it('a certificate for another host fails with the host name code', async () => {
    const result = await runCheck(tls(wrongHost));
    expect(result).toMatchObject({ success: false, cause: 'tls', errorCode: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('a self-signed certificate fails, and passes with verifyTls: false (Gatus client.insecure)', async () => {
    expect(await runCheck(tls(selfSigned))).toMatchObject({ success: false, cause: 'tls', errorCode: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const insecure = await runCheck(tls(selfSigned, { verifyTls: false }));
    expect(insecure).toMatchObject({ success: true });
    expect(insecure.tls).toMatchObject({ chainVerified: false, verificationError: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it('[CERTIFICATE_EXPIRATION] reads the certificate even when it did not verify', async () => {
    const result = await runCheck(tls(expired, { conditions: ['[CERTIFICATE_EXPIRATION] > 0'] }));
    expect(result.conditions[0]!.condition).toMatch(/^\[CERTIFICATE_EXPIRATION\] \(-\d+h\d*m?\d*s?\) > 0$/);
  });
});

describe('STARTTLS', () => {
  const mail: Partial<Record<MailProtocol | `${MailProtocol}-refusing`, StreamServer>> = {};
  beforeAll(async () => {
    for (const protocol of ['smtp', 'imap', 'pop3'] as const) {
      mail[protocol] = await startMailServer(protocol, goodCertificate);
      mail[`${protocol}-refusing`] = await startMailServer(protocol, goodCertificate, { refuse: true });
      servers.push(mail[protocol]!, mail[`${protocol}-refusing`]!);
    }
  });

  it.each(['smtp', 'imap', 'pop3'] as const)('%s: the dialogue, then a handshake that verifies', async (protocol) => {
    const result = await runCheck(tls(mail[protocol]!.port, { starttls: protocol, conditions: ['[CONNECTED] == true', '[CERTIFICATE_EXPIRATION] > 48h'] }));
    expect(result).toMatchObject({ success: true, cause: null, url: `tls://127.0.0.1:${mail[protocol]!.port} (STARTTLS ${protocol})` });
    expect(result.tls).toMatchObject({ chainVerified: true });
    const sent = mail[protocol]!.received.at(-1)!;
    expect(sent.startsWith({ smtp: 'EHLO ', imap: 'cc1 STARTTLS', pop3: 'STLS' }[protocol])).toBe(true);
  });

  it.each(['smtp', 'imap', 'pop3'] as const)('%s: a refused upgrade fails with cause protocol, quoting the answer', async (protocol) => {
    const result = await runCheck(tls(mail[`${protocol}-refusing`]!.port, { starttls: protocol }));
    expect(result).toMatchObject({ success: false, cause: 'protocol', errorCode: 'starttls_refused', tls: null });
  });

  it('a server that is not a mail server (a TLS server) times out in the greeting', async () => {
    const result = await runCheck(tls(good, { starttls: 'smtp', timeoutMs: 300 }));
    expect(result.success).toBe(false);
    expect(['timeout', 'protocol']).toContain(result.cause);
  });
});
