/**
 * The transparency log's public routes through the API handler: the checkpoint verified
 * with the vkeys, tiles and entry bundles checked against the entries, an entry's and an
 * incident's tlog-proof@v1, consistency proofs, and every bad input refused by name.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCheckpoint } from '../../functions/core/tlog/checkpoint.ts';
import { parseSignedNote, parseVerifierKey, verifySignedNote } from '../../functions/core/tlog/note.ts';
import { parseHashLines, parseTlogProof } from '../../functions/core/tlog/proof-text.ts';
import { ledgerLeafHash, toBase64 } from '../../functions/core/tlog/rfc6962.ts';
import { decodeEntryBundle } from '../../functions/core/tlog/tiles.ts';
import { verifyConsistency, verifyInclusion } from '../../functions/core/tlog/verify.ts';
import { checkResult, failure } from '../helpers/fixtures.ts';
import { openApiHarness, type ApiHarness, type ApiResponse } from './api-harness.ts';
import { pipelineOver } from './api-pipeline.ts';

let api: ApiHarness;
let incidentId: string;
const MONITOR = { name: 'tlog', url: 'https://tlog.example.test/' };

const bytes = (res: ApiResponse): Buffer => (res.raw.isBase64Encoded ? Buffer.from(res.raw.body, 'base64') : Buffer.from(res.raw.body, 'utf8'));
const checkpointOf = (note: string) => parseCheckpoint(parseSignedNote(note).text);

beforeAll(async () => {
  api = await openApiHarness({ now: Date.parse('2026-12-04T12:00:00Z') });
  for (let i = 1; i <= 3; i++) expect((await api.call('POST', '/v1/monitors', { body: { ...MONITOR, name: `tlog-${i}` } })).status).toBe(201);
  // An incident the way production opens one: both regions fail.
  const monitorId = (await api.call('GET', '/v1/monitors')).json().items[0].id;
  const pipeline = pipelineOver(api, { run: async (_definition, region) => checkResult({ region, ...failure() }) });
  await pipeline.check(monitorId, 'local-a');
  await pipeline.verifyPending();
  incidentId = (await api.call('GET', '/v1/incidents')).json().items[0].id;
});
afterAll(async () => {
  await api.close();
});

async function vkeys() {
  const res = await api.call('GET', '/ledger/vkeys', { token: null });
  expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
  return res.text.trim().split('\n').map(parseVerifierKey);
}

async function entries(): Promise<string[]> {
  return (await api.call('GET', '/v1/ledger?limit=1000', { token: null })).json().entries.map((e: { jws: string }) => e.jws);
}

describe('GET /ledger/checkpoint and /ledger/vkeys', () => {
  it('serve a checkpoint of every entry that each vkey verifies on its own, not to be cached', async () => {
    const res = await api.call('GET', '/ledger/checkpoint', { token: null });
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-cache');
    const keys = await vkeys();
    expect(keys.map((k) => k.type)).toEqual([0x02, 0x01]);
    for (const key of keys) verifySignedNote(res.text, [key]);
    const checkpoint = checkpointOf(res.text);
    expect(checkpoint.origin).toBe('api.test:443/ledger');
    expect(checkpoint.size).toBe((await entries()).length);
  });
});

describe('GET /ledger/tile/...', () => {
  it('serves the level-0 tile as the leaf hashes of the entries, and the entry bundle as the entries', async () => {
    const jws = await entries();
    const n = jws.length;
    const tile = await api.call('GET', `/ledger/tile/0/000.p/${n}`, { token: null });
    expect(tile.status).toBe(200);
    expect(tile.headers['content-type']).toBe('application/octet-stream');
    expect(tile.headers['cache-control']).toContain('immutable');
    const hashes = bytes(tile);
    expect(hashes.length).toBe(32 * n);
    jws.forEach((entry, i) => expect(toBase64(hashes.subarray(32 * i, 32 * i + 32))).toBe(toBase64(ledgerLeafHash(entry))));
    const bundle = await api.call('GET', `/ledger/tile/entries/000.p/${n}`, { token: null });
    expect(decodeEntryBundle(bytes(bundle)).map((e) => Buffer.from(e).toString('ascii'))).toEqual(jws);
    // An older, narrower partial tile is served too: checkpoints of that size existed.
    expect(bytes(await api.call('GET', '/ledger/tile/0/000.p/1', { token: null }))).toEqual(hashes.subarray(0, 32));
  });

  it.each([
    ['/ledger/tile/0/000', 404, /not in the log/],
    ['/ledger/tile/0/000.p/200', 404, /width 200 is not in the log/],
    ['/ledger/tile/1/000.p/1', 404, /not reached/],
    ['/ledger/tile/0/7', 400, /three digits/],
    ['/ledger/tile/64/000', 400, /level must be 0 to 63/],
    ['/ledger/tile/0/000.p/300', 400, /partial width/],
  ])('%s is %d', async (path, status, detail) => {
    const res = await api.call('GET', path, { token: null });
    expect(res.status).toBe(status);
    expect(status === 400 ? JSON.stringify(res.json().errors) : res.json().detail).toMatch(detail);
  });
});

describe('GET /v1/ledger/{seq}/proof', () => {
  it('is a tlog-proof@v1 of the entry against the current checkpoint, which verifies', async () => {
    const jws = await entries();
    const res = await api.call('GET', '/v1/ledger/2/proof', { token: null });
    expect(res.status).toBe(200);
    const proof = parseTlogProof(res.text);
    expect(proof.index).toBe(1);
    verifySignedNote(proof.checkpoint, await vkeys());
    const { size, root } = checkpointOf(proof.checkpoint);
    verifyInclusion(1, size, ledgerLeafHash(jws[1]!), proof.proof, root);
  });

  it.each([
    ['/v1/ledger/0/proof', 400, 'seq'],
    ['/v1/ledger/x/proof', 400, 'seq'],
    ['/v1/ledger/999/proof', 404, null],
  ])('%s is %d', async (path, status, field) => {
    const res = await api.call('GET', path, { token: null });
    expect(res.status).toBe(status);
    if (field) expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(field);
  });
});

describe('GET /v1/incidents/{id}/proof', () => {
  it("proves the incident's entry against one checkpoint", async () => {
    const res = await api.call('GET', `/v1/incidents/${incidentId}/proof`, { token: null });
    expect(res.status).toBe(200);
    const body = res.json();
    expect(body.proofs.length).toBe(1);
    const { size, root } = checkpointOf(body.checkpoint);
    const proof = parseTlogProof(body.proofs[0].proof);
    expect(proof.index).toBe(body.proofs[0].seq - 1);
    verifyInclusion(proof.index, size, ledgerLeafHash(body.proofs[0].jws), proof.proof, root);
    expect((await api.call('GET', '/v1/incidents/nope/proof', { token: null })).status).toBe(404);
  });
});

describe('GET /v1/ledger/consistency', () => {
  it('proves an earlier checkpoint a prefix of the current one', async () => {
    const current = checkpointOf((await api.call('GET', '/ledger/checkpoint')).text);
    const old = checkpointOf((await api.stores.log.checkpointAt(2))!.note);
    const res = await api.call('GET', `/v1/ledger/consistency?from=2&to=${current.size}`, { token: null });
    expect(res.status).toBe(200);
    verifyConsistency(2, current.size, parseHashLines(res.text), old.root, current.root);
    expect((await api.call('GET', '/v1/ledger/consistency?from=2', { token: null })).text).toBe(res.text);
  });

  it.each([
    ['from=0', 'from'],
    ['from=abc', 'from'],
    ['to=3', 'from'],
    ['from=3&to=2', 'from'],
    ['from=1&to=9999', 'to'],
    ['from=1&to=-1', 'to'],
  ])('?%s is a 400 naming %s', async (query, field) => {
    const res = await api.call('GET', `/v1/ledger/consistency?${query}`, { token: null });
    expect(res.status).toBe(400);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toContain(field);
  });
});
