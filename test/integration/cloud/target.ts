/**
 * The monitored service for the cloud end-to-end, on loopback: `/up` answers 200,
 * `/down` 503, and `/down-in/<region>` 503 only to checks that say (X-CrossCheck-Region)
 * they come from that region, 200 to the others. `/switch/<name>` answers as the test
 * sets it (`setDown(name, true)`: 503; 200 until then), and not at all while held
 * (`hold(name)`, until its release). Any path may add `?delay=<ms>` to answer only after
 * that long.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Target {
  readonly url: (path: string) => string;
  /** Requests seen, by path and checking region. */
  readonly seen: { path: string; region: string }[];
  /** Sets whether `/switch/<name>` fails (503) or passes (200). */
  setDown(name: string, down: boolean): void;
  /** Holds the answers to `/switch/<name>` (requests are still seen) until the returned release is called. */
  hold(name: string): () => void;
  close(): Promise<void>;
}

export async function startTarget(): Promise<Target> {
  const seen: { path: string; region: string }[] = [];
  const switchedDown = new Set<string>();
  const held = new Map<string, (() => void)[]>();
  const server: Server = createServer((request, response) => {
    const path = request.url ?? '/';
    const region = String(request.headers['x-crosscheck-region'] ?? '');
    seen.push({ path, region });
    const downIn = /^\/down-in\/([^/?]+)/.exec(path)?.[1];
    const switched = /^\/switch\/([^/?]+)/.exec(path)?.[1];
    const failing = switched !== undefined ? switchedDown.has(switched) : path.startsWith('/down') && (downIn === undefined || downIn === region);
    const delay = Number(new URL(path, 'http://target').searchParams.get('delay') ?? 0);
    const answer = () => {
      response.writeHead(failing ? 503 : 200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ status: failing ? 'DOWN' : 'UP' }));
    };
    const waiting = switched === undefined ? undefined : held.get(switched);
    if (waiting) waiting.push(answer);
    else if (delay > 0) setTimeout(answer, delay);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    seen,
    setDown(name, down) {
      if (down) switchedDown.add(name);
      else switchedDown.delete(name);
    },
    hold(name) {
      const waiting: (() => void)[] = [];
      held.set(name, waiting);
      return () => {
        held.delete(name);
        for (const answer of waiting.splice(0)) answer();
      };
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
