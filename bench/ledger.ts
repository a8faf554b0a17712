/**
 * `npm run bench -- ledger`: the transparency log. Append rate with a checkpoint signed
 * after every append (local: SQLite file, the P-256 key file and the Ed25519 key), the
 * size of a proof and a checkpoint, the time to verify 100,000 entries from tiles (entry
 * bundles hashed into the tree and checked against a signed checkpoint), and the KMS Sign
 * requests the log adds in AWS with their monthly cost.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDatabasePath, openLocalStores } from '../functions/adapters/local/index.ts';
import { openLocalSigner } from '../functions/adapters/local/signer.ts';
import { parseCheckpoint } from '../functions/core/tlog/checkpoint.ts';
import { parseSignedNote, parseVerifierKey, verifySignedNote } from '../functions/core/tlog/note.ts';
import { ledgerLeafHash, sameHash } from '../functions/core/tlog/rfc6962.ts';
import { decodeEntryBundle, encodeEntryBundle, TILE_WIDTH } from '../functions/core/tlog/tiles.ts';
import { TreeBuilder } from '../functions/core/tlog/tree.ts';
import { openLocalLog } from '../functions/runtime/local-log.ts';
import { checkpointingWriter } from '../functions/services/checkpoints.ts';
import { createLedgerWriter } from '../functions/services/ledger.ts';
import { entryProof, readTile } from '../functions/services/log-reads.ts';
import { PRICES } from './cost/prices.ts';
import { markdownTable } from './table.ts';

const APPENDS = 500;
const VERIFY_ENTRIES = 100_000;

export async function benchLedger(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'crosscheck-bench-ledger-'));
  try {
    const stores = openLocalStores({ path: localDatabasePath(dir) });
    const signer = await openLocalSigner(dir, { ledgerHasEntries: false });
    const log = await openLocalLog({ host: 'bench.local', port: 8070, dataDir: dir, logOrigin: null }, stores, signer);
    let now = Date.parse('2026-12-04T00:00:00Z');
    const writer = checkpointingWriter(createLedgerWriter({ ledger: stores.ledger, signer, clock: { now: () => (now += 1000) } }), log.checkpointer, (error) => {
      throw error;
    });
    const body = { monitor: { id: 'm', name: 'bench', url: 'https://bench.example' }, definitionSha256: 'x'.repeat(43) };
    const started = performance.now();
    for (let i = 0; i < APPENDS; i++) await writer.append({ type: 'monitor.updated', key: `monitor.updated:bench-${i}`, body });
    const appendMs = performance.now() - started;
    const checkpoints = (await Promise.all(Array.from({ length: APPENDS }, (_, i) => stores.log.checkpointAt(i + 1)))).filter(Boolean).length;

    const proof = (await entryProof(stores, 1)).text;
    const checkpoint = (await stores.log.latestCheckpoint())!.note;
    const tile = await readTile(stores, { level: 0, index: 0, width: TILE_WIDTH });
    stores.close();

    // 100,000 entries as a client reads them: full entry bundles, each entry hashed into the tree, the root against a signed checkpoint.
    const sample = (await openLocalStores({ path: localDatabasePath(dir) }).ledger.range(0, 1))[0]!.jws;
    const bundles: Uint8Array[] = [];
    for (let b = 0; b < VERIFY_ENTRIES / TILE_WIDTH; b++) {
      bundles.push(encodeEntryBundle(Array.from({ length: TILE_WIDTH }, (_, i) => Buffer.from(sample.replace(/.$/, String((b * TILE_WIDTH + i) % 10)), 'ascii'))));
    }
    const expected = new TreeBuilder();
    for (const bundle of bundles) for (const entry of decodeEntryBundle(bundle)) expected.addLeaf(entry);
    const keys = (await log.noteKeys()).map((k) => parseVerifierKey(k.vkey));
    const verifyStart = performance.now();
    const builder = new TreeBuilder();
    for (const bundle of bundles) for (const entry of decodeEntryBundle(bundle)) builder.addLeafHash(ledgerLeafHash(Buffer.from(entry).toString('ascii')));
    verifySignedNote(checkpoint, keys);
    const verified = sameHash(builder.root(), expected.root()) && parseCheckpoint(parseSignedNote(checkpoint).text).size === APPENDS;
    const verifyMs = performance.now() - verifyStart;

    const signsPerMonth = (entries: number) => entries * 2;
    const cost = (signs: number) => (signs / PRICES.kmsSign.per) * PRICES.kmsSign.usd;
    return [
      markdownTable(
        ['measure', 'value'],
        [
          [`append with a checkpoint signed after each (${APPENDS} appends, SQLite file, ECDSA + Ed25519)`, `${(APPENDS / (appendMs / 1000)).toFixed(0)} appends/s (${(appendMs / APPENDS).toFixed(2)} ms each), ${checkpoints} checkpoints`],
          [`inclusion proof of entry 1 in a tree of ${APPENDS} (tlog-proof@v1 text, with its checkpoint)`, `${Buffer.byteLength(proof)} bytes`],
          ['signed checkpoint (ECDSA P-256 and Ed25519 lines)', `${Buffer.byteLength(checkpoint)} bytes`],
          ['a full tile (256 hashes)', `${tile.length} bytes`],
          [`recompute the tree of ${VERIFY_ENTRIES.toLocaleString('en-US')} entries from entry bundles (decode, hash, root) and verify a checkpoint's signatures`, `${verifyMs.toFixed(0)} ms (${verified ? 'root matched' : 'MISMATCH'})`],
        ],
      ),
      '',
      markdownTable(
        ['ledger entries a month (AWS)', 'KMS Sign requests (entry + checkpoint)', 'USD a month', 'with the Ed25519 key (+1 Sign per checkpoint, +1 USD key)'],
        [30, 1_000, 100_000].map((n) => [n.toLocaleString('en-US'), signsPerMonth(n).toLocaleString('en-US'), cost(signsPerMonth(n)).toFixed(4), (cost(signsPerMonth(n) + n) + 1).toFixed(4)]),
      ),
      '',
      'A burst of appends shares checkpoints (one is signed while the next waits), so these Sign counts are the upper bound.',
    ].join('\n');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
