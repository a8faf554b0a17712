/**
 * What the transparency log's public routes read, against the newest signed checkpoint:
 * tiles and entry bundles (C2SP tlog-tiles), an entry's inclusion proof as a
 * tlog-proof@v1 text, and consistency proofs. Nothing beyond the checkpoint's size is
 * served, so that every tile and proof can be checked against a signed root.
 */
import { NotFoundError, ValidationError } from '../core/errors.ts';
import { inclusionProof, consistencyProof } from '../core/tlog/tree.ts';
import { formatTlogProof } from '../core/tlog/proof-text.ts';
import { bundleLeaves, encodeEntryBundle, tileNodes, tileWidthAt, type TileRef } from '../core/tlog/tiles.ts';
import type { Hash } from '../core/tlog/rfc6962.ts';
import type { LedgerStore } from '../ports/ledger-store.ts';
import type { LogStore, StoredCheckpoint } from '../ports/log-store.ts';
import { cosignedNote } from './witnesses.ts';

export interface LogReadDeps {
  readonly ledger: LedgerStore;
  readonly log: LogStore;
}

export async function latestCheckpoint({ log }: LogReadDeps): Promise<StoredCheckpoint> {
  const latest = await log.latestCheckpoint();
  if (latest === null) throw new NotFoundError('the log has no checkpoint yet (the ledger is empty)');
  return latest;
}

/** A tile or entry bundle's bytes, when the newest checkpoint's tree covers it at that width; NotFoundError otherwise. */
export async function readTile(deps: LogReadDeps, ref: TileRef): Promise<Uint8Array> {
  const { size } = await latestCheckpoint(deps);
  const level = ref.level === 'entries' ? 0 : ref.level;
  const available = tileWidthAt(level, ref.index, size);
  if (available < ref.width) {
    const what = ref.level === 'entries' ? `entry bundle ${ref.index}` : `tile ${ref.level}/${ref.index}`;
    throw new NotFoundError(`${what} of width ${ref.width} is not in the log at its checkpoint size ${size} (${available === 0 ? 'not reached' : `width ${available}`})`);
  }
  if (ref.level === 'entries') {
    const { start, end } = bundleLeaves(ref.index, ref.width);
    const records = await deps.ledger.range(start, end - start);
    return encodeEntryBundle(records.map((r) => Buffer.from(r.jws, 'ascii')));
  }
  const hashes = await deps.log.readNodes(tileNodes({ level: ref.level, index: ref.index, width: ref.width }));
  const out = new Uint8Array(hashes.length * 32);
  hashes.forEach((hash, i) => out.set(hash, i * 32));
  return out;
}

/** The tlog-proof@v1 text of entry `seq` against the newest checkpoint. */
export async function entryProof(deps: LogReadDeps, seq: number): Promise<{ text: string; checkpoint: StoredCheckpoint }> {
  const checkpoint = await latestCheckpoint(deps);
  if (!Number.isSafeInteger(seq) || seq < 1) throw new ValidationError([{ path: 'seq', message: 'must be an integer of at least 1' }]);
  if (seq > checkpoint.size) throw new NotFoundError(`entry ${seq} is not in the log's newest checkpoint (size ${checkpoint.size})`);
  const proof = await inclusionProof(seq - 1, checkpoint.size, (nodes) => deps.log.readNodes(nodes));
  // Against the checkpoint as served: with the witnesses' cosignatures, so the proof stands on its own.
  return { text: formatTlogProof({ index: seq - 1, proof, checkpoint: await cosignedNote(deps.log, checkpoint) }), checkpoint };
}

/** The consistency proof from size `from` to size `to` (default: the newest checkpoint's); ValidationError naming the parameter. */
export async function consistencyBetween(deps: LogReadDeps, from: number, to: number | undefined): Promise<{ from: number; to: number; proof: Hash[] }> {
  const { size } = await latestCheckpoint(deps);
  const end = to ?? size;
  if (end > size) throw new ValidationError([{ path: 'to', message: `must be at most the newest checkpoint's size, ${size}` }]);
  if (from < 1) throw new ValidationError([{ path: 'from', message: 'must be at least 1 (a proof from the empty tree proves nothing)' }]);
  if (from > end) throw new ValidationError([{ path: 'from', message: `must be at most to (${end})` }]);
  return { from, to: end, proof: await consistencyProof(from, end, (nodes) => deps.log.readNodes(nodes)) };
}
