/**
 * The service the e2e tests monitor: a loopback HTTP server with a switch. Healthy, it
 * answers 200 `{"status":"UP"}`; broken, 503 `{"status":"DOWN"}`; broken in one region,
 * 503 only to requests whose X-CrossCheck-Region header names that region (the probe
 * sets it), so the test can make an outage that only one region sees.
 */
import { startHttpServer, type TestServer } from '../../helpers/servers.ts';

export type TargetMode = { readonly kind: 'healthy' } | { readonly kind: 'broken' } | { readonly kind: 'broken-in'; readonly region: string };

export interface SwitchableTarget {
  /** The URL to monitor. */
  readonly url: string;
  readonly server: TestServer;
  set(mode: TargetMode): void;
  /** Requests received so far, per X-CrossCheck-Region value ('' when absent). */
  requestsByRegion(): Map<string, number>;
  close(): Promise<void>;
}

export const HEALTHY: TargetMode = { kind: 'healthy' };
export const BROKEN: TargetMode = { kind: 'broken' };
export const brokenIn = (region: string): TargetMode => ({ kind: 'broken-in', region });

export async function startSwitchableTarget(): Promise<SwitchableTarget> {
  let mode: TargetMode = HEALTHY;
  const server = await startHttpServer((request, res) => {
    const region = String(request.headers['x-crosscheck-region'] ?? '');
    const fails = mode.kind === 'broken' || (mode.kind === 'broken-in' && region === mode.region);
    res.writeHead(fails ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: fails ? 'DOWN' : 'UP' }));
  });
  return {
    url: `${server.origin}/health`,
    server,
    set(next) {
      mode = next;
    },
    requestsByRegion() {
      const counts = new Map<string, number>();
      for (const r of server.requests) {
        const region = String(r.headers['x-crosscheck-region'] ?? '');
        counts.set(region, (counts.get(region) ?? 0) + 1);
      }
      return counts;
    },
    close: () => server.close(),
  };
}
