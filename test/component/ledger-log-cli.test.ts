/**
 * `crosscheck ledger verify --checkpoint`, `ledger proof` and `ledger watch` against the
 * real API routes (the CLI's fetch goes to the API handler in this process), and the
 * tampering each must catch: entries missing or rewritten, a proof or checkpoint changed
 * by one byte, a checkpoint of another key, a log that shrank or forked.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ledgerCommand } from '../../functions/cli/ledger.ts';
import { assembleCompactJws } from '../../functions/core/ledger/jws.ts';
import { statementSigningInput } from '../../functions/core/ledger/statement.ts';
import { formatCheckpoint } from '../../functions/core/tlog/checkpoint.ts';
import { formatSignedNote } from '../../functions/core/tlog/note.ts';
import { hashLeaf } from '../../functions/core/tlog/rfc6962.ts';
import { ecdsaNoteSigner } from '../../functions/services/note-signers.ts';
import { checkResult, failure } from '../helpers/fixtures.ts';
import { openApiHarness, type ApiHarness } from './api-harness.ts';
import { pipelineOver } from './api-pipeline.ts';

const API = 'http://crosscheck.test';
let api: ApiHarness;
let dir: string;
let ecdsaVkey: string;
let incidentId: string;
/** Replaces what the API answers for a path (a lying or broken log). */
const overrides = new Map<string, string | number>();

async function fakeFetch(input: string | URL | Request): Promise<Response> {
  const url = new URL(String(input instanceof Request ? input.url : input));
  const path = `${url.pathname}${url.search}`;
  const override = overrides.get(url.pathname);
  if (typeof override === 'number') return new Response('unavailable', { status: override });
  if (override !== undefined) return new Response(override, { status: 200 });
  const res = await api.call('GET', path, { token: null });
  return new Response(res.raw.isBase64Encoded ? Buffer.from(res.raw.body, 'base64') : res.raw.body, { status: res.status, headers: res.headers });
}

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await ledgerCommand(argv, { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) }, fetch: fakeFetch as typeof fetch, now: () => api.clock.now() });
  return { code, stdout, stderr };
}

/** A checkpoint the log's own ECDSA key signs over any root: what a log rewriting its history would publish. */
async function forgedCheckpoint(size: number, seed: number): Promise<string> {
  const signer = ecdsaNoteSigner(api.signer, async () => 'api.test:443/ledger');
  const { name, keyId } = await signer.describe();
  const text = formatCheckpoint({ origin: name, size, root: hashLeaf(Uint8Array.of(seed)) });
  return formatSignedNote(text, [{ name, keyId, signature: await signer.sign(Buffer.from(text)) }]);
}

async function addMonitor(name: string): Promise<void> {
  expect((await api.call('POST', '/v1/monitors', { body: { name, url: `https://${name}.example.test/` } })).status).toBe(201);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crosscheck-log-cli-'));
  api = await openApiHarness({ now: Date.parse('2026-12-04T12:00:00Z') });
  await addMonitor('one');
  await addMonitor('two');
  const monitorId = (await api.call('GET', '/v1/monitors')).json().items[0].id;
  const pipeline = pipelineOver(api, { run: async (_definition, region) => checkResult({ region, ...failure() }) });
  await pipeline.check(monitorId, 'local-a');
  await pipeline.verifyPending();
  incidentId = (await api.call('GET', '/v1/incidents')).json().items[0].id;
  ecdsaVkey = (await api.call('GET', '/ledger/vkeys')).text.split('\n')[0]!;
  await writeFile(join(dir, 'jwks.json'), (await api.call('GET', '/.well-known/jwks.json')).text);
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

describe('ledger verify --checkpoint', () => {
  it('recomputes the tree from the entries and finds the checkpoint\'s root, with the vkeys from the API', async () => {
    const { code, stdout } = await run('verify', API, '--jwks', join(dir, 'jwks.json'), '--checkpoint', `${API}/ledger/checkpoint`, '--vkey', `${API}/ledger/vkeys`);
    expect(stdout).toMatch(/checkpoint of api\.test:443\/ledger at size 3: signature verified/);
    expect(stdout).toMatch(/tree of entries 1\.\.3 recomputed: root matches/);
    expect(code).toBe(0);
  });

  it('catches an export missing its last entry (the checkpoint is larger)', async () => {
    const file = join(dir, 'short.json');
    const { entries } = JSON.parse((await run('export', API)).stdout);
    await writeFile(file, JSON.stringify({ entries: entries.slice(0, 2), head: 2 }));
    const { code, stdout } = await run('verify', file, '--jwks', join(dir, 'jwks.json'), '--checkpoint', `${API}/ledger/checkpoint`, '--vkey', ecdsaVkey);
    expect(code).toBe(1);
    expect(stdout).toMatch(/has size 3 but the ledger holds only 2 entries/);
  });

  it('catches a checkpoint changed by one byte, and one no known key signed', async () => {
    const note = (await api.call('GET', '/ledger/checkpoint')).text;
    const changed = join(dir, 'changed.txt');
    await writeFile(changed, note.replace('\n3\n', '\n2\n'));
    let out = await run('verify', API, '--jwks', join(dir, 'jwks.json'), '--checkpoint', changed, '--vkey', ecdsaVkey);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/does not verify/);
    const otherKey = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'; // the signed-note spec's example key
    out = await run('verify', API, '--jwks', join(dir, 'jwks.json'), '--checkpoint', `${API}/ledger/checkpoint`, '--vkey', otherKey);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/no signature of a known key/);
  });

  it('--since-checkpoint: an older checkpoint holds; one of a rewritten history is caught', async () => {
    const old = join(dir, 'old.txt');
    await writeFile(old, (await api.stores.log.checkpointAt(2))!.note);
    let out = await run('verify', API, '--jwks', join(dir, 'jwks.json'), '--checkpoint', `${API}/ledger/checkpoint`, '--vkey', ecdsaVkey, '--since-checkpoint', old);
    expect(out.stdout).toMatch(/older checkpoint at size 2: the same entries give its root/);
    expect(out.code).toBe(0);
    await writeFile(old, await forgedCheckpoint(2, 9));
    out = await run('verify', API, '--jwks', join(dir, 'jwks.json'), '--checkpoint', `${API}/ledger/checkpoint`, '--vkey', ecdsaVkey, '--since-checkpoint', old);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/the first 2 entries have root .* the older checkpoint says .*: the log was rewritten \(between sizes 2 and 3\)/);
  });

  it('refuses --vkey without --checkpoint, and an unreadable vkey, as usage errors (2)', async () => {
    expect((await run('verify', API, '--jwks', join(dir, 'jwks.json'), '--vkey', ecdsaVkey)).code).toBe(2);
    const out = await run('verify', API, '--jwks', join(dir, 'jwks.json'), '--checkpoint', `${API}/ledger/checkpoint`, '--vkey', join(dir, 'missing.vkey'));
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/cannot read .*missing\.vkey/);
  });
});

describe('ledger proof <api-url> <incident-id>', () => {
  it('proves the incident\'s entries against the signed checkpoint', async () => {
    const { code, stdout } = await run('proof', API, incidentId, '--vkey', ecdsaVkey);
    expect(stdout).toMatch(/entry 3 \(index 2\): included in the checkpoint/);
    expect(stdout).toMatch(new RegExp(`PROVEN: incident ${incidentId} is in the log`));
    expect(code).toBe(0);
  });

  it('names a proof changed by one byte (exit 1)', async () => {
    const body = (await api.call('GET', `/v1/incidents/${incidentId}/proof`)).json();
    const proof: string = body.proofs[0].proof;
    const lines = proof.split('\n');
    const hash = Buffer.from(lines[2]!, 'base64');
    hash[0]! ^= 1;
    lines[2] = hash.toString('base64');
    overrides.set(`/v1/incidents/${incidentId}/proof`, JSON.stringify({ ...body, proofs: [{ ...body.proofs[0], proof: lines.join('\n') }] }));
    try {
      const { code, stdout } = await run('proof', API, incidentId, '--vkey', ecdsaVkey);
      expect(code).toBe(1);
      expect(stdout).toMatch(/FAILED: entry 3 is not in the checkpoint of size 3: inclusion of index 2 in tree 3: calculated root/);
    } finally {
      overrides.clear();
    }
  });

  it('an unknown incident or a missing --vkey is bad input (exit 2)', async () => {
    expect((await run('proof', API, 'nope', '--vkey', ecdsaVkey)).code).toBe(2);
    expect((await run('proof', API, incidentId)).stderr).toMatch(/--vkey is required/);
  });
});

describe('ledger watch <api-url> --state <file>', () => {
  it('keeps the first checkpoint, accepts a consistent growth, and names a fork and a shrink with their sizes', async () => {
    const state = join(dir, 'state.txt');
    let out = await run('watch', API, '--state', state, '--vkey', ecdsaVkey);
    expect(out.stdout).toMatch(/first checkpoint kept: api\.test:443\/ledger at size 3/);
    expect(out.code).toBe(0);
    await addMonitor('three');
    out = await run('watch', API, '--state', state, '--vkey', ecdsaVkey);
    expect(out.stdout).toMatch(/grew consistently from size 3 to 4/);
    expect(out.code).toBe(0);
    const kept = await readFile(state, 'utf8');

    overrides.set('/ledger/checkpoint', await forgedCheckpoint(4, 7));
    out = await run('watch', API, '--state', state, '--vkey', ecdsaVkey);
    expect(out.stdout).toMatch(/FAILED: the log forked: two roots for size 4/);
    expect(out.code).toBe(1);

    overrides.set('/ledger/checkpoint', (await api.stores.log.checkpointAt(2))!.note);
    out = await run('watch', API, '--state', state, '--vkey', ecdsaVkey);
    expect(out.stdout).toMatch(/FAILED: the log shrank: size 2 after 4/);

    await addMonitor('four');
    overrides.set('/ledger/checkpoint', await forgedCheckpoint(5, 8));
    out = await run('watch', API, '--state', state, '--vkey', ecdsaVkey);
    expect(out.stdout).toMatch(/FAILED: the log forked: size 5 is not an extension of size 4/);

    overrides.set('/ledger/checkpoint', 503);
    out = await run('watch', API, '--state', state, '--vkey', ecdsaVkey);
    expect(out.stdout).toMatch(/FAILED: the log stopped answering/);
    expect(out.code).toBe(1);
    expect(await readFile(state, 'utf8')).toBe(kept);
    overrides.clear();
  });
});

describe('signed SLA statements: GET /v1/monitors/{id}/sla and ledger verify --sla', () => {
  it('issues a statement the log\'s entries reproduce; a forged figure or a changed byte is caught', async () => {
    api.clock.advance(10 * 60_000);
    const monitorId = (await api.call('GET', '/v1/monitors')).json().items[0].id;
    const res = await api.call('GET', `/v1/monitors/${monitorId}/sla?month=2026-12`, { token: null });
    expect(res.status).toBe(200);
    const { statement, payload } = res.json();
    expect(payload).toMatchObject({ type: 'sla.statement', monitor: { id: monitorId }, period: { from: '2026-12-01T00:00:00.000Z' }, incidents: [{ id: incidentId, opened: 3, resolved: null }] });
    expect(payload.downtimeMs).toBe(10 * 60_000);
    const file = join(dir, 'sla.json');
    await writeFile(file, res.text);
    let out = await run('verify', API, '--jwks', join(dir, 'jwks.json'), '--sla', file);
    expect(out.stdout).toMatch(/ok {4}the SLA statement for .* holds: the log gives its figures/);
    expect(out.code).toBe(0);

    // The operator's own key signs a better figure: the log does not give it.
    const forgedPayload = { ...payload, downtimeMs: 0, uptime: 1 };
    const { kid } = await api.signer.publicJwk();
    const input = statementSigningInput(kid, forgedPayload);
    await writeFile(file, assembleCompactJws(input, await api.signer.sign(Buffer.from(input, 'ascii'))));
    out = await run('verify', API, '--jwks', join(dir, 'jwks.json'), '--sla', file);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/does not hold:\n {2}downtimeMs: the statement says 0, the log gives 600000/);

    const parts = statement.split('.');
    await writeFile(file, [parts[0], parts[1].slice(0, -2) + (parts[1].endsWith('A') ? 'B' : 'A') + parts[1].slice(-1), parts[2]].join('.'));
    out = await run('verify', API, '--jwks', join(dir, 'jwks.json'), '--sla', file);
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/signature does not verify/);
  });

  it.each([
    ['month=2026-13', 'month'],
    ['month=2026-11&from=2026-11-01T00:00:00Z', 'month'],
    ['from=2026-11-01T00:00:00Z', 'to'],
    ['from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00Z', 'to'],
    ['from=yesterday&to=2026-12-01T00:00:00Z', 'from'],
  ])('?%s is a 400 naming %s', async (query, field) => {
    const monitorId = (await api.call('GET', '/v1/monitors')).json().items[0].id;
    const res = await api.call('GET', `/v1/monitors/${monitorId}/sla?${query}`, { token: null });
    expect(res.status).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(field);
  });

  it('a monitor the log never named is a 404', async () => {
    expect((await api.call('GET', '/v1/monitors/nope/sla?month=2026-12', { token: null })).status).toBe(404);
  });
});
