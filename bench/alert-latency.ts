/**
 * Alert latency on loopback: from the moment a confirmed incident's DOWN alert is handed
 * to the channel notifier (what the transition does) to the receiver's request, through
 * the real path: delivery claim in SQLite, the ledger entry read, rendering, the SSRF
 * guard and the HTTP request. `node bench/alert-latency.ts [runs]`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createChannelNotifier } from '../functions/adapters/common/channels/channel-notifier.ts';
import { createChannelSender } from '../functions/adapters/common/channels/channel-sender.ts';
import { openLocalStores } from '../functions/adapters/local/index.ts';
import type { Alert } from '../functions/core/alert.ts';
import { parseChannel } from '../functions/core/channel.ts';
import { LOCAL_POLICY } from '../functions/engine/index.ts';

const runs = Number(process.argv[2] ?? 200);
const stores = openLocalStores({ path: ':memory:' });
let arrived: (() => void) | null = null;
const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    arrived?.();
    res.writeHead(200).end('ok');
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
for (const type of ['slack', 'webhook'] as const) {
  await stores.channels.create(parseChannel(type === 'slack' ? { name: type, type, webhookUrl: `${origin}/s` } : { name: type, type, url: `${origin}/w`, secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}` }));
}
const notifier = createChannelNotifier({ ...stores, sender: createChannelSender({ policy: LOCAL_POLICY }), clock: { now: () => Date.now() }, logger: { warn: () => undefined, error: console.error }, publicUrl: () => 'http://127.0.0.1:8070' });

const alert = (i: number, channel: string): Alert => ({
  id: `down:bench-${channel}-${i}`,
  kind: 'down',
  time: new Date().toISOString(),
  monitor: { id: 'm', name: 'bench', url: 'https://example.test/' },
  subject: 'DOWN: bench',
  text: 'bench\n',
  incident: { id: `bench-${channel}-${i}`, cause: 'condition', openedAt: new Date().toISOString(), resolvedAt: null, verification: 'confirmed', ledgerSeq: null, reasons: ['[STATUS] (503) == 200'], locations: ['local-a', 'local-b'] },
  recipients: { email: [], webhooks: [], channels: [{ channel }] },
});

for (const channel of ['slack', 'webhook']) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const got = new Promise<void>((resolve) => (arrived = resolve));
    await notifier.send(alert(i, channel));
    await got;
    times.push(performance.now() - start);
    await notifier.flush();
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
  console.log(`${channel}: ${runs} alerts, confirmed incident -> receiver request: p50 ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms`);
}
server.close();
stores.close();
