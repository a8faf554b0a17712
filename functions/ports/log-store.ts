/**
 * The ledger seen as a transparency log: the Merkle tree's stored hashes (written with
 * each entry, see core/tlog/nodes.ts), the signed checkpoints, the log's origin and the
 * witnesses' cosignatures. The entries themselves stay in the LedgerStore.
 */
import type { NodeId } from '../core/tlog/nodes.ts';
import type { Hash } from '../core/tlog/rfc6962.ts';

export interface StoredCheckpoint {
  readonly size: number;
  /** The signed note, verbatim. */
  readonly note: string;
}

export interface LogStore {
  /**
   * Makes sure every entry up to `seq` has its tree record (a ledger written before the
   * tree existed gains one, entries unchanged), and returns the tree size it reached.
   */
  catchUp(seq: number): Promise<number>;
  /** Hashes of perfect-subtree nodes, in the order asked; ConflictError-free, NotFoundError when one is not stored. */
  readNodes(nodes: readonly NodeId[]): Promise<readonly Hash[]>;
  /** The newest signed checkpoint, or null before the first. */
  latestCheckpoint(): Promise<StoredCheckpoint | null>;
  /** The checkpoint signed at exactly `size`, or null. */
  checkpointAt(size: number): Promise<StoredCheckpoint | null>;
  /** Stores a checkpoint unless one of that size is stored already; returns the one stored. */
  putCheckpoint(checkpoint: StoredCheckpoint): Promise<StoredCheckpoint>;
  /**
   * The log's origin: the stored one; at genesis (none stored yet) `configured` is
   * stored and returned. An origin never changes: when `explicit` (the operator set it,
   * rather than a default), a `configured` other than the stored one is a ConfigError.
   */
  origin(configured: string, explicit?: boolean): Promise<string>;
  /** Keeps a witness's cosignature line of the checkpoint of `size` (one per witness and size; a repeat is ignored). */
  putCosignature(size: number, witness: string, line: string): Promise<void>;
  /** The cosignature lines kept for the checkpoint of `size`, by witness name. */
  cosignaturesAt(size: number): Promise<ReadonlyArray<{ readonly witness: string; readonly line: string }>>;
}
