/**
 * The monitored service for the cloud end-to-end, on loopback: `/up` answers 200,
 * `/down` 503, and `/down-in/<region>` 503 only to checks that say (X-CrossCheck-Region)
 * they come from that region, 200 to the others.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Target {
  readonly url: (path: string) => string;
  /** Requests seen, by path and checking region. */
  readonly seen: { path: string; region: string }[];
  close(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  const seen: { path: string; region: string }[] = [];
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    const region = String(request.headers['x-crosscheck-region'] ?? '');
    seen.push({ path, region });
    const downIn = /^\/down-in\/([^/?]+)/.exec(path)?.[1];
    const failing = path.startsWith('/down') && (downIn === undefined || downIn === region);
    response.writeHead(failing ? 503 : 200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: failing ? 'DOWN' : 'UP' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    seen,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
