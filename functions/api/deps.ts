/** What the API handler needs, injected by the composition root (the local runtime or the Lambda handler) through apiDepsOf (deps-of.ts). */
import type { Monitor } from '../core/monitor.ts';
import type { Clock, IdGenerator } from '../ports/clock.ts';
import type { ChannelSender } from '../ports/channel-sender.ts';
import type { ChannelStore } from '../ports/channel-store.ts';
import type { DeliveryLog } from '../ports/delivery-log.ts';
import type { DocumentStore } from '../ports/document-store.ts';
import type { IncidentStore } from '../ports/incident-store.ts';
import type { MetricsSource } from '../ports/metrics.ts';
import type { LedgerStore } from '../ports/ledger-store.ts';
import type { LogStore } from '../ports/log-store.ts';
import type { NoteKeyDescription } from '../core/tlog/keys.ts';
import type { MonitorStore } from '../ports/monitor-store.ts';
import type { ResultStore, StoredResult } from '../ports/result-store.ts';
import type { Signer } from '../ports/signer.ts';
import type { StateStore } from '../ports/state-store.ts';
import type { AssetSource } from '../ports/assets.ts';
import type { LedgerWriter } from '../ports/ledger-writer.ts';
import type { MonitorLifecycle } from '../services/monitor-lifecycle.ts';
import type { AgentResultDeps } from '../services/agent-results.ts';
import type { Authorize } from './auth.ts';

/** Where the API reports an error it could not answer other than with a 500. */
export interface ApiLogger {
  error(message: string, fields?: Readonly<Record<string, unknown>>): void;
}

export interface ApiDeps {
  readonly monitors: MonitorStore;
  readonly results: ResultStore;
  readonly states: StateStore;
  readonly incidents: IncidentStore;
  readonly ledger: LedgerStore;
  readonly channels: ChannelStore;
  readonly deliveries: DeliveryLog;
  /** Sends `POST /v1/channels/{name}/test`. */
  readonly channelSender: ChannelSender;
  /** What GET /metrics serves (the local runtime); absent in AWS, where CloudWatch has the figures. */
  readonly metrics?: MetricsSource;
  /** Admits a separate read-only token to GET /metrics (besides the admin token). */
  readonly metricsAuthorize?: Authorize;
  /** This CrossCheck's public base URL, for links in messages; null or absent leaves them out. */
  readonly publicUrl?: string | null;
  /** The ledger as a transparency log: tree, checkpoints (the public /ledger/... routes and the proofs). */
  readonly log: LogStore;
  /** The log's note keys (ECDSA with the ledger key, Ed25519 when there is one), for /ledger/vkeys. */
  readonly noteKeys: () => Promise<readonly NoteKeyDescription[]>;
  /** Status pages, announced maintenance, incidents declared by hand, subscribers. */
  readonly documents: DocumentStore;
  /** Every monitor create/replace/patch/delete becomes a ledger entry through it. */
  readonly ledgerWriter: LedgerWriter;
  /** Pausing, resuming and deleting a monitor stop or restart its state (services/monitor-lifecycle.ts). */
  readonly lifecycle: MonitorLifecycle;
  /**
   * Checks `monitor` now from each of its regions (all configured ones when it names
   * none) and stores the results: services' runCheckNow, as apiDepsOf (deps-of.ts) wires it.
   */
  readonly runCheckNow: (monitor: Monitor) => Promise<readonly StoredResult[]>;
  readonly signer: Pick<Signer, 'publicJwk'>;
  /** Signs SLA statements with the ledger key (the key file locally; the recorder in AWS). Absent: /v1/monitors/{id}/sla answers 404. */
  readonly statementSigner?: Pick<Signer, 'sign'> | undefined;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The configured probe regions, in order. */
  readonly regions: readonly string[];
  /** Whether a request may use the (auth) routes: `bearerTokenAuth(token)` locally, `iamAuth()` behind API Gateway. */
  readonly authorize: Authorize;
  readonly assets: AssetSource;
  readonly logger: ApiLogger;
  /** Probe agents (enrolment, their jobs and signed results); without it the agent routes answer 501. */
  readonly agentHub?: AgentResultDeps | undefined;
  /** Shown in the OpenAPI document's info.version. @default '1' */
  readonly version?: string;
}
