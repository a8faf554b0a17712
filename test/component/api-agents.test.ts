/**
 * Probe agents through the API: enrolment (token shown once, stored as a hash, a ledger
 * entry), scope (an agent token opens the agent routes and nothing else), key
 * registration, jobs, signed results and every refusal (unknown key, replay, a monitor not
 * assigned, a malformed body, a revoked token), each changing nothing.
 */
import { compactVerify, createLocalJWKSet } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentTokenSha256 } from '../../functions/core/agents/agent.ts';
import type { CheckRunner } from '../../functions/ports/index.ts';
import { failingResult, passingResult } from '../helpers/fixtures.ts';
import { agentKey, openAgentHub, signResult, type AgentHubHarness, type AgentKey } from '../helpers/agent-hub.ts';

let h: AgentHubHarness;
let regionOutcome: 'ok' | 'fail';
const runner: CheckRunner = {
  run: async (definition, region) => ({ ...(regionOutcome === 'ok' ? passingResult(region, h.clock.now()) : failingResult(region, h.clock.now())), url: 'url' in definition ? definition.url : '' }),
};

beforeEach(async () => {
  regionOutcome = 'ok';
  h = await openAgentHub(runner);
});
afterEach(async () => {
  h.mailbox.close();
  await h.close();
});

async function ledgerTypes(): Promise<string[]> {
  return (await h.stores.ledger.range(0, 100)).map((r) => r.type);
}

async function enrol(name = 'office-pi'): Promise<{ token: string; join: string }> {
  const res = await h.call('POST', '/v1/agents', { body: { name }, headers: { host: 'hub.example.test:8070' } });
  expect(res.status).toBe(201);
  return res.json();
}

async function connect(name = 'office-pi'): Promise<{ token: string; key: AgentKey }> {
  const { token } = await enrol(name);
  const key = await agentKey();
  const res = await h.call('PUT', '/v1/agent/key', { token, body: { jwk: key.jwk, version: '1.2.3' } });
  expect(res.status).toBe(200);
  return { token, key };
}

async function monitorOn(locations: string[], name = 'shop'): Promise<string> {
  const res = await h.call('POST', '/v1/monitors', { body: { name, url: 'http://shop.test/', regions: locations } });
  expect(res.status, res.text).toBe(201);
  return res.json().id;
}

/** Hands the agent one scheduled job for `monitorId`, as the scheduler would. */
async function scheduleFor(location: string, monitorId: string): Promise<string> {
  const monitor = (await h.stores.monitors.get(monitorId))!;
  const jobId = `${monitorId}:${location}:${Math.floor(h.clock.now() / 1000)}`;
  await h.hub.jobs.send([{ job: { jobId, monitor, region: location, scheduledFor: new Date(h.clock.now()).toISOString() }, delaySeconds: 0 }]);
  return jobId;
}

describe('enrolment', () => {
  it('shows the token once with a join command, stores only its hash, and writes agent.registered', async () => {
    const { token, join } = await enrol();
    expect(token).toMatch(/^cca_[A-Za-z0-9_-]{43}$/);
    expect(join).toBe(`npx crosscheck agent --hub http://hub.example.test:8070 --token ${token} --location office-pi`);
    const stored = await h.stores.agents.get('office-pi');
    expect(stored?.tokenSha256).toBe(agentTokenSha256(token));
    expect(JSON.stringify(stored)).not.toContain(token);
    expect(await ledgerTypes()).toEqual(['agent.registered']);
    const list = await h.call('GET', '/v1/agents');
    expect(list.json().items).toEqual([expect.objectContaining({ name: 'office-pi', kind: 'agent', status: 'waiting', lastSeenAt: null })]);
    expect(list.text).not.toContain(token);
    expect(list.text).not.toContain(stored!.tokenSha256);
  });

  it.each([
    [{ name: 'Office PI' }, 'name', 'must be a region name'],
    [{}, 'name', ''],
    [{ name: 'x', extra: 1 }, 'extra', 'is not a known field'],
  ])('refuses %j naming the field, and changes nothing', async (body, path, message) => {
    const res = await h.call('POST', '/v1/agents', { body });
    expect(res.status).toBe(400);
    expect(res.json().errors).toEqual(expect.arrayContaining([expect.objectContaining({ path, message: expect.stringContaining(message) })]));
    expect(await h.stores.agents.list()).toEqual([]);
    expect(await ledgerTypes()).toEqual([]);
  });

  it('refuses a region name and a taken name (409), needs the admin token (401)', async () => {
    expect((await h.call('POST', '/v1/agents', { body: { name: 'local-a' } })).status).toBe(409);
    await enrol('pi');
    const again = await h.call('POST', '/v1/agents', { body: { name: 'pi' } });
    expect(again.status).toBe(409);
    expect(again.json().detail).toContain("an agent named 'pi' exists already");
    expect((await h.call('POST', '/v1/agents', { body: { name: 'other' }, token: null })).status).toBe(401);
    expect(await ledgerTypes()).toEqual(['agent.registered']);
  });
});

describe('scope', () => {
  it('an agent token opens the agent routes only; the admin token opens none of them', async () => {
    const { token } = await enrol();
    for (const [method, path] of [['GET', '/v1/monitors'], ['GET', '/v1/agents'], ['POST', '/v1/monitors'], ['DELETE', '/v1/agents/office-pi']] as const) {
      expect((await h.call(method, path, { token, body: method === 'POST' ? { name: 'x', url: 'http://x.test/' } : undefined })).status).toBe(401);
    }
    const asAdmin = await h.call('GET', '/v1/agent/jobs?wait=0');
    expect(asAdmin.status).toBe(401);
    expect(asAdmin.json().detail).toContain('not an agent token');
    expect((await h.call('GET', '/v1/agent/jobs?wait=0', { token: null })).status).toBe(401);
    expect((await h.call('GET', '/v1/agent/jobs?wait=0', { token: `cca_${'A'.repeat(43)}` })).json().detail).toBe('unknown agent token');
    expect((await h.call('GET', '/v1/agent/jobs?wait=0', { token })).status).toBe(200);
  });
});

describe('keys', () => {
  it('registers the key once (agent.key), publishes it, and refuses another key', async () => {
    const { token, key } = await connect();
    expect(await ledgerTypes()).toEqual(['agent.registered', 'agent.key']);
    const again = await h.call('PUT', '/v1/agent/key', { token, body: { jwk: key.jwk } });
    expect(again.status).toBe(200);
    const other = await agentKey();
    const swap = await h.call('PUT', '/v1/agent/key', { token, body: { jwk: other.jwk } });
    expect(swap.status).toBe(409);
    expect(await ledgerTypes()).toEqual(['agent.registered', 'agent.key']);
    const jwks = await h.call('GET', '/.well-known/agents-jwks.json', { token: null });
    expect(jwks.json().keys).toEqual([expect.objectContaining({ kid: key.jwk.kid, x: key.jwk.x, alg: 'ES256', use: 'sig' })]);
    const agent = (await h.call('GET', '/v1/agents')).json().items[0];
    expect(agent).toMatchObject({ status: 'active', version: '1.2.3', keyId: key.jwk.kid });
    expect(agent.lastSeenAt).not.toBeNull();
  });

  it('refuses a private key, another curve or a wrong kid, naming the field', async () => {
    const { token } = await enrol();
    const key = await agentKey();
    for (const [jwk, path] of [
      [{ ...key.jwk, d: 'secret' }, 'jwk.d'],
      [{ ...key.jwk, crv: 'P-384' }, 'jwk.crv'],
      [{ ...key.jwk, kid: 'A'.repeat(43) }, 'jwk.kid'],
    ] as const) {
      const res = await h.call('PUT', '/v1/agent/key', { token, body: { jwk } });
      expect(res.status).toBe(400);
      expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    expect(await ledgerTypes()).toEqual(['agent.registered']);
  });
});

describe('signed results', () => {
  it('a job pulled, checked and signed enters the pipeline; its JWS is kept and verifies against the published key', async () => {
    const { token, key } = await connect();
    const monitorId = await monitorOn(['local-a', 'office-pi']);
    const jobId = await scheduleFor('office-pi', monitorId);
    const pulled = await h.call('GET', '/v1/agent/jobs?wait=0', { token });
    expect(pulled.json().jobs).toEqual([expect.objectContaining({ jobId, kind: 'check', location: 'office-pi', monitor: expect.objectContaining({ id: monitorId, url: 'http://shop.test/' }) })]);
    const jws = await signResult(key, { jobId, monitorId, location: 'office-pi', kind: 'check', result: passingResult('office-pi', h.clock.now()) });
    const posted = await h.call('POST', '/v1/agent/results', { token, body: { jws } });
    expect(posted.status, posted.text).toBe(202);
    expect(posted.json()).toEqual({ jobId, kind: 'check', state: 'UP' });
    expect((await h.stores.agents.getResult(jobId))?.jws).toBe(jws);
    const results = (await h.stores.results.listResults(monitorId, { limit: 10 })).items;
    expect(results).toEqual([expect.objectContaining({ region: 'office-pi', signed: jws })]);
    const keys = (await h.call('GET', '/.well-known/agents-jwks.json', { token: null })).json();
    const { payload } = await compactVerify(jws, createLocalJWKSet(keys), { algorithms: ['ES256'] });
    expect(JSON.parse(new TextDecoder().decode(payload))).toMatchObject({ jobId, monitorId, location: 'office-pi' });
  });

  it('refuses an unknown key, a replay, a monitor not assigned, another location and a malformed body, each changing nothing', async () => {
    const { token, key } = await connect();
    const mine = await monitorOn(['local-a', 'office-pi'], 'mine');
    const theirs = await monitorOn(['local-a', 'local-b'], 'theirs');
    const jobId = await scheduleFor('office-pi', mine);
    await h.call('GET', '/v1/agent/jobs?wait=0', { token });
    const result = failingResult('office-pi', h.clock.now());
    const before = await h.stores.states.get(mine);

    const stranger = await agentKey();
    const unknown = await h.call('POST', '/v1/agent/results', { token, body: { jws: await signResult(stranger, { jobId, monitorId: mine, location: 'office-pi', kind: 'check', result }) } });
    expect(unknown.status).toBe(403);
    expect(unknown.json().detail).toContain('unknown key');
    const forged = (await signResult(key, { jobId, monitorId: mine, location: 'office-pi', kind: 'check', result })).replace(/\.[^.]+$/, `.${'A'.repeat(86)}`);
    expect((await h.call('POST', '/v1/agent/results', { token, body: { jws: forged } })).status).toBe(403);

    const notAssigned = await h.call('POST', '/v1/agent/results', { token, body: { jws: await signResult(key, { jobId: 'x', monitorId: theirs, location: 'office-pi', kind: 'check', result }) } });
    expect(notAssigned.status).toBe(403);
    expect(notAssigned.json().detail).toBe(`monitorId: monitor ${theirs} is not assigned to agent office-pi`);

    const elsewhere = await h.call('POST', '/v1/agent/results', { token, body: { jws: await signResult(key, { jobId, monitorId: mine, location: 'local-a', kind: 'check', result }) } });
    expect(elsewhere.status).toBe(403);

    for (const body of [{ jws: 'not a jws' }, { jws: 5 }, {}, { jws: await signResult(key, { jobId, monitorId: mine, location: 'office-pi', kind: 'check', result: { status: 'x' } as never }) }]) {
      const res = await h.call('POST', '/v1/agent/results', { token, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.json().errors.length).toBeGreaterThan(0);
    }
    const never = await h.call('POST', '/v1/agent/results', { token, body: { jws: await signResult(key, { jobId: `${mine}:office-pi:1`, monitorId: mine, location: 'office-pi', kind: 'check', result }) } });
    expect(never.status).toBe(409);
    expect(never.json().detail).toContain('was not issued to agent office-pi');
    expect(await h.stores.states.get(mine)).toEqual(before);
    expect((await h.stores.results.listResults(mine, { limit: 10 })).items).toEqual([]);

    const jws = await signResult(key, { jobId, monitorId: mine, location: 'office-pi', kind: 'check', result: passingResult('office-pi', h.clock.now()) });
    expect((await h.call('POST', '/v1/agent/results', { token, body: { jws } })).status).toBe(202);
    const replay = await h.call('POST', '/v1/agent/results', { token, body: { jws } });
    expect(replay.status).toBe(409);
    expect(replay.json().detail).toContain('was accepted already');
    expect((await h.stores.results.listResults(mine, { limit: 10 })).items).toHaveLength(1);
  });

  it('a revoked token is refused and changes nothing; revocation is a ledger entry and the key stays published', async () => {
    const { token, key } = await connect();
    const monitorId = await monitorOn(['local-a', 'office-pi']);
    const jobId = await scheduleFor('office-pi', monitorId);
    await h.call('GET', '/v1/agent/jobs?wait=0', { token });
    const revoked = await h.call('DELETE', '/v1/agents/office-pi');
    expect(revoked.status).toBe(200);
    expect(revoked.json().status).toBe('revoked');
    const jws = await signResult(key, { jobId, monitorId, location: 'office-pi', kind: 'check', result: failingResult('office-pi', h.clock.now()) });
    const refused = await h.call('POST', '/v1/agent/results', { token, body: { jws } });
    expect(refused.status).toBe(401);
    expect(refused.json().detail).toMatch(/^agent office-pi was revoked at /);
    expect((await h.call('GET', '/v1/agent/jobs?wait=0', { token })).status).toBe(401);
    expect(await h.stores.states.get(monitorId)).toBeNull();
    expect(await h.stores.agents.getResult(jobId)).toBeNull();
    expect(await ledgerTypes()).toEqual(['agent.registered', 'agent.key', 'monitor.created', 'agent.revoked']);
    expect((await h.call('GET', '/.well-known/agents-jwks.json', { token: null })).json().keys).toHaveLength(1);
    expect((await h.call('DELETE', '/v1/agents/nobody')).status).toBe(404);
  });
});
