/**
 * Checking the ledger as a transparency log, offline: a signed checkpoint against the
 * log's vkeys, the tree recomputed from the entries themselves and compared with the
 * checkpoint's root, an older checkpoint's root recomputed from the same entries (a
 * rewrite since then cannot match it), an inclusion proof, and the step from one
 * checkpoint to the next with a consistency proof. Each failure names what and where.
 */
import { parseCheckpoint, type Checkpoint } from '../core/tlog/checkpoint.ts';
import { parseVerifierKey, verifySignedNote, type VerifierKey } from '../core/tlog/note.ts';
import { ledgerLeafHash, toBase64, type Hash } from '../core/tlog/rfc6962.ts';
import { TreeBuilder } from '../core/tlog/tree.ts';
import { verifyConsistency, verifyInclusion } from '../core/tlog/verify.ts';

export type LogCheck = { readonly ok: true; readonly checkpoint: Checkpoint } | { readonly ok: false; readonly reason: string };

/** Reads vkeys, one a line (blank lines and # comments skipped); throws naming the bad line. */
export function parseVerifierKeys(text: string): VerifierKey[] {
  const keys: VerifierKey[] = [];
  text.split('\n').forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    try {
      keys.push(parseVerifierKey(trimmed));
    } catch (error) {
      throw new Error(`vkey line ${i + 1}: ${(error as Error).message}`);
    }
  });
  if (keys.length === 0) throw new Error('no verifier key given');
  return keys;
}

/** The checkpoint of a signed note verified with `keys`, its origin the key name (the log's own signature). */
export function verifyCheckpointNote(note: string, keys: readonly VerifierKey[], what = 'the checkpoint'): LogCheck {
  try {
    const verified = verifySignedNote(note, keys);
    const checkpoint = parseCheckpoint(verified.text);
    if (!verified.verifiedBy.some((key) => key.name === checkpoint.origin)) {
      return { ok: false, reason: `${what} is signed by ${verified.verifiedBy.map((k) => k.name).join(', ')}, not by its log ${checkpoint.origin}` };
    }
    return { ok: true, checkpoint };
  } catch (error) {
    return { ok: false, reason: `${what}: ${(error as Error).message}` };
  }
}

/** The root of the first `size` entries (compact JWS strings, in seq order), trusting no stored hash. */
export function rootOfEntries(jws: readonly string[], size: number): Hash {
  const builder = new TreeBuilder();
  for (let i = 0; i < size; i++) builder.addLeafHash(ledgerLeafHash(jws[i]!));
  return builder.root();
}

/** The entries' tree at the checkpoint's size has the checkpoint's root. */
export function entriesMatchCheckpoint(jws: readonly string[], checkpoint: Checkpoint, what = 'the checkpoint'): LogCheck {
  if (jws.length < checkpoint.size) return { ok: false, reason: `${what} has size ${checkpoint.size} but the ledger holds only ${jws.length} entries: entries are missing` };
  const root = rootOfEntries(jws, checkpoint.size);
  if (toBase64(root) !== toBase64(checkpoint.root)) {
    return { ok: false, reason: `the first ${checkpoint.size} entries have root ${toBase64(root)}, ${what} says ${toBase64(checkpoint.root)}: the log was rewritten` };
  }
  return { ok: true, checkpoint };
}

/** An entry's inclusion in a checkpoint. */
export function entryIncluded(jws: string, index: number, proof: readonly Hash[], checkpoint: Checkpoint): LogCheck {
  try {
    verifyInclusion(index, checkpoint.size, ledgerLeafHash(jws), proof, checkpoint.root);
    return { ok: true, checkpoint };
  } catch (error) {
    return { ok: false, reason: `entry ${index + 1} is not in the checkpoint of size ${checkpoint.size}: ${(error as Error).message}` };
  }
}

/** From an older checkpoint to a newer one of the same log: not shrunk, not forked, consistent by `proof`. */
export function checkpointFollows(older: Checkpoint, newer: Checkpoint, proof: readonly Hash[]): LogCheck {
  if (older.origin !== newer.origin) return { ok: false, reason: `the checkpoints are of two logs: ${older.origin} and ${newer.origin}` };
  if (newer.size < older.size) return { ok: false, reason: `the log shrank: size ${newer.size} after ${older.size}` };
  if (newer.size === older.size) {
    return toBase64(newer.root) === toBase64(older.root) ? { ok: true, checkpoint: newer } : { ok: false, reason: `the log forked: two roots for size ${older.size}` };
  }
  try {
    verifyConsistency(older.size, newer.size, proof, older.root, newer.root);
    return { ok: true, checkpoint: newer };
  } catch (error) {
    return { ok: false, reason: `the log forked: size ${newer.size} is not an extension of size ${older.size} (${(error as Error).message})` };
  }
}
