import type { ChannelStore } from './channel-store.ts';
import type { DeliveryLog } from './delivery-log.ts';
import type { DocumentStore } from './document-store.ts';
import type { IncidentStore } from './incident-store.ts';
import type { LedgerStore } from './ledger-store.ts';
import type { LogStore } from './log-store.ts';
import type { MonitorStore } from './monitor-store.ts';
import type { ResultStore } from './result-store.ts';
import type { AlertLog, StateStore } from './state-store.ts';

/** Every store port at once: what a store adapter (SQLite, DynamoDB) provides, and what the store contract suite tests. */
export interface Stores {
  readonly monitors: MonitorStore;
  readonly results: ResultStore;
  readonly states: StateStore;
  readonly incidents: IncidentStore;
  readonly ledger: LedgerStore;
  /** The ledger as a transparency log: tree, checkpoints, origin. */
  readonly log: LogStore;
  readonly alertLog: AlertLog;
  readonly channels: ChannelStore;
  readonly deliveries: DeliveryLog;
  /** Status pages, announced maintenance, status-page subscribers. */
  readonly documents: DocumentStore;
}
