import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactVerify, importJWK } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { openLocalSigner, type LocalSigner } from '../../functions/adapters/local/signer.ts';
import { ConflictError, SignerError } from '../../functions/core/errors.ts';
import { LedgerEntryTooLargeError } from '../../functions/core/ledger/index.ts';
import type { LedgerRecord } from '../../functions/ports/ledger-store.ts';
import { createLedgerWriter, type LedgerAppend } from '../../functions/services/ledger.ts';

let dir: string;
let stores: LocalStores;
let signer: LocalSigner;
let now: number;
const clock = { now: () => now };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crosscheck-writer-'));
  stores = openLocalStores({ path: ':memory:' });
  signer = await openLocalSigner(dir, { ledgerHasEntries: false });
  now = Date.parse('2026-03-01T12:00:00.000Z');
});
afterEach(async () => {
  stores.close();
  await rm(dir, { recursive: true, force: true });
});

const created = (id: string): LedgerAppend => ({
  type: 'monitor.created',
  key: `monitor.created:${id}`,
  body: { monitor: { id, name: `Monitor ${id}` }, definitionSha256: 'A'.repeat(43) },
});

async function allEntries(): Promise<readonly LedgerRecord[]> {
  return stores.ledger.range(0, 1000);
}

/**
 * Verifies the chain with jose and node:crypto only: no CrossCheck code on this path,
 * as an auditor holding the JWKS would.
 */
async function verifyWithJoseOnly(entries: readonly LedgerRecord[]): Promise<Record<string, unknown>[]> {
  const key = await importJWK({ ...(await signer.publicJwk()) }, 'ES256');
  const payloads: Record<string, unknown>[] = [];
  let prev = Buffer.alloc(32).toString('base64url');
  for (const [index, entry] of entries.entries()) {
    const { payload, protectedHeader } = await compactVerify(entry.jws, key, { algorithms: ['ES256'] });
    expect(protectedHeader).toEqual({ alg: 'ES256', kid: (await signer.publicJwk()).kid, typ: 'crosscheck-ledger+jws' });
    const body = JSON.parse(new TextDecoder().decode(payload)) as Record<string, unknown>;
    expect(body.seq).toBe(index + 1);
    expect(entry.seq).toBe(index + 1);
    expect(body.prev).toBe(prev);
    prev = createHash('sha256').update(entry.jws, 'ascii').digest('base64url');
    payloads.push(body);
  }
  return payloads;
}

describe('createLedgerWriter', () => {
  it('appends a chain that plain jose verifies: signatures, seq 1..n and prev links', async () => {
    const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock });
    for (const id of ['a', 'b', 'c']) {
      await writer.append(created(id));
      now += 1000;
    }
    const payloads = await verifyWithJoseOnly(await allEntries());
    expect(payloads).toEqual([
      { seq: 1, prev: 'A'.repeat(43), type: 'monitor.created', time: '2026-03-01T12:00:00.000Z', monitor: { id: 'a', name: 'Monitor a' }, definitionSha256: 'A'.repeat(43) },
      expect.objectContaining({ seq: 2, time: '2026-03-01T12:00:01.000Z', monitor: { id: 'b', name: 'Monitor b' } }),
      expect.objectContaining({ seq: 3, time: '2026-03-01T12:00:02.000Z' }),
    ]);
  });

  it('returns the stored record, with type, key and time copied out of the payload', async () => {
    const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock });
    const record = await writer.append(created('a'));
    expect(record).toEqual({ seq: 1, jws: expect.any(String), type: 'monitor.created', key: 'monitor.created:a', time: '2026-03-01T12:00:00.000Z', evidenceSha256: null });
    expect(await stores.ledger.head()).toEqual(record);
  });

  it('is idempotent on the key: a repeat returns the first entry and writes nothing', async () => {
    const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock });
    const first = await writer.append(created('a'));
    now += 60_000;
    const again = await writer.append({ ...created('a'), body: { monitor: { id: 'a', name: 'renamed' }, definitionSha256: 'B'.repeat(43) } });
    expect(again).toEqual(first);
    expect(await allEntries()).toHaveLength(1);
    // A second writer (another process) sees the same.
    expect(await createLedgerWriter({ ledger: stores.ledger, signer, clock }).append(created('a'))).toEqual(first);
  });

  it('refuses a key reused by a different entry type', async () => {
    const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock });
    await writer.append(created('a'));
    await expect(writer.append({ ...created('a'), type: 'monitor.deleted' })).rejects.toThrow(
      new ConflictError('ledger key monitor.created:a belongs to a monitor.created entry (seq 1), not monitor.deleted'),
    );
  });

  it('20 concurrent appends through one writer yield seq 1..20 with no gap or fork', async () => {
    const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock });
    const records = await Promise.all(Array.from({ length: 20 }, (_, i) => writer.append(created(`m${i}`))));
    expect(records.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    await verifyWithJoseOnly(await allEntries());
  });

  it('20 writers (as 20 processes) appending at once yield seq 1..20 with no gap or fork', async () => {
    let conflicts = 0;
    const ledger = {
      ...stores.ledger,
      append: (...args: Parameters<typeof stores.ledger.append>) =>
        stores.ledger.append(...args).catch((error: unknown) => {
          if (error instanceof ConflictError) conflicts++;
          throw error;
        }),
    };
    const records = await Promise.all(
      Array.from({ length: 20 }, (_, i) => createLedgerWriter({ ledger, signer, clock }).append(created(`m${i}`))),
    );
    expect(conflicts).toBeGreaterThan(0); // the race did happen, and was retried
    expect(records.map((r) => r.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const payloads = await verifyWithJoseOnly(await allEntries());
    expect(new Set(payloads.map((p) => (p.monitor as { id: string }).id)).size).toBe(20);
  });

  it('writers racing for one key yield one entry', async () => {
    const records = await Promise.all(
      Array.from({ length: 5 }, () => createLedgerWriter({ ledger: stores.ledger, signer, clock }).append(created('same'))),
    );
    expect(new Set(records.map((r) => r.jws)).size).toBe(1);
    expect(await allEntries()).toHaveLength(1);
  });

  it('gives up with a ConflictError after maxAttempts lost races, writing nothing of its own', async () => {
    const results = await Promise.allSettled([
      createLedgerWriter({ ledger: stores.ledger, signer, clock }, { maxAttempts: 1 }).append(created('a')),
      createLedgerWriter({ ledger: stores.ledger, signer, clock }, { maxAttempts: 1 }).append(created('b')),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const failure = results.find((r) => r.status === 'rejected');
    expect(failure?.reason).toBeInstanceOf(ConflictError);
    expect(String(failure?.reason)).toMatch(/lost the race for the next seq 1 times/);
    expect(await allEntries()).toHaveLength(1);
  });

  it('stores the evidence beside the entry as canonical JSON and signs its SHA-256', async () => {
    const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock });
    const record = await writer.append({ ...created('a'), evidence: { z: 1, a: { y: [1, 2], b: 'é' } } });
    const json = '{"a":{"b":"é","y":[1,2]},"z":1}';
    const sha = createHash('sha256').update(json).digest('base64url');
    expect(record.evidenceSha256).toBe(sha);
    expect(await stores.ledger.evidence(sha)).toBe(json);
    const [payload] = await verifyWithJoseOnly(await allEntries());
    expect(payload?.evidence).toBe(sha);
  });

  it('refuses an entry whose signing input would pass 4096 bytes, and writes nothing', async () => {
    const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock });
    await expect(writer.append({ ...created('a'), body: { monitor: { id: 'a', name: 'x'.repeat(4000) } } })).rejects.toThrow(LedgerEntryTooLargeError);
    expect(await stores.ledger.head()).toBeNull();
    // The writer is still usable afterwards.
    expect((await writer.append(created('b'))).seq).toBe(1);
  });

  it.each(['seq', 'prev', 'type', 'time', 'evidence'])('refuses a body that sets %s', async (field) => {
    const writer = createLedgerWriter({ ledger: stores.ledger, signer, clock });
    await expect(writer.append({ ...created('a'), body: { [field]: 1 } })).rejects.toThrow(`may not set '${field}'`);
    expect(await stores.ledger.head()).toBeNull();
  });

  it('a signer that cannot give its public key fails the append, writes nothing, and is asked again next time', async () => {
    let calls = 0;
    const flaky = {
      publicJwk: async () => (++calls === 1 ? Promise.reject(new SignerError('KMS throttled')) : signer.publicJwk()),
      sign: (input: Uint8Array) => signer.sign(input),
    };
    const writer = createLedgerWriter({ ledger: stores.ledger, signer: flaky, clock });
    await expect(writer.append(created('a'))).rejects.toThrow('KMS throttled');
    expect(await stores.ledger.head()).toBeNull();
    await writer.append(created('a'));
    await verifyWithJoseOnly(await allEntries());
  });

  it('never writes a time before the head entry, even from a clock that is behind', async () => {
    await createLedgerWriter({ ledger: stores.ledger, signer, clock }).append(created('a'));
    const behind = { now: () => now - 5000 };
    const record = await createLedgerWriter({ ledger: stores.ledger, signer, clock: behind }).append(created('b'));
    expect(record.time).toBe('2026-03-01T12:00:00.000Z');
  });
});
