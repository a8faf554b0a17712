/**
 * The Merkle tree's rules at the store, once for every backend: the record of leaf i
 * (entry seq i + 1) is computed from the entry's JWS and the left siblings already
 * stored, and written in the same atomic step as the entry (see ledger-store.ts). A
 * ledger that has entries without records (written before the tree existed) gains them
 * here, oldest first, from the entries themselves: the entries are never touched.
 */
import { CrossCheckError, NotFoundError } from '../../../core/errors.ts';
import { hashInRecord, leftSiblingsOf, recordOf, recordOfNode, type NodeId } from '../../../core/tlog/nodes.ts';
import { ledgerLeafHash, type Hash } from '../../../core/tlog/rfc6962.ts';
import type { LedgerRecord } from '../../../ports/ledger-store.ts';

/** What a backend stores of the tree: one record per leaf. */
export interface TreeBackend {
  /** The records of these leaves that exist (absent ones are missing from the map). */
  treeRecords(leaves: readonly number[]): Promise<ReadonlyMap<number, Uint8Array>>;
  /** The highest leaf with a record, or null when there is none. */
  lastTreeLeaf(): Promise<number | null>;
  /** Writes a record unless the leaf has one; a different record under the leaf is a ConflictError. */
  putTreeRecord(leaf: number, record: Uint8Array): Promise<void>;
  /** Entries with seq > afterSeq, ascending, at most `limit`. */
  readRange(afterSeq: number, limit: number): Promise<readonly LedgerRecord[]>;
}

/** Entries read per step while catching the tree up. */
const CATCH_UP_PAGE = 500;

/** Reads nodes through their leaves' records, in one call to the backend. */
export async function readNodes(backend: TreeBackend, nodes: readonly NodeId[], known?: ReadonlyMap<number, Uint8Array>): Promise<Hash[]> {
  const places = nodes.map(recordOfNode);
  const wanted = [...new Set(places.map((p) => p.leaf))].filter((leaf) => !known?.has(leaf));
  const records = wanted.length === 0 ? new Map<number, Uint8Array>() : new Map(await backend.treeRecords(wanted));
  return places.map(({ leaf, offset }) => {
    const record = known?.get(leaf) ?? records.get(leaf);
    if (record === undefined) throw new NotFoundError(`the tree has no record of leaf ${leaf} (entry ${leaf + 1})`);
    return hashInRecord(record, offset, leaf);
  });
}

/**
 * The record of the leaf of `entry`, computed from the stored left siblings. The tree
 * must hold every earlier leaf: when it does not, it is caught up first; null when the
 * ledger itself has no entry before this one (the append would leave a gap).
 */
export async function recordForAppend(backend: TreeBackend, entry: LedgerRecord): Promise<Uint8Array | null> {
  const leaf = entry.seq - 1;
  if (leaf > 0 && !(await backend.treeRecords([leaf - 1])).has(leaf - 1)) {
    if ((await catchUpTree(backend, leaf)) < leaf) return null;
  }
  const siblings = await readNodes(backend, leftSiblingsOf(leaf));
  return recordOf(leaf, ledgerLeafHash(entry.jws), siblings);
}

/**
 * Writes the records of every leaf below `size` that has none, from the stored entries;
 * returns the tree size reached (`size`, or fewer when the ledger has fewer entries).
 */
export async function catchUpTree(backend: TreeBackend, size: number): Promise<number> {
  const last = await backend.lastTreeLeaf();
  let next = last === null ? 0 : last + 1;
  // Records written in this pass, so that the next leaves' siblings need no read back.
  const fresh = new Map<number, Uint8Array>();
  while (next < size) {
    const entries = await backend.readRange(next, Math.min(CATCH_UP_PAGE, size - next));
    if (entries.length === 0) break;
    for (const entry of entries) {
      if (entry.seq !== next + 1) throw new CrossCheckError(`the ledger has a gap: entry ${entry.seq} follows ${next}`);
      const record = recordOf(next, ledgerLeafHash(entry.jws), await readNodes(backend, leftSiblingsOf(next), fresh));
      await backend.putTreeRecord(next, record);
      fresh.set(next, record);
      next++;
    }
    // Only the right edge is ever a sibling again: keep the map small.
    for (const leaf of fresh.keys()) if (leaf < next - 2 * CATCH_UP_PAGE) fresh.delete(leaf);
  }
  return next;
}
