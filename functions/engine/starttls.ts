/**
 * STARTTLS: the plain-text dialogue that asks a mail server to switch to TLS (SMTP
 * RFC 3207, IMAP RFC 9051 section 6.2.1, POP3 RFC 2595 STLS), then the handshake on
 * the same connection. Nothing but the greeting, EHLO and the upgrade command is sent.
 */
import type { Socket } from 'node:net';
import type { StarttlsProtocol } from '../core/monitor-types/tls.ts';
import { ProbeFailure } from './failure.ts';
import { readReply, send, type ReadContext } from './stream-io.ts';

const SMTP_LAST = (line: string): boolean => /^\d{3}(?: |$)/.test(line);

function expect(ok: boolean, what: string, lines: readonly string[]): void {
  if (!ok) {
    const reply = (lines.at(-1) ?? '').slice(0, 120);
    throw new ProbeFailure('protocol', 'starttls_refused', `${what}: the server answered ${JSON.stringify(reply)}`);
  }
}

async function smtp(socket: Socket, context: ReadContext): Promise<void> {
  const greeting = await readReply(socket, SMTP_LAST, 'SMTP greeting', context);
  expect(greeting.at(-1)!.startsWith('220'), 'SMTP greeting', greeting);
  await send(socket, 'EHLO crosscheck.invalid\r\n');
  const ehlo = await readReply(socket, SMTP_LAST, 'SMTP EHLO', context);
  expect(ehlo.at(-1)!.startsWith('250'), 'SMTP EHLO', ehlo);
  await send(socket, 'STARTTLS\r\n');
  const reply = await readReply(socket, SMTP_LAST, 'SMTP STARTTLS', context);
  expect(reply.at(-1)!.startsWith('220'), 'SMTP STARTTLS', reply);
}

async function imap(socket: Socket, context: ReadContext): Promise<void> {
  const greeting = await readReply(socket, (line) => line.startsWith('* '), 'IMAP greeting', context);
  expect(/^\* OK\b/i.test(greeting.at(-1)!), 'IMAP greeting', greeting);
  await send(socket, 'cc1 STARTTLS\r\n');
  const reply = await readReply(socket, (line) => line.startsWith('cc1 '), 'IMAP STARTTLS', context);
  expect(/^cc1 OK\b/i.test(reply.at(-1)!), 'IMAP STARTTLS', reply);
}

async function pop3(socket: Socket, context: ReadContext): Promise<void> {
  const greeting = await readReply(socket, () => true, 'POP3 greeting', context);
  expect(greeting[0]!.startsWith('+OK'), 'POP3 greeting', greeting);
  await send(socket, 'STLS\r\n');
  const reply = await readReply(socket, () => true, 'POP3 STLS', context);
  expect(reply[0]!.startsWith('+OK'), 'POP3 STLS', reply);
}

/** Runs the protocol's dialogue up to the point where the server expects the TLS handshake. Throws ProbeFailure. */
export function negotiateStarttls(socket: Socket, protocol: StarttlsProtocol, context: ReadContext): Promise<void> {
  switch (protocol) {
    case 'smtp':
      return smtp(socket, context);
    case 'imap':
      return imap(socket, context);
    case 'pop3':
      return pop3(socket, context);
  }
}
