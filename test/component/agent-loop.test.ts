/**
 * The agent's loop against a scripted hub (a fetch function): it registers its key, pulls
 * jobs, checks a loopback target, signs and posts; with the hub unreachable it buffers
 * (bounded, oldest dropped and counted) and retries; a refused result is given up; a
 * refused token stops it with exit 1; a stop signal ends it with exit 0 after a last flush.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, importJWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateAgentKey } from '../../functions/cli/agent/key-file.ts';
import { ResultBuffer } from '../../functions/cli/agent/result-buffer.ts';
import { runAgent, type AgentOptions } from '../../functions/cli/agent/run-agent.ts';
import { LOCAL_POLICY } from '../../functions/engine/index.ts';
import { makeMonitor } from '../helpers/fixtures.ts';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';

let dir: string;
let target: TestServer;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crosscheck-agent-loop-'));
  target = await startHttpServer();
});
afterEach(async () => {
  await target.close();
  await rm(dir, { recursive: true, force: true });
});

type Reply = { status: number; body?: unknown } | 'down';

/** A hub as a fetch function: each route answers from its script, the last answer repeating. */
function scriptedHub(script: { key?: Reply[]; jobs?: Reply[]; results?: Reply[] }) {
  const calls: { path: string; body: any }[] = [];
  const take = (list: Reply[] | undefined, fallback: Reply): Reply => (list && list.length > 1 ? list.shift()! : (list?.[0] ?? fallback));
  const fetchFn = (async (url: URL | string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    calls.push({ path, body: init?.body ? JSON.parse(String(init.body)) : null });
    const reply = path.endsWith('/key') ? take(script.key, { status: 200, body: {} }) : path.endsWith('/jobs') ? take(script.jobs, { status: 200, body: { jobs: [] } }) : take(script.results, { status: 202, body: {} });
    if (reply === 'down') throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    if (path.endsWith('/jobs') && (reply.body as { jobs?: unknown[] })?.jobs?.length === 0) await new Promise((r) => setTimeout(r, 5));
    return new Response(JSON.stringify(reply.body ?? {}), { status: reply.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  return { fetchFn, calls };
}

function job(id: string) {
  return { jobId: id, kind: 'check', location: 'pi', scheduledFor: new Date().toISOString(), monitor: makeMonitor({ id: `m-${id}`, url: `${target.origin}/health`, conditions: ['[STATUS] == 200'] }) };
}

async function options(fetchFn: typeof fetch, signal: AbortSignal, logs: string[], extra: Partial<AgentOptions> = {}): Promise<AgentOptions> {
  return {
    hub: 'http://hub.test:8070',
    token: `cca_${'A'.repeat(43)}`,
    location: 'pi',
    key: await loadOrCreateAgentKey(dir),
    policy: LOCAL_POLICY,
    version: 'test',
    signal,
    log: (event) => logs.push(event),
    fetch: fetchFn,
    backoffMs: () => 1,
    shutdownGraceMs: 2_000,
    ...extra,
  };
}

const until = async (what: () => boolean) => {
  for (let i = 0; i < 2_000 && !what(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(what()).toBe(true);
};

describe('crosscheck agent, the loop', () => {
  it('keeps one key (mode 0600) across starts', async () => {
    const first = await loadOrCreateAgentKey(dir);
    const second = await loadOrCreateAgentKey(dir);
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.publicJwk).toEqual(first.publicJwk);
    expect((await stat(first.path)).mode & 0o777).toBe(0o600);
  });

  it('checks each job it pulls and posts it signed by its key; stops with exit 0', async () => {
    const hub = scriptedHub({ jobs: [{ status: 200, body: { jobs: [job('j1'), job('j2')] } }, { status: 200, body: { jobs: [] } }] });
    const stop = new AbortController();
    const logs: string[] = [];
    const run = runAgent(await options(hub.fetchFn, stop.signal, logs));
    await until(() => hub.calls.filter((c) => c.path.endsWith('/results')).length === 2);
    stop.abort();
    const { exitCode, stats } = await run;
    expect(exitCode).toBe(0);
    expect(stats).toMatchObject({ checks: 2, posted: 2, refused: 0, dropped: 0 });
    const key = await importJWK((await loadOrCreateAgentKey(dir)).publicJwk, 'ES256');
    const posted = hub.calls.filter((c) => c.path.endsWith('/results'));
    const payloads = await Promise.all(posted.map(async (c) => JSON.parse(new TextDecoder().decode((await compactVerify(c.body.jws, key)).payload))));
    expect(payloads.map((p) => [p.jobId, p.location, p.result.success]).sort()).toEqual([['j1', 'pi', true], ['j2', 'pi', true]]);
    expect(hub.calls[0]).toMatchObject({ path: '/v1/agent/key', body: { jwk: expect.objectContaining({ kty: 'EC', crv: 'P-256' }), version: 'test' } });
    expect(JSON.stringify(hub.calls[0]!.body)).not.toContain('"d"');
  });

  it('buffers while the hub is unreachable, drops the oldest beyond the bound (counted), and delivers the rest once it is back', async () => {
    const results: Reply[] = ['down', 'down', 'down', 'down', 'down', 'down', { status: 202 }];
    const hub = scriptedHub({ jobs: [{ status: 200, body: { jobs: ['j1', 'j2', 'j3', 'j4'].map(job) } }, { status: 200, body: { jobs: [] } }], results });
    const stop = new AbortController();
    const logs: string[] = [];
    let backoffs = 0;
    const run = runAgent(await options(hub.fetchFn, stop.signal, logs, { bufferSize: 2, concurrency: 1, backoffMs: () => (++backoffs, 20) }));
    await until(() => hub.calls.filter((c) => c.path.endsWith('/results')).length >= 8);
    stop.abort();
    const { stats } = await run;
    expect(stats.checks).toBe(4);
    expect(stats.dropped).toBe(2);
    expect(stats.posted).toBe(2);
    expect(backoffs).toBeGreaterThan(0);
    expect(logs).toContain('hub unreachable, results buffered');
    expect(logs).toContain('results not delivered');
  });

  it('gives up a refused result and goes on; a refused token stops it with exit 1', async () => {
    const hub = scriptedHub({
      jobs: [{ status: 200, body: { jobs: [job('j1')] } }, { status: 200, body: { jobs: [] } }, { status: 200, body: { jobs: [job('j2')] } }, { status: 401, body: { detail: 'agent pi was revoked' } }],
      results: [{ status: 409, body: { detail: 'replayed' } }, { status: 202 }],
    });
    const logs: string[] = [];
    const { exitCode, stats } = await runAgent(await options(hub.fetchFn, new AbortController().signal, logs));
    expect(exitCode).toBe(1);
    expect(stats.refused).toBe(1);
    expect(logs).toContain('result refused');
    expect(logs).toContain('token refused: stopping');
  });

  it('retries the key registration while the hub is down, with backoff', async () => {
    const hub = scriptedHub({ key: ['down', 'down', { status: 200, body: {} }], jobs: [{ status: 401, body: { detail: 'revoked' } }] });
    const logs: string[] = [];
    const { exitCode } = await runAgent(await options(hub.fetchFn, new AbortController().signal, logs));
    expect(hub.calls.filter((c) => c.path.endsWith('/key'))).toHaveLength(3);
    expect(logs.filter((l) => l === 'hub unreachable, retrying')).toHaveLength(2);
    expect(exitCode).toBe(1);
  });
});

describe('the result buffer', () => {
  it('keeps the newest, counts what it dropped', () => {
    const buffer = new ResultBuffer<number>(2);
    for (const n of [1, 2, 3, 4]) buffer.push(n);
    expect([buffer.size, buffer.dropped, buffer.peek()]).toEqual([2, 2, 3]);
    expect(() => new ResultBuffer(0)).toThrow(/positive integer/);
  });
});
