/**
 * A loopback HTTP target for benchmarks, run in its own process so that its CPU is
 * not counted against the engine. Answers every request with a small JSON body after
 * `--delay <ms>` and closes the connection (so every check opens a new one).
 * Prints `{"port": N}` on stdout once listening. Beside it, for the tcp and dns checks:
 * a TCP server that answers a line with PONG and closes, and a DNS server (UDP, built
 * with dns-packet) that answers every A query with one address (`tcpPort`, `dnsPort`).
 */
import { createSocket } from 'node:dgram';
import { createServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import * as dnsPacket from 'dns-packet';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { delay: { type: 'string', default: '0' } } });
const delayMs = Number(values.delay);
const body = JSON.stringify({ status: 'UP', items: [1, 2, 3] });

const server = createServer((req, res) => {
  req.resume();
  const answer = () => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
  };
  if (delayMs > 0) setTimeout(answer, delayMs);
  else answer();
});
server.keepAliveTimeout = 0;

const tcp = createTcpServer((socket) => {
  socket.on('error', () => {});
  socket.once('data', () => socket.end('PONG\r\n'));
});
const dns = createSocket('udp4');
dns.on('message', (message, remote) => {
  const query = dnsPacket.decode(message);
  const answers: dnsPacket.Answer[] = [{ type: 'A', name: query.questions?.[0]?.name ?? 'bench.test', ttl: 60, data: '192.0.2.1' }];
  dns.send(dnsPacket.encode({ type: 'response', id: query.id ?? 0, flags: dnsPacket.RECURSION_AVAILABLE, questions: query.questions ?? [], answers }), remote.port, remote.address);
});

const listening = (s: { listen: (port: number, host: string, cb: () => void) => unknown }) => new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
await Promise.all([listening(server), listening(tcp), new Promise<void>((resolve) => dns.bind(0, '127.0.0.1', resolve))]);
const portOf = (address: ReturnType<typeof server.address>) => (address && typeof address === 'object' ? address.port : 0);
process.stdout.write(`${JSON.stringify({ port: portOf(server.address()), tcpPort: portOf(tcp.address()), dnsPort: dns.address().port })}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
process.on('disconnect', () => process.exit(0));
