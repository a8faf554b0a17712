/**
 * Loopback servers for the tcp, tls and dns checks: a TCP echo server, a banner
 * server, a port that is closed, mail servers that offer STARTTLS (SMTP, IMAP, POP3)
 * with a certificate made at test time, and a DNS server built with dns-packet that
 * answers over UDP and TCP from a table, or never answers, or answers with garbage.
 * Each listens on 127.0.0.1, port 0, and is stopped with close().
 */
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createSecureContext, TLSSocket } from 'node:tls';
import * as dnsPacket from 'dns-packet';
import type { TestCertificate } from './certs.ts';

export interface StreamServer {
  readonly port: number;
  /** Connections accepted. */
  connections: number;
  /** Everything received, per connection, as text. */
  readonly received: string[];
  close(): Promise<void>;
}

function serve(onConnection: (socket: Socket, index: number, server: StreamServer) => void): Promise<StreamServer> {
  return serveOn(0, onConnection);
}

async function serveOn(port: number, onConnection: (socket: Socket, index: number, server: StreamServer) => void): Promise<StreamServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const handle: StreamServer = {
    port: (server.address() as AddressInfo).port,
    connections: 0,
    received: [],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    const index = handle.connections++;
    handle.received[index] = '';
    socket.on('data', (chunk: Buffer) => {
      handle.received[index] += chunk.toString('latin1');
    });
    onConnection(socket, index, handle);
  });
  return handle;
}

/** Echoes what it receives. */
export function startEchoServer(): Promise<StreamServer> {
  return serve((socket) => socket.pipe(socket));
}

/** Says `banner` as soon as a client connects, then waits. */
export function startBannerServer(banner: string): Promise<StreamServer> {
  return serve((socket) => socket.write(banner));
}

export interface PingServer extends StreamServer {
  /** Answer the next `count` connections with ERR instead of PONG. */
  errNext(count: number): void;
}

/** Answers every line it receives with PONG (or ERR while told to). */
export async function startPingServer(port = 0): Promise<PingServer> {
  let errors = 0;
  const handle = await serveOn(port, (socket) => {
    const failing = errors > 0;
    if (failing) errors -= 1;
    socket.once('data', () => socket.write(failing ? 'ERR\r\n' : 'PONG\r\n'));
  });
  return Object.assign(handle, { errNext: (count: number) => void (errors = count) });
}

/** A port nothing listens on: bound once, then closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export type MailProtocol = 'smtp' | 'imap' | 'pop3';

export interface MailServerOptions {
  /** Refuse the upgrade command instead of starting TLS. */
  readonly refuse?: boolean;
}

/**
 * A mail server that speaks just enough of `protocol` to offer STARTTLS (STLS for POP3)
 * and then completes a TLS handshake with `certificate` on the same connection.
 */
export function startMailServer(protocol: MailProtocol, certificate: TestCertificate, options: MailServerOptions = {}): Promise<StreamServer> {
  const context = createSecureContext({ key: certificate.key, cert: certificate.cert });
  const upgrade = (socket: Socket): void => {
    socket.removeAllListeners('data');
    const secure = new TLSSocket(socket, { isServer: true, secureContext: context });
    secure.on('error', () => {});
  };
  return serve((socket) => {
    let buffer = '';
    const lines: Record<MailProtocol, { greeting: string; answer: (line: string) => string | 'upgrade' | null }> = {
      smtp: {
        greeting: '220 mail.test ESMTP ready\r\n',
        answer: (line) =>
          /^EHLO /i.test(line) ? '250-mail.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n' : /^STARTTLS$/i.test(line) ? (options.refuse ? '454 TLS not available\r\n' : 'upgrade') : '500 unknown\r\n',
      },
      imap: {
        greeting: '* OK [CAPABILITY IMAP4rev1 STARTTLS] ready\r\n',
        answer: (line) => {
          const [tag, command] = line.split(' ');
          if (command?.toUpperCase() !== 'STARTTLS') return `${tag} BAD unknown\r\n`;
          return options.refuse ? `${tag} NO not now\r\n` : 'upgrade';
        },
      },
      pop3: {
        greeting: '+OK POP3 ready\r\n',
        answer: (line) => (/^STLS$/i.test(line) ? (options.refuse ? '-ERR not now\r\n' : 'upgrade') : '-ERR unknown\r\n'),
      },
    };
    const dialogue = lines[protocol];
    socket.write(dialogue.greeting);
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('latin1');
      let at: number;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, at).replace(/\r$/, '');
        buffer = buffer.slice(at + 1);
        const answer = dialogue.answer(line);
        if (answer === 'upgrade') {
          const ok = protocol === 'smtp' ? '220 go ahead\r\n' : protocol === 'imap' ? `${line.split(' ')[0]} OK begin TLS\r\n` : '+OK begin TLS\r\n';
          socket.write(ok, () => upgrade(socket));
          return;
        }
        if (answer !== null) socket.write(answer);
      }
    });
  });
}

/** The records a test DNS server answers, by `name/TYPE` (lower-case name, no trailing dot). */
export type DnsZone = Readonly<Record<string, readonly dnsPacket.Answer[]>>;

export interface DnsServerOptions {
  /** How the server behaves: answer from the zone; never answer; answer with bytes that are no DNS message. @default 'answer' */
  readonly mode?: 'answer' | 'silent' | 'garbage';
  /** Names answered with SERVFAIL. */
  readonly servfail?: readonly string[];
  /** Over UDP, answer with TC set and no answers (the client must ask again over TCP). */
  readonly truncateUdp?: boolean;
}

export interface DnsServer {
  readonly port: number;
  /** Queries received: `udp name/TYPE` or `tcp name/TYPE`. */
  readonly queries: string[];
  /** Answer the next `count` queries with SERVFAIL, whatever they ask (a passing failure). */
  servfailNext(count: number): void;
  /** Answer every query with SERVFAIL (an outage) until called with false. */
  servfailAll(on: boolean): void;
  close(): Promise<void>;
}

function respond(query: dnsPacket.DecodedPacket, zone: DnsZone, options: DnsServerOptions, transport: 'udp' | 'tcp'): dnsPacket.Packet & { rcode?: string } {
  const question = query.questions?.[0];
  const name = (question?.name ?? '').toLowerCase().replace(/\.$/, '');
  const key = `${name}/${question?.type ?? ''}`;
  const base = { type: 'response' as const, id: query.id ?? 0, questions: query.questions ?? [] };
  const rcodeFlags = (rcode: number): number => dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE | rcode;
  if (options.servfail?.includes(name)) return { ...base, flags: rcodeFlags(2) };
  if (transport === 'udp' && options.truncateUdp) return { ...base, flags: rcodeFlags(0) | dnsPacket.TRUNCATED_RESPONSE };
  const answers = zone[key];
  const nameExists = Object.keys(zone).some((k) => k.startsWith(`${name}/`));
  if (!nameExists) return { ...base, flags: rcodeFlags(3) };
  return { ...base, flags: rcodeFlags(0), answers: [...(answers ?? [])] };
}

/** A DNS server on 127.0.0.1 over UDP and TCP on the same port number. */
export async function startDnsServer(zone: DnsZone, options: DnsServerOptions = {}): Promise<DnsServer> {
  const mode = options.mode ?? 'answer';
  const queries: string[] = [];
  let failNext = 0;
  let failAll = false;
  const answer = (query: dnsPacket.DecodedPacket, transport: 'udp' | 'tcp') => {
    const failing = failAll || failNext > 0;
    if (failNext > 0) failNext -= 1;
    const name = (query.questions?.[0]?.name ?? '').toLowerCase().replace(/\.$/, '');
    return respond(query, zone, failing ? { ...options, servfail: [name] } : options, transport);
  };
  const describe = (packet: dnsPacket.DecodedPacket): string => `${packet.questions?.[0]?.name ?? '?'}/${packet.questions?.[0]?.type ?? '?'}`;
  const tcp = await serve((socket) => {
    let buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 2 && buffer.length >= 2 + buffer.readUInt16BE(0)) {
        const length = buffer.readUInt16BE(0);
        const query = dnsPacket.decode(buffer.subarray(2, 2 + length));
        buffer = buffer.subarray(2 + length);
        queries.push(`tcp ${describe(query)}`);
        if (mode === 'silent') continue;
        if (mode === 'garbage') socket.write(Buffer.from([0, 3, 1, 2, 3]));
        else socket.write(dnsPacket.streamEncode(answer(query, 'tcp')));
      }
    });
  });
  const udp: UdpSocket = createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    udp.once('error', reject);
    udp.bind(tcp.port, '127.0.0.1', () => resolve());
  });
  udp.on('message', (message, remote) => {
    const query = dnsPacket.decode(message);
    queries.push(`udp ${describe(query)}`);
    if (mode === 'silent') return;
    const reply = mode === 'garbage' ? Buffer.from([1, 2, 3]) : dnsPacket.encode(answer(query, 'udp'));
    udp.send(reply, remote.port, remote.address);
  });
  return {
    port: tcp.port,
    queries,
    servfailNext: (count) => {
      failNext = count;
    },
    servfailAll: (on) => {
      failAll = on;
    },
    close: async () => {
      await tcp.close();
      await new Promise<void>((resolve) => udp.close(() => resolve()));
    },
  };
}
