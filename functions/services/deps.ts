/** What the service functions need: ports only, plugged in by a composition root (Lambda or local). */
import type { AlertLog, Clock, IdGenerator, IncidentStore, JobQueue, MonitorStore, Notifier, CheckRunner, ResultStore, StateStore, VerifyQueue } from '../ports/index.ts';
import type { LocationNetworks } from '../core/locations.ts';
import type { LedgerWriter } from './ledger.ts';
import type { KeepResults } from './results.ts';

export interface ServiceDeps {
  readonly monitors: MonitorStore;
  readonly results: ResultStore;
  readonly states: StateStore;
  readonly incidents: IncidentStore;
  readonly alertLog: AlertLog;
  readonly ledgerWriter: LedgerWriter;
  readonly jobs: JobQueue;
  readonly verify: VerifyQueue;
  readonly notifier: Notifier;
  readonly checkRunner: CheckRunner;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** The configured probe regions, in order; a monitor with no regions of its own is probed from all of them. */
  readonly regions: readonly string[];
  /** Which locations share a network (core/locations.ts): the local mode's logical regions do. Unnamed locations are each their own. */
  readonly networks?: LocationNetworks | undefined;
  /** Which raw results are stored (rollups count every check either way); see results.ts. @default 'all' */
  readonly keepResults?: KeepResults | undefined;
}

/** What applying a state-machine input (and its effects) needs. */
export type TransitionDeps = Pick<
  ServiceDeps,
  'states' | 'results' | 'incidents' | 'alertLog' | 'ledgerWriter' | 'verify' | 'notifier' | 'clock' | 'regions' | 'networks'
>;
