import { spawnSync } from 'node:child_process';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLocalJobQueue, createLocalVerifyQueue, InProcessQueue } from '../../functions/adapters/local/index.ts';
import { CrossCheckError, RegionUnavailableError, ValidationError } from '../../functions/core/errors.ts';
import type { CheckJob, VerifyRequest } from '../../functions/core/jobs.ts';
import { checkResult, iso, monitorWithId, T0 } from '../helpers/fixtures.ts';

interface Msg {
  n: number;
  tags: string[];
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const job = (id: string, region: string): CheckJob => ({ jobId: id, monitor: monitorWithId('m1'), region, scheduledFor: iso(T0) });
const verifyRequest = (id: string): VerifyRequest => ({
  verificationId: id,
  monitor: monitorWithId('m1'),
  fromRegion: 'local-a',
  primary: checkResult({ success: false, status: 503, cause: 'condition' }),
  tried: [],
  requestedAt: iso(T0),
});

afterEach(() => {
  vi.useRealTimers();
});

describe('InProcessQueue', () => {
  it('hands consumers a copy, never the object the producer sent', async () => {
    const queue = new InProcessQueue<Msg>();
    const seen: Msg[] = [];
    queue.consume(async (m) => {
      seen.push(m);
    });
    const sent = { n: 1, tags: ['a'] };
    queue.send(sent);
    sent.tags.push('changed after send');
    await queue.drain();
    expect(seen).toEqual([{ n: 1, tags: ['a'] }]);
    expect(seen[0]).not.toBe(sent);
  });

  it('never runs the consumer inside send()', async () => {
    const queue = new InProcessQueue<Msg>();
    let handled = 0;
    queue.consume(async () => {
      handled += 1;
    });
    queue.send({ n: 1, tags: [] });
    expect(handled).toBe(0);
    await queue.drain();
    expect(handled).toBe(1);
  });

  it('runs at most `concurrency` handlers at once and drains when all are done', async () => {
    const queue = new InProcessQueue<Msg>({ concurrency: 2 });
    const gates = new Map<number, ReturnType<typeof deferred>>();
    let running = 0;
    let most = 0;
    const done: number[] = [];
    queue.consume(async (m) => {
      running += 1;
      most = Math.max(most, running);
      const gate = deferred();
      gates.set(m.n, gate);
      await gate.promise;
      running -= 1;
      done.push(m.n);
    });
    for (let n = 1; n <= 5; n += 1) queue.send({ n, tags: [] });
    await vi.waitFor(() => expect(gates.size).toBe(2));
    expect(queue.stats()).toEqual({ ready: 3, delayed: 0, inFlight: 2 });

    let drained = false;
    const draining = queue.drain().then(() => {
      drained = true;
    });
    for (let n = 1; n <= 5; n += 1) {
      await vi.waitFor(() => expect(gates.has(n)).toBe(true));
      expect(drained).toBe(false);
      gates.get(n)!.resolve();
    }
    await draining;
    expect(most).toBe(2);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 0 });
  });

  it('holds a delayed message until its delay has passed', async () => {
    vi.useFakeTimers();
    const queue = new InProcessQueue<Msg>();
    const seen: number[] = [];
    queue.consume(async (m) => {
      seen.push(m.n);
    });
    queue.send({ n: 30, tags: [] }, 30);
    queue.send({ n: 10, tags: [] }, 10);
    queue.send({ n: 0, tags: [] });
    await vi.advanceTimersByTimeAsync(0);
    expect(seen).toEqual([0]);
    expect(queue.stats().delayed).toBe(2);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(seen).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([0, 10]);
    await vi.advanceTimersByTimeAsync(20_000);
    expect(seen).toEqual([0, 10, 30]);
    await queue.drain();
  });

  it('delivers delayed messages at once on deliverDelayedNow()', async () => {
    const queue = new InProcessQueue<Msg>();
    const seen: number[] = [];
    queue.consume(async (m) => {
      seen.push(m.n);
    });
    queue.send({ n: 1, tags: [] }, 600);
    queue.send({ n: 2, tags: [] }, 900);
    expect(queue.deliverDelayedNow()).toBe(2);
    await queue.drain();
    expect(seen).toEqual([1, 2]);
  });

  it('does not keep the process alive for a delayed message', () => {
    const script = `
      import { InProcessQueue } from ${JSON.stringify(new URL('../../functions/adapters/local/index.ts', import.meta.url).href)};
      const queue = new InProcessQueue();
      queue.consume(async () => { process.exitCode = 3; });
      queue.send({ n: 1 }, 3600);
      console.log('sent');
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 15_000 });
    expect(run.signal).toBeNull();
    expect(run.stdout.trim()).toBe('sent');
    expect(run.status).toBe(0);
  });

  it('redelivers a message whose handler threw, up to maxAttempts', async () => {
    const deadLetters: unknown[] = [];
    const queue = new InProcessQueue<Msg>({ maxAttempts: 3, retryDelayMs: 0, onDeadLetter: (m, e) => deadLetters.push([m, (e as Error).message]) });
    const attempts = new Map<number, number>();
    queue.consume(async (m) => {
      const count = (attempts.get(m.n) ?? 0) + 1;
      attempts.set(m.n, count);
      if (m.n === 1 && count < 3) throw new Error('flaky');
      if (m.n === 2) throw new Error('always');
    });
    queue.send({ n: 1, tags: [] });
    queue.send({ n: 2, tags: ['x'] });
    await queue.drain();
    expect(attempts.get(1)).toBe(3);
    expect(attempts.get(2)).toBe(3);
    expect(deadLetters).toEqual([[{ n: 2, tags: ['x'] }, 'always']]);
  });

  it('drains at once when empty, and refuses to wait for messages nobody consumes', async () => {
    const queue = new InProcessQueue<Msg>();
    await queue.drain();
    queue.send({ n: 1, tags: [] });
    await expect(queue.drain()).rejects.toThrow(/no consumer/);
  });

  it('refuses a second consumer and a bad delay', () => {
    const queue = new InProcessQueue<Msg>();
    queue.consume(async () => {});
    expect(() => queue.consume(async () => {})).toThrow(CrossCheckError);
    expect(() => queue.send({ n: 1, tags: [] }, -1)).toThrow(ValidationError);
    expect(() => queue.send({ n: 1, tags: [] }, Number.NaN)).toThrow(ValidationError);
  });

  it('drops undelivered messages on close and refuses new ones; handlers in flight finish', async () => {
    const queue = new InProcessQueue<Msg>({ concurrency: 1 });
    const gate = deferred();
    const seen: number[] = [];
    queue.consume(async (m) => {
      seen.push(m.n);
      await gate.promise;
    });
    queue.send({ n: 1, tags: [] });
    queue.send({ n: 2, tags: [] });
    queue.send({ n: 3, tags: [] }, 60);
    await vi.waitFor(() => expect(seen).toEqual([1]));
    queue.close();
    expect(queue.stats()).toEqual({ ready: 0, delayed: 0, inFlight: 1 });
    expect(() => queue.send({ n: 4, tags: [] })).toThrow(/closed/);
    const draining = queue.drain();
    gate.resolve();
    await draining;
    expect(seen).toEqual([1]);
  });
});

describe('createLocalJobQueue', () => {
  it('sends each job to its own region, with its delay', async () => {
    const a = new InProcessQueue<CheckJob>();
    const b = new InProcessQueue<CheckJob>();
    const jobs = createLocalJobQueue({ 'local-a': a, 'local-b': b });
    await jobs.send([
      { job: job('j1', 'local-a'), delaySeconds: 0 },
      { job: job('j2', 'local-b'), delaySeconds: 15 },
      { job: job('j3', 'local-a'), delaySeconds: 45 },
    ]);
    expect(a.stats()).toEqual({ ready: 1, delayed: 1, inFlight: 0 });
    expect(b.stats()).toEqual({ ready: 0, delayed: 1, inFlight: 0 });

    const seen: string[] = [];
    a.consume(async (j) => {
      seen.push(`${j.region}:${j.jobId}`);
    });
    b.consume(async (j) => {
      seen.push(`${j.region}:${j.jobId}`);
    });
    a.deliverDelayedNow();
    b.deliverDelayedNow();
    await Promise.all([a.drain(), b.drain()]);
    expect(seen.sort()).toEqual(['local-a:j1', 'local-a:j3', 'local-b:j2']);
  });

  it.each([
    ['a map', (q: InProcessQueue<CheckJob>) => new Map([['local-a', q]])],
    ['a record', (q: InProcessQueue<CheckJob>) => ({ 'local-a': q })],
  ])('sends what it can and names the regions without a queue (%s)', async (_label, queues) => {
    const a = new InProcessQueue<CheckJob>();
    const jobs = createLocalJobQueue(queues(a));
    const sending = jobs.send([
      { job: job('j1', 'local-a'), delaySeconds: 0 },
      { job: job('j2', 'nowhere'), delaySeconds: 0 },
      { job: job('j3', 'constructor'), delaySeconds: 0 },
    ]);
    await expect(sending).rejects.toThrow(CrossCheckError);
    await expect(sending).rejects.toThrow(/1 for region nowhere, 1 for region constructor/);
    expect(a.stats().ready).toBe(1);
  });
});

describe('createLocalVerifyQueue', () => {
  it('sends a request to the region asked', async () => {
    const b = new InProcessQueue<VerifyRequest>();
    const verify = createLocalVerifyQueue({ 'local-b': b });
    const received: VerifyRequest[] = [];
    b.consume(async (r) => {
      received.push(r);
    });
    await verify.send('local-b', verifyRequest('v1'));
    await b.drain();
    expect(received).toEqual([verifyRequest('v1')]);
  });

  it('refuses a region without a queue, one marked unavailable, and one whose queue is closed', async () => {
    const b = new InProcessQueue<VerifyRequest>();
    const c = new InProcessQueue<VerifyRequest>();
    const unavailable = new Set(['local-b']);
    const verify = createLocalVerifyQueue(new Map([['local-b', b], ['local-c', c]]), { unavailable });

    for (const region of ['local-x', 'local-b']) {
      const error = await verify.send(region, verifyRequest('v1')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RegionUnavailableError);
      expect((error as RegionUnavailableError).region).toBe(region);
    }
    expect(b.stats().ready).toBe(0);

    unavailable.delete('local-b');
    await verify.send('local-b', verifyRequest('v2'));
    expect(b.stats().ready).toBe(1);

    c.close();
    await expect(verify.send('local-c', verifyRequest('v3'))).rejects.toBeInstanceOf(RegionUnavailableError);
  });
});
