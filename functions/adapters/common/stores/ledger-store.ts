/**
 * The LedgerStore port's rules, once for every backend.
 *
 * Checked before anything is written (ValidationError, nothing written):
 * - `seq` is an integer of at least 1: the chain starts at 1 (the writer's genesis entry);
 * - evidence comes with the entry that names it, and only then: `evidence.sha256` is
 *   the entry's `evidenceSha256`, and it is the SHA-256 (base64url) of `evidence.json`,
 *   so that the document stored is the one the signed entry commits to;
 * - `range` takes a non-negative integer seq and a positive integer limit.
 *
 * Checked by the backend, atomically with the write (ConflictError, nothing written),
 * because only the write itself can see them without a race:
 * - no entry at `seq` (no fork) and none for `key` (one entry per key);
 * - the entry `previousSeq` exists, when the base names one (seq 1 has none): with a
 *   chain that starts at 1 and never has gaps, that is exactly "seq is head's + 1";
 * - the tree record of the leaf before (seq - 1), when the base names one: the Merkle
 *   tree grows with the entries and never has a gap (see ledger-tree.ts);
 * - evidence is content-addressed: under its hash there is nothing yet, or the very same
 *   text (two entries may share evidence). A different text under a stored hash is a
 *   conflict, never silently kept or overwritten. (With the hash checked above, it can
 *   only come from a SHA-256 collision or a document written around this layer.)
 * A backend reports a failed condition with `ledgerConflict`, naming which one when it
 * can tell. The ledger is append-only: no backend offers an update or a delete.
 *
 * An append may carry a monitor change (./monitor-change.ts): the backend writes it in
 * the same transaction, on its own condition, and reports that condition failing with
 * `monitorChanged` (MonitorChangedError), whatever else failed with it: a newer seq
 * would not make that change land.
 */
import { ConflictError, ValidationError, type FieldIssue } from '../../../core/errors.ts';
import { sha256Base64url } from '../../../core/ledger/hash.ts';
import type { LedgerRecord, LedgerStore } from '../../../ports/ledger-store.ts';
import { checkLimit } from '../paging.ts';
import { nonNegativeInteger } from './checks.ts';
import { monitorWriteOf, type MonitorWrite } from './monitor-change.ts';
import { recordForAppend, type TreeBackend } from './ledger-tree.ts';

/** The first seq of every ledger. */
export const FIRST_SEQ = 1;

export interface Evidence {
  readonly sha256: string;
  readonly json: string;
}

/** One append as the backend must carry it out: all of it or nothing. */
export interface LedgerAppend {
  readonly record: LedgerRecord;
  /** The entry that must exist already (seq - 1), or null for the first entry. */
  readonly previousSeq: number | null;
  readonly evidence: Evidence | null;
  /** A monitor write that commits with the entry, on its own condition, or null. */
  readonly monitor: MonitorWrite | null;
  /** The Merkle tree record of the entry's leaf (seq - 1), written with it (core/tlog/nodes.ts). */
  readonly treeRecord: Uint8Array;
}

/** The conditions of an append, as a backend names the ones that failed. */
export type LedgerCondition = 'seqIsFree' | 'keyIsFree' | 'evidenceIsNewOrSame' | 'previousExists' | 'previousInTree';

export interface LedgerBackend extends TreeBackend {
  head(): Promise<LedgerRecord | null>;
  /** Writes entry and evidence atomically, on every condition of the append; `ledgerConflict` otherwise. */
  appendIfFree(append: LedgerAppend): Promise<void>;
  byKey(key: string): Promise<LedgerRecord | null>;
  /** The evidence text stored under `sha256`, or null. */
  evidence(sha256: string): Promise<string | null>;
}

function conditionText(condition: LedgerCondition, { record, evidence }: LedgerAppend): string {
  switch (condition) {
    case 'seqIsFree':
      return `entry ${record.seq} exists already`;
    case 'keyIsFree':
      return `key ${record.key} has an entry already`;
    case 'evidenceIsNewOrSame':
      return `other evidence is stored under ${evidence?.sha256 ?? record.evidenceSha256}`;
    case 'previousExists':
      return `entry ${record.seq} would leave a gap (entry ${record.seq - 1} does not exist)`;
    case 'previousInTree':
      return `entry ${record.seq - 1} has no tree record yet`;
  }
}

/** The ConflictError of an append whose `failed` conditions did not hold (none named: a concurrent writer got in the way). */
export function ledgerConflict(append: LedgerAppend, failed: readonly LedgerCondition[], cause?: unknown): ConflictError {
  const detail = failed.length > 0 ? failed.map((condition) => conditionText(condition, append)).join(', ') : 'another transaction was writing the same items';
  return new ConflictError(`ledger entry ${append.record.seq} (${append.record.key}) not appended: ${detail}`, { cause });
}

function checkAppend(record: LedgerRecord, evidence: Evidence | undefined): void {
  const issues: FieldIssue[] = [];
  if (!Number.isSafeInteger(record.seq) || record.seq < FIRST_SEQ) issues.push({ path: 'seq', message: `must be an integer of at least ${FIRST_SEQ}` });
  const named = record.evidenceSha256 ?? null;
  if (evidence === undefined) {
    if (named !== null) issues.push({ path: 'evidence', message: 'must be stored with the entry that names it' });
  } else {
    if (evidence.sha256 !== named) issues.push({ path: 'evidenceSha256', message: 'must be the SHA-256 of the evidence stored with the entry' });
    if (typeof evidence.json !== 'string' || sha256Base64url(evidence.json) !== evidence.sha256) {
      issues.push({ path: 'evidence.sha256', message: 'must be the SHA-256 (base64url) of the evidence document' });
    }
  }
  if (issues.length > 0) throw new ValidationError(issues);
}

export function createLedgerStore(backend: LedgerBackend): LedgerStore {
  return {
    head: () => backend.head(),
    append: async (record, evidence, monitorChange) => {
      checkAppend(record, evidence);
      const monitor = monitorChange === undefined ? null : monitorWriteOf(monitorChange);
      const previousSeq = record.seq > FIRST_SEQ ? record.seq - 1 : null;
      const treeRecord = await recordForAppend(backend, record);
      if (treeRecord === null) throw ledgerConflict({ record, previousSeq, evidence: evidence ?? null, monitor, treeRecord: new Uint8Array() }, ['previousExists']);
      await backend.appendIfFree({ record, previousSeq, evidence: evidence ?? null, monitor, treeRecord });
    },
    byKey: (key) => backend.byKey(key),
    range: async (afterSeq, limit) => backend.readRange(nonNegativeInteger(afterSeq, 'afterSeq'), checkLimit(limit, Number.MAX_SAFE_INTEGER)),
    evidence: (sha256) => backend.evidence(sha256),
  };
}
