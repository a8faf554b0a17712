/** Where signed ledger entries live. Append-only: there is no delete and no update. */
import type { Monitor } from '../core/monitor.ts';

/**
 * A monitor definition change that commits with its ledger entry in one atomic step, or
 * not at all: the ledger's order of `monitor.*` entries is then the order in which the
 * definitions were stored, and no entry stays behind for a write that failed.
 * `expected` is the monitor as the change was made from (read from the MonitorStore,
 * unchanged): the change lands only while the stored monitor is still exactly that one.
 */
export type MonitorChange =
  | { readonly op: 'create'; readonly monitor: Monitor }
  | { readonly op: 'replace'; readonly monitor: Monitor; readonly expected: Monitor }
  | { readonly op: 'delete'; readonly expected: Monitor };

export interface LedgerRecord {
  readonly seq: number;
  /** The compact JWS. */
  readonly jws: string;
  /** The entry type, copied out of the payload for queries. */
  readonly type: string;
  /** Idempotency key of the event (e.g. `incident.opened:<id>`): one entry per key. */
  readonly key: string;
  /** RFC 3339, copied out of the payload. */
  readonly time: string;
  /** SHA-256 (base64url) of the evidence document stored beside the entry, if any. */
  readonly evidenceSha256: string | null;
}

export interface LedgerStore {
  head(): Promise<LedgerRecord | null>;
  /**
   * Appends with the condition that neither `seq` nor `key` exists yet (no forks, no
   * duplicates) and that `seq` is head's seq + 1, the first entry being seq 1 (no gaps);
   * ConflictError otherwise, and nothing is written. The evidence document,
   * when given, is stored in the same atomic step.
   *
   * ValidationError, and nothing is written, when `seq` is not an integer >= 1, or the
   * evidence and the entry disagree: evidence must come exactly when the entry names
   * it, under the entry's `evidenceSha256`, which must be the SHA-256 (base64url) of
   * `evidence.json`. Evidence is addressed by that hash: storing the same document
   * again is fine (entries may share it); a different document under a hash already
   * stored is refused, never silently kept or overwritten (it fails the SHA-256 check,
   * and a store also refuses it atomically, with ConflictError).
   *
   * A `monitorChange` is written in the same atomic step. When its condition fails (on
   * create the id exists; otherwise the stored monitor is not `expected`, or is gone)
   * nothing is written and the error is MonitorChangedError, never the seq's ConflictError.
   */
  append(record: LedgerRecord, evidence?: { readonly sha256: string; readonly json: string }, monitorChange?: MonitorChange): Promise<void>;
  byKey(key: string): Promise<LedgerRecord | null>;
  /** Entries with seq > afterSeq (a non-negative integer), ascending, at most `limit` (a positive integer). */
  range(afterSeq: number, limit: number): Promise<readonly LedgerRecord[]>;
  /** The evidence document (JSON text) with that SHA-256, or null. */
  evidence(sha256: string): Promise<string | null>;
}
