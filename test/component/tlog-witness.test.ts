/**
 * A witness round trip on loopback: the log submits each new checkpoint to a witness run
 * by `crosscheck witness serve`'s code, the cosignature verifies with the witness's vkey
 * and is served with the checkpoint; a forked checkpoint is refused; a log that forgot
 * what the witness holds is told (409) and resends from the witness's size.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFetchWitnessClient } from '../../functions/adapters/common/witness-client.ts';
import { openLocalStores, type LocalStores } from '../../functions/adapters/local/index.ts';
import { openLocalSigner } from '../../functions/adapters/local/signer.ts';
import { startWitness, type RunningWitness } from '../../functions/cli/witness.ts';
import { formatCheckpoint } from '../../functions/core/tlog/checkpoint.ts';
import { formatSignedNote, parseVerifierKey, verifySignedNote } from '../../functions/core/tlog/note.ts';
import { hashLeaf } from '../../functions/core/tlog/rfc6962.ts';
import { openLocalLog } from '../../functions/runtime/local-log.ts';
import { checkpointingWriter } from '../../functions/services/checkpoints.ts';
import { createLedgerWriter } from '../../functions/services/ledger.ts';
import { ecdsaNoteSigner } from '../../functions/services/note-signers.ts';
import { cosignedNote, createWitnessSubmitter } from '../../functions/services/witnesses.ts';

let dir: string;
let stores: LocalStores;
let witness: RunningWitness;

async function logWith(witnesses: Array<{ url: string; vkey: string }>) {
  const signer = await openLocalSigner(dir, { ledgerHasEntries: (await stores.ledger.head()) !== null });
  const errors: Error[] = [];
  const log = await openLocalLog({ host: 'log.test', port: 443, dataDir: dir, logOrigin: null, witnesses }, stores, signer, (error) => errors.push(error));
  const writer = checkpointingWriter(createLedgerWriter({ ledger: stores.ledger, signer, clock: { now: () => Date.parse('2026-12-04T12:00:00Z') } }), log.checkpointer, (error) => {
    throw error;
  });
  const keys = await log.noteKeys();
  return { signer, errors, writer, vkey: keys[0]!.vkey, keys };
}

const append = (writer: { append: (input: { type: 'monitor.created'; key: string; body: Record<string, unknown> }) => Promise<unknown> }, n: number) =>
  writer.append({ type: 'monitor.created', key: `monitor.created:m${n}`, body: { monitor: { id: `m${n}` } } });

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crosscheck-witness-'));
  stores = openLocalStores({ path: ':memory:' });
});
afterEach(async () => {
  await witness?.close();
  stores.close();
  await rm(dir, { recursive: true, force: true });
});

async function witnessFor(logVkeys: readonly string[]) {
  return startWitness({ logs: logVkeys, keyPath: join(dir, 'witness.key'), name: 'witness.test', statePath: join(dir, 'witness-state.json'), host: '127.0.0.1', port: 0, now: () => Date.parse('2026-12-04T12:00:00Z') });
}

describe('witness round trip on loopback', () => {
  it('cosigns each checkpoint; the served checkpoint verifies with the log key and with the witness key', async () => {
    // The log's keys exist before the witness is told about them.
    const { vkey } = await logWith([]);
    witness = await witnessFor([vkey]);
    const { writer, errors } = await logWith([{ url: witness.url, vkey: witness.vkey }]);
    for (let n = 1; n <= 4; n++) await append(writer, n);
    expect(errors).toEqual([]);
    const latest = (await stores.log.latestCheckpoint())!;
    const served = await cosignedNote(stores.log, latest);
    const witnessKey = parseVerifierKey(witness.vkey);
    expect(witnessKey.type).toBe(0x04);
    expect(verifySignedNote(served, [witnessKey]).verifiedBy).toEqual([witnessKey]);
    expect(verifySignedNote(served, [parseVerifierKey(vkey)]).verifiedBy).toHaveLength(1);
    expect((await stores.log.cosignaturesAt(latest.size)).map((c) => c.witness)).toEqual(['witness.test']);
  });

  it('refuses a forked checkpoint (another root for a size it cosigned) with 422, and an unknown log with 404', async () => {
    const { vkey, writer, signer } = await logWith([]);
    witness = await witnessFor([vkey]);
    await append(writer, 1);
    await append(writer, 2);
    const submitter = createWitnessSubmitter({ log: stores.log, client: createFetchWitnessClient() }, [{ url: witness.url, vkey: witness.vkey }]);
    expect(await submitter.submit((await stores.log.latestCheckpoint())!)).toEqual([]);

    const ecdsa = ecdsaNoteSigner(signer, async () => 'log.test:443/ledger');
    const { name, keyId } = await ecdsa.describe();
    const text = formatCheckpoint({ origin: name, size: 2, root: hashLeaf(Uint8Array.of(1)) });
    const forged = formatSignedNote(text, [{ name, keyId, signature: await ecdsa.sign(Buffer.from(text)) }]);
    const client = createFetchWitnessClient();
    const reply = await client.addCheckpoint(witness.url, `old 2\n\n${forged}`);
    expect(reply.status).toBe(422);
    expect(reply.body).toMatch(/a different root for size 2: the log forked/);

    const unknown = formatSignedNote('other.test/log\n1\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n', [{ name: 'other.test/log', keyId: 1, signature: new Uint8Array(64) }]);
    expect((await client.addCheckpoint(witness.url, `old 0\n\n${unknown}`)).status).toBe(404);
  });

  it('a log that does not know the witness\'s size gets a 409 naming it and resends from there', async () => {
    const { vkey, writer } = await logWith([]);
    witness = await witnessFor([vkey]);
    await append(writer, 1);
    await append(writer, 2);
    const first = createWitnessSubmitter({ log: stores.log, client: createFetchWitnessClient() }, [{ url: witness.url, vkey: witness.vkey }]);
    expect(await first.submit((await stores.log.latestCheckpoint())!)).toEqual([]);
    await append(writer, 3);
    // A new process (a new recorder container) starts from "old 0": the witness answers 409 with 2.
    const client = createFetchWitnessClient();
    const seen: number[] = [];
    const spying = { addCheckpoint: async (url: string, body: string) => {
      const reply = await client.addCheckpoint(url, body);
      seen.push(reply.status);
      return reply;
    } };
    const second = createWitnessSubmitter({ log: stores.log, client: spying }, [{ url: witness.url, vkey: witness.vkey }]);
    expect(await second.submit((await stores.log.latestCheckpoint())!)).toEqual([]);
    expect(seen).toEqual([409, 200]);
    expect(await stores.log.cosignaturesAt(3)).toHaveLength(1);
  });
});
