/**
 * The local verify queues with their journal in the real SQLite database: a request is
 * kept from `send` until its handler has run, so a stop (queues closed with requests not
 * yet delivered: SIGTERM) or a kill (a handler that never finished: SIGKILL) loses none;
 * the next start over the same database file delivers them again. Each "restart" here
 * opens the database afresh, as the runtime does.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDurableVerifyQueues, InProcessQueue, localDatabasePath, openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { RegionUnavailableError } from '../../functions/core/errors.ts';
import type { VerifyRequest } from '../../functions/core/jobs.ts';
import { verificationStaleAfterMs } from '../../functions/core/state-machine.ts';
import { checkResult, iso, monitorWithId, T0 } from '../helpers/fixtures.ts';

const REGIONS = ['local-a', 'local-b'];
const monitor = monitorWithId('m1', { intervalSeconds: 10, timeoutMs: 2000 });
const STALE_MS = verificationStaleAfterMs(monitor);

const request = (id: string, requestedAtMs = T0): VerifyRequest => ({
  verificationId: id,
  monitor,
  fromRegion: 'local-a',
  primary: checkResult({ success: false, status: 503, cause: 'condition' }),
  tried: [],
  requestedAt: iso(requestedAtMs),
});

let dir: string;
const open: LocalStores[] = [];

/** One runtime's worth: the database opened afresh, a queue per region, the durable wrapper. */
function start(regions = REGIONS) {
  const stores = openLocalStores({ path: localDatabasePath(dir) });
  open.push(stores);
  const queues = new Map(regions.map((r) => [r, new InProcessQueue<VerifyRequest>({ name: `verify-${r}`, concurrency: 1, retryDelayMs: 1, onDeadLetter: () => undefined })]));
  return { stores, queues, verify: createDurableVerifyQueues(queues, stores.verificationRequests) };
}

const journaled = (stores: LocalStores) => stores.verificationRequests.all().map(({ region, request: r }) => `${region}:${r.verificationId}`);

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'crosscheck-verify-journal-'));
});

afterEach(() => {
  for (const stores of open.splice(0)) stores.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('durable local verify queues', () => {
  it('keep a request from send until its handler has resolved, then forget it', async () => {
    const { stores, queues, verify } = start();
    let release!: () => void;
    const handled: string[] = [];
    verify.consume(async (r, region) => {
      await new Promise<void>((resolve) => (release = resolve));
      handled.push(`${region}:${r.verificationId}`);
    });
    await verify.port.send('local-b', request('v1'));
    expect(journaled(stores)).toEqual(['local-b:v1']);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(queues.get('local-b')!.stats().inFlight).toBe(1);
    expect(journaled(stores), 'still kept while its handler runs').toEqual(['local-b:v1']);
    release();
    await queues.get('local-b')!.drain();
    expect(handled).toEqual(['local-b:v1']);
    expect(journaled(stores)).toEqual([]);
  });

  it('after a stop that closed the queues before delivery (SIGTERM), the next start delivers what was waiting', async () => {
    const first = start();
    let release!: () => void;
    first.verify.consume(() => new Promise<void>((resolve) => (release = resolve)));
    await first.verify.port.send('local-b', request('v1'));
    await first.verify.port.send('local-b', request('v2')); // waits: concurrency 1
    await new Promise((resolve) => setTimeout(resolve, 10));
    for (const queue of first.queues.values()) queue.close(); // what shutdown does: undelivered messages are dropped
    // A check finishing during the stop still asks for its verification: kept, not refused as unreachable.
    await expect(first.verify.port.send('local-b', request('v3'))).resolves.toBeUndefined();
    release();
    await first.queues.get('local-b')!.drain();
    expect(journaled(first.stores)).toEqual(['local-b:v2', 'local-b:v3']);
    first.stores.close();

    const second = start();
    const handled: string[] = [];
    second.verify.consume(async (r, region) => void handled.push(`${region}:${r.verificationId}`));
    expect(second.verify.redeliver(T0 + 1000)).toEqual({ redelivered: 2, dropped: 0 });
    await second.queues.get('local-b')!.drain();
    expect(handled).toEqual(['local-b:v2', 'local-b:v3']);
    expect(journaled(second.stores)).toEqual([]);
  });

  it('after a kill with a handler in flight (SIGKILL), the next start delivers it again', async () => {
    const first = start();
    first.verify.consume(() => new Promise<void>(() => undefined)); // never finishes: the process dies first
    await first.verify.port.send('local-b', request('v1'));
    // No close, no drain: the "process" is gone. The row was committed when send resolved.

    const second = start();
    const handled: VerifyRequest[] = [];
    second.verify.consume(async (r) => void handled.push(r));
    expect(second.verify.redeliver(T0 + STALE_MS)).toEqual({ redelivered: 1, dropped: 0 });
    await second.queues.get('local-b')!.drain();
    expect(handled).toEqual([request('v1')]);
    expect(journaled(second.stores)).toEqual([]);
  });

  it('drop at start a request that has gone stale (the next failure asks anew) and one for a region no longer configured', async () => {
    const first = start(['local-a', 'local-b', 'local-c']);
    await first.verify.port.send('local-b', request('old', T0 - STALE_MS - 1));
    await first.verify.port.send('local-b', request('fresh', T0 - STALE_MS));
    await first.verify.port.send('local-c', request('elsewhere', T0));
    first.stores.close();

    const second = start(['local-a', 'local-b']);
    const handled: string[] = [];
    second.verify.consume(async (r) => void handled.push(r.verificationId));
    expect(second.verify.redeliver(T0)).toEqual({ redelivered: 1, dropped: 2 });
    await second.queues.get('local-b')!.drain();
    expect(handled).toEqual(['fresh']);
    expect(journaled(second.stores)).toEqual([]);
  });

  it('keep a request whose handler failed every attempt, for the next start', async () => {
    const { stores, queues, verify } = start();
    let attempts = 0;
    verify.consume(async () => {
      attempts += 1;
      throw new Error('the database is busy');
    });
    await verify.port.send('local-b', request('v1'));
    await queues.get('local-b')!.drain();
    expect(attempts).toBe(3);
    expect(journaled(stores)).toEqual(['local-b:v1']);
  });

  it('refuse a region without a queue, and journal nothing for it', async () => {
    const { stores, verify } = start();
    const error = await verify.port.send('local-x', request('v1')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegionUnavailableError);
    expect(journaled(stores)).toEqual([]);
  });

  it('keep one copy of a request sent twice (pending effects carried out again after a crash)', async () => {
    const { stores, verify } = start();
    await verify.port.send('local-b', request('v1'));
    await verify.port.send('local-b', request('v1'));
    expect(journaled(stores)).toEqual(['local-b:v1']);
  });
});
