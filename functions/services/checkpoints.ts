/**
 * Signing checkpoints: after appends, the log's current tree size and root become a C2SP
 * checkpoint, signed as a note by every note signer (ECDSA with the ledger key, and
 * Ed25519 when configured) and stored once per size. Appends that arrive while a
 * checkpoint is being signed are covered by the next one, so a burst of appends costs
 * two signatures, not one per entry.
 *
 * A checkpoint can only be consistent with every earlier one: its size and root come
 * from the stored tree, which grows only by appends that the store's conditions keep
 * free of forks and gaps, and it is never signed for a size below the latest.
 */
import { CrossCheckError } from '../core/errors.ts';
import { formatCheckpoint } from '../core/tlog/checkpoint.ts';
import { formatSignedNote, type NoteSignature } from '../core/tlog/note.ts';
import { treeRoot } from '../core/tlog/tree.ts';
import type { LedgerStore } from '../ports/ledger-store.ts';
import type { LogStore, StoredCheckpoint } from '../ports/log-store.ts';
import type { NoteSigner } from '../ports/note-signer.ts';
import type { LedgerWriter } from '../ports/ledger-writer.ts';

export interface CheckpointerDeps {
  readonly ledger: LedgerStore;
  readonly log: LogStore;
  /** The log's signers; the first is the log's own key (ECDSA with the ledger key). */
  readonly signers: readonly NoteSigner[];
}

export interface Checkpointer {
  /** A checkpoint covering at least every entry appended before the call; signed if there is none yet. */
  checkpoint(): Promise<StoredCheckpoint | null>;
}

export function createCheckpointer(deps: CheckpointerDeps): Checkpointer {
  if (deps.signers.length === 0) throw new CrossCheckError('a checkpoint needs at least one note signer');
  let running: Promise<StoredCheckpoint | null> | null = null;
  let queued: Promise<StoredCheckpoint | null> | null = null;

  async function signOnce(): Promise<StoredCheckpoint | null> {
    const head = await deps.ledger.head();
    if (head === null) return null;
    const size = await deps.log.catchUp(head.seq);
    const latest = await deps.log.latestCheckpoint();
    if (latest !== null && latest.size >= size) return latest;
    const keys = await Promise.all(deps.signers.map((signer) => signer.describe()));
    const origin = keys[0]!.name;
    const text = formatCheckpoint({ origin, size, root: await treeRoot(size, (nodes) => deps.log.readNodes(nodes)) });
    const bytes = Buffer.from(text, 'utf8');
    const signatures: NoteSignature[] = await Promise.all(
      deps.signers.map(async (signer, i) => ({ name: keys[i]!.name, keyId: keys[i]!.keyId, signature: await signer.sign(bytes) })),
    );
    return deps.log.putCheckpoint({ size, note: formatSignedNote(text, signatures) });
  }

  return {
    checkpoint() {
      if (running === null) {
        running = signOnce().finally(() => {
          running = null;
        });
        return running;
      }
      // One is being signed, perhaps without the latest appends: one more after it covers them all.
      queued ??= running
        .catch(() => undefined)
        .then(() => {
          queued = null;
          return this.checkpoint();
        });
      return queued;
    },
  };
}

/**
 * The writer, with a checkpoint signed after each append (batched): the record comes back
 * once a checkpoint covers it. A checkpoint that cannot be signed (the key throttled,
 * say) does not undo or fail the append, which is stored and, with a monitor change,
 * committed: it goes to `onError`, and the next append's checkpoint covers the entry.
 */
export function checkpointingWriter(writer: LedgerWriter, checkpointer: Checkpointer, onError: (error: unknown) => void): LedgerWriter {
  return {
    async append(input) {
      const record = await writer.append(input);
      try {
        await checkpointer.checkpoint();
      } catch (error) {
        onError(error);
      }
      return record;
    },
  };
}
