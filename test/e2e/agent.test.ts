/**
 * End to end with a probe agent as its own process: `npm start` (the hub) and
 * `crosscheck agent` on loopback, watching a target that fails for chosen locations
 * (by the X-CrossCheck-Region header each probe sends). In order:
 * (a) the target fails only for the hub's own logical regions and answers the agent:
 *     the agent (another network) refutes, an anomaly is recorded, no incident;
 * (b) it fails for everyone: one incident whose evidence holds the agent's signed
 *     result, verified with `jose` against the published agents' key set;
 * (e) an unknown key, a replay, a monitor not assigned and a malformed body are each
 *     refused with a clear error, changing nothing;
 * (c) the agent is killed and an outage begins: it is still confirmed, by fallback;
 * (d) a revoked token is refused and changes nothing; an agent started with it stops.
 * Waits poll with generous deadlines (bounds against hanging, not performance assertions).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CompactSign, compactVerify, createLocalJWKSet, generateKeyPair, importJWK, type CryptoKey, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttpServer, type TestServer } from '../helpers/servers.ts';
import { startAgent, killAllAgents, type AgentProcess } from './helpers/agent-process.ts';
import { apiClient, type ApiClient } from './helpers/api-client.ts';
import { auditLedger, readJwks, readLedger } from './helpers/ledger-audit.ts';
import { NotYet, pollUntil } from './helpers/poll.ts';
import { killAllRuntimes, startRuntime, type RuntimeProcess } from './helpers/runtime-process.ts';

const AGENT = 'pi';
const WAIT = { timeoutMs: 90_000 };

interface Incident {
  id: string;
  status: 'open' | 'resolved';
  verification: string;
  primary: { region: string; result: { signedResultSha256?: string } };
  verifier: { region: string; outcome: string; result: { signedResultSha256?: string } } | null;
  ledger: { opened: number | null; resolved: number | null };
}
interface StoredResult {
  region: string;
  kind: string;
  success: boolean;
  signed?: string;
}

let hubDir: string;
let agentDir: string;
let target: TestServer;
let failFor: 'none' | 'hub' | 'all' = 'none';
let hub: RuntimeProcess;
let api: ApiClient;
let agent: AgentProcess;
let token: string;
let monitorId: string;

const sha256 = (text: string) => createHash('sha256').update(text, 'ascii').digest('base64url');

async function call(method: string, path: string, body?: unknown, bearer = hub.token): Promise<{ status: number; json: any }> {
  const res = await fetch(new URL(path, hub.url), {
    method,
    headers: { authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
}

async function incidents(): Promise<Incident[]> {
  return (await api.json<{ items: Incident[] }>(`v1/incidents?monitorId=${monitorId}&limit=100`)).items;
}

async function results(region: string): Promise<StoredResult[]> {
  return (await api.json<{ items: StoredResult[] }>(`v1/monitors/${monitorId}/checks?region=${region}&limit=100`)).items;
}

async function stateOf(): Promise<string> {
  return (await api.json<{ state: string }>(`v1/monitors/${monitorId}`)).state;
}

const awaitState = (state: string) =>
  pollUntil(async () => ((await stateOf()) === state ? true : new NotYet(await stateOf())), { ...WAIT, what: `the monitor to be ${state}` });

beforeAll(async () => {
  hubDir = await mkdtemp(join(tmpdir(), 'crosscheck-hub-'));
  agentDir = await mkdtemp(join(tmpdir(), 'crosscheck-agent-'));
  target = await startHttpServer((request, res) => {
    const region = String(request.headers['x-crosscheck-region'] ?? '');
    const fails = failFor === 'all' || (failFor === 'hub' && region !== AGENT);
    res.writeHead(fails ? 503 : 200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: fails ? 'DOWN' : 'UP' }));
  });
  hub = await startRuntime(['--data-dir', hubDir]);
  api = apiClient(hub.url, hub.token);
  expect(hub.stdout()).toContain('logical regions on this one machine and network');
  const enrolled = await call('POST', 'v1/agents', { name: AGENT });
  expect(enrolled.status).toBe(201);
  token = enrolled.json.token;
  expect(enrolled.json.join).toBe(`npx crosscheck agent --hub ${hub.url.replace(/\/$/, '')} --token ${token} --location ${AGENT}`);
  agent = startAgent(['--hub', hub.url, '--token', token, '--location', AGENT, '--data-dir', agentDir, '--allow-private']);
  await pollUntil(
    async () => {
      const { items } = await api.json<{ items: { name: string; status: string }[] }>('v1/agents');
      return items[0]?.status === 'active' ? true : new NotYet(`${JSON.stringify(items)}\n${agent.log()}`);
    },
    { ...WAIT, what: 'the agent to register its key' },
  );
  const created = await call('POST', 'v1/monitors', { name: 'shop', url: `${target.origin}/health`, intervalSeconds: 10, regions: ['local-a', 'local-b', AGENT] });
  expect(created.status).toBe(201);
  monitorId = created.json.id;
  await awaitState('UP');
}, 120_000);

afterAll(async () => {
  await killAllAgents();
  await killAllRuntimes();
  await target?.close();
  await rm(hubDir, { recursive: true, force: true });
  await rm(agentDir, { recursive: true, force: true });
});

describe('a probe agent as a location', () => {
  it("(a) a failure only the hub's network sees is refuted by the agent: an anomaly, no incident", async () => {
    failFor = 'hub';
    await pollUntil(
      async () => {
        const refuted = (await results(AGENT)).filter((r) => r.kind === 'verification' && r.success && r.signed !== undefined);
        return refuted.length >= 2 ? refuted : new NotYet(`${refuted.length} refuting verifications by the agent`);
      },
      { ...WAIT, what: 'the agent to refute two failures' },
    );
    const stats = await api.json<{ anomalies: number; incidents: number }>(`v1/monitors/${monitorId}/stats?window=24h`);
    expect(stats.anomalies).toBeGreaterThanOrEqual(2);
    expect(await incidents()).toEqual([]);
    failFor = 'none';
    await awaitState('UP');
  }, 120_000);

  it("(b) an outage everyone sees opens one incident whose evidence holds the agent's signed result, verified with jose", async () => {
    failFor = 'all';
    const [incident] = await pollUntil(async () => {
      const open = (await incidents()).filter((i) => i.status === 'open');
      return open.length > 0 ? open : new NotYet('no incident yet');
    }, { ...WAIT, what: 'the incident to open' });
    expect(incident!.verification).toBe('confirmed');
    const agentSide = incident!.primary.region === AGENT ? incident!.primary : incident!.verifier!;
    expect(agentSide.region).toBe(AGENT);
    const hash = agentSide.result.signedResultSha256;
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // The signed ledger entry pins the agent's JWS by its hash; the JWS verifies against the published agents' keys.
    const { entries } = await readLedger(hub.url);
    const audited = await auditLedger(entries, await readJwks(hub.url));
    const opened = audited.find((e) => e.seq === incident!.ledger.opened)!;
    expect(opened.payload.type).toBe('incident.opened');
    expect(JSON.stringify(opened.payload)).toContain(hash!);
    const signed = (await results(AGENT)).find((r) => r.signed !== undefined && sha256(r.signed) === hash);
    expect(signed).toBeDefined();
    const keys = (await (await fetch(new URL('.well-known/agents-jwks.json', hub.url))).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await compactVerify(signed!.signed!, createLocalJWKSet(keys), { algorithms: ['ES256'] });
    expect(protectedHeader.typ).toBe('crosscheck-agent-result+jws');
    const body = JSON.parse(new TextDecoder().decode(payload));
    expect(body).toMatchObject({ monitorId, location: AGENT, result: { success: false, status: 503 } });
    expect(audited.map((e) => e.payload.type)).toEqual(expect.arrayContaining(['agent.registered', 'agent.key', 'monitor.created', 'incident.opened']));

    failFor = 'none';
    await awaitState('UP');
    expect((await incidents()).map((i) => i.status)).toEqual(['resolved']);
  }, 180_000);

  it('(e) an unknown key, a replay, a monitor not assigned and a malformed body are refused, changing nothing', async () => {
    const before = await api.json<{ items: unknown[] }>(`v1/monitors/${monitorId}/checks?limit=100`);
    const accepted = (await results(AGENT)).find((r) => r.signed !== undefined)!.signed!;
    const replay = await call('POST', 'v1/agent/results', { jws: accepted }, token);
    expect(replay.status).toBe(409);
    expect(replay.json.detail).toContain('was accepted already');

    const { privateKey } = await generateKeyPair('ES256');
    const payload = JSON.parse(Buffer.from(accepted.split('.')[1]!, 'base64url').toString('utf8'));
    const sign = (key: CryptoKey, kid: string, body: object) =>
      new CompactSign(new TextEncoder().encode(JSON.stringify(body))).setProtectedHeader({ alg: 'ES256', kid, typ: 'crosscheck-agent-result+jws' }).sign(key);
    const ownKid = JSON.parse(Buffer.from(accepted.split('.')[0]!, 'base64url').toString('utf8')).kid;
    const unknown = await call('POST', 'v1/agent/results', { jws: await sign(privateKey, ownKid, { ...payload, jobId: 'fresh' }) }, token);
    expect(unknown.status).toBe(403);
    expect(unknown.json.detail).toContain("does not verify against agent pi's key");

    // Signed with the agent's own key (read from its data folder), for a monitor that does not list it.
    const ownKey = (await importJWK(JSON.parse(readFileSync(join(agentDir, 'agent-key.jwk.json'), 'utf8')), 'ES256')) as CryptoKey;
    const other = await call('POST', 'v1/monitors', { name: 'other', url: `${target.origin}/other`, regions: ['local-a', 'local-b'] });
    const notAssigned = await call('POST', 'v1/agent/results', { jws: await sign(ownKey, ownKid, { ...payload, jobId: 'fresh', monitorId: other.json.id }) }, token);
    expect(notAssigned.status).toBe(403);
    expect(notAssigned.json.detail).toBe(`monitorId: monitor ${other.json.id} is not assigned to agent pi`);

    const malformed = await call('POST', 'v1/agent/results', '{"jws": ', token);
    expect(malformed.status).toBe(400);
    const badPayload = await call('POST', 'v1/agent/results', { jws: await sign(ownKey, ownKid, { ...payload, jobId: 'fresh', result: { status: 'x' } }) }, token);
    expect(badPayload.status).toBe(400);
    expect(badPayload.json.errors.length).toBeGreaterThan(0);

    const after = await api.json<{ items: unknown[] }>(`v1/monitors/${monitorId}/checks?limit=100`);
    expect(after.items.length - before.items.length).toBeLessThanOrEqual(6); // only the scheduled checks of the seconds in between
    expect((await incidents()).filter((i) => i.status === 'open')).toEqual([]);
  }, 60_000);

  it('(c) the agent killed, an outage is still confirmed, by fallback to the next location', async () => {
    await agent.stop('SIGKILL');
    failFor = 'all';
    const open = await pollUntil(async () => {
      const found = (await incidents()).filter((i) => i.status === 'open');
      return found.length > 0 ? found : new NotYet(`state ${await stateOf()}`);
    }, { timeoutMs: 150_000, what: 'the outage to be confirmed without the agent' });
    expect(open).toHaveLength(1);
    expect(open[0]!.primary.region).not.toBe(AGENT);
    expect(['local-a', 'local-b']).toContain(open[0]!.verifier?.region);
    failFor = 'none';
    await awaitState('UP');
  }, 240_000);

  it('(d) a revoked token is refused and changes nothing; an agent started with it stops with exit 1', async () => {
    const revoked = await call('DELETE', `v1/agents/${AGENT}`);
    expect(revoked.status).toBe(200);
    const ledgerBefore = (await readLedger(hub.url)).head;
    const refused = await call('GET', 'v1/agent/jobs?wait=0', undefined, token);
    expect(refused.status).toBe(401);
    expect(refused.json.detail).toMatch(/^agent pi was revoked at /);
    const again = startAgent(['--hub', hub.url, '--token', token, '--location', AGENT, '--data-dir', agentDir]);
    const exit = await again.exited;
    expect(exit.code).toBe(1);
    expect(again.log()).toContain('token refused');
    expect((await readLedger(hub.url)).head).toBe(ledgerBefore);
  }, 60_000);
});
