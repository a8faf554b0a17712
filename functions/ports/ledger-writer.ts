/** Appends the next signed, hash-chained ledger entry for an event: the services' view of the ledger. */
import type { LedgerEntryType } from '../core/ledger/index.ts';
import type { LedgerRecord, MonitorChange } from './ledger-store.ts';

export interface LedgerAppend {
  readonly type: LedgerEntryType;
  /** One entry per key, e.g. `incident.opened:<incidentId>`; appending a key again returns the first entry. */
  readonly key: string;
  /** Payload fields after `{seq, prev, type, time}`; may not set those nor `evidence`. */
  readonly body: Record<string, unknown>;
  /** Full detail stored beside the entry as canonical JSON; the payload carries its SHA-256 as `evidence`. */
  readonly evidence?: unknown;
  /**
   * A monitor definition change stored in the same atomic step as the entry (see
   * MonitorChange). When its condition fails, append rejects with MonitorChangedError
   * and writes nothing; when the key has an entry already, the change went in with it
   * and nothing is written again.
   */
  readonly monitorChange?: MonitorChange;
}

export interface LedgerWriter {
  append(input: LedgerAppend): Promise<LedgerRecord>;
}
