/**
 * The service the e2e tests monitor: a loopback HTTP server with a switch. Healthy, it
 * answers 200 `{"status":"UP"}`; broken, 503 `{"status":"DOWN"}`; broken in one region,
 * 503 only to requests whose X-CrossCheck-Region header names that region (the probe
 * sets it), so the test can make an outage that only one region sees. Holding, it fails
 * one region's requests and leaves another region's unanswered until the mode changes
 * (they are then answered as the new mode says), so a verification can be caught in
 * flight.
 */
import type { ServerResponse } from 'node:http';
import { startHttpServer, type TestServer } from '../../helpers/servers.ts';

export type TargetMode =
  | { readonly kind: 'healthy' }
  | { readonly kind: 'broken' }
  | { readonly kind: 'broken-in'; readonly region: string }
  | { readonly kind: 'holding'; readonly failIn: string; readonly holdIn: string };

export interface SwitchableTarget {
  /** The URL to monitor. */
  readonly url: string;
  readonly server: TestServer;
  set(mode: TargetMode): void;
  /** Requests received so far, per X-CrossCheck-Region value ('' when absent). */
  requestsByRegion(): Map<string, number>;
  /** Requests held unanswered now (mode `holding`). */
  held(): number;
  close(): Promise<void>;
}

export const HEALTHY: TargetMode = { kind: 'healthy' };
export const BROKEN: TargetMode = { kind: 'broken' };
export const brokenIn = (region: string): TargetMode => ({ kind: 'broken-in', region });
/** `failIn`'s requests fail at once; `holdIn`'s wait unanswered until the next `set`. */
export const holding = (failIn: string, holdIn: string): TargetMode => ({ kind: 'holding', failIn, holdIn });

export async function startSwitchableTarget(): Promise<SwitchableTarget> {
  let mode: TargetMode = HEALTHY;
  const held: { region: string; res: ServerResponse }[] = [];
  const answer = (region: string, res: ServerResponse) => {
    if (res.destroyed || res.writableEnded) return;
    const fails =
      mode.kind === 'broken' || (mode.kind === 'broken-in' && region === mode.region) || (mode.kind === 'holding' && region === mode.failIn);
    res.writeHead(fails ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: fails ? 'DOWN' : 'UP' }));
  };
  const server = await startHttpServer((request, res) => {
    const region = String(request.headers['x-crosscheck-region'] ?? '');
    if (mode.kind === 'holding' && region === mode.holdIn) held.push({ region, res });
    else answer(region, res);
  });
  return {
    url: `${server.origin}/health`,
    server,
    set(next) {
      mode = next;
      if (mode.kind === 'holding') return;
      for (const { region, res } of held.splice(0)) answer(region, res);
    },
    held: () => held.filter(({ res }) => !res.destroyed && !res.writableEnded).length,
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
