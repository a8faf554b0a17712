/**
 * The embedded adapters of the local mode. `openLocalStores` opens one SQLite database
 * (a file in the data folder, or ':memory:') behind every store port.
 */
import { join } from 'node:path';
import type { Stores } from '../../ports/stores.ts';
import { retentionDaysOf } from '../common/stores/retention.ts';
import type { AgentStore } from '../../ports/agent-store.ts';
import { createSqliteAgentStore } from './sqlite/agents.ts';
import { createSqliteAlertLog } from './sqlite/alert-log.ts';
import { createSqliteChannelStore } from './sqlite/channels.ts';
import { createSqliteDeliveryLog } from './sqlite/deliveries.ts';
import { createSqliteDocumentStore } from './sqlite/documents.ts';
import { openDatabase } from './sqlite/database.ts';
import { createSqliteIncidentStore } from './sqlite/incidents.ts';
import { createSqliteLedgerStore } from './sqlite/ledger.ts';
import { createSqliteLogStore } from './sqlite/log.ts';
import { createSqliteMonitorStore } from './sqlite/monitors.ts';
import { createSqliteResultStore } from './sqlite/results.ts';
import { createSqliteStateStore, sweepExpiredStates } from './sqlite/states.ts';
import { createSqliteVerificationJournal } from './sqlite/verification-requests.ts';
import type { VerificationRequestJournal } from './queues/durable-verify-queues.ts';

export { DEFAULT_RETENTION_DAYS } from '../common/stores/retention.ts';
const DAY_MS = 86_400_000;

export interface LocalStoreOptions {
  /** A database file path, or ':memory:'. See `localDatabasePath`. */
  readonly path: string;
  /** Raw results older than this many days go in `sweep`. @default 90 */
  readonly retentionDays?: number;
}

export interface LocalStores extends Stores {
  /** Closes the database; the stores are unusable afterwards. */
  close(): void;
  /** Verification requests sent and not yet handled, for the durable verify queues. */
  readonly verificationRequests: VerificationRequestJournal;
  /** Probe agents and their signed results. */
  readonly agents: AgentStore;
  /**
   * Retention: deletes raw results older than `retentionDays` before `now` (epoch ms),
   * and the stopped states of monitors deleted over a week ago; rollups, incidents,
   * anomalies and the ledger stay. Returns how many rows went.
   */
  sweep(now: number): Promise<number>;
}

/** Where the local mode keeps its database inside a data folder. */
export function localDatabasePath(dataDir: string): string {
  return join(dataDir, 'crosscheck.db');
}

export function openLocalStores(options: LocalStoreOptions): LocalStores {
  const retentionDays = retentionDaysOf(options.retentionDays);
  const db = openDatabase(options.path);
  const results = createSqliteResultStore(db);
  return {
    monitors: createSqliteMonitorStore(db),
    results,
    states: createSqliteStateStore(db),
    incidents: createSqliteIncidentStore(db),
    ledger: createSqliteLedgerStore(db),
    log: createSqliteLogStore(db),
    alertLog: createSqliteAlertLog(db),
    channels: createSqliteChannelStore(db),
    deliveries: createSqliteDeliveryLog(db),
    documents: createSqliteDocumentStore(db),
    verificationRequests: createSqliteVerificationJournal(db),
    agents: createSqliteAgentStore(db),
    close: () => {
      if (db.isOpen) db.close();
    },
    sweep: async (now) => (await results.deleteResultsBefore(now - retentionDays * DAY_MS)) + (await sweepExpiredStates(db, now)),
  };
}

export { InProcessQueue, type InProcessQueueOptions, type QueueStats } from './queues/in-process-queue.ts';
export { createLocalJobQueue, createLocalVerifyQueue, type LocalVerifyQueueOptions, type QueuesByRegion } from './queues/region-queues.ts';
export {
  createDurableVerifyQueues,
  type DurableVerifyQueues,
  type JournaledRequest,
  type Redelivery,
  type VerificationRequestJournal,
} from './queues/durable-verify-queues.ts';
export { createOutboxNotifier, outboxBasename, type OutboxOptions } from './notifiers/outbox.ts';
export { renderEmail, type EmailOptions } from '../common/notifiers/email.ts';
export {
  createWebhookNotifier,
  webhookSignature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  type FlushableNotifier,
  type NotifierLogger,
  type WebhookNotifierOptions,
} from '../common/notifiers/webhook.ts';
export { combineNotifiers } from '../common/notifiers/combine.ts';
export { AgentMailbox, type AgentMailboxOptions, type AgentMailboxStats } from './queues/agent-mailbox.ts';
